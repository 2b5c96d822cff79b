#!/bin/bash
# trace_overhead - what tracing costs iperf3: ovtsh's tracer against strace,
# the same workload, runs alternating, median of N (default 5).
#
#   full:      ovtsh "trace exec"                 vs  strace -f -c
#   filtered:  "trace exec syscalls read,pselect6" vs  strace -f -c
#              --seccomp-bpf -e trace=read,pselect6
#
# The iperf3 server runs traced in one namespace, an untraced client in
# another sends LEN-byte blocks for T seconds; the client's -J figure
# (received bits/s) is the score.  Goals: full >= 1.3x strace's
# throughput, filtered >= 1.5x.  Peak RSS of each tracer is printed too
# (/usr/bin/time -f %M).
#
# Part 2, syscall-bound: tests/helpers/sc_counts making 300000 getppid
# calls, elapsed time under ovtsh, strace -f -c and strace -f -c -w (the
# wall-time mode ovtsh's table corresponds to), alternating, median.
#
# With two CPUs or more the client runs on CPU 0 and the tracer with its
# tracee on CPU 1 (taskset), for every tracer alike: the ptrace ping-pong
# then does not compete with the client, and runs vary less.
#
#   tests/bench/trace_overhead.sh [runs] [seconds] [length]
set -u
RUNS=${1:-5} SECS=${2:-3} LEN=${3:-1600}
OVTSH=${OVTSH:-$(cd "$(dirname "$0")/../.." && pwd)/build/ovtsh}
A=ovtt$$ba B=ovtt$$bb PORT=$((20000 + $$ % 20000))
TMP=$(mktemp -d /tmp/ovtt-bench.XXXXXX)
for p in iperf3 strace python3 /usr/bin/time; do
	command -v "$p" >/dev/null || { echo "skipped: $p not installed"; exit 77; }
done
[ -x "$OVTSH" ] || { echo "skipped: no $OVTSH"; exit 77; }
cleanup() {
	pkill -9 -f "iperf3 .*-p $PORT" 2>/dev/null
	ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
ip netns add $A && ip netns add $B &&
ip link add ${A}v type veth peer name ${B}v &&
ip link set ${A}v netns $A && ip link set ${B}v netns $B &&
ip -n $A addr add 101.0.0.1/24 dev ${A}v && ip -n $B addr add 101.0.0.2/24 dev ${B}v &&
ip -n $A link set ${A}v up && ip -n $B link set ${B}v up &&
ip -n $A link set lo up || { echo "netns setup failed"; exit 1; }

SERVER=(iperf3 -s -1 -p "$PORT")
PIN_T=() PIN_C=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
	PIN_T=(taskset -c 1) PIN_C=(taskset -c 0)
fi
# One run: $1 = label, rest = the tracer's command line (before SERVER).
# Prints "bps rss_kb".
one() {
	local label=$1; shift
	"${PIN_T[@]}" /usr/bin/time -f %M -o "$TMP/rss" "$@" >/dev/null 2>"$TMP/err" &
	local tpid=$!
	for _ in $(seq 200); do
		ip netns exec $A ss -Hltn "sport = :$PORT" | grep -q . && break
		sleep 0.02
	done
	"${PIN_C[@]}" ip netns exec $B iperf3 -c 101.0.0.1 -p "$PORT" -l "$LEN" -t "$SECS" -J \
		>"$TMP/cli.json" 2>/dev/null
	wait $tpid
	python3 - "$TMP/cli.json" "$TMP/rss" <<'PY'
import json, sys
try:
    bps = json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"]
except Exception:
    bps = 0
rss = open(sys.argv[2]).read().split()[-1]
print("%.0f %s" % (bps, rss))
PY
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

declare -A bps rss
modes=(ovt_full strace_full ovt_filt strace_filt base)
for ((i = 1; i <= RUNS; i++)); do
	for m in "${modes[@]}"; do
		case $m in
		ovt_full)    r=$(one $m "$OVTSH" -c "trace exec hypervisor $A ${SERVER[*]}") ;;
		strace_full) r=$(one $m ip netns exec $A strace -f -c -o "$TMP/st" "${SERVER[@]}") ;;
		ovt_filt)    r=$(one $m "$OVTSH" -c "trace exec hypervisor $A syscalls read,pselect6 ${SERVER[*]}") ;;
		strace_filt) r=$(one $m ip netns exec $A strace -f -c --seccomp-bpf -e trace=read,pselect6 -o "$TMP/st" "${SERVER[@]}") ;;
		base)        r=$(one $m ip netns exec $A "${SERVER[@]}") ;;
		esac
		bps[$m]+="${r% *} "
		rss[$m]+="${r#* } "
		echo "run $i $m: $(awk '{printf "%.1f Mbit/s, peak RSS %d KiB", $1/1e6, $2}' <<<"$r")" >&2
	done
done

med() { tr ' ' '\n' <<<"${bps[$1]}" | grep . | median; }
medr() { tr ' ' '\n' <<<"${rss[$1]}" | grep . | median; }
printf '\niperf3 -l %s -t %s, server traced, median of %s (alternating)%s\n' \
	"$LEN" "$SECS" "$RUNS" "${PIN_T[*]:+, tracer on CPU 1, client on CPU 0}"
printf '%-52s %10s %13s\n' "tracer" "Mbit/s" "peak RSS KiB"
for m in "${modes[@]}"; do
	case $m in
	ovt_full)    d="ovtsh trace exec" ;;
	strace_full) d="strace -f -c" ;;
	ovt_filt)    d="ovtsh trace exec syscalls read,pselect6" ;;
	strace_filt) d="strace -f -c --seccomp-bpf -e trace=read,pselect6" ;;
	base)        d="(untraced iperf3 server)" ;;
	esac
	printf '%-52s %10.1f %13s\n' "$d" "$(echo "$(med $m) / 1000000" | bc -l)" "$(medr $m)"
done
python3 - "$(med ovt_full)" "$(med strace_full)" "$(med ovt_filt)" "$(med strace_filt)" <<'PY'
import sys
of, sf, oq, sq = map(float, sys.argv[1:])
r1 = of / sf if sf else float("inf")
r2 = oq / sq if sq else float("inf")
print("full:     ovtsh/strace = %.2fx (goal >= 1.3x: %s)" % (r1, "met" if r1 >= 1.3 else "NOT met"))
print("filtered: ovtsh/strace = %.2fx (goal >= 1.5x: %s)" % (r2, "met" if r2 >= 1.5 else "NOT met"))
PY

# ---- part 2: syscall-bound --------------------------------------------------
HELPER=$(dirname "$OVTSH")/tests/helpers/sc_counts
N=300000
if [ -x "$HELPER" ]; then
	declare -A secs
	for ((i = 1; i <= RUNS; i++)); do
		for m in ovt strace strace_w; do
			case $m in
			ovt)      cmd=("$OVTSH" -c "trace exec $HELPER $N") ;;
			strace)   cmd=(strace -f -c -o /dev/null "$HELPER" "$N") ;;
			strace_w) cmd=(strace -f -c -w -o /dev/null "$HELPER" "$N") ;;
			esac
			"${PIN_T[@]}" /usr/bin/time -f "%e %M" -o "$TMP/t" "${cmd[@]}" >/dev/null 2>&1
			# the helper exits 3; time(1) says so on a line first
			secs[$m]+="$(tail -n 1 "$TMP/t" | cut -d' ' -f1) "
			rss[$m]+="$(tail -n 1 "$TMP/t" | cut -d' ' -f2) "
		done
	done
	meds() { tr ' ' '\n' <<<"${secs[$1]}" | grep . | median; }
	printf '\nsyscall-bound: %s getppid calls, elapsed, median of %s\n' "$N" "$RUNS"
	printf '%-52s %10s %13s\n' "tracer" "seconds" "peak RSS KiB"
	printf '%-52s %10s %13s\n' "ovtsh trace exec" "$(meds ovt)" "$(medr ovt)"
	printf '%-52s %10s %13s\n' "strace -f -c" "$(meds strace)" "$(medr strace)"
	printf '%-52s %10s %13s\n' "strace -f -c -w" "$(meds strace_w)" "$(medr strace_w)"
	python3 -c "import sys; o,s,w=map(float,sys.argv[1:]); print('ovtsh is %.2fx as fast as strace -f -c, %.2fx as strace -f -c -w' % (s/o, w/o))" \
		"$(meds ovt)" "$(meds strace)" "$(meds strace_w)"
fi
