#!/bin/bash
# docker_links.sh - show links, show neighbors, show bridge fdb, show
# topology and write topology with containers: a container cabled to a
# hypervisor's bridge and another container, a VXLAN tunnel between the
# two containers; the cables, the tunnel and a container's ARP entry are
# listed as the kernel has them; in the topology's DOT the containers are
# 3-D boxes beside the hypervisor's box, the tunnel a dashed edge between
# the containers whose ends carry the tunnel's addresses.
set -u
. "$(dirname "$0")/docker_lib.bash"
docker_need
command -v jq >/dev/null || skip "needs jq (apt-get install jq)"
command -v gvpr >/dev/null || skip "needs gvpr (apt-get install graphviz)"
A=ovtd$$la B=ovtd$$lb H=ovtd$$lh
tmp=$(mktemp -d /tmp/ovtd-links.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	docker_cleanup $A $B
	ip netns del $H 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$tmp/lab.script" <<EOS
hypervisor $H
 bridge br0
exit
container $A
 image labbox
 connect eth1 hypervisor $H peer la-eth1 bridge br0 address 10.87.0.1/24
exit
container $B
 image labbox
 connect eth0 container $A peer eth0 address 10.88.0.2/24 peer-address 10.88.0.1/24
exit
tunnel vx77
 type vxlan
 vni 77
 endpoint container $A local 10.88.0.1 dev eth0 address 10.99.0.1/24
 endpoint container $B local 10.88.0.2 dev eth0 address 10.99.0.2/24
exit
EOS
"$OVTSH" -f "$tmp/lab.script" >"$tmp/out" 2>&1 ||
	fail "building the lab: $(cat "$tmp/out")"

ovt -c "show links json"
[ "$rc" = 0 ] || fail "show links: $out"
got=$(jq -r '.links[] | ["\(.a.node_kind) \(.a.node):\(.a.ifname)",
  "\(.b.node_kind) \(.b.node):\(.b.ifname)"] | sort | join(" | ")' <<<"$out" |
  sort)
exp=$(printf '%s\n' "container $A:eth0 | container $B:eth0" \
	"container $A:eth1 | hypervisor $H:la-eth1" | sort)
[ "$got" = "$exp" ] || fail "cables: $got, not $exp"
jq -e --arg a "$A" '.links[] | .a, .b | select(.node == $a and
  .ifname == "eth1" and .addresses == ["10.87.0.1/24"])' <<<"$out" \
	>/dev/null || fail "no $A:eth1 10.87.0.1/24 in $out"
jq -e --arg h "$H" '.links[] | .a, .b | select(.node == $h and
  .ifname == "la-eth1" and .master == "br0")' <<<"$out" >/dev/null ||
	fail "no $H:la-eth1 [br0] in $out"
# the veth pair as the kernel pairs it: eth1's peer is la-eth1
pa=$(ct_pid $A)
[ "$(nsenter -t "$pa" -n ip -j link show eth1 | jq '.[0].link_index')" = \
  "$(ip -n $H -j link show la-eth1 | jq '.[0].ifindex')" ] ||
	fail "$A:eth1 is not la-eth1's peer in the kernel"
[ "$(jq -c --arg a "$A" --arg b "$B" '[.tunnels[] | {name, vni,
  e: [.ends[] | "\(.node_kind) \(.node) \(.local)"]}]' <<<"$out")" = \
  "$(jq -nc --arg a "$A" --arg b "$B" '[{name: "vx77", vni: 77,
  e: ["container \($a) 10.88.0.1", "container \($b) 10.88.0.2"]}]')" ] ||
	fail "tunnels: $(jq -c .tunnels <<<"$out")"
ok "show links: the cables and the tunnel of containers"

# a ping over the tunnel: A's ARP entry for B's tunnel address, and B's
# tunnel MAC in A's vx77 fdb with dst B's VTEP
nsenter -t "$pa" -n ping -c 1 -W 2 -q 10.99.0.2 >/dev/null ||
	fail "$A cannot ping $B over vx77"
macb=$(nsenter -t "$(ct_pid $B)" -n ip -j link show vx77 | jq -r '.[0].address')
ovt -c "show neighbors container $A json"
jq -e --arg m "$macb" '.nodes[0] | select(.node_kind == "container") |
  .neighbors[] | select(.address == "10.99.0.2" and .lladdr == $m and
  .dev == "vx77")' <<<"$out" >/dev/null || fail "neighbors of $A: $out"
ovt -c "show bridge fdb container $A json"
jq -e --arg m "$macb" '.nodes[0].fdb[] | select(.mac == $m and
  .dev == "vx77" and .dst == "10.88.0.2")' <<<"$out" >/dev/null ||
	fail "fdb of $A: $out"
ok "show neighbors and show bridge fdb in a container"

# --- JSON: the containers' interfaces, peers and tunnel ---------------
ovt -c "show topology json"
[ "$rc" = 0 ] || fail "show topology json: $out"
got=$(jq -r '.nodes[] | .node_kind + " " + .node + ": " + ([.interfaces[] |
  .ifname + ">" + (.peer.node // "-") + ":" + (.peer.ifname // "-")] |
  join(" "))' <<<"$out")
exp=$(printf '%s\n' "hypervisor $H: br0>-:- la-eth1>$A:eth1" \
	"container $A: eth0>$B:eth0 eth1>$H:la-eth1 vx77>$B:vx77" \
	"container $B: eth0>$A:eth0 vx77>$A:vx77")
[ "$got" = "$exp" ] || fail "show topology json: $got, not $exp"
jq -e --arg a "$A" '.nodes[] | select(.node == $a) | .interfaces[] |
  select(.ifname == "vx77" and .addresses == ["10.99.0.1/24"] and
  .tunnel.vni == 77 and .tunnel.remote == "10.88.0.2")' <<<"$out" \
	>/dev/null || fail "no vx77 of $A in: $out"
ok "show topology json: containers, their cables and the tunnel"

ovt -c "show topology"
grep -q "^container $A\$" <<<"$out" &&
grep -Eq "^  eth1 +10\.87\.0\.1/24 <-> $H:la-eth1\$" <<<"$out" &&
grep -Eq "^  vx77 +10\.99\.0\.2/24 <=> $A:vx77 vxlan vni 77 remote 10\.88\.0\.1\$" \
	<<<"$out" || fail "show topology: $out"
ok "show topology text"

# --- DOT: shapes by kind, the tunnel between the containers -----------
ovt -c "write topology $tmp/lab.dot"
[ "$rc" = 0 ] || fail "write topology: $out"
got=$(gvpr 'N { printf("%s %s\n", $.name, $.shape) }' "$tmp/lab.dot" | sort)
exp=$(printf '%s\n' "ct:$A box3d" "ct:$B box3d" "hv:$H box" "hv:$H/br0 " |
	sort)
[ "$got" = "$exp" ] || fail "DOT nodes: $got, not $exp"
got=$(gvpr 'E [$.style == "dashed"] { printf("%s %s %s|%s|%s\n", tail.name,
  head.name, $.label, $.taillabel, $.headlabel) }' "$tmp/lab.dot")
exp="ct:$A ct:$B vxlan vni 77|vx77\\n10.99.0.1/24\\n10.88.0.1|vx77\\n10.99.0.2/24\\n10.88.0.2"
[ "$got" = "$exp" ] || fail "DOT tunnel: $got, not $exp"
[ "$(gvpr 'E [$.style == ""] { printf("x\n") }' "$tmp/lab.dot" | wc -l)" = 2 ] ||
	fail "DOT: not 2 cables: $(cat "$tmp/lab.dot")"
ok "write topology: containers as box3d, the tunnel dashed"
echo "all passed"
