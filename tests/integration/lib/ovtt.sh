# ovtt.sh - shared by the trace/bench integration tests (sourced, not run).
# Two namespaces joined by a veth pair, 101.0.0.1/24 <-> 101.0.0.2/24,
# named with the ovtt prefix and this shell's pid, removed on exit.
OVTT_A=ovtt$$a
OVTT_B=ovtt$$b
OVTT_HELPER="${OVTSH_BUILD:-build}/tests/helpers/sc_counts"
case $OVTT_HELPER in /*) ;; *) OVTT_HELPER="$OVTSH_TOP/$OVTT_HELPER" ;; esac
OVTT_FAILS=0

ovtt_cleanup() {
	ip netns del "$OVTT_A" 2>/dev/null
	ip netns del "$OVTT_B" 2>/dev/null
	[ -n "${OVTT_TMP:-}" ] && rm -rf "$OVTT_TMP"
	return 0
}

ovtt_need() {
	[ "$(id -u)" -eq 0 ] || { echo "needs root"; exit 77; }
	for p in "$@"; do
		command -v "$p" >/dev/null || { echo "$p not installed"; exit 77; }
	done
	[ -x "$OVTSH" ] || { echo "no ovtsh binary at $OVTSH"; exit 77; }
}

ovtt_netns() {
	ip netns add "$OVTT_A" && ip netns add "$OVTT_B" &&
	ip link add "${OVTT_A}v" type veth peer name "${OVTT_B}v" &&
	ip link set "${OVTT_A}v" netns "$OVTT_A" &&
	ip link set "${OVTT_B}v" netns "$OVTT_B" &&
	ip -n "$OVTT_A" addr add 101.0.0.1/24 dev "${OVTT_A}v" &&
	ip -n "$OVTT_B" addr add 101.0.0.2/24 dev "${OVTT_B}v" &&
	ip -n "$OVTT_A" link set "${OVTT_A}v" up &&
	ip -n "$OVTT_B" link set "${OVTT_B}v" up &&
	ip -n "$OVTT_A" link set lo up && ip -n "$OVTT_B" link set lo up
}

ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; OVTT_FAILS=$((OVTT_FAILS + 1)); }
check() {              # description, command...
	local d=$1; shift
	if "$@"; then ok "$d"; else fail "$d"; fi
}
# ovtt_read_check LEN WHAT OUT: trace iperf's text OUT against iperf3:
# the read family's bytes within 1% of iperf3's received bytes, the read
# row and the baseline printed, and read calls x LEN within 1% of the
# bytes read unless the output flags short reads.
ovtt_read_check() {
	local len=$1 what=$2 out=$3 rb ib calls
	rb=$(sed -n 's/^read family: \([0-9]*\) bytes returned.*/\1/p' <<<"$out")
	ib=$(sed -n 's/^reported by iperf3 (traced run):.*(\([0-9]*\) bytes in.*/\1/p' <<<"$out")
	echo "$what: read bytes ${rb:-?}, iperf3 received ${ib:-?}"
	check "$what: read bytes within 1% of iperf3's received bytes" \
		python3 -c "import sys; r,i=${rb:-0},${ib:-0}; sys.exit(0 if i>0 and abs(r-i)<=0.01*i else 1)"
	check "$what: read row present" grep -Eq ' read$' <<<"$out"
	check "$what: baseline printed" grep -q 'untraced baseline' <<<"$out"
	if grep -q 'reads did not return full blocks' <<<"$out"; then
		ok "$what: short reads flagged"
	else
		calls=$(sed -n 's/^read family: .* by \([0-9]*\) calls.*/\1/p' <<<"$out")
		check "$what: read calls x $len within 1% of the bytes read" \
			python3 -c "import sys; e,r=${calls:-0}*$len,${rb:-0}; sys.exit(0 if r>0 and abs(e-r)<=0.01*r else 1)"
	fi
}
# No process whose command line matches $1 may be left.
no_stray() {
	sleep 0.2
	if pgrep -f -- "$1" >/dev/null; then
		fail "stray process: $(pgrep -a -f -- "$1" | head -3)"
		pkill -9 -f -- "$1"
	else
		ok "no stray process matching '$1'"
	fi
}
# JSON field check with python3: jq-like expression on stdin.
pyj() { python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }
# The CPUs in a /proc status file's Cpus_allowed_list ($1: the file, or a
# pid), expanded: "0,1,2" for "0-2".  Empty when it cannot be read.
ovtt_cpus() {
	local f=$1
	case $f in */*) ;; *) f=/proc/$f/status ;; esac
	python3 - "$f" <<'PY' 2>/dev/null
import sys
out = set()
for line in open(sys.argv[1]):
    if line.startswith("Cpus_allowed_list:"):
        for part in line.split()[1].split(","):
            a, _, b = part.partition("-")
            out.update(range(int(a), int(b or a) + 1))
print(",".join(map(str, sorted(out))))
PY
}
# The CPUs this shell may use, the same way: "0,1".
ovtt_mycpus() { python3 -c 'import os; print(",".join(map(str, sorted(os.sched_getaffinity(0)))))'; }
