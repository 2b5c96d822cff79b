#!/bin/bash
# explain_equiv.sh - "explain LINE" is tested, not asserted: each line of
# a small lab (hypervisors, veths between and within them, a bridge with
# ports, addresses, routes, IPv4 forwarding, a VXLAN tunnel) is explained
# against the live lab and then run; the kernel state ovtsh built is
# dumped; the lab is cleared; the explained commands run with bash in
# fresh namespaces of the same names; the two states must be equal
# (ip -d -j link, ip -j addr, ip -j route, ip_forward; normalized with jq:
# no ifindex, MAC, alias tag, route protocol, link-local address).
set -u
cd "${OVTSH_TOP:-$(dirname "$0")/../..}"
OVTSH=${OVTSH:-build/ovtsh}
export OVTSH_LAB=ovx$$
A=ovx$$a B=ovx$$b
tmp=$(mktemp -d /tmp/ovx.XXXXXX)

fail() { echo "FAIL: $*" >&2; exit 1; }
cleanup() {
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
command -v jq >/dev/null || { echo "jq not installed"; exit 77; }
for ns in "$A" "$B"; do
	ip netns list | grep -qw "$ns" && fail "namespace $ns exists already"
done

# One namespace, normalized: what a rebuild by other means keeps.
state() {
	local ns=$1
	echo "== $ns"
	ip -n "$ns" -d -j link | jq -S '[ .[] | { ifname, mtu, master,
	    up: ((.flags // []) | index("UP") != null),
	    kind: .linkinfo.info_kind,
	    data: ((.linkinfo.info_data // {}) |
		   {id, port, local, remote, link, ttl, learning}) } ]
	  | sort_by(.ifname)'
	ip -n "$ns" -j addr | jq -S '[ .[] | { ifname, addrs: ([ .addr_info[]
	    | select(.scope != "link") | "\(.local)/\(.prefixlen)" ] | sort) } ]
	  | sort_by(.ifname)'
	ip -n "$ns" -j route | jq -S '[ .[] | { dst, gateway, dev, scope,
	    type } ] | sort_by(.dst)'
	ip -n "$ns" -6 -j route | jq -S '[ .[] | select(.dst != "fe80::/64")
	    | { dst, gateway, dev } ] | sort_by(.dst)'
	echo "ip_forward $(ip netns exec "$ns" cat /proc/sys/net/ipv4/ip_forward)"
}

# Every line explained first, then run.  Not explained: the exits (an
# explained exit leaves the mode), and the tunnel block's settings, which
# only collect: its explained exit explains the tunnel (and makes none),
# then the block runs again for real.
cat >"$tmp/lab" <<EOF
explain hypervisor $B
hypervisor $B
 explain bridge br1
 bridge br1
exit
explain hypervisor $A
hypervisor $A
 explain ip forwarding
 ip forwarding
 explain bridge br0
 bridge br0
 explain connect u0 hypervisor $B address 10.71.0.1/24 peer-address 10.71.0.2/24
 connect u0 hypervisor $B address 10.71.0.1/24 peer-address 10.71.0.2/24
 explain connect p0 hypervisor $B master br0 peer p1 bridge br1
 connect p0 hypervisor $B master br0 peer p1 bridge br1
 explain connect h0 hypervisor $A peer h1 master br0 peer-address 10.72.0.9/24
 connect h0 hypervisor $A peer h1 master br0 peer-address 10.72.0.9/24
 explain interface br0
 interface br0
  explain ip address 10.72.0.1/24
  ip address 10.72.0.1/24
  explain ipv6 address 2001:db8:72::1/64
  ipv6 address 2001:db8:72::1/64
 exit
 explain interface u0
 interface u0
  explain mtu 1450
  mtu 1450
 exit
 explain route 10.80.0.0/16 via 10.71.0.2
 route 10.80.0.0/16 via 10.71.0.2
 explain route 10.81.0.0/16 dev u0
 route 10.81.0.0/16 dev u0
exit
explain hypervisor $B
hypervisor $B
 explain route default via 10.71.0.1
 route default via 10.71.0.1
 explain no ip forwarding
 no ip forwarding
exit
tunnel vx42
 type vxlan
 vni 42
 endpoint hypervisor $A local 10.71.0.1 dev u0 bridge br0
 endpoint hypervisor $B local 10.71.0.2 dev u0 bridge br1
explain exit
tunnel vx42
 type vxlan
 vni 42
 endpoint hypervisor $A local 10.71.0.1 dev u0 bridge br0
 endpoint hypervisor $B local 10.71.0.2 dev u0 bridge br1
exit
EOF
"$OVTSH" -f "$tmp/lab" >"$tmp/explained" 2>"$tmp/err" ||
	fail "ovtsh: $(cat "$tmp/err")"
# the script's recap ("N changed, ...") aside, nothing on stderr
grep -Evq '^[0-9]+ changed, [0-9]+ unchanged, [0-9]+ removed, [0-9]+ failed$' \
	"$tmp/err" && fail "ovtsh said: $(cat "$tmp/err")"
echo "--- explained:"
cat "$tmp/explained"
echo "---"
# against a fresh lab nothing is in place yet but B, entered a second
# time, and what a new namespace may have already (an inherited
# ip_forward)
grep '^# in place: ' "$tmp/explained" |
	grep -v -e 'sysctl -w net.ipv4.ip_forward' -e "ip netns add $B\$" &&
	fail "something was in place in a fresh lab"
grep -qx "ip -n $A link add vx42 type vxlan id 42 dstport 4789 local 10.71.0.1 remote 10.71.0.2 dev u0" \
	"$tmp/explained" || fail "no vxlan line"
{ state "$A"; state "$B"; } >"$tmp/ovtsh.state" || fail "cannot read state"

# explain changes nothing, and against the lab it built every line is in
# place: the explain lines again (their modes entered by explain itself),
# up to the tunnel's explained exit
sed -n '/^explain exit$/{p;q}; /^ *explain \|^ *exit$\|^tunnel \|^ type \|^ vni \|^ endpoint /p' \
	"$tmp/lab" >"$tmp/again.lab"
"$OVTSH" -f "$tmp/again.lab" >"$tmp/again" 2>"$tmp/err" ||
	fail "ovtsh again: $(cat "$tmp/err")"
grep -v '^# in place: ' "$tmp/again" | grep -v '^# nothing to run' &&
	fail "explained again, something is not in place"
{ state "$A"; state "$B"; } >"$tmp/again.state" || fail "cannot read state"
diff -u "$tmp/ovtsh.state" "$tmp/again.state" || fail "explain changed the lab"
echo "ok: explained again, every line is in place and nothing changed"

"$OVTSH" -c "clear lab" >/dev/null 2>&1 || fail "clear lab"
for ns in "$A" "$B"; do
	ip netns list | grep -qw "$ns" && fail "clear lab left $ns"
done
grep -v '^#' "$tmp/explained" >"$tmp/explained.sh"
bash -e "$tmp/explained.sh" || fail "the explained commands failed"
{ state "$A"; state "$B"; } >"$tmp/bash.state" || fail "cannot read state"
diff -u "$tmp/ovtsh.state" "$tmp/bash.state" ||
	fail "the explained commands build another lab than ovtsh"
echo "ok: the explained commands build the kernel state ovtsh builds"

# GRE: explained as text (golden explain.out) only
if ip -n "$A" link add ovxgre type gre local 10.71.0.1 remote 10.71.0.2 \
	2>/dev/null; then
	ip -n "$A" link del ovxgre
	echo "note: GRE equivalence not compared (the golden text covers GRE)"
else
	echo "note: GRE equivalence skipped: no GRE in this kernel"
fi
exit 0
