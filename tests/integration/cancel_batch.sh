#!/bin/bash
# cancel_batch.sh - Ctrl-C (SIGINT) in a replay (-f, -c), as a user sees it:
#   a live capture ends with its summary and the script goes on;
#   a traced program is killed, "interrupted", the script stops (exit 1);
#   waiting for the lab lock, or between two lines, ovtsh dies of SIGINT
#   (a shell running it stops too), and started with SIGINT ignored (a
#   background job of a script) it ignores it there, as it did.
# Everything happens in a namespace of this test's own.
set -u
[ "$(id -u)" = 0 ] || { echo "skipped: needs root (namespaces)"; exit 77; }
NS=ovtk$$
T=$(mktemp -d /tmp/ovtk.XXXXXX)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	ip netns del "${NS}x" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }
# run ovtsh in the background with SIGINT at its default action (as from a
# terminal); its pid in $pid
bg_default() {
	env --default-signal=INT "$OVTSH" "$@" >"$T/out" 2>&1 &
	pid=$!
	pids+=("$pid")
}
# wait for $pid to end (5 s at most); its status in $rc
reap() {
	timeout 5 tail --pid="$pid" -f /dev/null ||
		{ cat "$T/out"; fail "$1: still running"; }
	wait "$pid"
	rc=$?
}
until_out() {          # wait until the output holds $1 (5 s at most)
	local i
	for i in $(seq 1 50); do
		grep -q -- "$1" "$T/out" && return 0
		sleep 0.1
	done
	cat "$T/out"
	fail "no '$1' in the output"
}

ip netns add "$NS" || fail "netns add"
ip -n "$NS" link set lo up || fail "lo up"
export OVTSH_LAB=ovtk$$ OVTSH_LOCK_DIR=$T

# 1. a live capture in a script: the summary, then the next line
cat >"$T/cap.script" <<EOF
capture interface lo hypervisor $NS filter icmp
echo after-capture
EOF
bg_default -f "$T/cap.script"
for i in $(seq 1 50); do
	[ "$(ip netns exec "$NS" cat /proc/net/packet | wc -l)" -gt 1 ] && break
	sleep 0.1
done
ip netns exec "$NS" ping -c 2 -i 0.2 127.0.0.1 >/dev/null
sleep 0.3
kill -INT "$pid"
reap "capture"
cat "$T/out"
[ "$rc" = 0 ] || fail "capture script: exit status $rc, want 0"
grep -q '^[0-9]* packets captured, [0-9]* received by filter, 0 dropped by kernel$' \
	"$T/out" || fail "no capture summary"
grep -q 'ICMP echo request' "$T/out" || fail "nothing captured"
grep -q '^after-capture$' "$T/out" || fail "the script did not go on"
ok "capture: summary, and the script went on"

# 2. a traced program: killed, counted so far, the script stops
bg_default -c "trace exec hypervisor $NS sleep 30" -c "echo after-trace"
sleep 1
kill -INT "$pid"
reap "trace"
[ "$rc" = 1 ] || { cat "$T/out"; fail "trace: exit status $rc, want 1"; }
grep -q "interrupted: sleep killed, counted so far:" "$T/out" ||
	fail "trace: no 'interrupted' note"
grep -q "^exit status" "$T/out" || fail "trace: no table"
grep -q "after-trace" "$T/out" && fail "trace: the script went on"
[ -z "$(ip netns pids "$NS")" ] || fail "trace: sleep survived in $NS"
ok "trace: interrupted, table printed, the script stopped"

# 3. waiting for the lab lock: ovtsh dies of SIGINT, nothing is made
flock "$T/$OVTSH_LAB.lock" sleep 30 &
pids+=($!)
sleep 0.3
bg_default --lock-wait 30 -c "hypervisor ${NS}x" -c "echo after-lock"
sleep 1
kill -INT "$pid"
reap "lock wait"
[ "$rc" = 130 ] || { cat "$T/out"; fail "lock wait: exit status $rc, want 130 (SIGINT)"; }
grep -q "after-lock" "$T/out" && fail "lock wait: the script went on"
ip netns list | grep -qw "${NS}x" && fail "lock wait: the namespace was made"
ok "lock wait: died of SIGINT, nothing made"

# ovtsh reading a script from a fifo (fd 3 writes it), run by "$@", and
# waiting for its next line once it has run the first
fifo_start() {
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	"$@" "$OVTSH" <"$T/fifo" >"$T/out" 2>&1 &
	pid=$!
	pids+=("$pid")
	exec 3>"$T/fifo"
	echo "echo first-line" >&3
	until_out "^first-line$"
}

# 4. between two lines (a script read from a pipe): dies of SIGINT
fifo_start env --default-signal=INT
kill -INT "$pid"
reap "between lines"
exec 3>&-
[ "$rc" = 130 ] || { cat "$T/out"; fail "between lines: exit status $rc, want 130"; }
ok "between lines: died of SIGINT"

# 5. started with SIGINT ignored (a script's background job): ignored
# between lines, as before; a traced program still stops on it
fifo_start command
kill -INT "$pid"
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "ignored SIGINT: ovtsh died"
echo "trace exec hypervisor $NS sleep 30" >&3
echo "echo after-ignored" >&3
sleep 1
kill -INT "$pid"
exec 3>&-
reap "ignored, trace"
[ "$rc" = 1 ] || { cat "$T/out"; fail "ignored, trace: exit status $rc, want 1"; }
grep -q "interrupted: sleep killed" "$T/out" || fail "ignored: trace not stopped"
grep -q "after-ignored" "$T/out" && fail "ignored: the script went on"
ok "SIGINT ignored at start: ignored between lines, a trace still stops"
exit 0
