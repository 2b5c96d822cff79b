#!/bin/bash
# vm_lab4.sh - labs/lab4.script for real (under names of this run): two
# VMs on one bridge and two containers on another, both bridges in one
# hypervisor that routes between them; iperf3 VM to VM and container to
# container with the server traced (ptrace and ebpf), side by side in
# "show trace iperf"; pings across every pair.
#   "connect IF NODE ..." in vm mode makes a TAP in the node (in its
#   bridge) and hot-plugs a virtio-net NIC into the running guest over
#   QMP, renamed to IF with its address; the VMs' routes are made by the
#   guest's own ovtsh (vm mode forwards them); a second replay
#   changes nothing (the TAP of the lab is the link made before); a
#   connect to a VM that is not running fails and leaves no TAP; clear
#   lab leaves no qemu, TAP, runtime file, namespace or container.
# Two tcg boots; the boot bound is raised to 180 s for this loaded
# machine (OVTSH_VM_BOOT_TIMEOUT).
set -u
. "$(dirname "$0")/lib/vm.sh"
cd "$(dirname "$0")"
. ./net_lib.sh
. ./docker_lib.bash
docker_need
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "qemu-system-x86_64 not installed (make deps)"; exit 77; }
P=$$
export OVTSH_LAB=ovl4$P OVTSH_VM_BOOT_TIMEOUT=${OVTSH_VM_BOOT_TIMEOUT:-180}
H=o4${P}h V1=o4${P}v1 V2=o4${P}v2 C1=o4${P}c1 C2=o4${P}c2
run=/run/ovtsh/vms
tmp=$(mktemp -d /tmp/ovl4.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	docker_cleanup
	ip netns del "$H" 2>/dev/null
	vm_leftovers "$V1" "$V2"
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { net_fail "$@"; }

# labs/lab4.script under names of this run ("l4..." -> "o4$P...")
sed "s/\<l4\([hvc]\)/o4$P\1/g" ../../labs/lab4.script >"$tmp/lab4.script"
grep -q "l4" "$tmp/lab4.script" && fail "names left unrenamed"
out=$("$OVTSH" -f "$tmp/lab4.script" 2>&1) || fail "lab4: $out"
echo "$out" | tail -n 8
grep -q "estimated from reads" <<<"$out" || fail "no traced run"
# the side-by-side table: VM and container pairs, ptrace and ebpf, each
# with its read calls; under ptrace the containers carry more and a read
# costs less than in the VMs (tcg makes the gap wide, not subtle)
python3 - "$out" "$V1" "$V2" "$C1" "$C2" <<'PY' || fail "show trace iperf table"
import re, sys
out, v1, v2, c1, c2 = sys.argv[1:]
U = {"Gbit/s": 1e9, "Mbit/s": 1e6, "Kbit/s": 1e3, "bit/s": 1}
rows = {}
for l in out.splitlines():
    w = l.split()
    if len(w) == 17 and w[0].isdigit() and w[3] == "->":
        rows[(w[1], w[2], w[4], w[5], w[6])] = dict(
            bps=float(w[8]) * U[w[9]], calls=int(w[10]), us=float(w[11]))
print(rows)
want = [("vm", v1, "vm", v2), ("container", c1, "container", c2)]
for m in ("ptrace", "ebpf"):
    for k in want:
        r = rows.get(k + (m,))
        if not r or r["calls"] <= 0 or r["bps"] <= 0:
            sys.exit("no row %s %s" % (k, m))
vm, ct = rows[want[0] + ("ptrace",)], rows[want[1] + ("ptrace",)]
sys.exit(0 if ct["bps"] > vm["bps"] and vm["us"] > ct["us"] else 1)
PY
for t in "$V1-h" "$V2-h"; do
	d=$(ip -n "$H" -d -j link show "$t" | jq -r '.[0] | "\(.linkinfo.info_kind) \(.master) \(.ifalias)"')
	[ "$d" = "tun brvm ovtsh:$OVTSH_LAB" ] || fail "$t in $H: $d"
done
echo "ok: labs/lab4.script: TAPs $V1-h, $V2-h in $H, in brvm, tagged; traced iperf3 VM to VM and container to container, side by side"

out=$("$OVTSH" -c "show vms" 2>&1) || fail "show vms: $out"
echo "$out"
grep -Eq "^$V1 +running .* eth1 \(hypervisor $H $V1-h\)\$" <<<"$out" ||
	fail "show vms: no eth1 of $V1 to $H"
j=$("$OVTSH" -c "show vms json" 2>&1)
[ "$(jq -r ".vms[] | select(.name == \"$V2\") | .interfaces[0] | \"\(.name) \(.peer_kind) \(.peer_node) \(.peer_ifname)\"" <<<"$j")" = "eth1 hypervisor $H $V2-h" ] ||
	fail "show vms json interfaces: $j"
echo "ok: show vms lists each VM's link (text and JSON)"

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
grep -Eq "^0 changed, [0-9]+ unchanged, 0 removed, 0 failed$" <<<"$out" ||
	fail "replay recap: $(grep -E ' changed, ' <<<"$out")"
echo "ok: replay changes nothing ($(grep -E '^0 changed, ' <<<"$out"))"

# the host TAP removed behind ovtsh's back: the link is dead; its line
# again makes it anew (the old NIC unplugged from the guest first)
ip -n "$H" link del "$V1-h" || fail "cannot remove $V1-h"
out=$("$OVTSH" -c "ping 10.41.0.11 from container $C1 count 1" 2>&1) &&
	fail "ping over a removed TAP passed: $out"
out=$("$OVTSH" -c "vm $V1" -c "connect eth1 hypervisor $H peer $V1-h bridge brvm address 10.41.0.11/24" \
	-c "route default via 10.41.0.1" 2>&1) || fail "connect again: $out"
out=$("$OVTSH" -c "ping 10.41.0.11 from container $C1 count 2" 2>&1) ||
	fail "no ping after the connect again: $out"
n=$("$OVTSH" -c "vm $V1" -c "exec ls /sys/class/net" 2>&1 | grep -c '^eth')
[ "$n" = 1 ] || fail "the guest has $n eth NICs, not 1"
[ "$("$OVTSH" -c "show vms json" | jq ".vms[] | select(.name == \"$V1\") | .interfaces | length")" = 1 ] ||
	fail "show vms: not one link for $V1"
echo "ok: TAP removed behind ovtsh's back: its connect again makes the link anew"

# a connect to a VM that is not running: one error, no TAP left
p=$(cat "$run/$V2/qemu.pid")
kill -9 "$p"
for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
out=$("$OVTSH" -c "hypervisor $H" -c "connect tv3 vm $V2 peer eth2" 2>&1) &&
	fail "connect to a stopped VM passed: $out"
grep -q "vm '$V2'" <<<"$out" || fail "connect to a stopped VM: $out"
ip -n "$H" link show tv3 >/dev/null 2>&1 && fail "a TAP tv3 was left"
ip -n "$H" link show "$V2-h" >/dev/null 2>&1 && fail "$V2-h outlived its qemu"
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
