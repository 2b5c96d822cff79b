#!/bin/bash
# show_scope.sh - "show hypervisors|bridges|tunnels" list the current
# lab's objects; with "all" every lab's, with a Lab column holding the
# lab's name (JSON: "lab", the name or null).  Two labs, each with a
# hypervisor, a bridge in it and in the host, and a VXLAN tunnel.
set -u
[ "$(id -u)" = 0 ] || { echo "skipped: needs root (namespaces)"; exit 77; }
command -v jq >/dev/null || { echo "skipped: needs jq"; exit 77; }
P=ovtsc$$
LA=${P}x LB=${P}y
cleanup() {
	for l in "$LA" "$LB"; do
		OVTSH_LAB=$l "$OVTSH" -c "clear lab force" >/dev/null 2>&1
	done
	for n in a b; do ip netns del "$P$n" 2>/dev/null; done
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
# lab $1: hypervisor $P$2, bridge br$2 in it, bridge $P$2 in the host, a
# tunnel t$2 with one end in the hypervisor, one in the host
mk() {
	OVTSH_LAB=$1 "$OVTSH" -c "hypervisor $P$2" -c "bridge br$2" \
		-c "connect u$2 hypervisor host peer ${P}u$2 address 10.77.$3.1/24 peer-address 10.77.$3.2/24" \
		-c "end" -c "hypervisor host" -c "bridge $P$2" -c "end" \
		-c "tunnel t$2" -c "type vxlan" -c "vni 7$3" \
		-c "endpoint hypervisor $P$2 local 10.77.$3.1 dev u$2" \
		-c "endpoint host local 10.77.$3.2 dev ${P}u$2" -c "exit" ||
		fail "building lab $1"
}
mk "$LA" a 1
mk "$LB" b 2
show() { OVTSH_LAB=$LA "$OVTSH" -c "$@" || fail "$*"; }

out=$(show "show hypervisors")
grep -Eq "^${P}a +[0-9]+$" <<<"$out" || fail "own hypervisor missing: $out"
grep -q "${P}b" <<<"$out" && fail "another lab's hypervisor listed: $out"
out=$(show "show hypervisors all")
head -n 1 <<<"$out" | grep -Eq "^Hypervisor +Lab +Links$" || fail "no Lab column: $out"
grep -Eq "^${P}a +$LA +[0-9]+$" <<<"$out" || fail "all: ${P}a: $out"
grep -Eq "^${P}b +$LB +[0-9]+$" <<<"$out" || fail "all: ${P}b: $out"
show "show hypervisors all json" | jq -e --arg a "${P}a" --arg b "${P}b" \
	--arg la "$LA" --arg lb "$LB" '[.hypervisors[] |
	select((.name == $a and .lab == $la) or (.name == $b and .lab == $lb))]
	| length == 2' >/dev/null || fail "show hypervisors all json"
echo "ok: show hypervisors: the lab's; all: every lab's with its name"

out=$(show "show bridges")
grep -Eq "^${P}a +bra " <<<"$out" || fail "own bridge missing: $out"
grep -Eq "^host +${P}a " <<<"$out" || fail "own host bridge missing: $out"
grep -q "brb\|${P}b" <<<"$out" && fail "another lab's bridge listed: $out"
out=$(show "show bridges all")
head -n 1 <<<"$out" | grep -Eq "^Node +Lab +Bridge +Ports$" || fail "no Lab column: $out"
grep -Eq "^${P}b +$LB +brb " <<<"$out" || fail "all: brb: $out"
grep -Eq "^host +$LB +${P}b " <<<"$out" || fail "all: host ${P}b: $out"
show "show bridges json" | jq -e --arg la "$LA" \
	'[.bridges[] | select(.lab != $la)] | length == 0' >/dev/null ||
	fail "show bridges json: another lab's"
echo "ok: show bridges: the lab's; all: every lab's with its name"

out=$(show "show tunnels")
grep -Eq "^ta +hv:${P}a +ta +vxlan +vni 71 " <<<"$out" || fail "own tunnel missing: $out"
grep -Eq "^ta +host " <<<"$out" || fail "own host end missing: $out"
grep -q "vni 72" <<<"$out" && fail "another lab's tunnel listed: $out"
out=$(show "show tunnels all")
head -n 1 <<<"$out" | grep -Eq "^Tunnel +Lab +Node " || fail "no Lab column: $out"
grep -Eq "^tb +$LB +hv:${P}b +tb +vxlan +vni 72 " <<<"$out" || fail "all: tb: $out"
grep -Eq "^ta +$LA +hv:${P}a " <<<"$out" || fail "all: ta: $out"
echo "ok: show tunnels: the lab's; all: every lab's with its name"
exit 0
