#!/bin/bash
# net_fdb_links.sh - show bridge fdb, show neighbors and show links on a
# small lab1-like
# lab (net_vxlab: two hypervisors, bridges, a veth underlay, VXLAN vni 42, two
# hosts): after a ping across the tunnel, hypervisor A's fdb has host
# B's MAC on its VXLAN port with dst = B's VTEP, and host A's neighbour
# table has host B's address with B's MAC (both checked against ip(8));
# show links lists exactly the lab's veth pairs, each end's peer as the
# kernel says (ifindex / link_index), with addresses and bridges, and the
# VXLAN tunnel with its ends.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
export OVTSH_LAB=ovfd$$
A=fdA$$ B=fdB$$ HA=fdhA$$ HB=fdhB$$ X=fdX$$
net_vxlab_up $A $B $HA $HB $X
# a loaded machine may lose the first probe while the lab settles
ok=
for try in 1 2 3; do
	ip netns exec $HA ping -c 2 -W 2 -q 32.9.0.3 >/dev/null && ok=1 && break
done
[ -n "$ok" ] || net_fail "$HA cannot ping $HB across the VXLAN"
macb=$(ip -n $HB -j link show eth0 | jq -r '.[0].address')
maca=$(ip -n $HA -j link show eth0 | jq -r '.[0].address')

# --- the fdb of A: B's host MAC learned on the VXLAN port -------------
"$OVTSH" -c "show bridge fdb hypervisor $A json" >"$tmp/fdb.json" ||
	net_fail "show bridge fdb failed"
jq -e . "$tmp/fdb.json" >/dev/null || net_fail "fdb: not JSON"
[ "$(jq -r '.nodes | length' "$tmp/fdb.json")" = 1 ] ||
	net_fail "fdb of one node has $(jq '.nodes|length' "$tmp/fdb.json") sections"
[ "$(jq -r '.nodes[0].node' "$tmp/fdb.json")" = "$A" ] ||
	net_fail "fdb section is not headed by $A"
vxdev=$(ip -n $A -j link show master br0 type vxlan | jq -r '.[0].ifname')
[ -n "$vxdev" ] && [ "$vxdev" != null ] || net_fail "no vxlan port in $A"
# learned by the bridge on the VXLAN port ...
jq -e --arg m "$macb" --arg d "$vxdev" '.nodes[0].fdb[] |
  select(.mac == $m and .dev == $d and .master == "br0" and
	 (has("dst") | not))' "$tmp/fdb.json" >/dev/null ||
	net_fail "fdb of $A lacks $macb on $vxdev master br0: $(cat "$tmp/fdb.json")"
# ... and by the VXLAN device itself, from B's VTEP
jq -e --arg m "$macb" --arg d "$vxdev" '.nodes[0].fdb[] |
  select(.mac == $m and .dev == $d and .dst == "110.9.0.2" and
	 (.flags | index("self")))' "$tmp/fdb.json" >/dev/null ||
	net_fail "fdb of $A lacks $macb on $vxdev dst 110.9.0.2: $(cat "$tmp/fdb.json")"
# the same facts as bridge(8) tells them
bridge -n $A -j fdb show dev "$vxdev" | jq -e --arg m "$macb" '.[] |
  select(.mac == $m and .dst == "110.9.0.2")' >/dev/null ||
	net_fail "bridge(8) disagrees: no $macb dst 110.9.0.2 in $A"
# A's own host MAC is behind its veth port, not the tunnel
jq -e --arg m "$maca" '.nodes[0].fdb[] | select(.mac == $m and
  .dev == "h1-eth0" and (has("dst") | not))' "$tmp/fdb.json" >/dev/null ||
	net_fail "fdb of $A lacks $maca on h1-eth0"

# text: a title, the heads, the row
"$OVTSH" -c "show bridge fdb hypervisor $A" >"$tmp/fdb.txt" ||
	net_fail "show bridge fdb (text) failed"
grep -q "^Forwarding database of $A\$" "$tmp/fdb.txt" ||
	net_fail "no title in: $(cat "$tmp/fdb.txt")"
grep -Eq "^$macb +$vxdev +- +- +110\.9\.0\.2 +self\$" "$tmp/fdb.txt" ||
	net_fail "no VXLAN row in: $(cat "$tmp/fdb.txt")"

# --- every node: one section per lab node, A and B among them ---------
"$OVTSH" -c "show bridge fdb json" >"$tmp/all.json" ||
	net_fail "show bridge fdb (every node) failed"
for n in $A $B $HA $HB; do
	jq -e --arg n "$n" '.nodes[] | select(.node == $n)' "$tmp/all.json" \
		>/dev/null || net_fail "every-node fdb has no section $n"
done
jq -e '.nodes[] | select(.node == "host")' "$tmp/all.json" >/dev/null &&
	net_fail "every-node fdb shows the host"
# a namespace that is not the lab's is not one of its nodes
ip netns add $X || net_fail "ip netns add $X"
"$OVTSH" -c "show neighbors json" >"$tmp/all.json" ||
	net_fail "show neighbors (every node) failed"
[ "$(jq -c '[.nodes[].node] | sort' "$tmp/all.json")" = \
  "$(printf '%s\n' $A $B $HA $HB | jq -Rsc 'split("\n")[:-1] | sort')" ] ||
	net_fail "every-node neighbors: $(jq -c '[.nodes[].node]' "$tmp/all.json")"

# --- neighbors of HA: HB's address with HB's MAC ----------------------
"$OVTSH" -c "show neighbors hypervisor $HA json" >"$tmp/nb.json" ||
	net_fail "show neighbors failed"
jq -e --arg m "$macb" '.nodes[0].neighbors[] | select(.address == "32.9.0.3"
  and .lladdr == $m and .dev == "eth0" and
  (.state | test("REACHABLE|STALE|DELAY|PROBE")))' "$tmp/nb.json" \
	>/dev/null || net_fail "neighbors of $HA: $(cat "$tmp/nb.json")"
ip -n $HA -j neigh show 32.9.0.3 | jq -e --arg m "$macb" \
	'.[] | select(.lladdr == $m)' >/dev/null ||
	net_fail "ip neigh disagrees in $HA"
"$OVTSH" -c "show neighbors hypervisor $HA" >"$tmp/nb.txt" ||
	net_fail "show neighbors (text) failed"
grep -Eq "^32\.9\.0\.3 +$macb +eth0 +[A-Z]+\$" "$tmp/nb.txt" ||
	net_fail "no neighbour row in: $(cat "$tmp/nb.txt")"

# --- errors: an unknown hypervisor fails, non-zero --------------------
"$OVTSH" -c "show bridge fdb hypervisor fdnone$$" >"$tmp/err" 2>&1 &&
	net_fail "fdb of a missing hypervisor succeeded"
grep -q "no hypervisor 'fdnone$$'" "$tmp/err" || net_fail "wrong error: $(cat "$tmp/err")"
# --- show links: exactly the veth pairs, as the kernel pairs them ------
"$OVTSH" -c "show links json" >"$tmp/links.json" || net_fail "show links failed"
pair() { printf '%s\n' "$1" "$2" | sort | paste -sd' '; }
exp=$( { pair "$A:underlay" "$B:underlay"; pair "$HA:eth0" "$A:h1-eth0"
	 pair "$HB:eth0" "$B:h2-eth0"; } | sort)
got=$(jq -r '.links[] | ["\(.a.node):\(.a.ifname)", "\(.b.node):\(.b.ifname)"]
  | sort | join(" ")' "$tmp/links.json" | sort)
[ "$got" = "$exp" ] || net_fail "show links cables: $got, not $exp"
# the lab's namespaces hold exactly these veths: 3 pairs, 6 ends
nveth=0
for n in $A $B $HA $HB; do
	nveth=$((nveth + $(ip -n $n -d -j link | jq '[.[] |
	  select(.linkinfo.info_kind == "veth")] | length')))
done
[ "$nveth" = 6 ] || net_fail "the lab has $nveth veth ends, not 6"
# each cable's ends are each other's peer (ifindex <-> link_index, in
# another namespace: link_netnsid), with the addresses and master ip has
ends=$(jq -r '.links[] | "\(.a.node) \(.a.ifname) \(.b.node) \(.b.ifname)"' \
	"$tmp/links.json")
while read -r na ia nb ib; do
	ja=$(ip -n "$na" -j link show "$ia") jb=$(ip -n "$nb" -j link show "$ib")
	[ "$(jq '.[0].link_index' <<<"$ja")" = "$(jq '.[0].ifindex' <<<"$jb")" ] &&
	[ "$(jq '.[0].link_index' <<<"$jb")" = "$(jq '.[0].ifindex' <<<"$ja")" ] &&
	jq -e '.[0].link_netnsid != null' <<<"$ja" >/dev/null ||
		net_fail "$na:$ia and $nb:$ib are not a veth pair"
	for e in "a $na $ia" "b $nb $ib"; do
		set -- $e
		want=$(ip -n "$2" -j addr show "$3" | jq -c '[.[0].addr_info[] |
		  select(.scope != "link") | "\(.local)/\(.prefixlen)"] | sort')
		have=$(jq -c --arg k "$1" --arg n "$2" --arg i "$3" '.links[] |
		  .[$k] | select(.node == $n and .ifname == $i) |
		  .addresses | sort' "$tmp/links.json")
		[ "$have" = "$want" ] || net_fail "$2:$3 addresses $have, not $want"
		want=$(ip -n "$2" -j link show "$3" | jq -r '.[0].master // ""')
		have=$(jq -r --arg k "$1" --arg n "$2" --arg i "$3" '.links[] |
		  .[$k] | select(.node == $n and .ifname == $i) | .master // ""' \
		  "$tmp/links.json")
		[ "$have" = "$want" ] || net_fail "$2:$3 master '$have', not '$want'"
	done
done <<<"$ends"
# the tunnel: one, vni 42, its ends in A and B as ip -d shows them
[ "$(jq -c '[.tunnels[] | {name, type, vni, n: [.ends[] |
  "\(.node):\(.ifname) \(.local)>\(.remote) \(.dev) \(.master)"]}]' \
  "$tmp/links.json")" = "$(jq -nc --arg a "$A" --arg b "$B" '[{name: "vx42",
  type: "vxlan", vni: 42, n: ["\($a):vx42 110.9.0.1>110.9.0.2 underlay br0",
  "\($b):vx42 110.9.0.2>110.9.0.1 underlay br0"]}]')" ] ||
	net_fail "show links tunnels: $(jq -c .tunnels "$tmp/links.json")"
[ "$(ip -n $A -d -j link show vx42 | jq -r '.[0].linkinfo.info_data |
  "\(.id) \(.local)>\(.remote)"')" = "42 110.9.0.1>110.9.0.2" ] ||
	net_fail "ip -d disagrees on vx42 in $A"
"$OVTSH" -c "show links" >"$tmp/links.txt" || net_fail "show links (text)"
grep -qx "  $HA:eth0 32.9.0.2/24 <-> $A:h1-eth0 \[br0\]" "$tmp/links.txt" ||
	net_fail "no cable line in: $(cat "$tmp/links.txt")"
echo "net_fdb_links: ok"
