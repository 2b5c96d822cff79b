#!/bin/bash
# iperf_faults - trace/bench iperf when things go wrong: no iperf3 binary,
# the port taken, a client that cannot connect, a missing node, an unknown
# syscall, Ctrl-C mid-run, ovtsh itself killed mid-run.  Each time: one
# clear message and no iperf3 left (pgrep).
set -u
. "$(dirname "$0")/lib/ovtt.sh"
ovtt_need ip iperf3 python3 pgrep
OVTT_LISTENER=
cleanup() {
	[ -n "$OVTT_LISTENER" ] && kill "$OVTT_LISTENER" 2>/dev/null && wait "$OVTT_LISTENER" 2>/dev/null
	ovtt_cleanup
}
trap cleanup EXIT
ovtt_netns || { fail "netns setup"; exit 1; }
PORT=$((20000 + $$ % 20000))
OVTT_TMP=$(mktemp -d /tmp/ovtt.XXXXXX)
S="server hypervisor $OVTT_A client hypervisor $OVTT_B port $PORT"

# no iperf3 in PATH
err=$(PATH=/nonexistent "$OVTSH" -c "trace iperf $S time 1" 2>&1); rc=$?
check "no iperf3: fails" test $rc -ne 0
check "no iperf3: message" grep -q "iperf3: command not found in PATH" <<<"$err"
err=$(PATH=/nonexistent "$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 100 time 1 port $PORT" 2>&1)
check "bench, no iperf3: message" grep -q "iperf3: command not found in PATH" <<<"$err"

# the port taken by another listener in the server's namespace
ip netns exec "$OVTT_A" python3 -c "
import socket, time
s = socket.socket(socket.AF_INET6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(('::', $PORT)); s.listen(); time.sleep(60)" &
OVTT_LISTENER=$!
sleep 0.5
start=$(date +%s)
err=$("$OVTSH" -c "trace iperf $S time 1" 2>&1); rc=$?
echo "$err" | tail -2
check "port in use: fails" test $rc -ne 0
check "port in use: message" grep -q "iperf3 server: unable to start listener for connections: Address already in use" <<<"$err"
check "port in use: quick" test $(( $(date +%s) - start )) -lt 10
kill "$OVTT_LISTENER"; wait "$OVTT_LISTENER" 2>/dev/null; OVTT_LISTENER=
no_stray "iperf3.*-p $PORT"

# a client that cannot connect: the server is not left waiting
err=$("$OVTSH" -c "trace iperf $S address 101.0.0.99 time 1" 2>&1); rc=$?
echo "$err" | tail -1
check "unreachable: fails" test $rc -ne 0
check "unreachable: client's message" grep -q "iperf3 client: unable to connect to server" <<<"$err"
no_stray "iperf3.*-p $PORT"

# missing node, unknown syscall, bad address: refused before anything runs
err=$("$OVTSH" -c "trace iperf server hypervisor ovttnope$$ client hypervisor $OVTT_B" 2>&1)
check "missing node: message" grep -q "no hypervisor 'ovttnope$$'" <<<"$err"
err=$("$OVTSH" -c "trace iperf $S syscalls read,ovttbogus" 2>&1)
check "unknown syscall: message" grep -q "unknown syscall 'ovttbogus'" <<<"$err"

# Ctrl-C mid-run: what was counted is printed, nothing left
"$OVTSH" -c "trace iperf $S time 30" >"$OVTT_TMP/int.out" 2>&1 &
pid=$!
sleep 2.5
start=$(date +%s)
kill -INT $pid
wait $pid; rc=$?
check "ctrl-c: fails" test $rc -ne 0
check "ctrl-c: quick" test $(( $(date +%s) - start )) -lt 8
check "ctrl-c: interrupted" grep -q "interrupted" "$OVTT_TMP/int.out"
check "ctrl-c: counted so far" grep -Eq ' read$' "$OVTT_TMP/int.out"
no_stray "iperf3.*-p $PORT"

"$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 1000,2000 time 30 port $PORT" >"$OVTT_TMP/bint.out" 2>&1 &
pid=$!
sleep 2
kill -INT $pid
wait $pid
check "bench ctrl-c: message" grep -q "interrupted after 0 of 2 lengths" "$OVTT_TMP/bint.out"
no_stray "iperf3.*-p $PORT"

# ovtsh killed: the traced server dies with it (EXITKILL), the client too
"$OVTSH" -c "trace iperf $S time 30" >/dev/null 2>&1 &
pid=$!
sleep 2.5
kill -KILL $pid
wait $pid 2>/dev/null
no_stray "iperf3.*-p $PORT"

[ $OVTT_FAILS -eq 0 ] || { echo "$OVTT_FAILS checks failed"; exit 1; }
echo "all checks passed"
