#!/bin/bash
# docker_lab2.sh - labs/lab2.script, the reference lab, against the real
# dockerd and kernel:
#   - replay: every container up with the lab's label, the message about
#     GRE shown; customers ping across the VXLAN overlay both ways (ovtsh
#     exec and, independently, docker exec);
#   - replay again: no error, the same containers (same ids, no extra) and
#     the same addresses, links and routes - read with the docker CLI and
#     "nsenter -t PID -n ip -j addr" / "ip -n NS", not with ovtsh;
#   - running-config round trip: write it, clear lab, replay the file, the
#     same state (ids aside) and the ping again;
#   - clear lab leaves no container, namespace or lab interface.
# lab2 uses the course's fixed names (ns1, ns2, lc1, ...): when any exists
# already this test refuses to run rather than touch it.
set -u
. "$(dirname "$0")/docker_lib.bash"
docker_need
TOP=${OVTSH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
LAB2=$TOP/labs/lab2.script
CTS="cs2 cs3 cs5 cs6 lc1 lc2 sc1 sc2"
NSS="ns1 ns2"
for c in $CTS; do
	docker inspect "$c" >/dev/null 2>&1 &&
		{ echo "docker_lab2: container '$c' exists; lab2 needs the name (not touching it)" >&2; exit 1; }
done
for n in $NSS; do
	[ -e "/run/netns/$n" ] &&
		{ echo "docker_lab2: namespace '$n' exists; lab2 needs the name (not touching it)" >&2; exit 1; }
done
tmp=$(mktemp -d /tmp/ovtd-lab2.XXXXXX)
cleanup() {
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	docker_cleanup
	for n in $NSS; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# "ifname addr/len" lines of a namespace, from ip -j (no jq needed)
ns_addrs() {    # ip-args...
	"$@" -j -4 addr show | sed 's/},{"ifindex"/}\n{"ifindex"/g' |
	while IFS= read -r obj; do
		ifn=$(grep -o '"ifname":"[^"]*"' <<<"$obj" | head -n 1 | cut -d'"' -f4)
		grep -o '"local":"[^"]*","prefixlen":[0-9]*' <<<"$obj" |
			sed "s/\"local\":\"\\([^\"]*\\)\",\"prefixlen\":\\(.*\\)/$ifn \\1\\/\\2/"
	done | sort
}
# One node's state: links (name, kind via master), addresses, routes.
ns_state() {    # ip-args...
	"$@" -o link show | sed 's/^[0-9]*: //; s/@[^:]*:/:/' |
		awk '{m=""; for (i=1;i<=NF;i++) if ($i=="master") m=$(i+1);
		      sub(/:$/, "", $1); print "link", $1, m}' | sort
	ns_addrs "$@" | sed 's/^/addr /'
	"$@" -4 route show | sed 's/^/route /' | sort
}
# The whole lab as the docker CLI and ip see it; $1=ids adds container ids.
snapshot() {
	local c pid
	docker ps -a --filter "label=ovtsh.lab=$OVTSH_LAB" \
		--format '{{.Names}} {{.State}} {{.Image}}' | sort
	for c in $CTS; do
		[ "${1:-}" = ids ] && echo "$c id $(ct_id "$c")"
		pid=$(ct_pid "$c")
		[ -n "$pid" ] && [ "$pid" != 0 ] || { echo "$c no pid"; continue; }
		ns_state nsenter -t "$pid" -n ip | sed "s/^/$c /"
		echo "$c forward $(nsenter -t "$pid" -n cat /proc/sys/net/ipv4/ip_forward)"
	done
	for n in $NSS; do
		ns_state ip -n "$n" | sed "s/^/$n /"
	done
}
pings() {      # both directions across the overlay
	ovt -c "container cs5" -c "exec ping -c 2 -W 2 32.0.0.2"
	[ "$rc" -eq 0 ] && grep -q " 0% packet loss" <<<"$out" ||
		fail "cs5 -> 32.0.0.2 (ovtsh exec): $out"
	docker exec cs2 ping -c 2 -W 2 32.0.0.5 >"$tmp/ping" 2>&1 ||
		fail "cs2 -> 32.0.0.5 (docker exec): $(cat "$tmp/ping")"
	docker exec cs3 ping -c 1 -W 2 32.0.0.6 >"$tmp/ping" 2>&1 ||
		fail "cs3 -> 32.0.0.6 (docker exec): $(cat "$tmp/ping")"
}

# -- first replay
ovt -f "$LAB2"
[ "$rc" -eq 0 ] || fail "replay lab2: $out"
grep -q "no GRE" <<<"$out" || fail "lab2 did not say it routes around GRE: $out"
n=$(docker ps -q --filter "label=ovtsh.lab=$OVTSH_LAB" | wc -l)
[ "$n" -eq 8 ] || fail "$n running lab containers, want 8"
for c in $CTS; do
	[ "$(docker inspect -f '{{.HostConfig.NetworkMode}}' "$c")" = none ] ||
		fail "$c not in network mode none"
done
snapshot ids >"$tmp/s1"
grep -q "^lc2 addr eth2 104.0.0.2/24$" "$tmp/s1" &&
	grep -q "^sc1 addr to-lc2 102.0.0.1/24$" "$tmp/s1" &&
	grep -q "^ns1 link vx42 br1$" "$tmp/s1" &&
	grep -q "^ns2 link cs5 br3$" "$tmp/s1" &&
	grep -q "^lc1 forward 1$" "$tmp/s1" &&
	grep -q "^lc1 route default via 101.0.0.1" "$tmp/s1" ||
	fail "lab2 state lacks expected parts: $(cat "$tmp/s1")"
ok "lab2 built: 8 containers, $(grep -c ' addr ' "$tmp/s1") addresses"
pings
ok "customers ping across the overlay (cs5 -> cs2, cs2 -> cs5, cs3 -> cs6)"
# the path, seen by tcpdump on the lc2-sc1 link inside sc1: VXLAN vni 42
# from ns2 to ns1 with the customers' ICMP inside (only frames that carry
# IPv4: ARPs refreshing the entries lab2's own expect lines made, and the
# customers' IPv6 router solicitations, may come first)
if command -v tcpdump >/dev/null; then
	timeout 10 nsenter -t "$(ct_pid sc1)" -n tcpdump -nn -l -c 4 \
		-i to-lc2 "udp port 4789 and udp[28:2] = 0x0800" >"$tmp/cap" 2>/dev/null &
	cap=$!
	sleep 0.5
	docker exec cs5 ping -c 4 -i 0.2 -W 2 32.0.0.2 >/dev/null 2>&1
	wait $cap
	grep -q "IP 111.0.0.2.[0-9]* > 110.0.0.2.4789: VXLAN.* vni 42" \
		"$tmp/cap" && grep -q "IP 32.0.0.5 > 32.0.0.2: ICMP echo request" \
		"$tmp/cap" || fail "no VXLAN on the lc2-sc1 link: $(cat "$tmp/cap")"
	ok "on the lc2-sc1 link: $(grep -m1 "VXLAN" "$tmp/cap" | cut -d' ' -f2-)"
fi
ovt -c "show containers json"
[ "$rc" -eq 0 ] &&
	grep -q "\"name\":\"lc2\",\"state\":\"running\",\"pid\":$(ct_pid lc2),\"image\":\"labbox\",\"interfaces\":\[{\"name\":\"eth0\",\"up\":true,\"addresses\":\[\"111.0.0.1/24\"[],]" <<<"$out" &&
	grep -q '"name":"eth2","up":true,"addresses":\["104.0.0.2/24"[],]' <<<"$out" ||
	fail "show containers json: $out"
ovt -c "show containers"
grep -Eq "^sc1 +running +$(ct_pid sc1) +labbox +to-lc1 101.0.0.1/24, to-lc2 102.0.0.1/24$" <<<"$out" ||
	fail "show containers: $out"
ok "show containers: interfaces and addresses read inside the containers"

# -- second replay: nothing changes
ovt -f "$LAB2"
[ "$rc" -eq 0 ] || fail "second replay of lab2: $out"
snapshot ids >"$tmp/s2"
diff -u "$tmp/s1" "$tmp/s2" >"$tmp/d" || fail "replay changed the lab: $(cat "$tmp/d")"
n=$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB" | wc -l)
[ "$n" -eq 8 ] || fail "$n lab containers after the second replay, want 8"
ok "second replay: same containers (ids), addresses, links, routes"

# -- running-config round trip
ovt -c "write $tmp/lab2.run"
[ "$rc" -eq 0 ] && [ -s "$tmp/lab2.run" ] || fail "write: $out"
snapshot >"$tmp/s3"
ovt -c "clear lab"
[ "$rc" -eq 0 ] || fail "clear lab: $out"
[ -z "$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB")" ] ||
	fail "containers left after clear lab"
ovt -f "$tmp/lab2.run"
[ "$rc" -eq 0 ] || fail "replay of the running-config: $out"
snapshot >"$tmp/s4"
diff -u "$tmp/s3" "$tmp/s4" >"$tmp/d" ||
	fail "round trip differs: $(cat "$tmp/d")"
pings
ok "running-config round trip: same state, customers ping"

# -- clear lab leaves nothing
ovt -c "clear lab"
[ "$rc" -eq 0 ] || fail "final clear lab: $out"
[ -z "$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB")" ] ||
	fail "containers left after clear lab"
for n in $NSS; do
	[ -e "/run/netns/$n" ] && fail "namespace $n left after clear lab"
done
ip -d -o link show | grep -q "alias ovtsh:$OVTSH_LAB" &&
	fail "lab interfaces left in the host namespace"
ok "clear lab: no container, namespace or interface left"
exit 0
