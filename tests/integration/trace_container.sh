#!/bin/bash
# trace_container - trace iperf and bench iperf with a Docker container as
# one endpoint: the host's iperf3 runs inside the container's network
# namespace (the image need not have iperf3).  The container is made here
# (network none, a veth moved into it), removed on exit; packets/s is
# counted on the server's interface in either kind.  Skips when
# dockerd or the labbox image is missing, or ovtsh lacks the Docker client.
# OVTT_METHOD=ebpf traces under "method ebpf" (trace_container_ebpf.sh).
set -u
. "$(dirname "$0")/lib/ovtt.sh"
ovtt_need ip iperf3 python3 pgrep docker nsenter
CT=ovtt$$c
cleanup() {
	docker rm -f "$CT" >/dev/null 2>&1
	ovtt_cleanup
}
trap cleanup EXIT
docker image inspect labbox >/dev/null 2>&1 || { echo "no labbox image (make docker-up)"; exit 77; }
docker run -d --network none --name "$CT" --label ovtsh.test=ovtt labbox sleep 600 >/dev/null ||
	{ echo "cannot start a container"; exit 77; }
pid=$(docker inspect -f '{{.State.Pid}}' "$CT")
ip netns add "$OVTT_B" &&
ip link add "${OVTT_B}v" type veth peer name "${CT}v" &&
ip link set "${OVTT_B}v" netns "$OVTT_B" &&
ip link set "${CT}v" netns "$pid" &&
ip -n "$OVTT_B" addr add 101.0.0.2/24 dev "${OVTT_B}v" &&
ip -n "$OVTT_B" link set "${OVTT_B}v" up &&
nsenter -t "$pid" -n ip addr add 101.0.0.1/24 dev "${CT}v" &&
nsenter -t "$pid" -n ip link set "${CT}v" up &&
nsenter -t "$pid" -n ip link set lo up || { fail "topology"; exit 1; }
PORT=$((20000 + $$ % 20000))
M=${OVTT_METHOD:+ method $OVTT_METHOD}

out=$("$OVTSH" -c "trace iperf server container $CT client hypervisor $OVTT_B time 1 syscalls read port $PORT$M" 2>&1)
rc=$?
if grep -q "docker client not built" <<<"$out"; then
	echo "ovtsh built without the Docker client"
	exit 77
fi
echo "$out" | tail -4
check "container server: succeeds" test $rc -eq 0
check "container server: address found with libnl inside it" grep -q 'reported by iperf3 (traced run)' <<<"$out"
check "container server: traced by ${OVTT_METHOD:-ptrace}" grep -q "^method ${OVTT_METHOD:-ptrace}: " <<<"$out"
[ -x "$OVTT_HELPER" ] || { fail "helper $OVTT_HELPER not built"; exit 1; }
js=$("$OVTSH" -c "trace exec container $CT${M} json $OVTT_HELPER 1000 2 1")
check "trace exec in the container: exact counts" pyj 'd["method"]=="'"${OVTT_METHOD:-ptrace}"'" and [s for s in d["syscalls"] if s["name"]=="getppid" and s["calls"]==4000]' <<<"$js"
js=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to container $CT lengths 1600 time 1 port $PORT trace$M json" 2>&1)
check "bench trace, container server: its reads counted" pyj 'd["method"]=="'"${OVTT_METHOD:-ptrace}"'" and [s for s in d["results"][0]["syscalls"] if s["name"]=="read" and s["calls"]>0]' <<<"$js"
no_stray "iperf3.*-p $PORT"
no_stray "iperf3.*-p $PORT"
js=$("$OVTSH" -c "bench iperf from container $CT to hypervisor $OVTT_B lengths 1600 time 1 port $PORT json" 2>&1)
check "container client: bench result" pyj 'd["results"][0]["bps"]>0' <<<"$js"
check "hypervisor server: packets counted on its veth" pyj 'd["results"][0]["packets_per_s"]>0' <<<"$js"
no_stray "iperf3.*-p $PORT"
js=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to container $CT lengths 1600 time 1 port $PORT json" 2>&1)
check "container server: packets counted inside the container" pyj 'd["results"][0]["packets_per_s"]>0 and d["results"][0]["packet_bytes"]>0' <<<"$js"
no_stray "iperf3.*-p $PORT"
err=$("$OVTSH" -c "trace iperf server container ovttnope$$ client hypervisor $OVTT_B time 1" 2>&1)
check "missing container: message" grep -qi "ovttnope$$" <<<"$err"

[ $OVTT_FAILS -eq 0 ] || { echo "$OVTT_FAILS checks failed"; exit 1; }
echo "all checks passed"
