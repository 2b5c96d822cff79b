#!/bin/bash
# capture_container.sh - live capture inside a Docker container's network
# namespace: a labbox container (network none, labelled with the test's
# lab), wired with a veth to a test namespace; a ping from the namespace is
# captured on the container's eth1 by "capture interface eth1 container".
set -u
lab=ovtc$$ ct=ovtcct$$ ns=ovtcN$$
tmp=$(mktemp -d /tmp/ovtc-ct.XXXXXX)
cleanup() {
	[ -n "${cap:-}" ] && kill "$cap" 2>/dev/null
	docker rm -f "$ct" >/dev/null 2>&1
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

docker info >/dev/null 2>&1 || { echo "no Docker engine"; exit 77; }
docker image inspect labbox >/dev/null 2>&1 || { echo "no labbox image"; exit 77; }
docker run -d --name "$ct" --network none --label "ovtsh.lab=$lab" \
	--cap-add NET_ADMIN --cap-add NET_RAW labbox >/dev/null ||
	fail "docker run"
pid=$(docker inspect -f '{{.State.Pid}}' "$ct") || fail "inspect"
ip netns add "$ns" || fail "netns"
ip -n "$ns" link add eth0 type veth peer name eth1 netns "$pid" || fail "veth"
ip -n "$ns" addr add 32.0.0.2/24 dev eth0
ip -n "$ns" link set eth0 up
nsenter -t "$pid" -n ip addr add 32.0.0.3/24 dev eth1 || fail "addr in ct"
nsenter -t "$pid" -n ip link set eth1 up

OVTSH_LAB=$lab "$OVTSH" -c "capture interface eth1 container $ct filter icmp count 4" \
	>"$tmp/out" 2>&1 &
cap=$!
for _ in $(seq 1 50); do
	[ "$(nsenter -t "$pid" -n cat /proc/net/packet | wc -l)" -gt 1 ] && break
	kill -0 "$cap" 2>/dev/null || break
	sleep 0.1
done
for _ in $(seq 1 20); do
	kill -0 "$cap" 2>/dev/null || break
	ip netns exec "$ns" ping -c 1 -W 1 32.0.0.3 >/dev/null
done
wait "$cap"; rc=$?
cap=
cat "$tmp/out"
if grep -q "docker client not built" "$tmp/out"; then
	echo "docker client not on this branch yet"
	exit 77
fi
[ $rc = 0 ] || fail "exit status $rc"
grep -q 'IP 32.0.0.2 > 32.0.0.3: ICMP echo request, id [0-9]*, seq [0-9]*, length 64$' \
	"$tmp/out" || fail "no echo request"
grep -q 'IP 32.0.0.3 > 32.0.0.2: ICMP echo reply' "$tmp/out" || fail "no reply"
grep -q '^4 packets captured, [0-9]* received by filter, 0 dropped by kernel$' \
	"$tmp/out" || fail "summary"

# an interface that only exists in the host is not found in the container
OVTSH_LAB=$lab "$OVTSH" -c "capture interface ovtcnone$$ container $ct count 1" \
	>"$tmp/err" 2>&1 && fail "missing interface accepted"
cat "$tmp/err"
grep -q "container $ct: interface ovtcnone$$: " "$tmp/err" || fail "error text"
echo ok
