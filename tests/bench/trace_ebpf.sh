#!/bin/bash
# trace_ebpf - the observer effect of each way to count an iperf3 server's
# syscalls, the same server, median of N runs (default 5):
#
#   untraced   the server alone
#   ebpf       ovtsh trace exec ... method ebpf   (counts in the kernel)
#   ptrace     ovtsh trace exec ... method ptrace (two stops per call)
#   strace     strace -f -c
#   bpftrace   bpftrace -e 'tracepoint:raw_syscalls:sys_enter /pid == N/
#              { @[args->id] = count(); }' attached to the running server
#
# for iperf3 -l 1000 and -l 1600: throughput kept as a percentage of the
# untraced median, with each method's spread (min-max, coefficient of
# variation), and peak RSS of the tracer (/usr/bin/time -f %M; the
# server's own for untraced).
#
# Measuring the tracer, not the scheduler: on a small shared machine
# iperf3's throughput follows where client and server happen to run and
# which of them is short of CPU.  So the server and its tracer run on one
# CPU, the client on another (taskset; a ptrace tracer must share its
# tracee's CPU, as ovtsh's does, or each stop is a cross-CPU wake-up; the
# kernel-counting tracers only sleep during the run, so one rule fits
# all); each run lasts -t SECS after -O OMIT seconds of warm-up; every
# run takes the methods in a rotated order, so drift hits all alike.
# Each length runs twice over: "free", the server as fast as the machine
# lets it (what a user sees; a server with idle time hides a tracer's
# cost), and "capped", the server and its tracer sharing a fixed CPU
# budget (a cpu cgroup, OVTB_QUOTA% of a CPU), so the server is always
# the bottleneck and the throughput kept is the tracer's cost alone,
# whatever else the machine runs.  A second view: the server's own CPU
# time per KB received (iperf3 -J's remote_total, the server's getrusage
# over the test), untraced against each method.  The eBPF program runs in
# the server's syscalls, so its whole cost shows there; ptrace's and
# strace's lies mostly in the tracer and the switches, left out of it.
#
# Then start-up: from launching each tool until the program it runs
# prints its first line (date +%s%N), median, and the same minus date run
# alone.  Last, syscall-bound: the cost each method adds per call, from
# the elapsed and the CPU time of tests/helpers/sc_counts making N
# getppid calls against none, beside the floor of the mechanism: empty
# BPF programs on the same tracepoints (tests/helpers/bpf_floor), which any
# syscall tracer there pays; from it, the most a CPU-bound server could
# keep under such a tracer (its calls per KB from ebpf's own figures).
# Goals: ebpf keeps >= 90% (aim 95%), more than bpftrace, and starts in
# < 100 ms; the verdicts are printed, with the load average at start and
# end (the figures of a loaded machine are noisier, never adjusted).
#
# bpftrace's tracepoints need tracefs, which this host does not mount: it
# runs in a private mount namespace (unshare -m) with tracefs mounted
# there, so the host's mounts are never touched.
#
#   tests/bench/trace_ebpf.sh [runs] [seconds]
#   env: OVTB_RUNS, OVTB_SECS (5), OVTB_OMIT (1), OVTB_LENGTHS
#   ("1000 1600"), OVTB_CALLS (300000), OVTB_CPUS (server and client
#   CPU, default the first two this shell may use; "" leaves placement to
#   the scheduler), OVTB_QUOTA (the CPU-bound runs' budget, 20-100% of a
#   CPU, default 20; 0 leaves those runs out)
set -u
RUNS=${1:-${OVTB_RUNS:-5}} SECS=${2:-${OVTB_SECS:-5}} OMIT=${OVTB_OMIT:-1}
LENGTHS=${OVTB_LENGTHS:-"1000 1600"}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export OVTSH_TOP=${OVTSH_TOP:-$TOP} OVTSH=${OVTSH:-$TOP/build/ovtsh}
. "$TOP/tests/integration/lib/ovtt.sh"
for p in iperf3 strace bpftrace python3 /usr/bin/time unshare ss date taskset; do
	command -v "$p" >/dev/null || { echo "skipped: $p not installed"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "skipped: needs root"; exit 77; }
[ -x "$OVTSH" ] || { echo "skipped: no $OVTSH"; exit 77; }
# the floor (below): empty programs on the ebpf method's tracepoints
FLOORBIN=$(dirname "$OVTT_HELPER")/bpf_floor
[ -x "$FLOORBIN" ] || { echo "skipped: no $FLOORBIN (make)"; exit 77; }
PORT=$((20000 + $$ % 20000))
OVTT_TMP=$(mktemp -d /tmp/ovtt-bench.XXXXXX)
T=$OVTT_TMP
CG=
cleanup() {
	pkill -9 -f "iperf3 -s -1 -p $PORT" 2>/dev/null
	if [ -n "$CG" ] && [ -d "$CG" ]; then
		xargs -r kill -9 <"$CG/cgroup.procs" 2>/dev/null
		for _ in $(seq 50); do rmdir "$CG" 2>/dev/null && break; sleep 0.1; done
	fi
	ovtt_cleanup
}
trap cleanup EXIT
ovtt_netns || { echo "netns setup failed"; exit 1; }
A=$OVTT_A B=$OVTT_B
SRV="iperf3 -s -1 -p $PORT"
# Placement: server and tracer on CPU $1 of OVTB_CPUS, client on $2.
if [ -z "${OVTB_CPUS+set}" ]; then
	OVTB_CPUS=$(ovtt_mycpus | tr , ' ' | cut -d' ' -f1-2)
fi
read -r SCPU CCPU _ <<<"$OVTB_CPUS"
SPIN=() CPIN=() PLACE="placement left to the scheduler"
if [ -n "${CCPU:-}" ]; then
	SPIN=(taskset -c "$SCPU") CPIN=(taskset -c "$CCPU")
	PLACE="server and tracer on CPU $SCPU, client on CPU $CCPU"
fi
# CPU-bound runs: the server and its tracer share a fixed CPU budget, a
# cpu cgroup of their own (v1's cfs quota, or v2's cpu.max where the cpu
# controller is enabled), so the server is always the bottleneck, reads
# full blocks, and every ns a tracer adds to it costs throughput.  A
# short period (5 ms): with 10 ms, the receive window closed for long
# enough that TCP's zero-window probes stalled some runs for a second.
QUOTA=${OVTB_QUOTA:-20}
REGIMES=(free) CAPNOTE=
if [ "$QUOTA" -ge 20 ] 2>/dev/null && [ "$QUOTA" -le 100 ]; then
	Q=$((QUOTA * 50))       # us per 5000 us; the kernel's least is 1000
	if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
		CG=/sys/fs/cgroup/cpu/ovtb$$
		mkdir "$CG" && echo 5000 >"$CG/cpu.cfs_period_us" &&
			echo "$Q" >"$CG/cpu.cfs_quota_us" || CG=
	elif grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
		CG=/sys/fs/cgroup/ovtb$$
		mkdir "$CG" && echo "$Q 5000" >"$CG/cpu.max" || CG=
	fi
	if [ -n "$CG" ]; then
		REGIMES+=(capped)
	else
		CAPNOTE="CPU-bound runs left out: no cpu cgroup to cap the server"
	fi
fi
# "$@" in the CPU-capped cgroup (a shell function runs, anything else is
# exec'd, so $! stays its pid).
cg_exec() {
	echo "$BASHPID" >"$CG/cgroup.procs" || exit 1
	if [ "$(type -t "$1")" = function ]; then "$@"; else exec "$@"; fi
}
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
BPFT='tracepoint:raw_syscalls:sys_enter /pid == PID/ { @[args->id] = count(); }'
# bpftrace in its own mount namespace with tracefs: "$@" after the mount
TRACEFS_NS=(unshare -m sh -c 'mount -t tracefs nodev /sys/kernel/tracing && exec "$@"' sh)
bpftrace_ns() {
	exec "${TRACEFS_NS[@]}" "$@"
}

listening() {
	for _ in $(seq 300); do
		ip netns exec "$A" ss -Hltn "sport = :$PORT" | grep -q . && return 0
		sleep 0.01
	done
	return 1
}

# One run of mode $1 at length $2, regime $3 (free or capped): prints
# "bps rss_kib srv_cpu_ns_per_kb".
run() {
	local m=$1 len=$2 spid tpid PRE=()
	[ "$3" = capped ] && PRE=(cg_exec)
	rm -f "$T/rss" "$T/bt.out"
	case $m in
	untraced) "${PRE[@]}" "${SPIN[@]}" /usr/bin/time -f %M -o "$T/rss" ip netns exec "$A" $SRV >/dev/null 2>&1 & ;;
	ebpf|ptrace)    # ovtsh keeps the CPU it is given (ptrace: with the server)
		"${PRE[@]}" "${SPIN[@]}" /usr/bin/time -f %M -o "$T/rss" "$OVTSH" -c "trace exec hypervisor $A method $m $SRV" >/dev/null 2>&1 & ;;
	strace) "${PRE[@]}" "${SPIN[@]}" /usr/bin/time -f %M -o "$T/rss" ip netns exec "$A" strace -f -c -o "$T/st" $SRV >/dev/null 2>&1 & ;;
	bpftrace)
		"${PRE[@]}" "${SPIN[@]}" ip netns exec "$A" $SRV >/dev/null 2>&1 &
		spid=$!
		listening
		"${PRE[@]}" bpftrace_ns "${SPIN[@]}" /usr/bin/time -f %M -o "$T/rss" bpftrace -e "${BPFT/PID/$spid}" >"$T/bt.out" 2>&1 &
		for _ in $(seq 500); do
			grep -q '^Attaching' "$T/bt.out" 2>/dev/null && break
			sleep 0.02
		done ;;
	esac
	tpid=$!
	listening
	ip netns exec "$B" "${CPIN[@]}" iperf3 -c 101.0.0.1 -p "$PORT" -l "$len" \
		-t "$SECS" -O "$OMIT" -J >"$T/cli.json" 2>/dev/null
	if [ "$m" = bpftrace ]; then
		wait "$spid"
		# bpftrace (under time, under unshare's pid) ends on SIGINT,
		# printing its map; until its handler is set, send again
		for _ in $(seq 100); do
			kill -0 "$tpid" 2>/dev/null || break
			pkill -INT -P "$tpid" -x bpftrace
			sleep 0.1
		done
		pkill -KILL -P "$tpid" -x bpftrace
	fi
	wait "$tpid"
	python3 - "$T/cli.json" "$T/rss" <<'PY'
import json, sys
# Throughput after the warm-up; the server's CPU time (user + system, its
# own getrusage from the test's start) per KB sent over the whole test,
# warm-up included, as the two spans match.
bps = cpu = 0
try:
    d = json.load(open(sys.argv[1]))
    if "error" in d:
        print("iperf3: " + d["error"], file=sys.stderr)
    bps = d["end"]["sum_received"]["bits_per_second"]
    iv = [i["sum"] for i in d["intervals"]]
    secs, kb = sum(i["seconds"] for i in iv), sum(i["bytes"] for i in iv) / 1024
    cpu = d["end"]["cpu_utilization_percent"]["remote_total"] / 100 * secs * 1e9 / kb
except Exception:
    pass
try:
    rss = open(sys.argv[2]).read().split()[-1]
except Exception:
    rss = 0
print("%.0f %s %.0f" % (bps, rss, cpu))
PY
}

MODES=(untraced ebpf ptrace strace bpftrace)
NM=${#MODES[@]}
declare -A V
# Run i takes the methods from the i-th one on: over NM runs each method
# has had each place in the order once; lengths and regimes alternate.
for ((i = 0; i < RUNS; i++)); do
	for len in $LENGTHS; do
		for g in "${REGIMES[@]}"; do
			for ((k = 0; k < NM; k++)); do
				m=${MODES[(i + k) % NM]}
				r=$(run "$m" "$len" "$g")
				V[$g.$len.$m]+="$r,"
				echo "-l $len $g run $((i + 1)) $m: $(awk '{printf "%.1f Mbit/s, server %d ns CPU per KB, peak RSS %d KiB", $1/1e6, $3, $2}' <<<"$r")" >&2
			done
		done
	done
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# Start-up: launch -> the traced program's first line, in ms.
startup() {
	local t0 t1
	t0=$(date +%s%N)
	case $1 in
	untraced) t1=$(date +%s%N) ;;
	ebpf|ptrace) t1=$("$OVTSH" -c "trace exec method $1 date +%s%N" | head -n 1) ;;
	strace) t1=$(strace -f -c -o /dev/null date +%s%N) ;;
	bpftrace) t1=$(bpftrace_ns bpftrace -e "${BPFT/PID/cpid}" -c "/bin/date +%s%N" 2>/dev/null | grep -E '^[0-9]{15,}$' | head -n 1) ;;
	esac
	echo $(((t1 - t0) / 1000))
}
declare -A S
for ((i = 1; i <= RUNS; i++)); do
	for m in "${MODES[@]}"; do
		S[$m]+="$(startup "$m"),"
	done
done

# Syscall-bound: N getppid calls under each method, placed as the
# servers were (tracer and program on the server's CPU), and none
# (sc_counts 0): the difference is the calls' own cost, free of the
# tool's start-up and exit.  Elapsed time, and CPU time (user + system of
# the tool and all it waited for, from wait4), which the machine's other
# load hardly moves; both "us:us".
RUSAGE='import os, sys, time
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_RDWR)
    for i in (0, 1, 2):
        os.dup2(fd, i)
    os.execvp(sys.argv[1], sys.argv[1:])
ru = os.wait4(pid, 0)[2]
print("%d:%d" % ((time.monotonic() - t0) * 1e6, (ru.ru_utime + ru.ru_stime) * 1e6))'
N=${OVTB_CALLS:-300000}
# the floor of the mechanism ($FLOORBIN): empty programs on the
# tracepoints the ebpf method uses, what any tracer there pays first
declare -A C
for ((i = 1; i <= RUNS; i++)); do
	for m in "${MODES[@]}" floor; do
		for n in "$N" 0; do
			case $m in
			untraced) cmd=("${SPIN[@]}" "$OVTT_HELPER" "$n") ;;
			floor) cmd=("${SPIN[@]}" "$FLOORBIN" "$OVTT_HELPER" "$n") ;;
			ebpf|ptrace) cmd=("${SPIN[@]}" "$OVTSH" -c "trace exec method $m $OVTT_HELPER $n") ;;
			strace) cmd=("${SPIN[@]}" strace -f -c -o /dev/null "$OVTT_HELPER" "$n") ;;
			bpftrace) cmd=("${TRACEFS_NS[@]}" "${SPIN[@]}" bpftrace -e "${BPFT/PID/cpid}" -c "$OVTT_HELPER $n") ;;
			esac
			C[$m.$n]+="$(python3 -c "$RUSAGE" "${cmd[@]}"),"
		done
	done
done

args=("calls=$N" "calls.floor=${C[floor.$N]}" "calls0.floor=${C[floor.0]}")
for m in "${MODES[@]}"; do
	args+=("calls.$m=${C[$m.$N]}" "calls0.$m=${C[$m.0]}")
	for len in $LENGTHS; do
		for g in "${REGIMES[@]}"; do
			args+=("$g.$len.$m=${V[$g.$len.$m]}")
		done
	done
	args+=("start.$m=${S[$m]}")
done
python3 - "$RUNS" "$SECS/$OMIT" "$LENGTHS" "$PLACE" "$LOAD0" "$LOAD1" \
	"${REGIMES[*]}" "$QUOTA" "$CAPNOTE" "${args[@]}" <<'PY'
import statistics as st, sys
runs, secs, lengths, place, load0, load1, regimes, quota, capnote = sys.argv[1:10]
lengths, regimes = lengths.split(), regimes.split()
secs, omit = secs.split("/")
d = {}
for a in sys.argv[10:]:
    k, _, v = a.partition("=")
    d[k] = [x for x in v.split(",") if x]
modes = ["untraced", "ebpf", "ptrace", "strace", "bpftrace"]
label = {"untraced": "untraced iperf3 server", "ebpf": "ovtsh method ebpf",
         "ptrace": "ovtsh method ptrace", "strace": "strace -f -c",
         "bpftrace": "bpftrace sys_enter count"}
title = {"free": "the server as fast as the machine lets it",
         "capped": "CPU-bound: server and tracer capped at %s%% of a CPU" % quota}

def cv(v):
    """coefficient of variation, %: the spread of runs of one method"""
    return 100 * st.pstdev(v) / st.mean(v) if len(v) > 1 and st.mean(v) else 0

def iqr(v):
    """interquartile range over the median, %: one stalled run moves the
    CV a lot, this hardly"""
    if len(v) < 2 or not st.median(v):
        return 0
    q = st.quantiles(v, n=4, method="inclusive")
    return 100 * (q[2] - q[0]) / st.median(v)

print("load average (1, 5, 15 min): %s at the start of the iperf3 runs, %s "
      "at their end" % (load0, load1))
print("iperf3 -t %s after -O %s s of warm-up, %s; median of %s runs, "
      "methods in rotating order (machine shared with others)" %
      (secs, omit, place, runs))
if capnote:
    print(capnote)
kept, kmin, kmax, ckept, ucv, cpukb = {}, {}, {}, {}, {}, {}
for L in lengths:
    for g in regimes:
        print("\n-l %s, %s" % (L, title[g]))
        print("%-24s %8s %15s %6s %7s %8s %13s %8s %8s" %
              ("method", "Mbit/s", "min-max", "CV", "kept", "srv CPU",
               "min-max", "CPU kept", "RSS KiB"))
        print("%-24s %8s %15s %6s %7s %8s %13s %8s %8s" %
              ("", "median", "", "", "", "ns/KB", "", "", "median"))
        u = [x.split() for x in d["%s.%s.untraced" % (g, L)]]
        u = [x for x in u if float(x[0])] or [["0", "0", "0"]]
        base = st.median(float(x[0]) for x in u)
        cbase = st.median(float(x[2]) for x in u)
        for m in modes:
            # a run whose client failed (iperf3 said why above) measured
            # nothing: counted and shown, left out of the figures
            v = [x.split() for x in d["%s.%s.%s" % (g, L, m)]]
            failed = sum(float(x[0]) == 0 for x in v)
            v = [x for x in v if float(x[0])] or [["0", "0", "0"]]
            bps = [float(x[0]) for x in v]
            cpu = [float(x[2]) for x in v]
            c, k = st.median(cpu), (g, L, m)
            kept[k] = 100 * st.median(bps) / base if base else 0
            kmin[k] = 100 * min(bps) / base if base else 0
            kmax[k] = 100 * max(bps) / base if base else 0
            # the throughput kept were the server CPU-bound: untraced
            # CPU per byte over this method's
            ckept[k] = 100 * cbase / c if c else 0
            cpukb[k] = c
            if m == "untraced":
                ucv[g, L] = cv(bps), iqr(bps)
            print("%-24s %8.1f %7.1f-%-7.1f %5.1f%% %6.1f%% %8.0f %6.0f-%-6.0f "
                  "%7.1f%% %8d" %
                  (label[m], st.median(bps) / 1e6, min(bps) / 1e6,
                   max(bps) / 1e6, cv(bps), kept[k], c, min(cpu), max(cpu),
                   ckept[k], st.median(int(x[1]) for x in v)) +
                  ("  (%d run%s failed)" % (failed, "s" * (failed > 1))
                   if failed else ""))
print("\nkept: median throughput over the untraced median.  CPU kept: the "
      "untraced server's\nCPU time per KB over the traced one's, the "
      "throughput a CPU-bound server would keep;\nit counts only what runs "
      "in the server (all of ebpf's and bpftrace's cost, not the\nstops "
      "and switches of ptrace and strace).")
print("\nstart-up until the traced program runs (date +%%s%%N), median of %s, ms" % runs)
s0 = st.median(int(x) for x in d["start.untraced"]) / 1000
start = {}
for m in modes:
    start[m] = st.median(int(x) for x in d["start." + m]) / 1000
    print("%-40s %8.1f ms  (%+.1f ms over date alone)" %
          ("date alone" if m == "untraced" else label[m], start[m], start[m] - s0))
print()
ok = lambda c: "met" if c else "NOT met"
for L in lengths:
    for g in regimes:
        k = (g, L, "ebpf")
        e, b = kept[k], kept[g, L, "bpftrace"]
        print("-l %s %-6s: ebpf keeps %.1f%% (runs %.1f-%.1f%%; goal >= 90%%: "
              "%s), bpftrace %.1f%% (ebpf more: %s);" %
              (L, g, e, kmin[k], kmax[k], ok(e >= 90), b, ok(e > b)))
        e, b = ckept[k], ckept[g, L, "bpftrace"]
        print("           server CPU per KB: ebpf keeps %.1f%%, bpftrace "
              "%.1f%%; untraced runs vary by CV %.1f%%, IQR %.1f%%%s" %
              (e, b, ucv[g, L][0], ucv[g, L][1],
               ": differences below that are noise"
               if max(ucv[g, L]) >= 5 else ""))
print("ebpf start-up %.1f ms (goal < 100 ms: %s)" %
      (start["ebpf"], ok(start["ebpf"] < 100)))
n = int(d["calls"][0])
print("\nsyscall-bound: %d getppid calls (sc_counts), median of %s; per call:"
      "\nminus the same tool making none, then minus untraced" % (n, runs))
print("%-28s %10s %12s %10s %12s" % ("", "elapsed", "per call", "CPU", "per call"))
net = {}
label["floor"] = "empty BPF (floor)"
for m in modes + ["floor"]:
    row = []
    for j in (0, 1):       # elapsed, CPU
        c = st.median(int(x.split(":")[j]) for x in d["calls." + m])
        net[m, j] = c - st.median(int(x.split(":")[j]) for x in d["calls0." + m])
        row += [c / 1e6, (net[m, j] - net["untraced", j]) * 1e3 / n]
    print("%-28s %8.3f s %+9.0f ns %8.3f s %+9.0f ns" %
          (("untraced" if m == "untraced" else label[m],) + tuple(row)))
# The floor against the goal: ebpf's extra server CPU per KB over its
# extra CPU per call is the server's calls per KB; the floor's cost per
# call times those is what any tracer on these tracepoints adds.
pe = (net["ebpf", 1] - net["untraced", 1]) * 1e3 / n
pf = (net["floor", 1] - net["untraced", 1]) * 1e3 / n
print("\nthe floor: empty BPF programs on tp_btf sys_enter/sys_exit add "
      "%+.0f ns of CPU\nper call; ovtsh's ebpf adds %+.0f ns, %.0f ns above "
      "the floor" % (pf, pe, pe - pf))
for L in lengths:
    for g in regimes:
        u, e = cpukb[g, L, "untraced"], cpukb[g, L, "ebpf"]
        if pe > 0 and pf > 0 and e > u:
            cpk = (e - u) / pe
            print("-l %s %-6s: ~%.1f calls per KB; the floor alone would "
                  "keep at most %.1f%% of the server's CPU per KB" %
                  (L, g, cpk, 100 * u / (u + pf * cpk)))
PY
