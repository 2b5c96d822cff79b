#!/bin/bash
# vm_lab4.sh - links to VMs for real, in lab4's shape: two VMs on one
# bridge and two containers on another, both bridges in one hypervisor
# that routes between them, and pings across every pair.
#   "connect IF vm NAME ..." from the hypervisor makes a TAP there (in
#   its bridge: master) and hot-plugs a virtio-net NIC into the running
#   guest over QMP, renamed to the peer name with the peer address;
#   the VMs' routes go in by exec (the guest's own ip); a second replay
#   changes nothing (the TAP of the lab is the link made before); a
#   connect to a VM that is not running fails and leaves no TAP; clear
#   lab leaves no qemu, TAP, runtime file, namespace or container.
# Two tcg boots; the boot bound is raised to 180 s for this loaded
# machine (OVTSH_VM_BOOT_TIMEOUT).
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
. ./docker_lib.bash
docker_need
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "qemu-system-x86_64 not installed (make deps)"; exit 77; }
P=$$
export OVTSH_LAB=ovl4$P OVTSH_VM_BOOT_TIMEOUT=${OVTSH_VM_BOOT_TIMEOUT:-180}
H=ovl4h$P V1=ovl4v1$P V2=ovl4v2$P C1=ovl4-c1-$P C2=ovl4-c2-$P
run=/run/ovtsh/vms
tmp=$(mktemp -d /tmp/ovl4.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	docker_cleanup
	ip netns del "$H" 2>/dev/null
	for v in "$V1" "$V2"; do
		p=$(cat "$run/$v/qemu.pid" 2>/dev/null)
		[ -n "$p" ] && grep -qa "guest=ovtsh:$OVTSH_LAB:$v" \
			"/proc/$p/cmdline" 2>/dev/null && kill -9 "$p"
		rm -rf "${run:?}/$v"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { net_fail "$@"; }

cat >"$tmp/lab4.script" <<EOF
hypervisor $H
 bridge brvm
 bridge brct
 interface brvm
  ip address 10.41.0.1/24
 exit
 interface brct
  ip address 10.42.0.1/24
 exit
 ip forwarding
exit
vm $V1
 accel tcg
exit
vm $V2
 accel tcg
exit
container $C1
 image labbox
 connect eth1 hypervisor $H bridge brct address 10.42.0.11/24 peer $C1-h
 route default via 10.42.0.1
exit
container $C2
 image labbox
 connect eth1 hypervisor $H bridge brct address 10.42.0.12/24 peer $C2-h
 route default via 10.42.0.1
exit
hypervisor $H
 connect tv1 vm $V1 peer eth1 master brvm peer-address 10.41.0.11/24
 connect tv2 vm $V2 peer eth1 master brvm peer-address 10.41.0.12/24
exit
vm $V1
 exec ip route replace default via 10.41.0.1
exit
vm $V2
 exec ip route replace default via 10.41.0.1
exit
EOF

out=$("$OVTSH" -f "$tmp/lab4.script" 2>&1) || fail "lab4: $out"
for t in tv1 tv2; do
	d=$(ip -n "$H" -d -j link show "$t" | jq -r '.[0] | "\(.linkinfo.info_kind) \(.master) \(.ifalias)"')
	[ "$d" = "tun brvm ovtsh:$OVTSH_LAB" ] || fail "$t in $H: $d"
done
echo "ok: TAPs tv1, tv2 in $H, in brvm, tagged"

# every ordered pair; VMs ping with their own busybox, containers with
# ovtsh's ping
declare -A addr=([$V1]=10.41.0.11 [$V2]=10.41.0.12 [$C1]=10.42.0.11 [$C2]=10.42.0.12)
pairs=0
for s in "$V1" "$V2" "$C1" "$C2"; do
	for d in "$V1" "$V2" "$C1" "$C2"; do
		[ "$s" = "$d" ] && continue
		case $s in
		"$V1"|"$V2")
			out=$("$OVTSH" -c "vm $s" -c "exec ping -c 1 -W 5 ${addr[$d]}" 2>&1) ||
			out=$("$OVTSH" -c "vm $s" -c "exec ping -c 2 -W 5 ${addr[$d]}" 2>&1) ||
				fail "ping $s -> $d: $out" ;;
		*)
			out=$("$OVTSH" -c "ping ${addr[$d]} from container $s count 2" 2>&1) ||
				fail "ping $s -> $d: $out" ;;
		esac
		pairs=$((pairs + 1))
	done
done
echo "ok: pings across all $pairs ordered pairs (VM-VM, VM-container, container-container)"

# the guest sees its NIC under the name the line gave, with its address
out=$("$OVTSH" -c "vm $V1" -c "exec ip -o addr show dev eth1" 2>&1) ||
	fail "exec ip addr: $out"
grep -q "inet 10.41.0.11/24" <<<"$out" || fail "guest eth1: $out"
echo "ok: guest NIC renamed eth1 with 10.41.0.11/24"

# replay: nothing changes (no second NIC, no error)
pre=$("$OVTSH" -c "vm $V1" -c "exec ls /sys/class/net" 2>&1)
out=$("$OVTSH" -f "$tmp/lab4.script" 2>&1) || fail "replay: $out"
post=$("$OVTSH" -c "vm $V1" -c "exec ls /sys/class/net" 2>&1)
[ "$pre" = "$post" ] || fail "replay changed the guest's NICs: $pre / $post"
echo "ok: replay changes nothing"

# a connect to a VM that is not running: one error, no TAP left
p=$(cat "$run/$V2/qemu.pid")
kill -9 "$p"
for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
out=$("$OVTSH" -c "hypervisor $H" -c "connect tv3 vm $V2 peer eth2" 2>&1) &&
	fail "connect to a stopped VM passed: $out"
grep -q "vm '$V2'" <<<"$out" || fail "connect to a stopped VM: $out"
ip -n "$H" link show tv3 >/dev/null 2>&1 && fail "a TAP tv3 was left"
ip -n "$H" link show tv2 >/dev/null 2>&1 && fail "tv2 outlived its qemu"
echo "ok: connect to a stopped VM: $(tail -n 1 <<<"$out")"

"$OVTSH" -c 'clear lab' >/dev/null || fail "clear lab"
[ -e "/run/netns/$H" ] && fail "clear lab left $H"
for v in "$V1" "$V2"; do
	[ -e "$run/$v" ] && fail "clear lab left $run/$v"
	pgrep -f "guest=ovtsh:$OVTSH_LAB:$v( |$)" >/dev/null &&
		fail "clear lab left a qemu of $v"
done
[ -z "$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB")" ] ||
	fail "clear lab left containers"
echo "ok: clear lab: no qemu, TAP, runtime file, namespace or container"
