#!/bin/bash
# capture_decode.sh - offline decoding speed: a 1,000,000-packet pcap of
# VXLAN-in-GRE (the DESIGN.md section 6 frame), VXLAN and plain ICMP frames,
# text to /dev/null, ovtsh "capture read" against "tcpdump -nn -r" in the
# same run, alternating, median of RUNS.  Goal: ovtsh >= 3x faster, memory
# flat (peak RSS at 100,000 and at 1,000,000 packets).  The same file as
# JSON ("capture read FILE json") in the same rounds: goal within 2x of
# the text, memory flat too.
#
#   tests/bench/capture_decode.sh          (N=1000000 RUNS=5 by default)
set -u
cd "$(dirname "$0")/../.."
BUILD=${OVTSH_BUILD:-build}
OVTSH=${OVTSH:-$PWD/$BUILD/ovtsh}
GEN=$BUILD/tests/helpers/cap_gen
N=${N:-1000000}
RUNS=${RUNS:-5}
tmp=$(mktemp -d /tmp/ovtc-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ -x "$OVTSH" ] && [ -x "$GEN" ] || { echo "build first (make)"; exit 1; }
command -v tcpdump >/dev/null || { echo "tcpdump not installed"; exit 1; }

"$GEN" bench "$tmp/b.pcap" "$N" || exit 1
"$GEN" bench "$tmp/small.pcap" $((N / 10)) || exit 1
lines=$("$OVTSH" -c "capture read $tmp/b.pcap" | wc -l)
[ "$lines" = $((N + 1)) ] || { echo "ovtsh printed $lines lines for $N packets"; exit 1; }
echo "file: $N packets, $(du -m "$tmp/b.pcap" | cut -f1) MB (1/3 VXLAN-in-GRE, 1/3 VXLAN, 1/3 ICMP)"

# run TAG CMD...: append "seconds rss_kb" to $tmp/TAG
run() {
	local tag=$1; shift
	/usr/bin/time -f '%e %M' -o "$tmp/t" "$@" >/dev/null 2>&1
	cat "$tmp/t" >>"$tmp/$tag"
}
for _ in $(seq 1 "$RUNS"); do
	run ovtsh "$OVTSH" -c "capture read $tmp/b.pcap"
	run json "$OVTSH" -c "capture read $tmp/b.pcap json"
	run tcpdump tcpdump -nn -r "$tmp/b.pcap"
done
run ovtsh_small "$OVTSH" -c "capture read $tmp/small.pcap"
run json_small "$OVTSH" -c "capture read $tmp/small.pcap json"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
o=$(cut -d' ' -f1 "$tmp/ovtsh" | median)
t=$(cut -d' ' -f1 "$tmp/tcpdump" | median)
j=$(cut -d' ' -f1 "$tmp/json" | median)
orss=$(cut -d' ' -f2 "$tmp/ovtsh" | sort -n | tail -1)
trss=$(cut -d' ' -f2 "$tmp/tcpdump" | sort -n | tail -1)
jrss=$(cut -d' ' -f2 "$tmp/json" | sort -n | tail -1)
srss=$(cut -d' ' -f2 "$tmp/ovtsh_small")
sjrss=$(cut -d' ' -f2 "$tmp/json_small")
printf '%-26s %10s %14s %14s\n' "decode $N packets" "median s" "packets/s" "peak RSS KiB"
printf '%-26s %10s %14.0f %14s\n' "ovtsh capture read" "$o" "$(echo "$N / $o" | bc -l)" "$orss"
printf '%-26s %10s %14.0f %14s\n' "ovtsh capture read json" "$j" "$(echo "$N / $j" | bc -l)" "$jrss"
printf '%-26s %10s %14.0f %14s\n' "tcpdump -nn -r" "$t" "$(echo "$N / $t" | bc -l)" "$trss"
printf 'runs: %s; ovtsh %s; json %s; tcpdump %s\n' "$RUNS" \
	"$(cut -d' ' -f1 "$tmp/ovtsh" | tr '\n' ' ')" \
	"$(cut -d' ' -f1 "$tmp/json" | tr '\n' ' ')" \
	"$(cut -d' ' -f1 "$tmp/tcpdump" | tr '\n' ' ')"
printf 'ovtsh peak RSS at %d packets: %s KiB, at %d: %s KiB (flat memory)\n' \
	$((N / 10)) "$srss" "$N" "$orss"
printf 'json peak RSS at %d packets: %s KiB, at %d: %s KiB (flat memory)\n' \
	$((N / 10)) "$sjrss" "$N" "$jrss"
printf 'ratio: ovtsh is %.1fx faster than tcpdump (goal >= 3x)\n' \
	"$(echo "$t / $o" | bc -l)"
printf 'ratio: json takes %.2fx the text time (goal <= 2x), %.1fx faster than tcpdump\n' \
	"$(echo "$j / $o" | bc -l)" "$(echo "$t / $j" | bc -l)"
