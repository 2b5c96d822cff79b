#!/bin/bash
# explain_docker.sh - "explain" of container lines: the docker commands
# (create, start) and the ip commands run inside the container's
# namespace through nsenter, checked word for word, then run with bash
# after "clear lab": the container's configuration and the kernel state
# (container and hypervisor) must be what ovtsh built from the same lines.
set -u
cd "${OVTSH_TOP:-$(dirname "$0")/../..}"
. tests/integration/docker_lib.bash
export OVTSH_LAB=ovxd$$
H=ovxd$$h C=ovxd$$c
tmp=$(mktemp -d /tmp/ovxd.XXXXXX)

cleanup() {
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	docker rm -f "$C" >/dev/null 2>&1
	ip netns del "$H" 2>/dev/null
	rm -rf "$tmp"
}
docker_need
command -v jq >/dev/null || skip "jq not installed"
trap cleanup EXIT
ip netns list | grep -qw "$H" && fail "namespace $H exists already"

# The container's settings that docker create makes, and both nodes'
# links, addresses and routes (normalized as in explain_equiv.sh).
state() {
	docker inspect "$C" | jq -S '.[0] | { image: .Config.Image,
	    cmd: .Config.Cmd, hostname: .Config.Hostname,
	    stop: .Config.StopSignal, net: .HostConfig.NetworkMode,
	    caps: [ .HostConfig.CapAdd[] | ltrimstr("CAP_") ],
	    running: .State.Running }'
	local pid
	pid=$(docker inspect -f '{{.State.Pid}}' "$C")
	for ipc in "ip -n $H" "nsenter -t $pid -n ip"; do
		echo "== ${ipc%% -t*}"
		$ipc -d -j link | jq -S '[ .[] | { ifname, mtu, master,
		    up: ((.flags // []) | index("UP") != null),
		    kind: .linkinfo.info_kind } ] | sort_by(.ifname)'
		# lo aside: NetworkDisabled (no docker CLI flag) leaves
		# its ::1, which "docker create --network none" removes
		$ipc -j addr | jq -S '[ .[] | select(.ifname != "lo") |
		    { ifname, addrs: ([ .addr_info[]
		    | select(.scope != "link") | "\(.local)/\(.prefixlen)" ]
		    | sort) } ] | sort_by(.ifname)'
		$ipc -j route | jq -S '[ .[] | { dst, gateway, dev, scope } ]
		    | sort_by(.dst)'
	done
}

cat >"$tmp/lab" <<EOF
hypervisor $H
 bridge br0
exit
explain container $C
container $C
 explain image labbox
 image labbox
 explain connect eth1 hypervisor $H bridge br0 address 10.73.0.2/24
 connect eth1 hypervisor $H bridge br0 address 10.73.0.2/24
 explain route default via 10.73.0.1
 route default via 10.73.0.1
exit
EOF
pid="\$(docker inspect -f '{{.State.Pid}}' $C)"
cat >"$tmp/want" <<EOF
# nothing to run: this line changes nothing by itself
docker create --name $C --hostname $C --network none --cap-add NET_ADMIN --cap-add NET_RAW --cap-add SYS_ADMIN --stop-signal SIGKILL labbox sleep infinity  # and NetworkDisabled (API only: no sandbox at all)
docker start $C
nsenter -t $pid -n ip link add eth1 type veth peer name eth1 netns $H
nsenter -t $pid -n ip link set eth1 up
nsenter -t $pid -n ip addr add 10.73.0.2/24 dev eth1
ip -n $H link set eth1 master br0 up
nsenter -t $pid -n ip route add default via 10.73.0.1
EOF
ovt -f "$tmp/lab"
[ "$rc" = 0 ] || fail "ovtsh: $out"
# the explained lines, without the script's recap ("N changed, ...")
diff -u "$tmp/want" <(printf '%s\n' "$out" |
	grep -Ev '^[0-9]+ changed, [0-9]+ unchanged, [0-9]+ removed, 0 failed$') ||
	fail "explained text differs"
ok "container lines explained as docker create/start and nsenter ... ip"
state >"$tmp/ovtsh.state" || fail "cannot read state"

ovt -c "clear lab"
[ "$rc" = 0 ] || fail "clear lab: $out"
docker inspect "$C" >/dev/null 2>&1 && fail "clear lab left $C"
grep -v '^#' "$tmp/want" >"$tmp/explained.sh"
# the hypervisor line was not explained: make it the same way
{ echo "ip netns add $H"; echo "ip -n $H link set lo up"
  echo "ip -n $H link add br0 type bridge"; echo "ip -n $H link set br0 up"
  cat "$tmp/explained.sh"; } >"$tmp/run.sh"
bash -e "$tmp/run.sh" >/dev/null || fail "the explained commands failed"
state >"$tmp/bash.state" || fail "cannot read state"
diff -u "$tmp/ovtsh.state" "$tmp/bash.state" ||
	fail "the explained commands build another container than ovtsh"
ok "the explained docker and ip commands build what ovtsh builds"
