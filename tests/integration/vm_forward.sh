#!/bin/bash
# vm_forward.sh - the commands of vm mode run in the guest, by the
# guest's own ovtsh against the guest's kernel: bridge, interface blocks
# (address, mtu), ip forwarding, routes, show interfaces, capture, trace
# exec; checked from inside the guest with its own ip, and by a ping from
# a hypervisor over a link to the VM.  Errors come back as the line's own, with
# FILE:LINE:COL in a replay; a second replay changes nothing.
# One tcg boot (boot bound OVTSH_VM_BOOT_TIMEOUT=180 s on this loaded
# machine).
set -u
. "$(dirname "$0")/lib/vm.sh"
cd "$(dirname "$0")"
. ./net_lib.sh
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "qemu-system-x86_64 not installed (make deps)"; exit 77; }
P=$$
export OVTSH_LAB=ovfw$P OVTSH_VM_BOOT_TIMEOUT=${OVTSH_VM_BOOT_TIMEOUT:-180}
H=ovfwh$P V=ovfwv$P
run=/run/ovtsh/vms
tmp=$(mktemp -d /tmp/ovfw.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	ip netns del "$H" 2>/dev/null
	vm_leftovers "$V"
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { net_fail "$@"; }
guest() { "$OVTSH" -c "vm $V" -c "exec $*" 2>&1; }

cat >"$tmp/fw.ovt" <<EOF
vm $V
 accel tcg
exit
hypervisor $H
 connect tv vm $V peer eth1 address 10.61.0.1/24
exit
vm $V
 bridge br7
 interface eth1
  ip address 10.61.0.2/24
  mtu 1400
 exit
 interface br7
  ip address 10.63.0.1/24
 exit
 ip forwarding
 route 10.62.0.0/16 via 10.61.0.1
exit
EOF
out=$("$OVTSH" -f "$tmp/fw.ovt" 2>&1) || fail "replay: $out"

state() {
	guest ip -o addr show dev eth1 | grep -o 'inet [0-9./]*'
	guest ip -o link show eth1 | grep -o 'mtu [0-9]*'
	guest ip -o addr show dev br7 | grep -o 'inet [0-9./]*'
	guest cat /proc/sys/net/ipv4/ip_forward
	guest ip route | grep 10.62
}
state >"$tmp/s1"
cat "$tmp/s1"
for want in "inet 10.61.0.2/24" "mtu 1400" "inet 10.63.0.1/24" "^1\$" \
	    "10.62.0.0/16 via 10.61.0.1 dev eth1"; do
	grep -q "$want" "$tmp/s1" || fail "the guest lacks '$want'"
done
ip netns exec "$H" ping -c 1 -W 5 10.61.0.2 >/dev/null ||
	ip netns exec "$H" ping -c 2 -W 5 10.61.0.2 >/dev/null ||
	fail "no ping from $H to the guest's 10.61.0.2"
echo "ok: bridge, interface blocks, ip forwarding, route made in the guest; ping $H -> 10.61.0.2"

out=$("$OVTSH" -c "vm $V" -c "show interfaces" 2>&1) || fail "show: $out"
grep -Eq "^eth1 .* 1400 .*10.61.0.2/24" <<<"$out" || fail "show interfaces in vm mode: $out"
[ "$(uname -r)" != "$(guest uname -r)" ] || fail "host and guest kernels are the same"
echo "ok: show interfaces in vm mode is the guest's"

# capture and trace exec in vm mode: the guest's ovtsh captures on the
# guest's eth1 and traces a program of the guest
(sleep 2; ip netns exec "$H" ping -c 4 -i 0.3 10.61.0.2 >/dev/null) &
out=$("$OVTSH" -c "vm $V" -c "capture interface eth1 count 2 filter icmp" 2>&1) ||
	fail "capture in the guest: $out"
wait
grep -q "IP 10.61.0.1 > 10.61.0.2: ICMP echo request" <<<"$out" ||
	fail "capture in the guest: no echo request: $out"
out=$("$OVTSH" -c "vm $V" -c "trace exec ping -c 1 10.61.0.1" 2>&1) ||
	fail "trace exec in the guest: $out"
grep -q "sendto" <<<"$out" && grep -q "exit status 0" <<<"$out" ||
	fail "trace exec in the guest: $out"
echo "ok: capture and trace exec in vm mode run in the guest"

# errors: the guest's, as this line's, FILE:LINE:COL
cat >"$tmp/bad.ovt" <<EOF
vm $V
 interface eth1
  ip address 10.61.0.3/33
EOF
out=$(cd "$tmp" && "$OVTSH" -f bad.ovt 2>&1) && fail "bad address passed"
grep -q "^bad.ovt:3:14: invalid input: prefix length 33 out of range (0-32)" <<<"$out" ||
	fail "error for /33: $out"
printf 'vm %s\n interface nosuch0\n' "$V" >"$tmp/bad2.ovt"
out=$(cd "$tmp" && "$OVTSH" -f bad2.ovt 2>&1) && fail "missing interface passed"
grep -q "^bad2.ovt:2: no interface nosuch0" <<<"$out" || fail "error for nosuch0: $out"
echo "ok: errors as the line's own: $(head -n 1 <<<"$out")"

out=$("$OVTSH" -f "$tmp/fw.ovt" 2>&1) || fail "second replay: $out"
state >"$tmp/s2"
diff "$tmp/s1" "$tmp/s2" || fail "the second replay changed the guest"
echo "ok: a second replay changes nothing"

# the running-config: the VM's settings, its link, the guest's own
# configuration inside its block; clear lab; the replay rebuilds it
"$OVTSH" -c "write $tmp/rc1" >/dev/null 2>&1 || fail "write rc1"
cat "$tmp/rc1"
for want in "^vm $V\$" "^ accel tcg\$" "^ connect eth1 hypervisor $H peer tv\$" \
	    "^ bridge br7\$" "^ interface eth1\$" "^  ip address 10.61.0.2/24\$" \
	    "^  mtu 1400\$" "^ ip forwarding\$" "^ route 10.62.0.0/16 via 10.61.0.1"; do
	grep -q -- "$want" "$tmp/rc1" || fail "running-config lacks '$want'"
done
"$OVTSH" -c 'clear lab' >/dev/null || fail "clear lab"
[ -e "$run/$V" ] && fail "clear lab left $run/$V"
[ -e "/run/netns/$H" ] && fail "clear lab left $H"
out=$("$OVTSH" -f "$tmp/rc1" 2>&1) || fail "replaying the running-config: $out"
"$OVTSH" -c "write $tmp/rc2" >/dev/null 2>&1 || fail "write rc2"
diff -u "$tmp/rc1" "$tmp/rc2" || fail "the rebuilt lab reads differently"
state >"$tmp/s3"
diff "$tmp/s1" "$tmp/s3" || fail "the rebuilt guest differs"
ip netns exec "$H" ping -c 2 -W 5 10.61.0.2 >/dev/null ||
	fail "no ping to the rebuilt guest"
echo "ok: running-config round trip: settings, link, guest configuration, ping"
