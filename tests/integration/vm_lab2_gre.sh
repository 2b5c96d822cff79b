#!/bin/bash
# vm_lab2_gre.sh - labs/lab2-gre.script for real, under names of this run:
# the reference lab with the leaves lc1 and lc2 as VMs (qemu guests with
# Debian's cloud kernel, which has ip_gre) and the real GRE tunnel
# gretun1 between them carrying the VXLAN overlay.
#   - replay: every expect line passes; each guest has a gre device
#     gretun1 (its own kernel; the host's has no GRE) made from the
#     tunnel block in vm mode; the spine sc1 has no route to the
#     hypervisors' prefixes, so the customers' traffic can only cross
#     inside the tunnel;
#   - a ping from cs5 to 32.0.0.2 passes, and a capture on sc1's
#     interface towards lc2 (capture ... json) reads, layer by layer:
#     IPv4 102.0.0.2 > 101.0.0.2, GRE, IPv4 111.0.0.2 > 110.0.0.2,
#     UDP 4789, VXLAN vni 42, Ethernet, IPv4 32.0.0.5 > 32.0.0.2, ICMP
#     echo request;
#   - a second replay changes nothing: recap "0 changed", the same
#     containers (ids), the same qemu processes, the same running-config;
#   - running-config round trip: write it, clear lab, replay it: the same
#     running-config (the guests' tunnel blocks in their vm blocks) and
#     the ping again;
#   - a top-level tunnel block naming both VMs makes each end in its
#     guest; "no tunnel" in vm mode removes it there;
#   - clear lab leaves no qemu process, TAP, runtime file, namespace or
#     container.
# The lab's fixed names (ns1, lc1, sc1, cs5...) get this run's prefix,
# so it never meets docker_lab2.sh's lab2 or another run.  Two tcg boots:
# the boot and agent bounds are raised for this loaded machine
# (OVTSH_VM_BOOT_TIMEOUT, OVTSH_VM_AGENT_TIMEOUT).
set -u
. "$(dirname "$0")/lib/vm.sh"
cd "$(dirname "$0")"
. ./docker_lib.bash
docker_need
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "qemu-system-x86_64 not installed (make deps)"; exit 77; }
command -v jq >/dev/null || { echo "jq not installed"; exit 77; }
P=g$(($$ % 100000))
export OVTSH_LAB=vg$$ OVTSH_VM_BOOT_TIMEOUT=${OVTSH_VM_BOOT_TIMEOUT:-240}
export OVTSH_VM_AGENT_TIMEOUT=${OVTSH_VM_AGENT_TIMEOUT:-120}
NS1=${P}ns1 NS2=${P}ns2 LC1=${P}lc1 LC2=${P}lc2 SC1=${P}sc1 CS5=${P}cs5
CTS="${P}sc1 ${P}sc2 ${P}cs2 ${P}cs3 ${P}cs5 ${P}cs6"
run=/run/ovtsh/vms
tmp=$(mktemp -d /tmp/vglab2.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	docker_cleanup
	ip netns del "$NS1" 2>/dev/null
	ip netns del "$NS2" 2>/dev/null
	vm_leftovers "$LC1" "$LC2"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# labs/lab2-gre.script under names of this run ("lc1" -> "$P"lc1, ...)
sed "s/\<\(ns[12]\|lc[12]\|sc[12]\|cs[2356]\)\>/$P\1/g" \
	../../labs/lab2-gre.script >"$tmp/lab.script"
grep -Eq '(^| )(ns[12]|lc[12]|sc[12]|cs[2356])( |$)' "$tmp/lab.script" &&
	fail "names left unrenamed"

# -- first replay
ovt -f "$tmp/lab.script"
[ "$rc" -eq 0 ] || fail "replay lab2-gre: $out"
grep -q "^expect: 7 passed, 0 failed$" <<<"$out" ||
	fail "lab2-gre's own checks: $out"
for v in "$LC1" "$LC2"; do
	ovt -c "vm $v" -c "exec ip tunnel show gretun1" \
		-c "exec cat /sys/class/net/gretun1/type"
	[ "$rc" -eq 0 ] || fail "gretun1 in $v: $out"
	case $v in
	"$LC1") want="remote 102.0.0.2  local 101.0.0.2  dev eth1" ;;
	*) want="remote 101.0.0.2  local 102.0.0.2  dev eth1" ;;
	esac
	grep -q "^gretun1: gre/ip  $want" <<<"$out" &&
		grep -qx 778 <<<"$out" ||     # ARPHRD_IPGRE
		fail "gretun1 in $v is not the GRE end it should be: $out"
done
scpid=$(ct_pid "$SC1")
nsenter -t "$scpid" -n ip -4 route >"$tmp/scroutes" || fail "sc1 routes"
grep -Eq '^(110|111)\.0\.0\.0/24' "$tmp/scroutes" &&
	fail "sc1 routes a hypervisor prefix itself: $(cat "$tmp/scroutes")"
ok "lab2-gre built: gretun1 is a gre device in both guests, sc1 knows only the leaves' links"

# -- the ping from cs5 to 32.0.0.2 crosses the tunnel: the capture on
# sc1's link towards lc2, one echo request, outer to inner
cap() {     # the capture's JSON in $tmp/cap.json while cs5 pings
	"$OVTSH" -c "capture interface to-$LC2 container $SC1 filter \"proto gre\" inner \"icmp[icmptype] = 8 and src 32.0.0.5\" count 1 json" \
		>"$tmp/cap.json" 2>"$tmp/cap.err" &
	local cp=$! i
	for i in $(seq 1 50); do       # until its packet socket is open
		[ "$(nsenter -t "$scpid" -n cat /proc/net/packet | wc -l)" -gt 1 ] &&
			break
		sleep 0.1
	done
	ovt -c "ping 32.0.0.2 from container $CS5 count 3"
	[ "$rc" -eq 0 ] && grep -q " 0% packet loss" <<<"$out" ||
		fail "ping 32.0.0.2 from $CS5: $out"
	for i in $(seq 1 50); do kill -0 "$cp" 2>/dev/null || break; sleep 0.1; done
	kill "$cp" 2>/dev/null && fail "the capture saw no echo request in GRE"
	wait "$cp" || fail "capture: $(cat "$tmp/cap.err")"
}
cap
L='.layers'
lay=$(jq -r "[$L[].proto] | join(\",\")" "$tmp/cap.json")
[ "$lay" = "eth,ipv4,gre,ipv4,udp,vxlan,eth,ipv4,icmp" ] ||
	fail "layers: $lay: $(cat "$tmp/cap.json")"
chk() {     # jq-expression want what
	local got
	got=$(jq -r "$1" "$tmp/cap.json")
	[ "$got" = "$2" ] || fail "$3: got '$got', want '$2'"
}
chk "$L[1] | \"\(.src) > \(.dst) \(.ipproto)\"" "102.0.0.2 > 101.0.0.2 47" "outer IPv4"
chk "$L[2] | \"\(.version) \(.ptype)\"" "0 2048" "GRE (carrying IPv4)"
chk "$L[3] | \"\(.src) > \(.dst) \(.ipproto)\"" "111.0.0.2 > 110.0.0.2 17" "VXLAN's IPv4"
chk "$L[4].dport" "4789" "UDP"
chk "$L[5].vni" "42" "VXLAN"
chk "$L[6].type" "2048" "inner Ethernet"
chk "$L[7] | \"\(.src) > \(.dst)\"" "32.0.0.5 > 32.0.0.2" "customer IPv4"
chk "$L[8] | \"\(.type) \(.code)\"" "8 0" "ICMP echo request"
ok "cs5 -> 32.0.0.2 crosses gretun1: $lay"

# -- the lab's state, as ovtsh and the guests' own ovtsh see it, and as
# the docker CLI and /proc see it
snapshot() {
	local c
	"$OVTSH" -c "show running-config" 2>&1
	for c in $CTS; do echo "$c $(ct_id "$c")"; done
	for v in "$LC1" "$LC2"; do echo "$v qemu $(cat "$run/$v/qemu.pid")"; done
}
snapshot >"$tmp/s1"
grep -q "^ tunnel gretun1$" "$tmp/s1" &&
	grep -q "^  endpoint host local 101.0.0.2 dev eth1 remote 102.0.0.2 address 10.42.0.1/30$" "$tmp/s1" ||
	fail "running-config lacks lc1's gretun1: $(cat "$tmp/s1")"

# -- second replay: nothing changes
ovt -f "$tmp/lab.script"
[ "$rc" -eq 0 ] || fail "second replay: $out"
grep -q "^0 changed, [0-9]* unchanged, 0 removed, 0 failed$" <<<"$out" ||
	fail "second replay changed something: $(tail -n 3 <<<"$out")"
snapshot >"$tmp/s2"
diff -u "$tmp/s1" "$tmp/s2" >"$tmp/d" || fail "replay changed the lab: $(cat "$tmp/d")"
ok "second replay: 0 changed, same containers, qemus and running-config"

# -- running-config round trip
ovt -c "write $tmp/run.script"
[ "$rc" -eq 0 ] && [ -s "$tmp/run.script" ] || fail "write: $out"
ovt -c "clear lab"
[ "$rc" -eq 0 ] || fail "clear lab: $out"
ovt -f "$tmp/run.script"
[ "$rc" -eq 0 ] || fail "replay of the running-config: $out"
"$OVTSH" -c "show running-config" >"$tmp/rc2" 2>&1
diff -u "$tmp/run.script" "$tmp/rc2" >"$tmp/d" ||
	fail "round trip differs: $(cat "$tmp/d")"
scpid=$(ct_pid "$SC1")
cap
[ "$(jq -r "[$L[].proto] | join(\",\")" "$tmp/cap.json")" = "$lay" ] ||
	fail "after the round trip: $(cat "$tmp/cap.json")"
ok "running-config round trip: the same config, the ping crosses gretun1 again"

# -- a top-level block naming both VMs (ends before the type: the guests'
# kernels decide): each end is made by its guest's ovtsh, remote the
# other's local; "no tunnel" in vm mode removes the guest's end (busybox
# ip prints the key 7 as 0.0.0.7)
printf '%s\n' "tunnel gretun2" \
	" endpoint vm $LC1 local 101.0.0.2 dev eth1 address 10.43.0.1/30" \
	" endpoint vm $LC2 local 102.0.0.2 dev eth1 address 10.43.0.2/30" \
	" type gre" " key 7" "exit" >"$tmp/gre2.script"
ovt -f "$tmp/gre2.script"
[ "$rc" -eq 0 ] || fail "top-level gretun2: $out"
ovt -c "vm $LC2" -c "exec ip tunnel show gretun2"
grep -q "^gretun2: gre/ip  remote 101.0.0.2  local 102.0.0.2  dev eth1 .*key 0.0.0.7$" <<<"$out" ||
	fail "gretun2 in $LC2: $out"
ovt -c "vm $LC1" -c "exec ping -c 2 -W 5 10.43.0.2"
[ "$rc" -eq 0 ] || fail "ping across gretun2: $out"
for v in "$LC1" "$LC2"; do
	ovt -c "vm $v" -c "no tunnel gretun2"
	[ "$rc" -eq 0 ] || fail "no tunnel gretun2 in $v: $out"
	ovt -c "vm $v" -c "exec cat /sys/class/net/gretun2/type"
	[ "$rc" -ne 0 ] || fail "gretun2 left in $v"
done
ok "top-level block with VM ends: gretun2 made in both guests, pings, removed in vm mode"

# -- clear lab leaves nothing
ovt -c "clear lab"
[ "$rc" -eq 0 ] || fail "final clear lab: $out"
for v in "$LC1" "$LC2"; do
	[ -e "$run/$v" ] && fail "clear lab left $run/$v"
	pgrep -f "guest=ovtsh:$OVTSH_LAB:$v( |$)" >/dev/null &&
		fail "clear lab left a qemu of $v"
done
for n in "$NS1" "$NS2"; do
	[ -e "/run/netns/$n" ] && fail "clear lab left namespace $n"
done
[ -z "$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB")" ] ||
	fail "clear lab left containers"
ip -d -o link show | grep -q "alias ovtsh:$OVTSH_LAB" &&
	fail "clear lab left a lab interface (TAP) in the host namespace"
ip -o link show type tun | grep -q "$P" &&
	fail "clear lab left a TAP of this run"
ok "clear lab: no qemu, TAP, runtime file, namespace or container"
exit 0
