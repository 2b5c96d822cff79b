#!/bin/bash
# cni_podman.sh - a real runtime: podman (its CNI backend) runs labbox
# containers on an ovtsh network spread over two lab nodes.  Two
# hypervisors joined by an underlay cable; one network per node (its own
# pod subnet 10.42.N.0/24 and host-local range, a route to the cluster's
# 10.42.0.0/16 on the link); the plugin makes each node's bridge and the
# VXLAN (vni 42) between them.  A container on node A pings one on node
# B across the overlay; podman rm tears down through DEL and leaves no
# veth, lease or route.  podman finds the plugin through containers.conf
# (cni_plugin_dirs in CONTAINERS_CONF): nothing is installed in /opt.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
. ./cni_lib.sh
command -v podman >/dev/null || { echo "podman is not installed"; exit 77; }
[ -x "$CNI_REF/host-local" ] ||
	{ echo "needs containernetworking-plugins ($CNI_REF/host-local)"; exit 77; }
export OVTSH_LAB=cnpm$$
A=cpA$$ B=cpB$$ IMG=localhost/cnilabbox$$ CA=cpa$$ CB=cpb$$
tmp=$(mktemp -d /tmp/cnipodman.XXXXXX)
CNI_BIN=$tmp/bin
cni_bin_dir "$CNI_BIN"
cat >"$tmp/containers.conf" <<EOF
[network]
network_backend = "cni"
cni_plugin_dirs = ["$CNI_BIN", "$CNI_REF"]
network_config_dir = "$tmp/net.d"
EOF
export CONTAINERS_CONF=$tmp/containers.conf
mkdir -p "$tmp/net.d"
pm() { podman --network-backend cni --cni-config-dir "$tmp/net.d" "$@"; }
had_labbox=$(podman image exists localhost/labbox && echo 1)
cleanup() {
	pm rm -f -t 0 $CA $CB >/dev/null 2>&1
	podman rmi $IMG >/dev/null 2>&1
	[ -z "$had_labbox" ] && podman rmi localhost/labbox >/dev/null 2>&1
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in $A $B; do
		[ -e "/run/netns/$n" ] && ip netns del "$n"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# the image: labbox from Docker (the project's tools build it there)
if ! podman image exists $IMG; then
	docker image inspect labbox >/dev/null 2>&1 ||
		"$OVTSH_TOP/tests/tools/docker-up.sh" >/dev/null 2>&1 ||
		fail "no labbox image in Docker"
	docker save labbox | podman load -q >/dev/null || fail "podman load"
	podman tag localhost/labbox $IMG || fail "podman tag"
fi
podman info >/dev/null 2>&1 || { echo "podman cannot run here"; exit 77; }

# the two nodes and their underlay, as the shell builds them
"$OVTSH" -c "hypervisor $A" -c "hypervisor $B" -c "hypervisor $A" \
	-c "connect underlay hypervisor $B address 10.9.0.1/24 peer-address 10.9.0.2/24" ||
	fail "building the nodes"
# one network per node: its pod subnet, VXLAN to the other node
netconf() {              # node nth local remote
	jq -n --arg net "cnpm$$$1" --arg lab "$OVTSH_LAB" --arg hv "$1" \
	  --arg n "$2" --arg loc "$3" --arg rem "$4" --arg dir "$tmp/ipam" '{
	  cniVersion: "1.0.0", name: $net, plugins: [{type: "ovtsh",
	    lab: $lab, hypervisor: $hv, bridge: "cbr0",
	    vxlan: {vni: 42, local: $loc, remotes: [$rem], dev: "underlay"},
	    ipam: {type: "host-local", dataDir: $dir,
	      ranges: [[{subnet: ("10.42." + $n + ".0/24")}]],
	      routes: [{dst: "10.42.0.0/16"}]}}]}'
}
netconf $A 1 10.9.0.1 10.9.0.2 >"$tmp/net.d/a.conflist"
netconf $B 2 10.9.0.2 10.9.0.1 >"$tmp/net.d/b.conflist"
run() {                  # name network
	pm run -d --name "$1" --network "$2" --ulimit nofile=1024:1024 \
	  --ulimit nproc=1024:1024 --cap-add NET_RAW $IMG sleep 600 >/dev/null
}
run $CA cnpm$$$A || fail "podman run on node A"
run $CB cnpm$$$B || fail "podman run on node B"

ipa=$(pm inspect $CA --format "{{(index .NetworkSettings.Networks \"cnpm$$$A\").IPAddress}}")
ipb=$(pm inspect $CB --format "{{(index .NetworkSettings.Networks \"cnpm$$$B\").IPAddress}}")
case $ipa in 10.42.1.*) ;; *) fail "container A got '$ipa'";; esac
case $ipb in 10.42.2.*) ;; *) fail "container B got '$ipb'";; esac
pm exec $CA ip -o addr show eth0 | grep -q "inet $ipa/24" ||
	fail "eth0 of A lacks $ipa/24"
pm exec $CA ip route | grep -q "^10.42.0.0/16 dev eth0" ||
	fail "A has no route to the cluster subnet"
pm exec $CA cat /sys/class/net/eth0/mtu | grep -qx 1450 || fail "A's MTU"
ip -n $A -d -j link show vxlan42 | jq -e '.[0].master == "cbr0" and
  .[0].linkinfo.info_data.id == 42' >/dev/null || fail "no vxlan42 in $A"
veths() { ip -n "$1" -d -j link | jq '[.[] | select(.linkinfo.info_kind ==
	  "veth" and .ifname != "underlay")] | length'; }
[ "$(veths $A)" = 1 ] && [ "$(veths $B)" = 1 ] || fail "one pod veth per node"

# across the overlay: A on node A pings B on node B
ok=
for try in 1 2 3; do
	pm exec $CA ping -c 2 -W 2 -q "$ipb" >/dev/null && ok=1 && break
done
[ -n "$ok" ] || fail "$CA ($ipa) cannot ping $CB ($ipb)"
# the echo crossed the VXLAN: node A's bridge learned B's MAC on vxlan42
macb=$(pm exec $CB cat /sys/class/net/eth0/address)
bridge -n $A -j fdb show br cbr0 | jq -e --arg m "$macb" '[.[] |
  select(.mac == $m and .ifname == "vxlan42")] | length > 0' >/dev/null ||
	fail "B's MAC was not learned on node A's vxlan42"

# podman rm: DEL through the plugin, nothing left
pm rm -f -t 0 $CA $CB >/dev/null || fail "podman rm"
[ "$(veths $A)" = 0 ] && [ "$(veths $B)" = 0 ] || fail "a veth survived podman rm"
ls "$tmp/ipam"/*/10.42.* >/dev/null 2>&1 && fail "a lease survived podman rm"
for n in $A $B; do
	ip -n $n -j route | jq -e '[.[] | select(.dst | startswith("10.42."))] |
	  length == 0' >/dev/null || fail "a pod route in $n"
done
echo "podman: $ipa pinged $ipb across VXLAN 42; podman rm left nothing"
