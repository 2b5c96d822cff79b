#!/bin/bash
# lab_isolation.sh - a lab changes only what carries its own tag (issue 10,
# items 2 and 3).  Lab names are checked before anything is touched; tags
# match the lab exactly; a hypervisor, a container, a bridge, a veth or a
# tunnel of another lab (or of none) is refused with one line naming its
# lab, and the other lab's objects stay as they were (read with ip -j).
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
LA=ovtiA$$ LB=ovtiB$$
HA=ovtia$$ HA2=ovtiaa$$ HB=ovtib$$ HU=ovtiu$$ HN=ovtin$$ HP=ovtip$$
CB=ovtic$$ long=x X1=ovtix$$ X2=ovtiy$$
tmp=$(mktemp -d /tmp/ovti.XXXXXX)
cleanup() {
	local l
	for l in "$LA" "$LB" "${LA}0"; do
		OVTSH_LAB=$l "$OVTSH" -c 'clear lab' >/dev/null 2>&1
	done
	OVTSH_LAB=$long "$OVTSH" -c 'clear lab' >/dev/null 2>&1
	docker rm -f "$CB" >/dev/null 2>&1
	for l in "$HA" "$HA2" "$HB" "$HU" "$HN" "$HP" "$X1" "$X2"; do
		ip netns del "$l" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
fails=0

# expect RC MESSAGE lab ovtsh-args...: exit status RC, exactly one line
# on stderr holding MESSAGE (besides a script's recap, "N changed, ...").
expect() {
	local rc_want=$1 want=$2 lab=$3 rc; shift 3
	OVTSH_LAB=$lab "$OVTSH" "$@" >"$tmp/out" 2>"$tmp/err.all"
	rc=$?
	grep -Ev '^[0-9]+ changed, [0-9]+ unchanged, [0-9]+ removed, [0-9]+ failed$' \
		"$tmp/err.all" >"$tmp/err"
	if [ $rc -ne "$rc_want" ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] ||
	   ! grep -qF -- "$want" "$tmp/err"; then
		echo "FAIL: lab '$lab' $* -> exit $rc, stderr:"
		sed 's/^/    /' "$tmp/err"
		echo "    wanted exit $rc_want and one line with: $want"
		fails=$((fails + 1))
	fi
}
ova() { OVTSH_LAB=$LA "$OVTSH" "$@"; }
ovb() { OVTSH_LAB=$LB "$OVTSH" "$@"; }

# --- item 2: lab names are checked first, nothing is touched ------------
for bad in "$LA x" "$LA
hypervisor $HN" "-$LA" "$(printf 'a%.0s' {1..33})" "$LA:x"; do
	expect 2 "ovtsh: invalid lab name (\$OVTSH_LAB): lab name" "$bad" \
		-c "hypervisor $HN" -c 'bridge br0'
done
expect 2 "ovtsh: invalid lab name (--lab): lab name is empty" \
	"$LA" --lab '' -c "hypervisor $HN"
expect 2 "(--lab): lab name has a character other than A-Z a-z 0-9 _ . - (byte 0x20" \
	"$LA" --lab "$LA x" -c "hypervisor $HN"
[ -e "/run/netns/$HN" ] && net_fail "an invalid lab name created $HN"
# 32 bytes is the longest name; with the longest hypervisor (63) and
# tunnel (15, an interface name) names too, the longest alias ovtsh writes is whole
long=$(printf 'l%.0s' {1..32})
pad=$(printf 'q%.0s' {1..63})
X1=ovtix$$$pad X2=ovtiy$$$pad T=ovtit$$$pad
X1=${X1:0:63} X2=${X2:0:63} T=${T:0:15}
OVTSH_LAB=$long "$OVTSH" -c "hypervisor $X2" -c exit -c "hypervisor $X1" \
	-c "connect u0 hypervisor $X2 peer u0 address 10.8.0.1/24 peer-address 10.8.0.2/24" \
	-c exit -c "tunnel $T" -c 'type vxlan' -c 'vni 5' \
	-c "endpoint hypervisor $X1 local 10.8.0.1 dev u0 ifname ovtivxqqqqqqqqq" \
	-c "endpoint hypervisor $X2 local 10.8.0.2 dev u0 ifname ovtivxqqqqqqqqq" -c exit ||
	net_fail "the longest names do not work"
want="ovtsh:$long tunnel=$T end=1 at=hv:$X1 peer=hv:$X2/ovtivxqqqqqqqqq"
got=$(ip -n "$X1" -j link show ovtivxqqqqqqqqq | jq -r '.[0].ifalias')
[ "$got" = "$want" ] || net_fail "the longest alias is '$got' (${#got} bytes), not '$want'"
OVTSH_LAB=$long "$OVTSH" -c 'show running-config' | grep -qx "tunnel $T" ||
	net_fail "the running-config lacks tunnel $T"
OVTSH_LAB=$long "$OVTSH" -c 'clear lab' || net_fail "clear lab $long"
[ -e "/run/netns/$X1" ] && net_fail "clear lab $long left $X1"

# --- item 2: tags match the lab exactly ---------------------------------
# lab A0 (A is a prefix of it) and a tag "ovtsh:A x" (what lab "A x" wrote
# before names were checked) are not lab A's
ova -c "hypervisor $HA" -c 'exit' || net_fail "creating $HA"
OVTSH_LAB=${LA}0 "$OVTSH" -c "hypervisor $HP" -c 'bridge br0' ||
	net_fail "creating $HP in lab ${LA}0"
ip -n "$HA" link add brx type bridge && ip -n "$HA" link set brx alias "ovtsh:$LA x" ||
	net_fail "making brx"
ova -c 'show running-config' >"$tmp/rc" || net_fail "show running-config"
grep -q "$HP" "$tmp/rc" && net_fail "lab $LA lists lab ${LA}0's $HP"
grep -q "brx" "$tmp/rc" && net_fail "lab $LA lists brx tagged 'ovtsh:$LA x'"
expect 1 "bridge brx in hypervisor $HA was not created by lab '$LA' (it has no lab tag)" "$LA" \
	-c "hypervisor $HA" -c 'no bridge brx'
ova -c 'clear lab' || net_fail "clear lab $LA"
[ -e "/run/netns/$HP" ] || net_fail "clear lab $LA removed lab ${LA}0's $HP"
# (the namespace was the lab's: it went, brx with it)

# --- item 3: lab B's objects, then lab A tries to change them ----------
# Lab B builds HA and HA2 (a bridge, a veth pair, a vxlan tunnel) and HB;
# HA and HA2 are then handed to lab A by retagging their lo, as an older
# ovtsh or a hand-edited alias would leave them: every object inside still
# carries lab B's tag.
cat >"$tmp/objs.script" <<EOF
hypervisor $HA2
exit
hypervisor $HA
 bridge br9
 connect v1 hypervisor $HA2 peer v1p address 10.9.0.1/24 peer-address 10.9.0.2/24
exit
tunnel vxi
 type vxlan
 vni 42
 endpoint hypervisor $HA local 10.9.0.1 dev v1 bridge br9
 endpoint hypervisor $HA2 local 10.9.0.2 dev v1p
exit
EOF
ovb -f "$tmp/objs.script" && ovb -c "hypervisor $HB" -c 'bridge br1' ||
	net_fail "building lab $LB"
ip -n "$HA" link set lo alias "ovtsh:$LA" && ip -n "$HA2" link set lo alias "ovtsh:$LA" ||
	net_fail "retagging"
ip netns add "$HU"
ip -n "$HA" link add br8 type bridge || net_fail "making br8"
before=$(net_state strict "$HA" "$HA2" "$HB" "$HU")

# hypervisors of another lab, or of none
expect 1 "hypervisor '$HB' belongs to lab '$LB', not to lab '$LA'; not touching it" \
	"$LA" -c "hypervisor $HB" -c 'bridge br2'
expect 1 "hypervisor '$HB' belongs to lab '$LB', not to lab '$LA'" "$LA" -c "no hypervisor $HB"
expect 1 "hypervisor '$HU' was not created by lab '$LA' (it has no lab tag); not touching it" \
	"$LA" -c "hypervisor $HU"
expect 1 "hypervisor '$HB' belongs to lab '$LB'" "$LA" -c "hypervisor $HA" \
	-c "connect e7 hypervisor $HB peer e7p"
expect 1 "hypervisor '$HB' belongs to lab '$LB'" "$LA" -c "hypervisor $HA" \
	-c "connect e7 hypervisor $HB bridge br1"
expect 1 "hypervisor '$HB' belongs to lab '$LB'" "$LA" -c "tunnel vxo" \
	-c 'type vxlan' -c 'vni 7' -c "endpoint hypervisor $HB local 10.9.0.1 remote 10.9.0.2"
# objects of another lab, or of none, in the lab's own hypervisor
expect 1 "bridge br9 in hypervisor $HA belongs to lab '$LB', not to lab '$LA'; not touching it" \
	"$LA" -c "hypervisor $HA" -c 'bridge br9'
expect 1 "bridge br9 in hypervisor $HA belongs to lab '$LB'" "$LA" \
	-c "hypervisor $HA" -c 'interface br9' -c 'shutdown'
expect 1 "bridge br9 in hypervisor $HA belongs to lab '$LB'" "$LA" \
	-c "hypervisor $HA2" -c "connect e8 hypervisor $HA bridge br9"
expect 1 "bridge br8 in hypervisor $HA was not created by lab '$LA' (it has no lab tag)" \
	"$LA" -c "hypervisor $HA" -c 'bridge br8'
# replaying lab B's lines under lab A adopts nothing
expect 1 "bridge br9 in hypervisor $HA belongs to lab '$LB'" "$LA" -f "$tmp/objs.script"
expect 1 "veth v1 in hypervisor $HA belongs to lab '$LB'" "$LA" -c "hypervisor $HA" \
	-c "connect v1 hypervisor $HA2 peer v1p address 10.9.0.1/24 peer-address 10.9.0.2/24"
expect 1 "vxlan vxi in hypervisor $HA belongs to lab '$LB'" "$LA" -c "tunnel vxi" \
	-c 'type vxlan' -c 'vni 42' -c "endpoint hypervisor $HA local 10.9.0.1 dev v1" \
	-c "endpoint hypervisor $HA2 local 10.9.0.2 dev v1p"
expect 1 "veth v1 in hypervisor $HA belongs to lab '$LB'" "$LA" \
	-c "hypervisor $HA" -c 'no connect v1'
# the host: only what carries the lab's tag
expect 1 "lo in host was not created by lab '$LA' (it has no lab tag)" "$LA" \
	-c 'hypervisor host' -c 'interface lo'

# containers: another lab's is refused as a mode and as a peer
if docker image inspect labbox >/dev/null 2>&1; then
	ovb -c "container $CB" -c 'image labbox' -c 'end' || net_fail "container $CB"
	expect 1 "container '$CB' belongs to lab '$LB', not to lab '$LA'" "$LA" \
		-c "hypervisor $HA" -c "connect e9 container $CB"
	expect 1 "container '$CB' belongs to lab '$LB', not to lab '$LA'" "$LA" \
		-c "container $CB"
	ip -n "$HA" link show e9 >/dev/null 2>&1 && net_fail "e9 was created"
else
	echo "note: no labbox image, container refusals not run"
fi

after=$(net_state strict "$HA" "$HA2" "$HB" "$HU")
[ "$before" = "$after" ] || {
	diff <(echo "$before") <(echo "$after")
	net_fail "lab $LA changed what is not its own"
}
# and lab B still owns, lists and removes its objects
ovb -c 'show running-config' | grep -q "bridge br1" || net_fail "lab $LB lost br1"
[ "$fails" -eq 0 ] || net_fail "$fails refusals missing or wrong"
echo "bad lab names refused, tags exact, every object of another lab refused"
