#!/bin/bash
# bench_iperf - a 3-length "bench iperf" between two namespaces made here:
# the table and chart, the CSV (a header and one row per length), a valid
# SVG (xmllint, else python3's XML parser), the JSON contract, and a
# traced sweep with a summary and a read-based estimate per length.
# blocks/s is iperf3's blocks per second; packets/s comes from the
# server interface's rx counters (wire-sized once the sender's veth
# sends no GSO aggregates: gso_max_segs 1).
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
check "header: blocks/s and packets/s" grep -Eq '^ length +throughput +blocks/s +packets/s +retransmits ' <<<"$out"
for l in 400 1600 6400; do
	check "table row $l" grep -Eq "^ +$l +[0-9.]+ [GMK]?bit/s +[0-9]+ +[0-9]+ +[0-9]+ " <<<"$out"
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
check "csv: new columns after the old ones" grep -q '^length,bps,pps,retransmits,cpu_host,cpu_remote,bytes,seconds,blocks_per_s,packets_per_s,packet_bytes,est_bps$' "$CSV"
check "csv: blocks_per_s = pps, packets_per_s > 0, no estimate untraced" python3 -c "
import csv,sys
for r in csv.DictReader(open('$CSV')):
    if r['blocks_per_s'] != r['pps'] or not float(r['packets_per_s']) > 0 or \
       not float(r['packet_bytes']) > 0 or r['est_bps'] != '': sys.exit(1)"
# aggregates larger than the MTU are said, and only then
if python3 -c "
import csv,sys
sys.exit(0 if any(float(r['packet_bytes']) > 1518 for r in csv.DictReader(open('$CSV'))) else 1)"; then
	check "note: GSO/GRO aggregates said" grep -q '^note: packets/s counts what the server.s interface counted: up to [0-9]* B per packet against an MTU of 1500' <<<"$out"
else
	check "no aggregate note" test "$(grep -c '^note: packets/s' <<<"$out")" -eq 0
fi
no_stray "iperf3.*-p $PORT"

# wire-sized packets from here on: 6400-byte blocks need >= 5 of them each
ip -n "$OVTT_B" link set "${OVTT_B}v" gso_max_segs 1
js=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 800,6400 time 1 port $PORT json")
echo "$js"
check "json: results contract" pyj '[r["length"] for r in d["results"]]==[800,6400] and all(set(r)=={"length","bps","pps","blocks_per_s","packets_per_s","packet_bytes","retransmits"} and r["bps"]>0 and r["pps"]>0 for r in d["results"])' <<<"$js"
check "json: pps keeps its meaning (blocks/s)" pyj 'all(r["pps"]==r["blocks_per_s"] for r in d["results"])' <<<"$js"
check "json: packets/s from counters >= blocks/s at 6400 over MTU 1500" pyj 'd["results"][1]["packets_per_s"]>=d["results"][1]["blocks_per_s"]>0' <<<"$js"
check "json: packets are wire-sized (<= MTU + Ethernet header)" pyj 'all(0<r["packet_bytes"]<=1514 for r in d["results"])' <<<"$js"

out=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 1000 time 1 repeat 3 port $PORT" 2>&1)
check "repeat: median of 3 said" grep -q "3 runs (median) per length" <<<"$out"
check "repeat: one row" test "$(grep -Ec '^ +1000 ' <<<"$out")" -eq 2   # table + chart
out=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 1600,3200 time 1 trace port $PORT" 2>&1)
check "trace: summary per length" grep -q 'server syscalls, length 1600:' <<<"$out"
check "trace: read row" grep -Eq ' read$' <<<"$out"
check "trace: estimate column" grep -Eq '^ length .* cpu-rcv +est-by-reads$' <<<"$out"
for l in 1600 3200; do
	check "trace: estimate of $l positive" grep -Eq "^ +$l .*% +[0-9]+\.[0-9]+ [GMK]?bit/s( \(unreliable\))?$" <<<"$out"
done
js=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 1600,3200 time 1 trace port $PORT json")
check "trace json: est_bps per length, near iperf3's when reliable" pyj 'len(d["results"])==2 and all(r["est_bps"]>0 and isinstance(r["est_reliable"],bool) and (not r["est_reliable"] or abs(r["est_bps"]/r["bps"]-1)<0.02) for r in d["results"])' <<<"$js"
js=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 1600 time 1 udp trace port $PORT json")
check "udp+trace json: syscalls per result" pyj 'd["results"][0]["length"]==1600 and len(d["results"][0]["syscalls"])>0 and "est_bps" in d["results"][0]' <<<"$js"

err=$("$OVTSH" -c "bench iperf from hypervisor $OVTT_B to hypervisor $OVTT_A lengths 100,0 port $PORT" 2>&1)
check "bad length: message" grep -q "bad length in '100,0': each must be 1-1048576" <<<"$err"
no_stray "iperf3.*-p $PORT"

[ $OVTT_FAILS -eq 0 ] || { echo "$OVTT_FAILS checks failed"; exit 1; }
echo "all checks passed"
