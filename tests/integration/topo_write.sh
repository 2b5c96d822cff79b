#!/bin/bash
# topo_write.sh - write topology on a small lab1-like lab (net_vxlab: two
# hypervisors with bridges, a veth underlay, VXLAN vni 42 between the
# bridges, a host behind each), a cable from the host's namespace and a
# tunnel with one end (to a remote address outside the lab): the DOT file,
# read back with gvpr, has exactly the lab's nodes (hypervisors as boxes,
# the host a house, bridges as their own nodes, the remote address) and
# exactly its edges (each cable with the interface names and addresses at
# its ends, each bridge bound to its node, each tunnel dashed and labelled
# with its vni), as many as show links lists; the SVG parses and names
# every node; the PNG is a PNG; a symlink is refused and its target left
# alone; an unknown suffix writes nothing.  show topology (text) names
# each interface's peer.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
command -v gvpr >/dev/null && command -v xmllint >/dev/null ||
	{ echo "needs gvpr (graphviz) and xmllint (libxml2-utils)"; exit 77; }
export OVTSH_LAB=ovtp$$
A=tpA$$ B=tpB$$ HA=tphA$$ HB=tphB$$ HL=tpl$$
net_vxlab_up $A $B $HA $HB
# a cable from the host (no address there: the host's network is not the
# lab's to change)
"$OVTSH" -c "hypervisor host" -c "connect $HL hypervisor $A peer hostp bridge br0" ||
	net_fail "cabling the host"
# a tunnel with one end in the lab: drawn to its remote address
"$OVTSH" -c "tunnel vx9" -c "type vxlan" -c "vni 9" \
	-c "endpoint hypervisor $B local 110.9.0.2 dev underlay remote 110.9.0.77" \
	-c "exit" || net_fail "the one-ended tunnel"
"$OVTSH" -c "write topology $tmp/lab.dot" -c "write topology $tmp/lab.svg" \
	-c "write topology $tmp/lab.png" >"$tmp/out" 2>&1 ||
	net_fail "write topology: $(cat "$tmp/out")"
[ -s "$tmp/out" ] && net_fail "write topology printed: $(cat "$tmp/out")"

# --- DOT: the nodes, each with its label and its kind's shape --------------------
dot -Tcanon "$tmp/lab.dot" >/dev/null 2>"$tmp/err" ||
	net_fail "the .dot does not parse: $(cat "$tmp/err")"
gvpr 'N { printf("%s|%s|%s\n", $.name, $.label, $.shape) }' "$tmp/lab.dot" |
	sort >"$tmp/nodes"
printf '%s\n' "hv:$A|$A|box" "hv:$B|$B|box" "hv:$HA|$HA|box" \
	"hv:$HB|$HB|box" "hv:$A/br0|br0|" "hv:$B/br0|br0|" "host|host|house" \
	"remote:110.9.0.77|110.9.0.77|plaintext" |
	sort >"$tmp/want"
diff -u "$tmp/want" "$tmp/nodes" >"$tmp/diff" ||
	net_fail "DOT nodes differ: $(cat "$tmp/diff")"

# --- DOT: the edges, each end with its label, in a canonical order ----
gvpr 'E { printf("%s|%s|%s|%s|%s|%s\n", tail.name, $.taillabel,
  head.name, $.headlabel, $.style, $.label) }' "$tmp/lab.dot" |
	awk -F'|' '{ if ($1 > $3) print $3 "|" $4 "|" $1 "|" $2 "|" $5 "|" $6;
		     else print }' | sort >"$tmp/edges"
# (the labels hold Graphviz's line break, a backslash and an n)
nl='\n'
sort >"$tmp/want" <<EOF
hv:$A|underlay${nl}110.9.0.1/24|hv:$B|underlay${nl}110.9.0.2/24||
hv:$A||hv:$A/br0||bold|
hv:$B||hv:$B/br0||bold|
hv:$A/br0|h1-eth0|hv:$HA|eth0${nl}32.9.0.2/24||
hv:$B/br0|h2-eth0|hv:$HB|eth0${nl}32.9.0.3/24||
hv:$A/br0|vx42${nl}110.9.0.1|hv:$B/br0|vx42${nl}110.9.0.2|dashed|vxlan vni 42
host|$HL|hv:$A/br0|hostp||
hv:$B|vx9${nl}110.9.0.2|remote:110.9.0.77||dashed|vxlan vni 9
EOF
diff -u "$tmp/want" "$tmp/edges" >"$tmp/diff" ||
	net_fail "DOT edges differ: $(cat "$tmp/diff")"
# as many cables (plain edges) as show links has, one tunnel
"$OVTSH" -c "show links json" >"$tmp/links.json" || net_fail "show links"
ncables=$(awk -F'|' '$5 == ""' "$tmp/edges" | wc -l)
[ "$ncables" = "$(jq '.links | length' "$tmp/links.json")" ] ||
	net_fail "$ncables cable edges, show links has $(jq '.links | length' "$tmp/links.json")"
[ "$(awk -F'|' '$5 == "dashed"' "$tmp/edges" | wc -l)" = \
  "$(jq '.tunnels | length' "$tmp/links.json")" ] ||
	net_fail "tunnel edges and show links' tunnels differ"

# --- SVG: well-formed XML, every node's name in it ---------------------
xmllint --noout "$tmp/lab.svg" 2>"$tmp/err" ||
	net_fail "the SVG does not parse: $(cat "$tmp/err")"
for n in $A $B $HA $HB br0; do
	grep -q ">$n</text>" "$tmp/lab.svg" || net_fail "no $n in the SVG"
done
# --- PNG: the signature ----------------------------------------------
[ "$(head -c 8 "$tmp/lab.png" | od -An -tx1 | tr -d ' \n')" = \
  89504e470d0a1a0a ] || net_fail "lab.png is not a PNG"

# --- a symlink is refused, never followed -----------------------------
echo keep >"$tmp/target"
ln -s "$tmp/target" "$tmp/link.svg"
"$OVTSH" -c "write topology $tmp/link.svg" >"$tmp/out" 2>&1 &&
	net_fail "write topology through a symlink succeeded"
grep -q "cannot write '$tmp/link.svg'" "$tmp/out" ||
	net_fail "symlink: wrong error: $(cat "$tmp/out")"
[ "$(cat "$tmp/target")" = keep ] && [ -L "$tmp/link.svg" ] ||
	net_fail "the symlink or its target was changed"
# --- an unknown suffix: a clear error, no file ------------------------
"$OVTSH" -c "write topology $tmp/lab.jpg" >"$tmp/out" 2>&1 &&
	net_fail "write topology lab.jpg succeeded"
grep -q "unknown picture format" "$tmp/out" ||
	net_fail "jpg: wrong error: $(cat "$tmp/out")"
[ -e "$tmp/lab.jpg" ] && net_fail "lab.jpg was written"

# --- the text view: each interface and its peer -----------------------
"$OVTSH" -c "show topology" >"$tmp/topo.txt" || net_fail "show topology"
grep -Eq "^  h1-eth0 +\[br0\] <-> $HA:eth0\$" "$tmp/topo.txt" &&
grep -Eq "^  vx42 +\[br0\] <=> $B:vx42 vxlan vni 42 remote 110\.9\.0\.2\$" \
	"$tmp/topo.txt" &&
grep -Eq "^  eth0 +32\.9\.0\.3/24 <-> $B:h2-eth0\$" "$tmp/topo.txt" &&
grep -Eq "^host\$" "$tmp/topo.txt" &&
grep -Eq "^  $HL +<-> $A:hostp\$" "$tmp/topo.txt" &&
grep -Eq "^  br0 +bridge: h1-eth0 hostp vx42\$" "$tmp/topo.txt" &&
grep -Eq "^  vx9 +<=> vxlan vni 9 remote 110\.9\.0\.77\$" "$tmp/topo.txt" ||
	net_fail "show topology: $(cat "$tmp/topo.txt")"
awk 'length($0) > 80 { exit 1 }' "$tmp/topo.txt" ||
	net_fail "show topology passes 80 columns"
echo "topo_write: ok"
