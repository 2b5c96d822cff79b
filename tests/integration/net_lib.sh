# net_lib.sh - shared by the net_*.sh integration tests (sourced, not run:
# it is not executable).  Reads kernel state with iproute2 and jq only,
# independent of ovtsh.

# Links of namespace $1 ("" = ours), normalized: what survives a rebuild
# (no ifindex, MAC, link-local address).  $2 = strict: keep ifindex+MAC.
net_links() {
	local ns=$1 strict=${2:-}
	local ipc=(ip); [ -n "$ns" ] && ipc=(ip -n "$ns")
	"${ipc[@]}" -d -j link | jq -S --arg strict "$strict" '
	  [ .[] | { ifname, mtu, master, ifalias,
	      up: ((.flags // []) | index("UP") != null),
	      kind: .linkinfo.info_kind,
	      data: ((.linkinfo.info_data // {}) |
	             {id, port, local, remote, link, key: .okey}) }
	        + (if $strict == "" then {} else {ifindex, address} end) ]
	  | sort_by(.ifname)'
}

net_addrs() {
	local ns=$1
	local ipc=(ip); [ -n "$ns" ] && ipc=(ip -n "$ns")
	"${ipc[@]}" -j addr | jq -S '
	  [ .[] | { ifname, addrs: ([ .addr_info[] | select(.scope != "link")
	      | "\(.local)/\(.prefixlen)" ] | sort) } ] | sort_by(.ifname)'
}

net_routes() {
	local ns=$1
	local ipc=(ip); [ -n "$ns" ] && ipc=(ip -n "$ns")
	"${ipc[@]}" -j route | jq -S 'sort_by(.dst)'
}

# Whole state of the namespaces given, one JSON document.
net_state() {          # strict|loose ns...
	local mode=$1 ns; shift
	for ns in "$@"; do
		echo "== $ns"
		net_links "$ns" "$([ "$mode" = strict ] && echo 1)"
		net_addrs "$ns"
		net_routes "$ns"
	done
}

# Every link of the host or of any namespace carrying alias prefix $1.
net_tagged_links() {
	local tag=$1 ns
	ip -j link | jq -r --arg t "$tag" '.[] | select((.ifalias // "") |
	  startswith($t)) | "host " + .ifname'
	for ns in $(ip netns list | awk '{print $1}'); do
		ip -n "$ns" -j link 2>/dev/null | jq -r --arg t "$tag" --arg n "$ns" \
		  '.[] | select((.ifalias // "") | startswith($t)) |
		   $n + " " + .ifname'
	done
}

# A small lab1: hypervisors $1 and $2 with bridges br0, a veth underlay
# (110.9.0.1 - 110.9.0.2), VXLAN vni 42 between them, host $3
# (32.9.0.2, port h1-eth0) behind $1 and host $4 (32.9.0.3, h2-eth0)
# behind $2; printed as a script.
net_vxlab() {
	cat <<EOF
hypervisor $1
 bridge br0
exit
hypervisor $2
 bridge br0
exit
hypervisor $1
 connect underlay hypervisor $2 address 110.9.0.1/24 peer-address 110.9.0.2/24
exit
hypervisor $3
 connect eth0 hypervisor $1 peer h1-eth0 bridge br0 address 32.9.0.2/24
exit
hypervisor $4
 connect eth0 hypervisor $2 peer h2-eth0 bridge br0 address 32.9.0.3/24
exit
tunnel vx42
 type vxlan
 vni 42
 dstport 4789
 endpoint hypervisor $1 local 110.9.0.1 dev underlay bridge br0
 endpoint hypervisor $2 local 110.9.0.2 dev underlay bridge br0
exit
EOF
}

net_fail() { echo "FAIL: $*"; exit 1; }

# Build net_vxlab $1..$4 from a script in a new temporary directory $tmp,
# and remove at exit the lab, the namespaces named (those four and any
# more the test makes) and $tmp, also when the test fails.
net_vxlab_up() {
	tmp=$(mktemp -d /tmp/ovnet.XXXXXX)
	net_vxlab_ns=("$@")
	trap net_vxlab_down EXIT
	net_vxlab "$1" "$2" "$3" "$4" >"$tmp/lab"
	"$OVTSH" -f "$tmp/lab" || net_fail "building the lab"
}
net_vxlab_down() {
	local n
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in "${net_vxlab_ns[@]}"; do
		[ -e "/run/netns/$n" ] && ip netns del "$n"
	done
	rm -rf "$tmp"
}

if ! command -v jq >/dev/null; then
	echo "needs jq to read ip -j output (apt-get install jq)"
	exit 77
fi
