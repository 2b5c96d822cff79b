#!/bin/bash
# trace_iperf - "trace iperf" between two namespaces made here: the
# server's read calls account for what iperf3 says it received (within
# 1%), the filter keeps only the listed syscalls, the JSON contract holds,
# repeat N gives N traced and N untraced runs with medians and ranges and
# says when the baseline is no valid reference, and no iperf3 is left
# behind.  OVTT_METHOD=ebpf runs it all under "method ebpf"
# (trace_iperf_ebpf.sh).
set -u
. "$(dirname "$0")/lib/ovtt.sh"
ovtt_need ip iperf3 python3 pgrep
trap ovtt_cleanup EXIT
ovtt_netns || { fail "netns setup"; exit 1; }
OVTT_TMP=$(mktemp -d /tmp/ovtt.XXXXXX)
PORT=$((20000 + $$ % 20000))
M=${OVTT_METHOD:+ method $OVTT_METHOD}

# 1. full trace, text: read bytes vs iperf3's received bytes
out=$("$OVTSH" -c "trace iperf server hypervisor $OVTT_A client hypervisor $OVTT_B length 1600 time 2 port $PORT${M}" 2>&1)
rc=$?
echo "$out" | tail -8
check "trace iperf succeeds" test $rc -eq 0
ovtt_read_check 1600 "text" "$out"
no_stray "iperf3.*-p $PORT"

# 2. filtered, JSON: the contract and only the listed syscalls
js=$("$OVTSH" -c "trace iperf server hypervisor $OVTT_A client hypervisor $OVTT_B syscalls read,pselect6 time 1 port $PORT${M} json")
check "json: only read and pselect6" pyj 'set(s["name"] for s in d["syscalls"])<={"read","pselect6"} and any(s["name"]=="read" and s["calls"]>0 for s in d["syscalls"])' <<<"$js"
check "json: trace iperf keys" pyj 'set(d)=={"syscalls","exit_status","read_bytes","est_bps","iperf_bps","baseline_bps","runs","traced","baseline","ratio","baseline_valid","baseline_note","method","method_note","lost"}' <<<"$js"
check "json: method ${OVTT_METHOD:-ptrace}" pyj "d['method']=='${OVTT_METHOD:-ptrace}' and d['lost']==0" <<<"$js"
check "json: one run of each by default" pyj 'd["runs"]==1 and d["traced"]["runs"]==[d["iperf_bps"]] and d["baseline"]["runs"]==[d["baseline_bps"]]' <<<"$js"
check "json: figures positive" pyj 'd["read_bytes"]>0 and d["est_bps"]>0 and d["iperf_bps"]>0 and d["baseline_bps"]>0 and d["exit_status"]==0' <<<"$js"
check "json: read_bytes ~ iperf_bps x 1 s" pyj 'abs(d["read_bytes"]*8/d["iperf_bps"]-1.0)<0.02' <<<"$js"
no_stray "iperf3.*-p $PORT"

# 3. repeat: N traced runs and N baselines, medians within their ranges,
# the validity flag as the rule gives it, and the note when it fails
js=$("$OVTSH" -c "trace iperf server hypervisor $OVTT_A client hypervisor $OVTT_B syscalls read time 1 repeat 3 port $PORT${M} json")
echo "$js" | python3 -c 'import json,sys; d=json.load(sys.stdin); print({k: d[k] for k in ("runs","traced","baseline","ratio","baseline_valid","baseline_note")})'
check "repeat json: 3 runs of each" pyj 'd["runs"]==3 and all(len(d[k]["runs"])==3 for k in ("traced","baseline","ratio"))' <<<"$js"
check "repeat json: median within min..max" pyj 'all(d[k]["min"]<=d[k]["median"]<=d[k]["max"] and d[k]["min"]==min(d[k]["runs"]) and d[k]["max"]==max(d[k]["runs"]) and d[k]["median"]==sorted(d[k]["runs"])[1] for k in ("traced","baseline","ratio"))' <<<"$js"
check "repeat json: every run positive" pyj 'all(v>0 for k in ("traced","baseline","ratio") for v in d[k]["runs"])' <<<"$js"
check "repeat json: ratios are traced/baseline per pair" pyj 'all(abs(r-t/b)<1e-9 for r,t,b in zip(d["ratio"]["runs"],d["traced"]["runs"],d["baseline"]["runs"]))' <<<"$js"
check "repeat json: shown run is the median traced one" pyj 'd["iperf_bps"]==d["traced"]["median"] and d["baseline_bps"]==d["baseline"]["median"]' <<<"$js"
check "repeat json: validity flag follows the rule" pyj 'd["baseline_valid"]==(d["traced"]["median"]<=d["baseline"]["median"] and d["traced"]["max"]<d["baseline"]["min"]) and (d["baseline_note"] is None)==d["baseline_valid"]' <<<"$js"
out=$("$OVTSH" -c "trace iperf server hypervisor $OVTT_A client hypervisor $OVTT_B syscalls read time 1 repeat 2 port $PORT${M}" 2>&1)
echo "$out" | tail -6
check "repeat text: said in the header" grep -q '2 runs of each;' <<<"$out"
check "repeat text: runs line" grep -q '^2 traced and 2 untraced runs, alternating' <<<"$out"
for w in "traced runs:" "untraced baseline:"; do
	check "repeat text: $w median, min, max" grep -Eq "^$w +median [0-9.]+ [GMK]?bit/s, min [0-9.]+ [GMK]?bit/s, max [0-9.]+ [GMK]?bit/s$" <<<"$out"
done
check "repeat text: ratio line" grep -Eq '^traced/baseline: +median [0-9.]+%, min [0-9.]+%, max [0-9.]+%$' <<<"$out"
# the note is there exactly when the printed figures break the rule
python3 - "$out" <<'PY'
import re, sys
t = sys.argv[1]
U = {"Gbit/s": 1e9, "Mbit/s": 1e6, "Kbit/s": 1e3, "bit/s": 1}
def fig(label):
    m = re.search("^" + re.escape(label) + r" +median ([0-9.]+) (\S+), min ([0-9.]+) (\S+), max ([0-9.]+) (\S+)$", t, re.M)
    g = m.groups()
    return [float(g[i]) * U[g[i + 1]] for i in (0, 2, 4)]
tr, ba = fig("traced runs:"), fig("untraced baseline:")
invalid = tr[0] > ba[0] or tr[2] >= ba[1]
noted = bool(re.search(r"^note: baseline not a valid reference: the (traced median|ranges overlap)", t, re.M))
print("traced", tr, "baseline", ba, "invalid", invalid, "noted", noted)
sys.exit(0 if invalid == noted else 1)
PY
check "repeat text: note exactly when the baseline is no valid reference" test $? -eq 0
no_stray "iperf3.*-p $PORT"

# 4. client and server in the same node: loopback
out=$("$OVTSH" -c "trace iperf server hypervisor $OVTT_A client hypervisor $OVTT_A time 1 syscalls read port $PORT${M}" 2>&1)
check "same node over 127.0.0.1" grep -q 'reported by iperf3 (traced run)' <<<"$out"
no_stray "iperf3.*-p $PORT"

# 5. placement: the traced server shares its tracer's CPU; the client, and
# the untraced baseline server, get ovtsh's own CPUs back
MINE=$(ovtt_mycpus)
LAST=${MINE##*,}
if [ "$MINE" != "$LAST" ]; then
	"$OVTSH" -c "trace iperf server hypervisor $OVTT_A client hypervisor $OVTT_B time 3 cpu $LAST port $PORT${M}" >"$OVTT_TMP/pl.out" 2>&1 &
	opid=$!
	seen=() prev=
	for _ in $(seq 150); do
		srv=$(pgrep -f "iperf3 -s -1 -J -i 0 -p $PORT" | head -1)
		cli=$(pgrep -f "iperf3 -c .* -p $PORT" | head -1)
		if [ -n "$srv" ] && [ -n "$cli" ] && [ "$srv" != "$prev" ]; then
			sleep 0.5
			seen+=("$(ovtt_cpus "$srv")/$(ovtt_cpus "$cli")/$(ovtt_cpus "$opid")")
			prev=$srv
		fi
		[ ${#seen[@]} -ge 2 ] && break
		sleep 0.1
	done
	wait $opid; rc=$?
	echo "CPUs of server/client/ovtsh: ${seen[*]}"
	check "placement: traced run and baseline both seen" test ${#seen[@]} -eq 2
	check "placement: traced: server and tracer on $LAST, client on $MINE" \
		test "${seen[0]:-}" = "$LAST/$MINE/$LAST"
	check "placement: baseline: server and client on $MINE" \
		test "${seen[1]:-}" = "$MINE/$MINE/$MINE"
	check "placement: said in the header" grep -q "server and tracer on CPU $LAST, client and baseline placed by the scheduler" "$OVTT_TMP/pl.out"
	check "placement: run succeeds" test $rc -eq 0
	no_stray "iperf3.*-p $PORT"
else
	echo "placement checks skipped: one CPU ($MINE)"
fi

[ $OVTT_FAILS -eq 0 ] || { echo "$OVTT_FAILS checks failed"; exit 1; }
echo "all checks passed"
