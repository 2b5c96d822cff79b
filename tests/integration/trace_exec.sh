#!/bin/bash
# trace_exec - "trace exec" on tests/helpers/sc_counts, whose syscall
# counts are known: exactly N getppid and 10 failing close(-1) per worker.
# Exact counts with and without a seccomp filter, threads and forks
# followed, the node's namespace entered, and the faults: missing program,
# unknown syscall, Ctrl-C, a tracee killed, ovtsh itself killed.
# OVTT_METHOD=ebpf runs it all under "method ebpf" (trace_exec_ebpf.sh):
# the same exact counts; only the default placement differs (nothing
# stops, so nothing shares a CPU unless one is named).
set -u
. "$(dirname "$0")/lib/ovtt.sh"
ovtt_need ip python3 pgrep
trap ovtt_cleanup EXIT
[ -x "$OVTT_HELPER" ] || { echo "helper $OVTT_HELPER not built"; exit 77; }
H=$OVTT_HELPER
M=${OVTT_METHOD:+method $OVTT_METHOD }
OVTT_TMP=$(mktemp -d /tmp/ovtt.XXXXXX)

# 1. exact counts, text and JSON
out=$("$OVTSH" -c "trace exec ${M}$H 1000")
check "text: 1000 getppid" grep -Eq ' 1000 +0 getppid$' <<<"$out"
check "text: 10 failing close" grep -Eq ' 10 close$' <<<"$out"
check "text: exit status 3" grep -q '^exit status 3$' <<<"$out"
check "text: the method above the table" grep -q "^method ${OVTT_METHOD:-ptrace}: " <<<"$out"
js=$("$OVTSH" -c "trace exec ${M}json $H 1000")
check "json: getppid 1000/0" pyj '[s for s in d["syscalls"] if s["name"]=="getppid" and s["calls"]==1000 and s["errors"]==0]' <<<"$js"
check "json: close errors 10" pyj '[s for s in d["syscalls"] if s["name"]=="close" and s["errors"]==10]' <<<"$js"
check "json: exit_status 3" pyj 'd["exit_status"]==3' <<<"$js"
check "json: method ${OVTT_METHOD:-ptrace}" pyj "d['method']=='${OVTT_METHOD:-ptrace}' and d['method_note'] is None and d['lost']==0" <<<"$js"
check "json: keys of a syscall" pyj 'all(set(s)=={"name","calls","errors","total_s","avg_us","min_us","max_us"} for s in d["syscalls"])' <<<"$js"
check "json: min <= avg <= max" pyj 'all(s["min_us"]<=s["avg_us"]+1e-9 and s["avg_us"]<=s["max_us"]+1e-9 for s in d["syscalls"])' <<<"$js"

# 2. threads and a forked child: 4 workers
js=$("$OVTSH" -c "trace exec ${M}json $H 1000 2 1")
check "threads+fork: 4000 getppid" pyj '[s for s in d["syscalls"] if s["name"]=="getppid" and s["calls"]==4000]' <<<"$js"
check "threads+fork: 40 close errors" pyj '[s for s in d["syscalls"] if s["name"]=="close" and s["errors"]==40]' <<<"$js"

# 3. the seccomp filter: only the listed syscalls, same exact counts
js=$("$OVTSH" -c "trace exec ${M}syscalls getppid,close json $H 1000 2 1")
check "filter: only getppid and close" pyj 'sorted(s["name"] for s in d["syscalls"])==["close","getppid"]' <<<"$js"
check "filter: 4000 getppid" pyj '[s for s in d["syscalls"] if s["name"]=="getppid" and s["calls"]==4000]' <<<"$js"
check "filter: 40 close errors" pyj '[s for s in d["syscalls"] if s["name"]=="close" and s["errors"]==40]' <<<"$js"

# 4. in a hypervisor's namespace: the program sees its interfaces
ovtt_netns || { fail "netns setup"; exit 1; }
out=$("$OVTSH" -c "trace exec hypervisor $OVTT_A ${M}ip -o link")
check "hypervisor: sees ${OVTT_A}v" grep -q "${OVTT_A}v" <<<"$out"
check "hypervisor: not the other end" bash -c "! grep -q '${OVTT_B}v@' <<<'$out'"

# in hypervisor mode the node is the mode's
# (a mode enters only the lab's own namespaces: tag its lo as ovtsh would)
ip -n "$OVTT_A" link set lo alias "ovtsh:ovtt$$"
out=$(OVTSH_LAB=ovtt$$ "$OVTSH" -c "hypervisor $OVTT_A" -c "trace exec ${M}ip -o link")
check "hypervisor mode: its namespace" grep -q "${OVTT_A}v" <<<"$out"
# JSON stays valid when the program prints: its output goes to stderr
js=$("$OVTSH" -c "trace exec ${M}json echo ovtt-printed" 2>"$OVTT_TMP/stderr")
check "json + program output: valid JSON" pyj 'd["exit_status"]==0' <<<"$js"
check "json + program output: on stderr" grep -q ovtt-printed "$OVTT_TMP/stderr"

# 5. bad input: one clear line, nothing left running
err=$("$OVTSH" -c "trace exec ${M}ovttnosuchprogram" 2>&1); rc=$?
check "missing program fails" test $rc -ne 0
check "missing program: message" grep -q "ovttnosuchprogram: command not found in PATH" <<<"$err"
err=$("$OVTSH" -c "trace exec ${M}syscalls getppid,ovttbogus $H" 2>&1)
check "unknown syscall: message" grep -q "unknown syscall 'ovttbogus'" <<<"$err"
err=$("$OVTSH" -c "trace exec hypervisor ovttnope$$ ${M}$H" 2>&1)
check "missing node: message" grep -q "no hypervisor 'ovttnope$$'" <<<"$err"

# 6. Ctrl-C: the tracee is killed, the summary still printed
"$OVTSH" -c "trace exec ${M}$H 900000001" >"$OVTT_TMP/int.out" 2>&1 &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid; rc=$?
check "ctrl-c: command fails" test $rc -ne 0
check "ctrl-c: interrupted said" grep -q "interrupted" "$OVTT_TMP/int.out"
check "ctrl-c: counted so far printed" grep -Eq ' [0-9]+ +0 getppid$' "$OVTT_TMP/int.out"
no_stray "$H 900000001"

# 7. the tracee killed from outside: reported, summary printed
"$OVTSH" -c "trace exec ${M}$H 900000002" >"$OVTT_TMP/kill.out" 2>&1 &
pid=$!
sleep 1.5
pkill -KILL -P $pid -x sc_counts
wait $pid
check "killed tracee: exit status 137" grep -q '^exit status 137$' "$OVTT_TMP/kill.out"
check "killed tracee: signal reported" grep -q "killed by signal 9" "$OVTT_TMP/kill.out"

# 8. ovtsh killed: the tracee must not outlive it (PTRACE_O_EXITKILL)
"$OVTSH" -c "trace exec ${M}syscalls getppid $H 900000003" >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -KILL $pid
wait $pid 2>/dev/null
no_stray "$H 900000003"

# 9. placement: tracer and tracee share one CPU, ovtsh's mask comes back
MINE=$(ovtt_mycpus)
LAST=${MINE##*,}
"$OVTSH" -c "trace exec ${M}cp /proc/self/status $OVTT_TMP/auto" >/dev/null
got=$(ovtt_cpus "$OVTT_TMP/auto")
if [ "${OVTT_METHOD:-ptrace}" = ebpf ]; then
	check "default, ebpf: the tracee on all of ours ($got)" test "$got" = "$MINE"
else
	check "default: the tracee on one CPU ($got)" grep -qx "[0-9][0-9]*" <<<"$got"
	check "default: one of ours ($MINE)" grep -qw "$got" <<<"${MINE//,/ }"
fi
"$OVTSH" -c "trace exec cpu $LAST ${M}sh -c 'cp /proc/\$PPID/status $OVTT_TMP/tracer; cp /proc/self/status $OVTT_TMP/tracee'" >/dev/null
check "cpu $LAST: the tracee there" test "$(ovtt_cpus "$OVTT_TMP/tracee")" = "$LAST"
check "cpu $LAST: its tracer there too" test "$(ovtt_cpus "$OVTT_TMP/tracer")" = "$LAST"
taskset -c "$LAST" "$OVTSH" -c "trace exec ${M}cp /proc/self/status $OVTT_TMP/ts" >/dev/null
check "default under taskset -c $LAST: CPU $LAST" test "$(ovtt_cpus "$OVTT_TMP/ts")" = "$LAST"
"$OVTSH" -c "trace exec cpu $LAST ${M}true" -c "trace exec cpu any ${M}cp /proc/self/status $OVTT_TMP/any" >/dev/null
check "cpu any after a pinned run: every CPU again ($MINE)" test "$(ovtt_cpus "$OVTT_TMP/any")" = "$MINE"
err=$("$OVTSH" -c "trace exec cpu $((LAST+1)) ${M}touch $OVTT_TMP/ran" 2>&1); rc=$?
check "unavailable CPU fails" test $rc -ne 0
check "unavailable CPU: message" grep -q "CPU $((LAST + 1)) is not available: ovtsh may use CPU" <<<"$err"
check "unavailable CPU: nothing ran" test ! -e "$OVTT_TMP/ran"
err=$("$OVTSH" -c "trace exec cpu 5000 ${M}touch $OVTT_TMP/ran" 2>&1)
check "cpu out of range: message" grep -q "invalid input: 5000 is out of range (0-1023)" <<<"$err"
check "cpu out of range: nothing ran" test ! -e "$OVTT_TMP/ran"

[ $OVTT_FAILS -eq 0 ] || { echo "$OVTT_FAILS checks failed"; exit 1; }
echo "all checks passed"
