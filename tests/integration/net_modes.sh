#!/bin/bash
# net_modes.sh - node and interface mode commands, each checked with
# ip(8): addresses (v4, v6), shutdown, mtu, master, routes, forwarding,
# the "no" forms (each undoes exactly one thing), show ... json, and a
# running-config that rebuilds all of it after clear lab.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
export OVTSH_LAB=ovtn$$
A=ovtnA$$ B=ovtnB$$ R=ovtnR$$ D=ovtnD$$
tmp=$(mktemp -d /tmp/ovtn-modes.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in "$A" "$B" "$R" "$D"; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
ovt() { "$OVTSH" "$@" || net_fail "ovtsh $*"; }
v4() { ip -n "$1" -j addr show "$2" | jq -r '[.[0].addr_info[] |
	select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(" ")'; }
v6() { ip -n "$1" -j addr show "$2" | jq -r '[.[0].addr_info[] |
	select(.family == "inet6" and .scope == "global") |
	"\(.local)/\(.prefixlen)"] | join(" ")'; }
field() { ip -n "$1" -j link show "$2" | jq -r ".[0].$3"; }

# A -- R -- B: R routes between two subnets
cat >"$tmp/lab.script" <<EOS
hypervisor $R
 bridge br0
 ip forwarding
exit
hypervisor $A
 connect eth0 hypervisor $R peer a-eth0 address 101.0.0.2/24 peer-address 101.0.0.1/24
 route default via 101.0.0.1
exit
hypervisor $B
 connect eth0 hypervisor $R peer b-eth0 bridge br0 address 102.0.0.2/24
 route 101.0.0.0/24 via 102.0.0.1 dev eth0
 route 10.5.0.0/16 dev eth0
 interface eth0
  ipv6 address 2001:db8:102::2/64
  mtu 1400
 exit
exit
hypervisor $R
 interface br0
  ip address 102.0.0.1/24
 exit
exit
EOS
ovt -f "$tmp/lab.script"
[ "$(v4 "$A" eth0)" = 101.0.0.2/24 ] || net_fail "A eth0: $(v4 "$A" eth0)"
[ "$(v4 "$R" a-eth0)" = 101.0.0.1/24 ] || net_fail "R a-eth0 address"
[ "$(field "$R" b-eth0 master)" = br0 ] || net_fail "b-eth0 not in br0"
[ "$(v6 "$B" eth0)" = 2001:db8:102::2/64 ] || net_fail "B eth0 v6: $(v6 "$B" eth0)"
[ "$(field "$B" eth0 mtu)" = 1400 ] || net_fail "B eth0 mtu"
[ "$(ip netns exec "$R" cat /proc/sys/net/ipv4/ip_forward)" = 1 ] ||
	net_fail "R does not forward"
ip -n "$A" -j route | jq -e '.[] | select(.dst == "default" and
	.gateway == "101.0.0.1" and .protocol == "177")' >/dev/null ||
	net_fail "A has no default route via 101.0.0.1"
ip -n "$B" -j route | jq -e '.[] | select(.dst == "101.0.0.0/24" and
	.gateway == "102.0.0.1" and .dev == "eth0")' >/dev/null ||
	net_fail "B has no route to 101.0.0.0/24"
ip -n "$B" -j route | jq -e '.[] | select(.dst == "10.5.0.0/16" and
	.dev == "eth0" and .scope == "link" and (has("gateway") | not))' >/dev/null ||
	net_fail "B has no on-link route to 10.5.0.0/16"
ip netns exec "$A" ping -c 1 -W 2 -q 102.0.0.2 >/dev/null ||
	net_fail "A cannot reach B through R"

# show ... json is valid JSON and agrees with the kernel
ovt -c "show interfaces hypervisor $B json" | jq -e '.interfaces[] |
	select(.name == "eth0" and .mtu == 1400)' >/dev/null ||
	net_fail "show interfaces json"
ovt -c "show routes hypervisor $A json" | jq -e '.routes[] |
	select(.dst == "default" and .gateway == "101.0.0.1" and .by == "ovtsh")' \
	>/dev/null || net_fail "show routes json"
ovt -c 'show bridges json' | jq -e --arg r "$R" '.bridges[] |
	select(.node == $r and .name == "br0" and (.ports | index("b-eth0")))' \
	>/dev/null || net_fail "show bridges json"
ovt -c 'show hypervisors json' | jq -e --arg r "$R" '.hypervisors[] |
	select(.name == $r and .lab == $ENV.OVTSH_LAB)' >/dev/null ||
	net_fail "show hypervisors json"

# running-config -> clear lab -> replay -> same state
net_state loose "$A" "$B" "$R" >"$tmp/s1"
ovt -c "write $tmp/saved"
ovt -c 'clear lab'
for n in "$A" "$B" "$R"; do
	[ -e "/run/netns/$n" ] && net_fail "clear lab left $n"
done
ovt -f "$tmp/saved"
net_state loose "$A" "$B" "$R" >"$tmp/s2"
diff -u "$tmp/s1" "$tmp/s2" || { cat "$tmp/saved"; net_fail "rebuilt a different lab"; }
[ "$(ip netns exec "$R" cat /proc/sys/net/ipv4/ip_forward)" = 1 ] ||
	net_fail "forwarding lost in the rebuild"

# each "no" undoes exactly one thing (v6 and routes first: the kernel
# drops IPv6 addresses and routes of a link that goes down)
ovt -c "hypervisor $B" -c 'no route 10.5.0.0/16 dev eth0'
ip -n "$B" -j route | jq -e '.[] | select(.dst == "10.5.0.0/16")' >/dev/null &&
	net_fail "no route 10.5.0.0/16 dev eth0"
ovt -c "hypervisor $B" -c 'interface eth0' -c 'no ipv6 address 2001:db8:102::2/64'
[ -z "$(v6 "$B" eth0)" ] || net_fail "no ipv6 address"
[ "$(v4 "$B" eth0)" = 102.0.0.2/24 ] || net_fail "no ipv6 address took v4"
ovt -c "hypervisor $B" -c 'interface eth0' -c 'shutdown'
[ "$(field "$B" eth0 operstate)" = DOWN ] || net_fail "shutdown"
ovt -c "hypervisor $B" -c 'interface eth0' -c 'no shutdown'
ip -n "$B" -j link show eth0 | jq -e '.[0].flags | index("UP")' >/dev/null ||
	net_fail "no shutdown"
ovt -c "hypervisor $B" -c 'interface eth0' -c 'no mtu'
[ "$(field "$B" eth0 mtu)" = 1500 ] || net_fail "no mtu"
ovt -c "hypervisor $R" -c 'interface b-eth0' -c 'no master'
[ "$(field "$R" b-eth0 master)" = null ] || net_fail "no master"
ovt -c "hypervisor $R" -c 'interface b-eth0' -c 'master br0'
[ "$(field "$R" b-eth0 master)" = br0 ] || net_fail "master br0"
ovt -c "hypervisor $A" -c 'no route default via 101.0.0.1'
ip -n "$A" -j route | jq -e '.[] | select(.dst == "default")' >/dev/null &&
	net_fail "no route default"
ovt -c "hypervisor $R" -c 'no ip forwarding'
[ "$(ip netns exec "$R" cat /proc/sys/net/ipv4/ip_forward)" = 0 ] ||
	net_fail "no ip forwarding"
ovt -c "hypervisor $A" -c 'no connect eth0'
ip -n "$A" link show eth0 >/dev/null 2>&1 && net_fail "no connect left eth0"
ip -n "$R" link show a-eth0 >/dev/null 2>&1 && net_fail "no connect left a-eth0"
ip -n "$R" link show b-eth0 >/dev/null 2>&1 || net_fail "no connect took b-eth0"
ovt -c "hypervisor $R" -c 'no bridge br0'
ip -n "$R" link show br0 >/dev/null 2>&1 && net_fail "no bridge"
ovt -c "no hypervisor $A"
[ -e "/run/netns/$A" ] && net_fail "no hypervisor"
[ -e "/run/netns/$B" ] || net_fail "no hypervisor took another"

# "show interfaces" in a node shows that node; "hypervisor host" is
# ovtsh's own namespace (read only here)
ovt -c "hypervisor $B" -c 'show interfaces json' | jq -e --arg b "$B" \
	'.node == "hypervisor " + $b and (.interfaces | map(.name) | index("eth0"))' \
	>/dev/null || net_fail "show interfaces in hypervisor mode"
ovt -c 'hypervisor host' -c 'show interfaces json' | jq -e \
	'.node == "host"' >/dev/null || net_fail "hypervisor host"
# an existing namespace the lab did not make is refused, not adopted
# (its lo carries no tag of the lab): nothing is made in it or tagged
ip netns add "$D"
"$OVTSH" -c "hypervisor $D" -c 'bridge brx' 2>"$tmp/err" &&
	net_fail "entered $D, which the lab did not make"
grep -qF "hypervisor '$D' was not created by lab '$OVTSH_LAB' (it has no lab tag)" \
	"$tmp/err" || net_fail "refusing $D: $(cat "$tmp/err")"
ip -n "$D" link show brx >/dev/null 2>&1 && net_fail "brx was made in $D"
[ "$(field "$D" lo ifalias)" = null ] || net_fail "refusing $D tagged its lo"
ovt -c 'show running-config' | grep -qx "hypervisor $D" &&
	net_fail "running-config lists $D"
ovt -c 'clear lab'
[ -e "/run/netns/$D" ] || net_fail "clear lab deleted $D"
ip netns del "$D"

echo "node and interface commands: each applied, shown, saved and undone"
