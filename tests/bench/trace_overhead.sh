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
# Every syscall stop is a ping-pong between tracee and tracer, so where
# the two run matters more than anything either does.  Two placements:
#
#   as shipped    each command as a user types it, nothing pinned: ovtsh
#                 pins itself and its tracee to one CPU for the run
#                 (src/trace/trace_cpu.c), strace leaves both to the
#                 scheduler.  The goals are judged here.
#   pinned alike  tracer and tracee under "taskset -c 1" for both tools,
#                 the client under "taskset -c 0": what remains is each
#                 tracer's own cost per stop.
#
# Part 2, syscall-bound: tests/helpers/sc_counts making N getppid calls,
# elapsed time under each tracer in both placements (and strace -f -c -w,
# the wall-time mode ovtsh's table corresponds to), alternating, median.
#
#   tests/bench/trace_overhead.sh [runs] [seconds] [length]
set -u
RUNS=${1:-5} SECS=${2:-3} LEN=${3:-1600}
OVTSH=${OVTSH:-$(cd "$(dirname "$0")/../.." && pwd)/build/ovtsh}
A=ovtt$$ba B=ovtt$$bb PORT=$((20000 + $$ % 20000))
TMP=$(mktemp -d /tmp/ovtt-bench.XXXXXX)
for p in iperf3 strace python3 /usr/bin/time taskset; do
	command -v "$p" >/dev/null || { echo "skipped: $p not installed"; exit 77; }
done
[ -x "$OVTSH" ] || { echo "skipped: no $OVTSH"; exit 77; }
[ "$(nproc)" -ge 2 ] || { echo "skipped: placement needs 2 CPUs, $(nproc) here"; exit 77; }
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
PIN_T=() PIN_C=()           # set per placement
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
declare -A bps rss secs
med() { tr ' ' '\n' <<<"${bps[$1]}" | grep . | median; }
medr() { tr ' ' '\n' <<<"${rss[$1]}" | grep . | median; }
meds() { tr ' ' '\n' <<<"${secs[$1]}" | grep . | median; }

# Part 1 for one placement: $1 = "shipped" or "pinned".
part1() {
	local pl=$1 m r i d
	local modes=(ovt_full strace_full ovt_filt strace_filt base)
	if [ "$pl" = pinned ]; then
		PIN_T=(taskset -c 1) PIN_C=(taskset -c 0)
	else
		PIN_T=() PIN_C=()
	fi
	for ((i = 1; i <= RUNS; i++)); do
		for m in "${modes[@]}"; do
			case $m in
			ovt_full)    r=$(one $m "$OVTSH" -c "trace exec hypervisor $A ${SERVER[*]}") ;;
			strace_full) r=$(one $m ip netns exec $A strace -f -c -o "$TMP/st" "${SERVER[@]}") ;;
			ovt_filt)    r=$(one $m "$OVTSH" -c "trace exec hypervisor $A syscalls read,pselect6 ${SERVER[*]}") ;;
			strace_filt) r=$(one $m ip netns exec $A strace -f -c --seccomp-bpf -e trace=read,pselect6 -o "$TMP/st" "${SERVER[@]}") ;;
			base)        r=$(one $m ip netns exec $A "${SERVER[@]}") ;;
			esac
			bps[$pl.$m]+="${r% *} "
			rss[$pl.$m]+="${r#* } "
			echo "$pl run $i $m: $(awk '{printf "%.1f Mbit/s, peak RSS %d KiB", $1/1e6, $2}' <<<"$r")" >&2
		done
	done
	if [ "$pl" = pinned ]; then
		d="pinned alike: tracer on CPU 1, client on CPU 0 (taskset)"
	else
		d="as shipped: nothing pinned by hand"
	fi
	printf '\niperf3 -l %s -t %s, server traced, median of %s (alternating); %s\n' \
		"$LEN" "$SECS" "$RUNS" "$d"
	printf '%-52s %10s %13s\n' "tracer" "Mbit/s" "peak RSS KiB"
	for m in "${modes[@]}"; do
		case $m in
		ovt_full)    d="ovtsh trace exec" ;;
		strace_full) d="strace -f -c" ;;
		ovt_filt)    d="ovtsh trace exec syscalls read,pselect6" ;;
		strace_filt) d="strace -f -c --seccomp-bpf -e trace=read,pselect6" ;;
		base)        d="(untraced iperf3 server)" ;;
		esac
		printf '%-52s %10.1f %13s\n' "$d" "$(echo "$(med $pl.$m) / 1000000" | bc -l)" "$(medr $pl.$m)"
	done
	python3 - "$pl" "$(med $pl.ovt_full)" "$(med $pl.strace_full)" \
		"$(med $pl.ovt_filt)" "$(med $pl.strace_filt)" <<'PY'
import sys
pl = sys.argv[1]
of, sf, oq, sq = map(float, sys.argv[2:])
r1 = of / sf if sf else float("inf")
r2 = oq / sq if sq else float("inf")
if pl == "shipped":
    print("full:     ovtsh/strace = %.2fx (goal >= 1.3x: %s)" % (r1, "met" if r1 >= 1.3 else "NOT met"))
    print("filtered: ovtsh/strace = %.2fx (goal >= 1.5x: %s)" % (r2, "met" if r2 >= 1.5 else "NOT met"))
else:
    print("full:     ovtsh/strace = %.2fx, filtered %.2fx (placement equal: the tracers' own cost)" % (r1, r2))
PY
}

part1 shipped
part1 pinned

# ---- part 2: syscall-bound --------------------------------------------------
HELPER=$(dirname "$OVTSH")/tests/helpers/sc_counts
N=100000
[ -x "$HELPER" ] || { echo "no $HELPER: part 2 skipped"; exit 0; }
modes=(ovt strace ovt_pin strace_pin strace_w_pin)
for ((i = 1; i <= RUNS; i++)); do
	for m in "${modes[@]}"; do
		case $m in
		ovt)          cmd=("$OVTSH" -c "trace exec $HELPER $N") ;;
		strace)       cmd=(strace -f -c -o /dev/null "$HELPER" "$N") ;;
		ovt_pin)      cmd=(taskset -c 1 "$OVTSH" -c "trace exec $HELPER $N") ;;
		strace_pin)   cmd=(taskset -c 1 strace -f -c -o /dev/null "$HELPER" "$N") ;;
		strace_w_pin) cmd=(taskset -c 1 strace -f -c -w -o /dev/null "$HELPER" "$N") ;;
		esac
		/usr/bin/time -f "%e %M" -o "$TMP/t" "${cmd[@]}" >/dev/null 2>&1
		# the helper exits 3; time(1) says so on a line first
		secs[$m]+="$(tail -n 1 "$TMP/t" | cut -d' ' -f1) "
		rss[$m]+="$(tail -n 1 "$TMP/t" | cut -d' ' -f2) "
	done
done
printf '\nsyscall-bound: %s getppid calls, elapsed, median of %s\n' "$N" "$RUNS"
printf '%-52s %10s %13s\n' "tracer" "seconds" "peak RSS KiB"
printf '%-52s %10s %13s\n' "ovtsh trace exec (as shipped)" "$(meds ovt)" "$(medr ovt)"
printf '%-52s %10s %13s\n' "strace -f -c (as shipped)" "$(meds strace)" "$(medr strace)"
printf '%-52s %10s %13s\n' "taskset -c 1 ovtsh trace exec" "$(meds ovt_pin)" "$(medr ovt_pin)"
printf '%-52s %10s %13s\n' "taskset -c 1 strace -f -c" "$(meds strace_pin)" "$(medr strace_pin)"
printf '%-52s %10s %13s\n' "taskset -c 1 strace -f -c -w" "$(meds strace_w_pin)" "$(medr strace_w_pin)"
python3 -c "
import sys
o, s, op, sp, wp = map(float, sys.argv[1:])
print('as shipped: ovtsh is %.2fx as fast as strace -f -c' % (s / o))
print('pinned alike: %.2fx as fast as strace -f -c, %.2fx as strace -f -c -w' % (sp / op, wp / op))
" "$(meds ovt)" "$(meds strace)" "$(meds ovt_pin)" "$(meds strace_pin)" "$(meds strace_w_pin)"
