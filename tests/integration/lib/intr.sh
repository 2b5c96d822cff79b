# intr.sh - Ctrl-C to a replay, as typed in a terminal (sourced, not run).
#
#   intr_replay LOG PATTERN ovtsh-args...
# runs "$OVTSH ovtsh-args..." in the background with SIGINT at its default
# action, waits (10 s at most) for PATTERN in its output LOG, sends it
# SIGINT and waits 5 s at most for it to end.  Sets intr_rc to its exit
# status; intr_pid is the running ovtsh meanwhile, for a cleanup trap.
# Calls fail() (the test's own) when PATTERN never comes or ovtsh hangs.
intr_replay() {
	local log=$1 pat=$2
	shift 2
	env --default-signal=INT "$OVTSH" "$@" >"$log" 2>&1 &
	intr_pid=$!
	for _ in $(seq 1 100); do
		grep -q -- "$pat" "$log" && break
		sleep 0.1
	done
	grep -q -- "$pat" "$log" || fail "no '$pat' in the output: $(cat "$log")"
	kill -INT "$intr_pid"
	timeout 5 tail --pid="$intr_pid" -f /dev/null ||
		fail "ovtsh still runs 5 s after SIGINT"
	wait "$intr_pid"
	intr_rc=$?
	intr_pid=
}
