#!/bin/bash
# cni_lab.sh - labs/k8s.script is the overlay the plugin joins: replay it,
# attach one pod per node with the configuration its comment shows (no
# "vxlan" key: the lab's tunnel vx42 carries the pods), ping from the
# pod on knode1 to the pod on knode2, see the pods in show interfaces,
# DEL them, and clear lab.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
. ./cni_lib.sh
[ -x "$CNI_REF/host-local" ] ||
	{ echo "needs containernetworking-plugins ($CNI_REF/host-local)"; exit 77; }
export OVTSH_LAB=cnlb$$
NS=(knode1 knode2)
for n in "${NS[@]}"; do
	if [ -e "/run/netns/$n" ]; then
		echo "namespace $n already exists: labs/k8s.script uses the" \
		     "fixed names ${NS[*]}; refusing to run"
		exit 1
	fi
done
P1=cnlp1$$ P2=cnlp2$$
tmp=$(mktemp -d /tmp/cnilab.XXXXXX)
CNI_BIN=$tmp/bin
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in "${NS[@]}" $P1 $P2; do
		[ -e "/run/netns/$n" ] && ip netns del "$n"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$tmp/out" 2>/dev/null; exit 1; }
cni_bin_dir "$CNI_BIN"

"$OVTSH" -f "$OVTSH_TOP/labs/k8s.script" || fail "replaying labs/k8s.script"
ip netns add $P1 && ip netns add $P2 || fail "pod namespaces"
conf() {                 # node n
	jq -nc --arg lab $OVTSH_LAB --arg hv "$1" --arg n "$2" \
	  --arg dir "$tmp/ipam" '{cniVersion: "1.0.0", name: "k8s-pods",
	  type: "ovtsh", lab: $lab, hypervisor: $hv, bridge: "cbr0",
	  mtu: 1450, ipam: {type: "host-local", dataDir: $dir,
	    ranges: [[{subnet: ("10.42." + $n + ".0/24")}]],
	    routes: [{dst: "10.42.0.0/16"}]}}'
}
cni ADD pod1 /run/netns/$P1 eth0 "$(conf knode1 1)" || fail "ADD on knode1"
ip1=$(jq -r '.ips[0].address' "$tmp/out")
veth1=$(jq -r '.interfaces[1].name' "$tmp/out")
cni ADD pod2 /run/netns/$P2 eth0 "$(conf knode2 2)" || fail "ADD on knode2"
ip2=$(jq -r '.ips[0].address' "$tmp/out")
[ "${ip1%.*}" = 10.42.1 ] && [ "${ip2%.*}" = 10.42.2 ] ||
	fail "pod subnets: $ip1 $ip2"
# no second VXLAN: the lab's vx42 is the only one
[ "$(ip -n knode1 -d -j link | jq '[.[] | select(.linkinfo.info_kind ==
  "vxlan")] | length')" = 1 ] || fail "the plugin made a VXLAN of its own"
ok=
for try in 1 2 3; do
	ip netns exec $P1 ping -c 2 -W 2 -q "${ip2%/*}" >/dev/null && ok=1 && break
done
[ -n "$ok" ] || fail "pod1 ($ip1) cannot ping pod2 ($ip2) across vx42"
# the pod's node end is the lab's: the shell shows it as a port of cbr0
"$OVTSH" -c "show interfaces hypervisor knode1" >"$tmp/show" ||
	fail "show interfaces"
grep -q "^$veth1 .* cbr0 " "$tmp/show" ||
	{ cat "$tmp/show"; fail "show interfaces lacks $veth1"; }
cni DEL pod1 /run/netns/$P1 eth0 "$(conf knode1 1)" || fail "DEL pod1"
cni DEL pod2 /run/netns/$P2 eth0 "$(conf knode2 2)" || fail "DEL pod2"
ip -n knode1 link show "$veth1" >/dev/null 2>&1 && fail "DEL left $veth1"
# the lab itself is untouched by DEL
ip -n knode1 link show vx42 >/dev/null 2>&1 || fail "DEL took the lab's vx42"
"$OVTSH" -c 'clear lab' >/dev/null || fail "clear lab"
echo "labs/k8s.script: $ip1 pinged $ip2 across vx42"
