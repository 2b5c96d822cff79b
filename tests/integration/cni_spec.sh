#!/bin/bash
# cni_spec.sh - the ovtsh CNI plugin driven as a runtime drives it
# (environment + stdin) against namespaces this test creates, with
# Debian's reference plugins (host-local for IPAM; portmap, bandwidth and
# tuning chained after it): VERSION, STATUS, ADD (every result field,
# checked again with ip -j), CHECK clean and after tampering, GC, DEL
# twice and after the netns is gone, a chain, every error code, a failed
# ADD that leaves nothing, and clear lab removing what the plugin made.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
. ./cni_lib.sh
[ -x "$CNI_REF/host-local" ] ||
	{ echo "needs containernetworking-plugins ($CNI_REF/host-local)"; exit 77; }
L=cnis$$ HV=cnhv$$ P1=cnp1$$ P2=cnp2$$
export OVTSH_LAB=$L
tmp=$(mktemp -d /tmp/cnispec.XXXXXX)
CNI_BIN=$tmp/bin
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in $HV $P1 $P2 cnq1$$ cnq2$$ cnq3$$ cnq4$$; do
		[ -e "/run/netns/$n" ] && ip netns del "$n"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- plugin said:"; cat "$tmp/out" 2>/dev/null; exit 1; }
cni_bin_dir "$CNI_BIN"

"$OVTSH" -c "hypervisor $HV" || fail "hypervisor"
ip netns add $P1 && ip netns add $P2 || fail "pod namespaces"

# A configuration of version $1 (and extra keys $2, a jq object).
conf() {
	jq -nc --arg v "$1" --arg lab $L --arg hv $HV --arg dir "$tmp/ipam" \
	  --argjson extra "${2:-{\}}" '{
	  cniVersion: $v, name: "podnet", type: "ovtsh", lab: $lab,
	  hypervisor: $hv, bridge: "cbr0",
	  vxlan: {vni: 42, port: 4789, remotes: ["10.255.0.2", "10.255.0.3"]},
	  ipam: {type: "host-local", dataDir: $dir,
	    ranges: [[{subnet: "10.42.0.0/16", rangeStart: "10.42.1.10",
	               rangeEnd: "10.42.1.50", gateway: "10.42.1.1"}]],
	    routes: [{dst: "0.0.0.0/0", gw: "10.42.1.1"}, {dst: "10.96.0.0/12"}]}
	  } + $extra'
}
C11=$(conf 1.1.0)
C10=$(conf 1.0.0)
leases() { ls "$tmp/ipam/podnet" 2>/dev/null | grep -c '^10\.42\.'; }

# --- VERSION -------------------------------------------------------------
cni VERSION "" "" "" '{"cniVersion":"1.0.0"}' || fail "VERSION"
jq -e '.cniVersion == "1.0.0" and (.supportedVersions |
  index("0.4.0") and index("1.0.0") and index("1.1.0"))' "$tmp/out" \
  >/dev/null || fail "VERSION answer"

# --- STATUS --------------------------------------------------------------
cni STATUS "" "" "" "$C11" || fail "STATUS of a ready network"
[ -s "$tmp/out" ] && fail "STATUS printed something"
cni STATUS "" "" "" "$(conf 1.1.0 '{"hypervisor":"nohv'$$'"}')" &&
	fail "STATUS without the bridge's node"
[ "$(cni_code)" = 50 ] || fail "STATUS without node: code $(cni_code)"
cni STATUS "" "" "" "$(conf 1.1.0 '{"ipam":{"type":"nosuchipam"}}')" &&
	fail "STATUS without the IPAM plugin"
[ "$(cni_code)" = 50 ] || fail "STATUS without IPAM: code $(cni_code)"

# --- ADD -----------------------------------------------------------------
cni ADD c1 /run/netns/$P1 eth0 "$C11" || fail "ADD"
cp "$tmp/out" "$tmp/r1"
jq -e '.cniVersion == "1.1.0" and (.interfaces | length) == 3
  and .interfaces[0].name == "cbr0" and .interfaces[2].name == "eth0"
  and .interfaces[2].sandbox == "/run/netns/'$P1'"
  and .interfaces[2].mtu == 1450 and (.interfaces[1].sandbox == null)
  and (.ips | length) == 1 and .ips[0].interface == 2
  and .ips[0].gateway == "10.42.1.1"
  and (.ips[0].address | test("^10\\.42\\.1\\.[0-9]+/16$"))
  and .routes == [{"dst":"0.0.0.0/0","gw":"10.42.1.1"},{"dst":"10.96.0.0/12"}]
  and .dns == {}' "$tmp/r1" >/dev/null || fail "ADD result fields"
ip1=$(jq -r '.ips[0].address' "$tmp/r1")
veth=$(jq -r '.interfaces[1].name' "$tmp/r1")
# ... and what the kernel says
ip -n $P1 -j addr show eth0 >"$tmp/k"
[ "$(jq -r '.[0].address' "$tmp/k")" = "$(jq -r '.interfaces[2].mac' "$tmp/r1")" ] ||
	fail "MAC differs from ip -j"
[ "$(jq -r '.[0].mtu' "$tmp/k")" = 1450 ] || fail "pod MTU not 1450"
[ "$(jq -r '.[0].operstate' "$tmp/k")" = UP ] || fail "pod eth0 not up"
[ "$(jq -r '.[0].addr_info[] | select(.family == "inet") |
  "\(.local)/\(.prefixlen)"' "$tmp/k")" = "$ip1" ] || fail "address not $ip1"
[ "$(ip -n $P1 -j route show default | jq -r '.[0].gateway + " " + .[0].dev')" \
  = "10.42.1.1 eth0" ] || fail "default route"
ip -n $P1 -j route show 10.96.0.0/12 | jq -e 'length == 1' >/dev/null ||
	fail "route 10.96.0.0/12"
ip -n $HV -d -j link show "$veth" >"$tmp/k"
jq -e '.[0].master == "cbr0" and .[0].mtu == 1450 and
  .[0].ifalias == "ovtsh:'$L' cni=podnet cid=c1 if=eth0" and
  .[0].linkinfo.info_kind == "veth"' "$tmp/k" >/dev/null ||
	fail "node end $veth in $HV: $(cat "$tmp/k")"
ip -n $HV -d -j link show vxlan42 | jq -e '.[0].master == "cbr0" and
  .[0].mtu == 1450 and .[0].linkinfo.info_data.id == 42 and
  .[0].linkinfo.info_data.port == 4789 and
  .[0].linkinfo.info_data.remote == "10.255.0.2"' >/dev/null ||
	fail "vxlan42 in $HV"
# the second remote: a flood entry (all-zero MAC) beside the first
[ "$(bridge -n $HV -j fdb show dev vxlan42 | jq -r '[.[] | select(.mac ==
  "00:00:00:00:00:00") | .dst] | sort | join(" ")')" = \
  "10.255.0.2 10.255.0.3" ] || fail "vxlan42 floods not to both remotes"
[ "$(leases)" = 1 ] || fail "one lease expected, $(leases)"
# the shell sees the plugin's objects as the lab's
"$OVTSH" -c "show interfaces hypervisor $HV" >"$tmp/show" || fail "show"
grep -q "^$veth .*cbr0" "$tmp/show" || fail "show interfaces: no $veth"

# --- CHECK clean, then after tampering ---------------------------------
chk() { cni CHECK c1 /run/netns/$P1 eth0 \
	"$(jq -c --slurpfile p "$tmp/r1" '. + {prevResult: $p[0]}' <<<"$C11")"; }
chk || fail "CHECK of an untouched attachment"
ip -n $P1 route del 10.96.0.0/12
chk && fail "CHECK missed a deleted route"
[ "$(cni_code)" = 100 ] && jq -e '.details | test("10.96.0.0/12")' \
	"$tmp/out" >/dev/null || fail "CHECK route: wrong error"
ip -n $P1 route add 10.96.0.0/12 dev eth0
chk || fail "CHECK after repair"
ip -n $P1 addr del "$ip1" dev eth0
chk && fail "CHECK missed a deleted address"
jq -e '.code == 100 and (.details | test("'"${ip1%/*}"'"))' "$tmp/out" \
	>/dev/null || fail "CHECK address: wrong error"
ip -n $P1 addr add "$ip1" dev eth0
# the last IPv4 address gone took the routes over it: put them back
ip -n $P1 route replace default via 10.42.1.1 dev eth0
ip -n $P1 route replace 10.96.0.0/12 dev eth0
ip -n $P1 link set eth0 mtu 1400
chk && fail "CHECK missed an MTU change"
ip -n $P1 link set eth0 mtu 1450
chk || fail "CHECK after the second repair"

# --- a second pod, then GC keeps only c1 --------------------------------
cni ADD c2 /run/netns/$P2 eth0 "$C11" || fail "ADD c2"
ip2=$(jq -r '.ips[0].address' "$tmp/out")
veth2=$(jq -r '.interfaces[1].name' "$tmp/out")
[ "$ip2" != "$ip1" ] || fail "c2 got c1's address"
[ "$(leases)" = 2 ] || fail "two leases expected"
cni GC "" "" "" "$(jq -c '. + {"cni.dev/valid-attachments":
  [{containerID: "c1", ifname: "eth0"}]}' <<<"$C11")" || fail "GC"
ip -n $HV link show "$veth2" >/dev/null 2>&1 && fail "GC left $veth2"
ip -n $P2 link show eth0 >/dev/null 2>&1 && fail "GC left eth0 in $P2"
ip -n $HV link show "$veth" >/dev/null 2>&1 || fail "GC removed c1's $veth"
[ "$(leases)" = 1 ] || fail "GC kept c2's lease"
# GC needs 1.1.0
cni GC "" "" "" "$(jq -c '. + {"cni.dev/valid-attachments": []}' <<<"$C10")" &&
	fail "GC of a 1.0.0 configuration"
[ "$(cni_code)" = 1 ] || fail "GC 1.0.0: code $(cni_code)"

# --- DEL, twice; DEL of a netns already gone ------------------------------
cni DEL c1 /run/netns/$P1 eth0 "$C11" || fail "DEL"
ip -n $HV link show "$veth" >/dev/null 2>&1 && fail "DEL left $veth"
ip -n $P1 link show eth0 >/dev/null 2>&1 && fail "DEL left eth0"
[ "$(leases)" = 0 ] || fail "DEL kept the lease"
cni DEL c1 /run/netns/$P1 eth0 "$C11" || fail "second DEL"
cni ADD c3 /run/netns/$P2 eth0 "$C10" || fail "ADD 1.0.0"
jq -e '.cniVersion == "1.0.0" and (.interfaces[2] | has("mtu") | not)' \
	"$tmp/out" >/dev/null || fail "1.0.0 result shape"
cni ADD c4 /run/netns/$P1 eth0 "$(conf 0.4.0)" || fail "ADD 0.4.0"
jq -e '.cniVersion == "0.4.0" and .ips[0].version == "4"' "$tmp/out" \
	>/dev/null || fail "0.4.0 result shape"
cni DEL c4 /run/netns/$P1 eth0 "$(conf 0.4.0)" || fail "DEL 0.4.0"
ip netns del $P2
cni DEL c3 /run/netns/$P2 eth0 "$C10" || fail "DEL of a netns gone"
[ "$(leases)" = 0 ] || fail "DEL of a netns gone kept the lease"
ip -n $HV -d -j link | jq -e '[.[] | select(.linkinfo.info_kind ==
  "veth")] | length == 0' >/dev/null || fail "a veth survived DEL"
ip netns add $P2

# --- ADDs in parallel, as a runtime starts pods, on a bridge none made:
# every one succeeds (the bridge made once), each with its own address
PC=$(jq -c '.name = "parnet" | .bridge = "pbr0" | .vxlan.vni = 43' <<<"$C11")
for i in 1 2 3 4; do ip netns add cnq$i$$ || fail "netns cnq$i$$"; done
for i in 1 2 3 4; do
	printf '%s' "$PC" | CNI_COMMAND=ADD CNI_CONTAINERID=q$i \
	  CNI_NETNS=/run/netns/cnq$i$$ CNI_IFNAME=eth0 \
	  CNI_PATH="$CNI_BIN:$CNI_REF" "$CNI_BIN/ovtsh" >"$tmp/q$i" &
done
wait
for i in 1 2 3 4; do
	jq -r '.ips[0].address // "FAILED: \(.details)"' "$tmp/q$i"
done | sort | uniq >"$tmp/qips"
[ "$(grep -c '^10\.42\.1\.' "$tmp/qips")" = 4 ] ||
	fail "parallel ADDs: $(cat "$tmp/qips")"
for i in 1 2 3 4; do
	cni DEL q$i /run/netns/cnq$i$$ eth0 "$PC" || fail "DEL q$i"
	ip netns del cnq$i$$
done

# --- errors: every code, as an error object, exit non-zero -------------
err() {                  # code what cmd cid netns ifname conf
	local want=$1 what=$2; shift 2
	cni "$@" && fail "$what succeeded"
	jq -e --argjson c "$want" '.code == $c and (.msg | length) > 0 and
	  (.cniVersion | length) > 0' "$tmp/out" >/dev/null ||
		fail "$what: expected code $want"
}
err 1 "version 0.3.1" ADD e1 /run/netns/$P1 eth0 "$(conf 0.3.1)"
err 2 "ipMasq" ADD e1 /run/netns/$P1 eth0 "$(conf 1.1.0 '{"ipMasq":true}')"
err 3 "a missing netns" ADD e1 /run/netns/nopod$$ eth0 "$C11"
err 4 "no container id" ADD "" /run/netns/$P1 eth0 "$C11"
err 4 "a bad command" FROB e1 /run/netns/$P1 eth0 "$C11"
err 4 "a netns that is no netns" ADD e1 /etc/hostname eth0 "$C11"
CNI_COMMAND=ADD CNI_CONTAINERID=e1 CNI_NETNS=/run/netns/$P1 CNI_IFNAME=eth0 \
CNI_PATH=$CNI_BIN:$CNI_REF "$CNI_BIN/ovtsh" <&- >"$tmp/out" &&
	fail "a closed stdin succeeded"
[ "$(cni_code)" = 5 ] || fail "closed stdin: code $(cni_code)"
err 6 "bad JSON" ADD e1 /run/netns/$P1 eth0 '{"cniVersion": '
err 7 "no ipam" ADD e1 /run/netns/$P1 eth0 "$(jq -c 'del(.ipam)' <<<"$C11")"
err 11 "a missing hypervisor" ADD e1 /run/netns/$P1 eth0 \
	"$(conf 1.1.0 '{"hypervisor":"nohv'$$'"}')"
[ "$(leases)" = 0 ] || fail "a refused ADD left a lease"
# a failure after IPAM answered: the pod has lo already, so its veth end
# cannot be made; the lease goes back and no veth stays
err 100 "an interface the pod has" ADD e2 /run/netns/$P1 lo "$C11"
[ "$(leases)" = 0 ] || fail "a failed ADD kept its lease"
ip -n $HV -d -j link | jq -e '[.[] | select(.linkinfo.info_kind ==
  "veth")] | length == 0' >/dev/null || fail "a failed ADD left a veth"

# --- a chain: ovtsh, tuning, bandwidth, portmap (prevResult passed on);
# run inside the hypervisor, the node whose runtime would run them: the
# node end of the veth is in the namespace bandwidth looks in, and
# portmap's iptables rules go there, not to the host
list=$(jq -nc --argjson c "$C10" '{cniVersion: "1.0.0", name: "podnet",
  plugins: [($c | del(.cniVersion, .name)),
    {type: "tuning", sysctl: {"net.ipv4.conf.eth0.arp_notify": "1"}},
    {type: "bandwidth", ingressRate: 8000000, ingressBurst: 100000},
    {type: "portmap", capabilities: {portMappings: true},
     runtimeConfig: {portMappings: [{hostPort: 18080, containerPort: 80,
       protocol: "tcp"}]}}]}')
chain() { ip netns exec $HV bash -c "$(declare -f cni_chain cni_run \
	cni_plugin_path); tmp=$tmp CNI_BIN=$CNI_BIN CNI_REF=$CNI_REF \
	cni_chain \"\$@\"" _ "$@"; }
chain ADD "$list" k1 /run/netns/$P1 eth0 || fail "chain ADD"
jq -e '.interfaces[2].name == "eth0" and
  (.ips[0].address | startswith("10.42.1."))' "$tmp/result" >/dev/null ||
	fail "the chain lost the ovtsh result"
kveth=$(jq -r '.interfaces[1].name' "$tmp/result")
[ "$(ip netns exec $P1 cat /proc/sys/net/ipv4/conf/eth0/arp_notify)" = 1 ] ||
	fail "tuning did not run on prevResult"
tc -n $HV qdisc show dev "$kveth" | grep -q tbf || fail "bandwidth: no tbf on $kveth"
ip netns exec $HV iptables -t nat -S 2>/dev/null | grep -q "dport 18080" ||
	fail "portmap: no rule for 18080"
# portmap's own CHECK fails on a pod without IPv6 ("could not check ipv6
# dnat": it looks for an ip6tables chain it never made), so CHECK runs
# through the other three
chain CHECK "$(jq -c 'del(.plugins[3])' <<<"$list")" k1 /run/netns/$P1 eth0 ||
	fail "chain CHECK"
chain DEL "$list" k1 /run/netns/$P1 eth0 || fail "chain DEL"
ip -n $HV link show "$kveth" >/dev/null 2>&1 && fail "chain DEL left $kveth"
[ "$(leases)" = 0 ] || fail "chain DEL kept the lease"

# --- clear lab takes what the plugin made --------------------------------
cni ADD c5 /run/netns/$P1 eth0 "$C11" || fail "ADD c5"
"$OVTSH" -c 'clear lab' >/dev/null || fail "clear lab"
[ -e /run/netns/$HV ] && fail "clear lab left $HV"
# the kernel destroys a deleted namespace's links (their veth peers with
# them) asynchronously
for i in $(seq 50); do
	ip -n $P1 link show eth0 >/dev/null 2>&1 || break
	sleep 0.1
done
ip -n $P1 link show eth0 >/dev/null 2>&1 && fail "clear lab left eth0 in $P1"
echo "cni spec: ok"
