#!/bin/bash
# capture_live.sh - kernel drops during a 10 s full-speed iperf3 run across
# a veth pair between two namespaces, captured with "capture interface ...
# write" and, on the same run and interface, with "tcpdump -w".  Goal:
# ovtsh drops 0.  Files go to OUT (default /dev/null: a 10 s veth stream is
# tens of GB at full snaplen; set OUT=/some/dir to write real files).
#
#   tests/bench/capture_live.sh            (RUNS=3 SECS=10 by default)
set -u
cd "$(dirname "$0")/../.."
BUILD=${OVTSH_BUILD:-build}
OVTSH=${OVTSH:-$PWD/$BUILD/ovtsh}
RUNS=${RUNS:-3}
SECS=${SECS:-10}
OUT=${OUT:-/dev/null}
A=ovtcL1$$ B=ovtcL2$$
tmp=$(mktemp -d /tmp/ovtc-live.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
command -v iperf3 >/dev/null && command -v tcpdump >/dev/null ||
	{ echo "needs iperf3 and tcpdump"; exit 1; }

ip netns add "$A" && ip netns add "$B" || exit 1
ip -n "$A" link add ovtcl0 type veth peer name ovtcl1 netns "$B" || exit 1
ip -n "$A" addr add 101.0.0.2/24 dev ovtcl0
ip -n "$B" addr add 101.0.0.1/24 dev ovtcl1
ip -n "$A" link set ovtcl0 up
ip -n "$B" link set ovtcl1 up
ip netns exec "$B" iperf3 -s >/dev/null 2>&1 &
pids+=($!)
sleep 0.5

out_file() { [ "$OUT" = /dev/null ] && echo /dev/null || echo "$OUT/$1.pcap"; }
nsockets() { ip netns exec "$A" cat /proc/net/packet | tail -n +2 | wc -l; }

for r in $(seq 1 "$RUNS"); do
	/usr/bin/time -f '%M' -o "$tmp/ov.rss" \
		"$OVTSH" -c "capture interface ovtcl0 hypervisor $A write $(out_file ovtsh)" \
		>"$tmp/ov.out" 2>&1 &
	ovt=$!
	/usr/bin/time -f '%M' -o "$tmp/td.rss" \
		ip netns exec "$A" tcpdump -i ovtcl0 -w "$(out_file tcpdump)" \
		>"$tmp/td.out" 2>&1 &
	tdt=$!
	pids+=("$ovt" "$tdt")
	for _ in $(seq 1 50); do [ "$(nsockets)" -ge 2 ] && break; sleep 0.1; done
	sleep 0.5
	ip netns exec "$A" iperf3 -c 101.0.0.1 -t "$SECS" -f g >"$tmp/iperf" 2>&1
	sleep 0.5
	# /usr/bin/time does not forward signals: interrupt its children
	# (ip netns exec became tcpdump, same pid)
	pkill -INT -P "$ovt"
	pkill -INT -P "$tdt"
	wait "$ovt" "$tdt"
	gbps=$(awk '/receiver/ { print $(NF-2) }' "$tmp/iperf")
	ov=$(grep 'packets captured' "$tmp/ov.out")
	ovc=$(echo "$ov" | awk '{ print $1 }')
	ovr=$(echo "$ov" | awk '{ print $4 }')
	ovd=$(echo "$ov" | awk '{ print $8 }')
	tdc=$(awk '/packets captured/ { print $1 }' "$tmp/td.out")
	tdr=$(awk '/received by filter/ { print $1 }' "$tmp/td.out")
	tdd=$(awk '/dropped by kernel/ { print $1 }' "$tmp/td.out")
	echo "$r $gbps $ovc $ovr $ovd $(cat "$tmp/ov.rss") $tdc $tdr $tdd $(cat "$tmp/td.rss")" >>"$tmp/runs"
done

printf '%-4s %8s | %-36s %9s | %-36s %9s\n' run Gbit/s \
	"ovtsh: captured/received/dropped" "RSS KiB" \
	"tcpdump -w: captured/received/dropped" "RSS KiB"
while read -r r g oc or od orss tc tr td trss; do
	printf '%-4s %8s | %-36s %9s | %-36s %9s\n' "$r" "$g" "$oc/$or/$od" \
		"$orss" "$tc/$tr/$td" "$trss"
done <"$tmp/runs"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf 'median kernel drops over %s runs of %s s: ovtsh %s, tcpdump %s (goal: ovtsh 0)\n' \
	"$RUNS" "$SECS" "$(awk '{ print $5 }' "$tmp/runs" | median)" \
	"$(awk '{ print $9 }' "$tmp/runs" | median)"
