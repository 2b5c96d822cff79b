#!/bin/bash
# capture_bg.sh - a background capture over N packets (1,000,000 by
# default, cap_gen's mix): "capture read FILE background" until done, in
# one session, against its peer in the same run, the same file read in
# the foreground ("capture read FILE" to /dev/null, which decodes and
# prints every packet); median time of RUNS (3) and peak RSS of each.
# The background run keeps raw packets in its ring (4096 of them at most)
# and decodes only what "show capture" asks for, so its memory must not
# grow with N: its RSS is also measured at N/10.
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib/capns.sh
OVTSH=${OVTSH:-$PWD/${OVTSH_BUILD:-build}/ovtsh}
N=${N:-1000000}
RUNS=${RUNS:-3}
tmp=$(mktemp -d /tmp/ovtc-bgb.XXXXXX)
trap capns_cleanup EXIT
capns_gen bench "$tmp/b.pcap" "$N" || exit 1
capns_gen bench "$tmp/s.pcap" $((N / 10)) || exit 1

for _ in $(seq 1 "$RUNS"); do
	capns_bg_read "$tmp/b.pcap" "$N" "$tmp/out" "$tmp/t" 0.05 ||
		{ echo "background run failed"; tail -3 "$tmp/out"; exit 1; }
	cat "$tmp/t" >>"$tmp/bg"
	/usr/bin/time -f '%e %M' -o "$tmp/t" "$OVTSH" -c "capture read $tmp/b.pcap" \
		>/dev/null 2>&1 || exit 1
	cat "$tmp/t" >>"$tmp/fg"
done
capns_bg_read "$tmp/s.pcap" $((N / 10)) "$tmp/out" "$tmp/small" 0.05 || exit 1

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
b=$(cut -d' ' -f1 "$tmp/bg" | median) f=$(cut -d' ' -f1 "$tmp/fg" | median)
brss=$(cut -d' ' -f2 "$tmp/bg" | sort -n | tail -1)
frss=$(cut -d' ' -f2 "$tmp/fg" | sort -n | tail -1)
printf '%-36s %10s %14s\n' "$N packets" "median s" "peak RSS KiB"
printf '%-36s %10s %14s\n' "capture read background (+ polling)" "$b" "$brss"
printf '%-36s %10s %14s\n' "capture read (foreground, decoded)" "$f" "$frss"
printf 'time ratio background/foreground: %.2f; RSS ratio: %.2f\n' \
	"$(echo "$b / $f" | bc -l)" "$(echo "$brss / $frss" | bc -l)"
printf 'background peak RSS at %d packets: %s KiB, at %d: %s KiB (flat memory)\n' \
	$((N / 10)) "$(cut -d' ' -f2 "$tmp/small")" "$N" "$brss"
echo "runs: background $(cut -d' ' -f1 "$tmp/bg" | tr '\n' ' ')foreground $(cut -d' ' -f1 "$tmp/fg" | tr '\n' ' ')"
