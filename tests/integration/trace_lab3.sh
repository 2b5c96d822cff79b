#!/bin/bash
# trace_lab3 - labs/lab3.script end to end, with its node names given this
# test's ovtt prefix, 1-second runs, and the host-loopback line left out
# (tests send traffic only between namespaces they made): every line
# succeeds, the sweep writes 6 CSV rows and a valid SVG, the traced runs
# print their summaries (one with repeat 3), "clear lab" leaves no
# namespace and no iperf3.
set -u
. "$(dirname "$0")/lib/ovtt.sh"
ovtt_need ip iperf3 python3 pgrep
export OVTSH_LAB=ovtt$$l
P=ovtt$$
OVTT_TMP=$(mktemp -d /tmp/ovtt.XXXXXX)
NODES=(ns1 ns2 sw h1 h2)
cleanup() {
	(cd "$OVTT_TMP" && "$OVTSH" -c 'clear lab' >/dev/null 2>&1)
	for n in "${NODES[@]}"; do ip netns del "$P$n" 2>/dev/null; done
	ovtt_cleanup
}
trap cleanup EXIT
script=$OVTT_TMP/lab3.script
sed -e "s/\bns1\b/${P}ns1/g; s/\bns2\b/${P}ns2/g; s/\bsw\b/${P}sw/g" \
    -e "s/\bh1\b/${P}h1/g; s/\bh2\b/${P}h2/g; s/time [0-9]*/time 1/" \
    -e "/from host/d" "$OVTSH_TOP/labs/lab3.script" >"$script"
check "renamed every node" bash -c "! grep -Eq '(hypervisor|from|to|server|client) (ns1|ns2|sw|h1|h2)\b' '$script'"

out=$(cd "$OVTT_TMP" && "$OVTSH" -f "$script" 2>&1); rc=$?
echo "$out" | grep -E '^(==|%)' | head -30
check "lab3 replays without error" test $rc -eq 0
check "csv: 6 lengths" test "$(tail -n +2 "$OVTT_TMP/lab3-sweep.csv" | cut -d, -f1 | tr '\n' ' ')" = "200 400 800 1600 3200 6400 "
check "svg: valid XML" python3 -c "import xml.etree.ElementTree as E; E.parse('$OVTT_TMP/lab3-sweep.svg')"
check "through the switch" grep -q "hypervisor ${P}h2 -> hypervisor ${P}h1" <<<"$out"
check "traced: estimate and baseline" test "$(grep -c 'reported by iperf3 (untraced baseline)' <<<"$out")" -eq 6
check "traced: pinned, then left to the scheduler (cpu any, ebpf)" test "$(grep -c 'server and tracer on CPU' <<<"$out") $(grep -c '; placed by the scheduler' <<<"$out")" = "5 2"
check "observer effect: ebpf then ptrace, each said" test "$(grep -o '^method [a-z]*' <<<"$out" | tail -n 2 | tr '\n' ' ')" = "method ebpf method ptrace "
check "observer effect: ratios printed for both" test "$(grep -c '^traced/baseline: ' <<<"$out")" -eq 3
check "traced: repeat 3 gives medians and ranges" grep -q '^3 traced and 3 untraced runs, alternating' <<<"$out"
check "traced sweep: 3 summaries" test "$(grep -c '^server syscalls, length' <<<"$out")" -eq 3
no_stray "iperf3 -s -1 -J -i 0 -p 5201"

(cd "$OVTT_TMP" && "$OVTSH" -c 'clear lab'); rc=$?
check "clear lab" test $rc -eq 0
for n in "${NODES[@]}"; do
	check "namespace $P$n removed" test ! -e "/run/netns/$P$n"
done

[ $OVTT_FAILS -eq 0 ] || { echo "$OVTT_FAILS checks failed"; exit 1; }
echo "all checks passed"
