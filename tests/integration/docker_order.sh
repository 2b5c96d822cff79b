#!/bin/bash
# docker_order.sh - a lab written one block per container (container X /
# image / connect / exit, repeated) is the lab written grouped (every
# container first, then the links, as the running-config writes it):
# the same running-config, hypervisor and container addresses.  ovtsh
# makes the containers of the next blocks ahead (their create and start
# overlap the wait of a connect for its container).  When the replay
# stops at an error (a bad address on the 3rd block's connect), the
# error names that line; Docker's events show the 5th container made
# ahead all the same, and it is removed with the 4th: only the
# containers of the lines that ran remain.
set -u
cd "$(dirname "$0")"
. ./docker_lib.bash
. ./net_lib.sh
docker_need
N=5 HV=ovtdoh$$ C=ovtdo$$c
tmp=$(mktemp -d /tmp/ovtd-order.XXXXXX)
cleanup() {
	docker_cleanup
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	ip netns del "$HV" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

connect_line() {   # I ADDR
	printf ' connect eth1 hypervisor %s bridge br0 peer ovo%sv%d address %s\n' \
		"$HV" "$$" "$1" "$2"
}
{
	printf 'hypervisor %s\n bridge br0\nexit\n' "$HV"
	for i in $(seq "$N"); do printf 'container %s%d\n image labbox\nexit\n' "$C" "$i"; done
	for i in $(seq "$N"); do
		printf 'container %s%d\n' "$C" "$i"; connect_line "$i" "10.7.0.$i/24"; echo exit
	done
} >"$tmp/grouped.script"
block_script() {   # BAD-BLOCK (0: none)
	printf 'hypervisor %s\n bridge br0\nexit\n' "$HV"
	for i in $(seq "$N"); do
		printf 'container %s%d\n image labbox\n' "$C" "$i"
		if [ "$i" -eq "$1" ]; then connect_line "$i" "10.7.0.999/24"
		else connect_line "$i" "10.7.0.$i/24"; fi
		echo exit
	done
}
block_script 0 >"$tmp/block.script"
block_script 3 >"$tmp/bad.script"

lab_state() {
	"$OVTSH" -c 'show running-config' || fail "show running-config"
	net_state loose "$HV"
	for i in $(seq "$N"); do
		echo "== $C$i"; addrs_of_pid "$(ct_pid "$C$i")"
	done
}

# -- the same lab both ways
"$OVTSH" -f "$tmp/grouped.script" || fail "grouped script"
lab_state >"$tmp/grouped.state"
grep -q "10.7.0.5/24" "$tmp/grouped.state" || fail "grouped lab lacks 10.7.0.5/24"
"$OVTSH" -c 'clear lab' || fail "clear lab"
"$OVTSH" -f "$tmp/block.script" || fail "per-block script"
lab_state >"$tmp/block.state"
diff -u "$tmp/grouped.state" "$tmp/block.state" || fail "per-block lab differs"
ok "per-block script builds the grouped script's lab"

"$OVTSH" -c 'clear lab' || fail "clear lab"

# -- an error in the 3rd block: its line, and nothing of blocks 4 and 5
bad_line=$(grep -n "10.7.0.999" "$tmp/bad.script" | cut -d: -f1)
t0=$(date +%s.%N)
ovt -f "$tmp/bad.script"
t1=$(date +%s.%N)
[ "$rc" -ne 0 ] || fail "bad script succeeded"
grep -q "^$tmp/bad.script:$bad_line:" <<<"$out" ||
	fail "error not at line $bad_line: $out"
docker events --since "$t0" --until "$t1" --filter type=container \
	--filter "label=ovtsh.lab=$OVTSH_LAB" \
	--format '{{.Action}} {{.Actor.Attributes.name}}' >"$tmp/events"
grep -q "^create ${C}5$" "$tmp/events" ||
	fail "${C}5 was not made ahead: $(tr '\n' ',' <"$tmp/events")"
left=$(docker ps -a --filter "label=ovtsh.lab=$OVTSH_LAB" --format '{{.Names}}' | sort | tr '\n' ' ')
[ "$left" = "${C}1 ${C}2 ${C}3 " ] || fail "containers after the error: '$left'"
ports=$(ip -n "$HV" -o link show master br0 | awk -F': ' '{print $2}' | cut -d@ -f1 | sort | tr '\n' ' ')
[ "$ports" = "ovo$$v1 ovo$$v2 " ] || fail "bridge ports after the error: '$ports'"
! nsenter -t "$(ct_pid "${C}3")" -n ip link show eth1 >/dev/null 2>&1 ||
	fail "${C}3 has an eth1"
ok "error at $(head -n 1 <<<"$out" | cut -c1-80)...; made-ahead ${C}4 ${C}5 removed"
