#!/bin/bash
# net_errors.sh - every bad input of issue 3 gets one precise line on
# stderr, a non-zero exit, nothing half-created, and the shell goes on
# (-k) with the next line.  Kernel state is read with ip(8).
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
export OVTSH_LAB=ovtn$$
A=ovtnA$$ B=ovtnB$$
tmp=$(mktemp -d /tmp/ovtn-err.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fails=0

# expect MESSAGE-SUBSTRING ovtsh-args...: exit 1, exactly one stderr line
# holding the substring.
expect() {
	local want=$1; shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$? lines
	lines=$(wc -l <"$tmp/err")
	if [ $rc -eq 0 ] || [ "$lines" -ne 1 ] || ! grep -qF -- "$want" "$tmp/err"; then
		echo "FAIL: $* -> exit $rc, stderr:"; sed 's/^/    /' "$tmp/err"
		echo "    wanted one line with: $want"
		fails=$((fails + 1))
	else
		echo "ok: $(cat "$tmp/err")"
	fi
}
ovt() { "$OVTSH" "$@"; }
links() { ip -n "$1" -j link | jq -r '[.[].ifname] | sort | join(" ")'; }

# Two namespaces joined by a veth, a bridge in A, an address on each end.
ovt -c "hypervisor $A" -c 'bridge br0' -c 'exit' -c "hypervisor $B" \
    -c 'bridge br1' -c 'exit' -c "hypervisor $A" \
    -c "connect e0 hypervisor $B peer e1 address 32.0.0.1/24 peer-address 32.0.0.2/24" ||
	net_fail "building the fixture"
before_a=$(links "$A") before_b=$(links "$B")

# --- names, addresses, ranges (the grammar's typed placeholders) -------
expect "is 16 bytes, at most 15" ovt -c "hypervisor $A" -c 'interface abcdefghijklmnop'
expect "is 16 bytes, at most 15" ovt -c "hypervisor $A" \
	-c "connect e2 hypervisor $B peer abcdefghijklmnop"
expect "'32.0.0.256/24' is not an IPv4 prefix" ovt -c "hypervisor $A" \
	-c 'interface e0' -c 'ip address 32.0.0.256/24'
expect "prefix length 33 out of range (0-32)" ovt -c "hypervisor $A" \
	-c 'interface e0' -c 'ip address 32.0.0.9/33'
expect "'2001:db8::g/64' is not an IPv6 prefix" ovt -c "hypervisor $A" \
	-c 'interface e0' -c 'ipv6 address 2001:db8::g/64'
expect "16777216 is out of range (0-16777215)" ovt -c 'tunnel ovtnt' \
	-c 'vni 16777216'
expect "is out of range (68-65535)" ovt -c "hypervisor $A" -c 'interface e0' \
	-c 'mtu 67'
expect "Invalid prefix for given prefix length" ovt -c "hypervisor $A" \
	-c 'route 10.1.2.3/16 via 32.0.0.2'

# --- unknown nodes and interfaces --------------------------------------
expect "no hypervisor 'ovtnnope$$'" ovt -c "hypervisor $A" \
	-c "connect e2 hypervisor ovtnnope$$"
expect "no hypervisor 'ovtnnope$$'" ovt -c "show interfaces hypervisor ovtnnope$$"
expect "no interface e9 in hypervisor $A" ovt -c "hypervisor $A" -c 'interface e9'
expect "no interface nodev in hypervisor $A" ovt -c "hypervisor $A" \
	-c 'route 10.9.0.0/16 via 32.0.0.2 dev nodev'

# --- a bridge named as a veth peer, an address already present ---------
expect "br1 in hypervisor $B is a bridge: use 'bridge br1'" ovt -c "hypervisor $A" \
	-c "connect e2 hypervisor $B peer br1"
expect "address 32.0.0.1/24 is already on e0" ovt -c "hypervisor $A" \
	-c "connect e2 hypervisor $B peer e3 address 32.0.0.1/24"
expect "address 32.0.0.1/24 is already on e0" ovt -c "hypervisor $A" \
	-c 'interface br0' -c 'ip address 32.0.0.1/24'
expect "e0 already has 32.0.0.1/24, not 32.0.0.1/16" ovt -c "hypervisor $A" \
	-c 'interface e0' -c 'ip address 32.0.0.1/16'
expect "e1 already exists in hypervisor $B" ovt -c "hypervisor $A" \
	-c "connect e5 hypervisor $B peer e1"
expect "e0 already exists in hypervisor $A as a veth, not a bridge" \
	ovt -c "hypervisor $A" -c 'bridge e0'
expect "is a veth, not a bridge" ovt -c "hypervisor $A" -c 'interface e0' \
	-c 'master e0'

# --- deleting what does not exist ----------------------------------------
expect "no interface nope in hypervisor $A" ovt -c "hypervisor $A" -c 'no bridge nope'
expect "no interface nope in hypervisor $A" ovt -c "hypervisor $A" -c 'no connect nope'
expect "br0 in hypervisor $A is a bridge, not a connection" ovt -c "hypervisor $A" \
	-c 'no connect br0'
expect "no route to 10.77.0.0/16" ovt -c "hypervisor $A" \
	-c 'no route 10.77.0.0/16 via 32.0.0.2'
ovt -c "hypervisor $A" -c 'route 10.66.0.0/16 dev e0' || net_fail "on-link route"
expect "a route to 10.66.0.0/16 exists dev e0, not via 32.0.0.2" ovt -c "hypervisor $A" \
	-c 'route 10.66.0.0/16 via 32.0.0.2'
expect "the route to 10.66.0.0/16 goes dev e0, not via 32.0.0.2" ovt -c "hypervisor $A" \
	-c 'no route 10.66.0.0/16 via 32.0.0.2'
ovt -c "hypervisor $A" -c 'no route 10.66.0.0/16 dev e0' || net_fail "no on-link route"
expect "32.0.0.7/24 is not on e0" ovt -c "hypervisor $A" -c 'interface e0' \
	-c 'no ip address 32.0.0.7/24'
expect "no hypervisor 'ovtnnope$$'" ovt -c "no hypervisor ovtnnope$$"
expect "no tunnel 'ovtnnope' in lab '$OVTSH_LAB'" ovt -c 'no tunnel ovtnnope'
ip netns add "ovtnF$$"
expect "hypervisor 'ovtnF$$' was not created by lab '$OVTSH_LAB'" \
	ovt -c "no hypervisor ovtnF$$"
[ -e "/run/netns/ovtnF$$" ] || net_fail "deleted a foreign namespace"
ip netns del "ovtnF$$"

# --- tunnels: incomplete, differing, GRE on a kernel without it (refused
# at the "type" line, -c:2) ------------------------------------------------
expect "tunnel ovtnt is incomplete: no vni" ovt -c 'tunnel ovtnt' -c 'type vxlan' \
	-c "endpoint hypervisor $A local 32.0.0.1" -c 'exit'
expect "tunnel ovtnt is incomplete: no type" ovt -c 'tunnel ovtnt' -c 'exit'
expect "-c:2: GRE is not available in this kernel (module ip_gre missing)" \
	ovt -c 'tunnel ovtngre' -c 'type gre' -c 'key 7' \
	-c "endpoint hypervisor $A local 32.0.0.1 dev e0" \
	-c "endpoint hypervisor $B local 32.0.0.2 dev e1" -c 'exit'
expect "-c:2: GRE is not available in this kernel (module ip_gre missing)" \
	ovt -c 'tunnel ovtngt' -c 'type gretap' \
	-c "endpoint hypervisor $A local 32.0.0.1 bridge br0" \
	-c "endpoint hypervisor $B local 32.0.0.2" -c 'exit'
expect "a single endpoint needs 'remote A.B.C.D'" ovt -c 'tunnel ovtnvx' \
	-c 'type vxlan' -c 'vni 5' -c "endpoint hypervisor $A local 32.0.0.1" -c 'exit'
ovt -c 'tunnel ovtnvx' -c 'type vxlan' -c 'vni 5' \
    -c "endpoint hypervisor $A local 32.0.0.1 dev e0 remote 32.0.0.2" -c 'exit' ||
	net_fail "creating ovtnvx"
expect "remote is 32.0.0.2, not 32.0.0.3" ovt -c 'tunnel ovtnvx' -c 'type vxlan' \
	-c 'vni 5' -c "endpoint hypervisor $A local 32.0.0.1 dev e0 remote 32.0.0.3" -c 'exit'
expect "vxlan ovtnvx exists in hypervisor $A but differs: vni is 5, not 6" \
	ovt -c 'tunnel ovtnvx' -c 'type vxlan' -c 'vni 6' \
	-c "endpoint hypervisor $A local 32.0.0.1 dev e0 remote 32.0.0.2" -c 'exit'
ovt -c 'no tunnel ovtnvx' || net_fail "no tunnel ovtnvx"
# second end fails (its name is taken by a veth): the first is removed
expect "e1 already exists in hypervisor $B as a veth, not a vxlan" \
	ovt -c 'tunnel e1' -c 'type vxlan' -c 'vni 9' \
	-c "endpoint hypervisor $A local 32.0.0.1" \
	-c "endpoint hypervisor $B local 32.0.0.2" -c 'exit'
[ "$(links "$A")" = "$before_a" ] || net_fail "left behind in $A: $(links "$A")"
[ "$(links "$B")" = "$before_b" ] || net_fail "left behind in $B: $(links "$B")"

# --- without CAP_NET_ADMIN / CAP_SYS_ADMIN --------------------------------
if command -v setpriv >/dev/null; then
	expect "(ovtsh needs CAP_NET_ADMIN)" setpriv --inh-caps=-all \
		--bounding-set=-net_admin "$OVTSH" -c "hypervisor $A" -c 'bridge br7'
	expect "(ovtsh needs CAP_SYS_ADMIN)" setpriv --inh-caps=-all \
		--bounding-set=-net_admin,-sys_admin "$OVTSH" -c "hypervisor ovtnC$$"
	[ -e "/run/netns/ovtnC$$" ] && net_fail "half-created ovtnC$$"
	[ "$(links "$A")" = "$before_a" ] || net_fail "br7 was created"
fi

# --- the shell stays usable: with -k the next line still runs -----------
ovt -k -c "hypervisor $A" -c 'interface nope' -c 'bridge br5' 2>/dev/null
ip -n "$A" link show br5 >/dev/null 2>&1 || net_fail "line after an error did not run"
[ "$fails" -eq 0 ] || net_fail "$fails bad inputs misreported"
echo "every bad input: one precise line, nothing half-created"
