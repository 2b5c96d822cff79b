#!/bin/bash
# capture_bg_memory.sh - a background capture's memory is bounded whatever
# the run length: "capture read FILE background" of 1,000,000 packets
# (cap_gen's VXLAN-in-GRE, VXLAN and ICMP mix) and of 100,000, each in a
# session that waits for "done"; peak RSS (/usr/bin/time) must stay under
# RSS_MAX_KB and grow by less than RSS_GROW_KB from the short run to the
# long one; "show capture 1" then holds the last 4096 packets (numbered up
# to 1000000).  Peak RSS is printed for the report.
set -u
trap '' PIPE            # an ovtsh that ended early is reported, not fatal
BUILD=${OVTSH_BUILD:-build}
GEN=$BUILD/tests/helpers/cap_gen
RSS_MAX_KB=${RSS_MAX_KB:-65536}
RSS_GROW_KB=${RSS_GROW_KB:-4096}
tmp=$(mktemp -d /tmp/ovtc-bgm.XXXXXX)
trap 'exec 9>&-; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$GEN" ] || fail "no $GEN (make)"

# session N: read a pcap of N packets in the background, poll "show
# captures" until it is done, show what it kept; prints peak RSS in KiB.
session() {
	local n=$1 out=$tmp/out$1 i
	"$GEN" bench "$tmp/p.pcap" "$n" || fail "cap_gen"
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	/usr/bin/time -f '%M' -o "$tmp/rss$n" "$OVTSH" <"$tmp/fifo" >"$out" 2>&1 &
	pid=$!
	exec 9>"$tmp/fifo"
	echo "capture read $tmp/p.pcap background" >&9
	for i in $(seq 1 240); do
		kill -0 $pid 2>/dev/null || { cat "$out"; fail "ovtsh ended early"; }
		echo "show captures" >&9
		sleep 0.25
		grep -Eq "^1 +done +file +$tmp/p.pcap +$n " "$out" && break
	done
	echo "show capture 1 json" >&9
	exec 9>&-
	wait $pid || fail "ovtsh exit status"
	grep -Eq "^1 +done +file +$tmp/p.pcap +$n " "$out" || {
		tail -5 "$out"; fail "$n packets: not done"; }
	rm -f "$tmp/p.pcap"
}

session 100000
session 1000000
small=$(cat "$tmp/rss100000") big=$(cat "$tmp/rss1000000")
echo "peak RSS: $small KiB at 100000 packets, $big KiB at 1000000"
[ "$big" -lt "$RSS_MAX_KB" ] || fail "peak RSS $big KiB >= $RSS_MAX_KB"
[ $((big - small)) -lt "$RSS_GROW_KB" ] || fail "RSS grew by $((big - small)) KiB"
# the ring kept the last 4096 packets, 995905 ... 1000000
kept=$(grep -c '^{"n":' "$tmp/out1000000")
[ "$kept" = 4096 ] || fail "kept $kept packets, not 4096"
grep '^{"n":' "$tmp/out1000000" | head -1 | grep -q '^{"n":995905,' || fail "first kept"
grep '^{"n":' "$tmp/out1000000" | tail -1 | grep -q '^{"n":1000000,' || fail "last kept"
echo ok
