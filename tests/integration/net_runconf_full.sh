#!/bin/bash
# net_runconf_full.sh - the running-config describes the lab whatever
# the host: forwarding is written for every node either way (a new
# namespace copies the host's setting, so a node that inherited "on" must
# say so), and a configured link-local address (fe80::1/64) is written
# while the kernel's own link-local addresses are not.  Checked by
# write, clear lab, replay, and by a replay over nodes whose forwarding
# was flipped behind ovtsh's back (as a host with the other default
# would start them).
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
export OVTSH_LAB=ovtrc$$
R=ovtrcR$$ S=ovtrcS$$
tmp=$(mktemp -d /tmp/ovtrc.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in "$R" "$S"; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
ovt() { "$OVTSH" "$@" || net_fail "ovtsh $*"; }
fwd() { ip netns exec "$1" cat /proc/sys/net/ipv4/ip_forward; }
ll() { ip -n "$1" -j addr show "$2" | jq -r '[.[0].addr_info[] |
	select(.family == "inet6" and .scope == "link") |
	"\(.local)/\(.prefixlen)"] | sort | join(" ")'; }
# the lines of node $2's blocks in running-config file $1
body() { awk -v h="hypervisor $2" '$0 == h {on = 1; next}
	on && $0 == "exit" {on = 0} on' "$1"; }

cat >"$tmp/lab.script" <<EOS
hypervisor $S
exit
hypervisor $R
 connect eth0 hypervisor $S peer eth0 address 10.77.0.1/24 peer-address 10.77.0.2/24
 interface eth0
  ipv6 address fe80::1/64
 exit
exit
EOS
ovt -f "$tmp/lab.script"
# behind ovtsh's back: R forwards (inherited or set), S does not
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$S" sysctl -qw net.ipv4.ip_forward=0
[[ " $(ll "$R" eth0) " == *" fe80::1/64 "* ]] ||
	net_fail "fe80::1/64 not on eth0 of $R: $(ll "$R" eth0)"

ovt -c "write $tmp/saved"
body "$tmp/saved" "$R" | grep -qx ' ip forwarding' ||
	{ cat "$tmp/saved"; net_fail "running-config lacks $R's ip forwarding"; }
body "$tmp/saved" "$S" | grep -qx ' no ip forwarding' ||
	{ cat "$tmp/saved"; net_fail "running-config lacks $S's no ip forwarding"; }
body "$tmp/saved" "$R" | grep -qx '  ipv6 address fe80::1/64' ||
	{ cat "$tmp/saved"; net_fail "running-config lacks fe80::1/64"; }
# the kernel's own link-local addresses (EUI-64 of the MAC) are not
n=$(grep -c 'address fe80:' "$tmp/saved")
[ "$n" -eq 1 ] || { cat "$tmp/saved"; net_fail "$n fe80 lines, want 1"; }

ovt -c 'clear lab'
for n in "$R" "$S"; do
	[ -e "/run/netns/$n" ] && net_fail "clear lab left $n"
done
ovt -f "$tmp/saved"
[ "$(fwd "$R")" = 1 ] || net_fail "$R does not forward after the rebuild"
[ "$(fwd "$S")" = 0 ] || net_fail "$S forwards after the rebuild"
[[ " $(ll "$R" eth0) " == *" fe80::1/64 "* ]] ||
	net_fail "fe80::1/64 lost in the rebuild: $(ll "$R" eth0)"
# nodes that start the other way (another host's default) converge
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=0
ip netns exec "$S" sysctl -qw net.ipv4.ip_forward=1
ovt -f "$tmp/saved"
[ "$(fwd "$R")" = 1 ] || net_fail "replay left $R not forwarding"
[ "$(fwd "$S")" = 0 ] || net_fail "replay left $S forwarding"
# and the rebuilt lab writes the same text
ovt -c "write $tmp/saved2"
diff -u "$tmp/saved" "$tmp/saved2" || net_fail "the rebuilt lab reads differently"

echo "running-config: forwarding either way, configured link-local kept"
