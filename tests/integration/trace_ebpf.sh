#!/bin/bash
# trace_ebpf - what only "method ebpf" has to show (trace_exec_ebpf.sh and
# trace_iperf_ebpf.sh rerun the ptrace tests under it): the whole table
# equals ptrace's, thousands of forks, a child in its own pid namespace,
# descendants that outlive the started program, nothing of BPF left when
# ovtsh is SIGKILLed mid-trace, and the faults: no BTF, no BPF, no
# privileges, a locked-memory limit of 0: each one clear line for "method
# ebpf" and a said fallback to ptrace for "auto" (the limit is no fault on
# this kernel: it runs).
set -u
. "$(dirname "$0")/lib/ovtt.sh"
ovtt_need python3 pgrep bpftool setpriv unshare
U=nobody
id "$U" >/dev/null 2>&1 || { echo "no user $U"; exit 77; }
trap ovtt_cleanup EXIT
[ -x "$OVTT_HELPER" ] || { echo "helper $OVTT_HELPER not built"; exit 77; }
H=$OVTT_HELPER
OVTT_TMP=$(mktemp -d /tmp/ovtt.XXXXXX)
rows='sorted((s["name"],s["calls"],s["errors"]) for s in d["syscalls"])'

# 1. the whole table, not only getppid: every syscall and error count of
# a deterministic program (a fork, no threads) equals ptrace's
for m in ptrace ebpf; do
	"$OVTSH" -c "trace exec method $m json $H 1000 0 1" |
		python3 -c "import json,sys; d=json.load(sys.stdin); print($rows, d['exit_status'])" >"$OVTT_TMP/$m"
done
check "whole table: ebpf = ptrace" cmp "$OVTT_TMP/ptrace" "$OVTT_TMP/ebpf"
check "whole table: execve counted once, as by ptrace" grep -q "('execve', 1, 0)" "$OVTT_TMP/ebpf"

# 2. thousands of forks, one after another: exact counts, nothing lost
js=$("$OVTSH" -c "trace exec method ebpf json $H 5 0 2000")
check "2000 forks: 10005 getppid" pyj '[s for s in d["syscalls"] if s["name"]=="getppid" and s["calls"]==10005]' <<<"$js"
check "2000 forks: 20010 failing close" pyj '[s for s in d["syscalls"] if s["name"]=="close" and s["errors"]==20010]' <<<"$js"
check "2000 forks: 2000 wait4, nothing lost" pyj '[s for s in d["syscalls"] if s["name"]=="wait4" and s["calls"]==2000] and d["lost"]==0' <<<"$js"

# 3. pid namespaces: the child is pid 1 in its own, counted by host pid
js=$("$OVTSH" -c "trace exec method ebpf json unshare --pid --fork $H 1000")
check "own pid namespace: 1000 getppid" pyj '[s for s in d["syscalls"] if s["name"]=="getppid" and s["calls"]==1000]' <<<"$js"

# 4. a descendant that outlives the started program is waited for (the
# shell calls getppid once itself: as many as ptrace counts)
gp='sum(s["calls"] for s in d["syscalls"] if s["name"]=="getppid")'
for m in ptrace ebpf; do
	"$OVTSH" -c "trace exec method $m json sh -c '$H 1000 & exit 0'" |
		python3 -c "import json,sys; d=json.load(sys.stdin); print($gp, d['exit_status'])" >"$OVTT_TMP/orphan.$m"
done
check "orphan followed to its end: $(cat "$OVTT_TMP/orphan.ebpf") = ptrace's" cmp "$OVTT_TMP/orphan.ptrace" "$OVTT_TMP/orphan.ebpf"
check "orphan: its 1000 getppid in it" test "$(cut -d' ' -f1 "$OVTT_TMP/orphan.ebpf")" -ge 1000

# 5. ovtsh SIGKILLed mid-trace: its programs and maps go with it (nothing
# pinned); ids from its fdinfo while it runs, gone afterwards
"$OVTSH" -c "trace exec method ebpf $H 900000004" >/dev/null 2>&1 &
pid=$!
ids=
for _ in $(seq 50); do
	ids=$(grep -hE '^(prog|map)_id:' /proc/$pid/fdinfo/* 2>/dev/null | sort -u | tr -d '\t' | tr '\n' ' ')
	[ "$(grep -o prog_id <<<"$ids" | wc -l)" -ge 4 ] && break
	sleep 0.1
done
check "while tracing: 4 programs and the maps held ($ids)" test "$(grep -o prog_id <<<"$ids" | wc -l)" -ge 4 -a "$(grep -o map_id <<<"$ids" | wc -l)" -ge 3
kill -KILL $pid
wait $pid 2>/dev/null
left=
for _ in $(seq 30); do
	left=
	for kv in $ids; do
		kind=${kv%%_id:*} id=${kv#*:}
		bpftool "$kind" show id "$id" >/dev/null 2>&1 && left="$left $kv"
	done
	[ -z "$left" ] && break
	sleep 0.1
done
check "ovtsh killed: no program or map left (${left:-none})" test -z "$left"
no_stray "$H 900000004"

# 6. a kernel without BTF (played by a missing file)
err=$(OVTSH_TRACE_BTF=/nonexistent/vmlinux "$OVTSH" -c "trace exec method ebpf $H 10" 2>&1); rc=$?
check "no BTF, ebpf: fails" test $rc -ne 0
check "no BTF, ebpf: one clear line" test "$(grep -c 'method ebpf: the kernel has no BTF (/nonexistent/vmlinux' <<<"$err") $(wc -l <<<"$err")" = "1 1"
out=$(OVTSH_TRACE_BTF=/nonexistent/vmlinux "$OVTSH" -c "trace exec method auto $H 1000" 2>&1)
check "no BTF, auto: falls back to ptrace and says why" grep -q '^method ptrace: .*(auto: method ebpf: the kernel has no BTF' <<<"$out"
check "no BTF, auto: ptrace's exact count" grep -Eq ' 1000 +0 getppid$' <<<"$out"

# 6b. a kernel without BPF (bpf(2) ENOSYS, played by a seccomp filter)
NOBPF=$(dirname "$H")/no_bpf
err=$("$NOBPF" "$OVTSH" -c "trace exec method ebpf $H 10" 2>&1); rc=$?
check "no BPF, ebpf: fails" test $rc -ne 0
check "no BPF, ebpf: one clear line" test "$(grep -c 'method ebpf: .*(this kernel has no BPF syscall)' <<<"$err") $(wc -l <<<"$err")" = "1 1"
out=$("$NOBPF" "$OVTSH" -c "trace exec method auto $H 1000" 2>&1)
check "no BPF, auto: falls back to ptrace and says why" grep -q '^method ptrace: .*(auto: method ebpf: .*no BPF syscall)' <<<"$out"
check "no BPF, auto: ptrace's exact count" grep -Eq ' 1000 +0 getppid$' <<<"$out"

# 7. no privileges (an unprivileged user; kernel.unprivileged_bpf_disabled)
chmod 0755 "$OVTT_TMP"
cp "$OVTSH" "$H" "$OVTT_TMP/" && mkdir -m 0700 "$OVTT_TMP/lock" && chown "$U" "$OVTT_TMP/lock"
asuser() {
	setpriv --reuid="$U" --regid="$(id -g "$U")" --clear-groups \
		env HOME="$OVTT_TMP" OVTSH_LOCK_DIR="$OVTT_TMP/lock" "$OVTT_TMP/ovtsh" "$@"
}
err=$(asuser -c "trace exec method ebpf $OVTT_TMP/sc_counts 10" 2>&1); rc=$?
echo "$err"
check "unprivileged, ebpf: fails" test $rc -ne 0
check "unprivileged, ebpf: one line that says root is needed" test "$(grep -c 'method ebpf: .*needs root, or CAP_BPF and CAP_PERFMON' <<<"$err") $(wc -l <<<"$err")" = "1 1"
out=$(asuser -c "trace exec method auto $OVTT_TMP/sc_counts 1000" 2>&1); rc=$?
check "unprivileged, auto: succeeds with ptrace" test $rc -eq 0
check "unprivileged, auto: says so" grep -q '^method ptrace: .*(auto: method ebpf: .*needs root' <<<"$out"
check "unprivileged, auto: exact count" grep -Eq ' 1000 +0 getppid$' <<<"$out"

# 8. RLIMIT_MEMLOCK 0: on kernels >= 5.11 BPF memory is charged to the
# memory cgroup, not the locked-memory limit, and libbpf >= 1.0 leaves
# the limit alone there: the method still runs, exactly
js=$(ulimit -l 0 && "$OVTSH" -c "trace exec method ebpf json $H 1000")
check "ulimit -l 0: ebpf runs, 1000 getppid" pyj 'd["method"]=="ebpf" and [s for s in d["syscalls"] if s["name"]=="getppid" and s["calls"]==1000]' <<<"$js"

# 9. auto where ebpf loads: ebpf, no note
js=$("$OVTSH" -c "trace exec method auto json $H 10")
check "auto as root: ebpf" pyj 'd["method"]=="ebpf" and d["method_note"] is None' <<<"$js"

[ $OVTT_FAILS -eq 0 ] || { echo "$OVTT_FAILS checks failed"; exit 1; }
echo "all checks passed"
