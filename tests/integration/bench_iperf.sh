#!/bin/bash
# bench_iperf - a 3-length "bench iperf" between two namespaces made here:
# the table and chart, the CSV (a header and one row per length), a valid
# SVG (xmllint, else python3's XML parser), the JSON contract, and a
# traced sweep with a summary per length.
set -u
. "$(dirname "$0")/lib/ovtt.sh"
ovtt_need ip iperf3 python3 pgrep
trap ovtt_cleanup EXIT
ovtt_netns || { fail "netns setup"; exit 1; }
PORT=$((20000 + $$ % 20000))
OVTT_TMP=$(mktemp -d /tmp/ovtt.XXXXXX)
CSV=$OVTT_TMP/sweep.csv SVG=$OVTT_TMP/sweep.svg

out=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 400,1600,6400 time 1 port $PORT csv $CSV plot $SVG" 2>&1)
rc=$?
echo "$out"
check "bench succeeds" test $rc -eq 0
for l in 400 1600 6400; do
	check "table row $l" grep -Eq "^ +$l +[0-9.]+ [GMK]?bit/s +[0-9]+ +[0-9]+ " <<<"$out"
	check "chart bar $l" grep -Eq "^ +$l \|#+ " <<<"$out"
done
check "csv: header + 3 rows" test "$(wc -l <"$CSV")" -eq 4
check "csv: header" grep -q '^length,bps,pps,retransmits,' "$CSV"
check "csv: lengths in order" test "$(tail -n 3 "$CSV" | cut -d, -f1 | tr '\n' ' ')" = "400 1600 6400 "
check "csv: pps = bytes/length/seconds" python3 -c "
import csv,sys
for r in csv.DictReader(open('$CSV')):
    want = int(r['bytes']) / int(r['length']) / float(r['seconds'])
    if abs(float(r['pps']) - want) > 0.01 * want + 1: sys.exit(1)"
if command -v xmllint >/dev/null; then
	check "svg: valid XML (xmllint)" xmllint --noout "$SVG"
else
	check "svg: valid XML (python3)" python3 -c "import xml.etree.ElementTree as E; E.parse('$SVG')"
fi
check "svg: root is svg, 3 bars" python3 -c "
import sys, xml.etree.ElementTree as E
r = E.parse('$SVG').getroot()
ns = '{http://www.w3.org/2000/svg}'
bars = [e for e in r.iter(ns + 'rect') if e.get('fill') == '#2e86c1']
sys.exit(0 if r.tag == ns + 'svg' and len(bars) == 3 else 1)"
no_stray "iperf3.*-p $PORT"

js=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 800,3200 time 1 port $PORT json")
check "json: results contract" pyj '[r["length"] for r in d["results"]]==[800,3200] and all(set(r)=={"length","bps","pps","retransmits"} and r["bps"]>0 and r["pps"]>0 for r in d["results"])' <<<"$js"

out=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 1000 time 1 repeat 3 port $PORT" 2>&1)
check "repeat: median of 3 said" grep -q "3 runs (median) per length" <<<"$out"
check "repeat: one row" test "$(grep -Ec '^ +1000 ' <<<"$out")" -eq 2   # table + chart
out=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 1600 time 1 trace port $PORT" 2>&1)
check "trace: summary per length" grep -q 'server syscalls, length 1600:' <<<"$out"
check "trace: read row" grep -Eq ' read$' <<<"$out"
js=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 1600 time 1 udp trace port $PORT json")
check "udp+trace json: syscalls per result" pyj 'd["results"][0]["length"]==1600 and len(d["results"][0]["syscalls"])>0' <<<"$js"

err=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 100,0 port $PORT" 2>&1)
check "bad length: message" grep -q "bad length in '100,0': each must be 1-1048576" <<<"$err"
no_stray "iperf3.*-p $PORT"

[ $OVTT_FAILS -eq 0 ] || { echo "$OVTT_FAILS checks failed"; exit 1; }
echo "all checks passed"
