#!/bin/bash
# docker_tunnel_show.sh - tunnel ends in containers: "show tunnels" lists
# them beside the hypervisors' (node column ct:NAME / hv:NAME, a Dstport
# column; JSON keeps "node" and adds "node_kind"), and the running-config
# of containers states their forwarding either way, so a rebuild gives
# the same forwarding whatever the host's default.
set -u
. "$(dirname "$0")/docker_lib.bash"
docker_need
command -v jq >/dev/null || skip "needs jq (apt-get install jq)"
A=ovtd$$ta B=ovtd$$tb H=ovtd$$th T=ovtd$$vx U=ovtd$$hx
tmp=$(mktemp -d /tmp/ovtd-tun.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	docker_cleanup $A $B
	ip netns del $H 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fwd() { nsenter -t "$(ct_pid "$1")" -n cat /proc/sys/net/ipv4/ip_forward; }
setfwd() { nsenter -t "$(ct_pid "$1")" -n sysctl -qw net.ipv4.ip_forward=$2; }
# the lines of container $2's blocks in running-config file $1
body() { awk -v h="container $2" '$0 == h {on = 1; next}
	on && $0 == "exit" {on = 0} on' "$1"; }

cat >"$tmp/lab.script" <<EOS
container $A
 image labbox
exit
container $B
 image labbox
 connect eth0 container $A peer eth0 address 10.88.0.2/24 peer-address 10.88.0.1/24
exit
hypervisor $H
exit
tunnel $T
 type vxlan
 vni 77
 dstport 4790
 endpoint container $A local 10.88.0.1 dev eth0 address 10.99.0.1/24
 endpoint container $B local 10.88.0.2 dev eth0 address 10.99.0.2/24
exit
tunnel $U
 type vxlan
 vni 78
 endpoint hypervisor $H local 10.66.0.1 remote 10.66.0.2
exit
EOS
ovt -f "$tmp/lab.script"
[ "$rc" -eq 0 ] || fail "replay: $out"

# -- text: both container ends and the hypervisor's, with their ports
ovt -c 'show tunnels'
[ "$rc" -eq 0 ] || fail "show tunnels: $out"
head -n 1 <<<"$out" | grep -q ' Dstport ' || fail "no Dstport column: $out"
for row in "$T +ct:$A +$T +vxlan +vni 77 +4790 +10.88.0.1 +10.88.0.2 +eth0 " \
	   "$T +ct:$B +$T +vxlan +vni 77 +4790 +10.88.0.2 +10.88.0.1 +eth0 " \
	   "$U +hv:$H +$U +vxlan +vni 78 +4789 +10.66.0.1 +10.66.0.2 "; do
	grep -Eq "^$row" <<<"$out" || fail "show tunnels lacks /$row/: $out"
done
ok "show tunnels: container ends as ct:NAME, hv:NAME, dstport column"

# -- JSON: the same ends; "node" is still the bare name
ovt -c 'show tunnels json'
[ "$rc" -eq 0 ] || fail "show tunnels json: $out"
for c in $A $B; do
	jq -e --arg t $T --arg c $c '.tunnels[] | select(.tunnel == $t and
	  .node == $c and .node_kind == "container" and .vni == 77 and
	  .dstport == 4790 and .dev == "eth0")' <<<"$out" >/dev/null ||
		fail "JSON lacks $T in $c: $out"
done
jq -e --arg t $U --arg h $H '.tunnels[] | select(.tunnel == $t and
  .node == $h and .node_kind == "hypervisor" and .dstport == 4789)' \
	<<<"$out" >/dev/null || fail "JSON lacks $U in $H: $out"
ok "show tunnels json: container ends, node_kind beside node"

# -- containers' forwarding, either way, through write/clear/replay
setfwd $A 1
setfwd $B 0
ovt -c "write $tmp/saved"
[ "$rc" -eq 0 ] || fail "write: $out"
body "$tmp/saved" $A | grep -qx ' ip forwarding' ||
	fail "running-config lacks $A's ip forwarding: $(cat "$tmp/saved")"
body "$tmp/saved" $B | grep -qx ' no ip forwarding' ||
	fail "running-config lacks $B's no ip forwarding: $(cat "$tmp/saved")"
ovt -c 'clear lab'
[ "$rc" -eq 0 ] || fail "clear lab: $out"
ovt -f "$tmp/saved"
[ "$rc" -eq 0 ] || fail "replay of the saved lab: $out"
[ "$(fwd $A)" = 1 ] && [ "$(fwd $B)" = 0 ] ||
	fail "rebuilt forwarding: $A $(fwd $A), $B $(fwd $B)"
setfwd $A 0
setfwd $B 1
ovt -f "$tmp/saved"
[ "$rc" -eq 0 ] || fail "second replay: $out"
[ "$(fwd $A)" = 1 ] && [ "$(fwd $B)" = 0 ] ||
	fail "replay over flipped forwarding: $A $(fwd $A), $B $(fwd $B)"
ovt -c 'show tunnels'
grep -Eq "^$T +ct:$A " <<<"$out" || fail "rebuilt tunnel not shown: $out"
ok "containers' forwarding saved either way and rebuilt"
