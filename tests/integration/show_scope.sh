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
	# whatever a failing shell left: the namespaces, the host's links
	for n in a b; do
		ip netns del "$P$n" 2>/dev/null
		for d in "$P$n" "${P}u$n" "${P}t$n"; do
			ip link del "$d" 2>/dev/null
		done
	done
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
# lab $1: hypervisor $P$2, bridge br$2 in it, bridge $P$2 in the host, a
# tunnel ${P}t$2 with one end in the hypervisor, one in the host
mk() {
	OVTSH_LAB=$1 "$OVTSH" -c "hypervisor $P$2" -c "bridge br$2" \
		-c "connect u$2 hypervisor host peer ${P}u$2 address 10.77.$3.1/24 peer-address 10.77.$3.2/24" \
		-c "end" -c "hypervisor host" -c "bridge $P$2" -c "end" \
		-c "tunnel ${P}t$2" -c "type vxlan" -c "vni 7$3" \
		-c "endpoint hypervisor $P$2 local 10.77.$3.1 dev u$2" \
		-c "endpoint host local 10.77.$3.2 dev ${P}u$2" -c "exit" ||
		fail "building lab $1"
}
mk "$LA" a 1
mk "$LB" b 2
show() { OVTSH_LAB=$LA "$OVTSH" -c "$@" || fail "$*"; }

# check WHAT OWN OTHER HEAD ALL...: "show WHAT" has a line matching each
# /OWN/ (a ';'-separated list) and none with OTHER; "show WHAT all" has
# the header /HEAD/ and a line matching each /ALL/
check() {
	local what=$1 own=$2 other=$3 head=$4 re out
	shift 4
	out=$(show "show $what")
	IFS=';' read -ra res <<<"$own"
	for re in "${res[@]}"; do
		grep -Eq "$re" <<<"$out" || fail "show $what lacks /$re/: $out"
	done
	grep -Eq "$other" <<<"$out" && fail "show $what lists another lab's: $out"
	out=$(show "show $what all")
	head -n 1 <<<"$out" | grep -Eq "$head" || fail "show $what all: header: $out"
	for re in "$@"; do
		grep -Eq "$re" <<<"$out" || fail "show $what all lacks /$re/: $out"
	done
	echo "ok: show $what: the lab's; all: every lab's with its name"
}
check hypervisors "^${P}a +[0-9]+$" "${P}b" "^Hypervisor +Lab +Links$" \
	"^${P}a +$LA +[0-9]+$" "^${P}b +$LB +[0-9]+$"
check bridges "^${P}a +bra ;^host +${P}a " "brb|${P}b" \
	"^Node +Lab +Bridge +Ports$" "^${P}b +$LB +brb " "^host +$LB +${P}b "
check tunnels "^${P}ta +hv:${P}a +${P}ta +vxlan +vni 71 ;^${P}ta +host " \
	"vni 72" "^Tunnel +Lab +Node " \
	"^${P}tb +$LB +hv:${P}b +${P}tb +vxlan +vni 72 " "^${P}ta +$LA +hv:${P}a "
show "show hypervisors all json" | jq -e --arg a "${P}a" --arg b "${P}b" \
	--arg la "$LA" --arg lb "$LB" '[.hypervisors[] |
	select((.name == $a and .lab == $la) or (.name == $b and .lab == $lb))]
	| length == 2' >/dev/null || fail "show hypervisors all json"
show "show bridges json" | jq -e --arg la "$LA" \
	'[.bridges[] | select(.lab != $la)] | length == 0' >/dev/null ||
	fail "show bridges json: another lab's"
echo "ok: json: lab names"
exit 0
