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
. "$(dirname "$0")/lib/capns.sh"
RSS_MAX_KB=${RSS_MAX_KB:-65536}
RSS_GROW_KB=${RSS_GROW_KB:-4096}
tmp=$(mktemp -d /tmp/ovtc-bgm.XXXXXX)
trap capns_cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# session N: a pcap of N packets read in the background until done;
# peak RSS in $tmp/rssN
session() {
	local n=$1
	capns_gen bench "$tmp/p.pcap" "$n" || fail "cap_gen"
	capns_bg_read "$tmp/p.pcap" "$n" "$tmp/out$n" "$tmp/t$n" ||
		{ tail -5 "$tmp/out$n"; fail "$n packets: not done"; }
	cut -d' ' -f2 "$tmp/t$n" >"$tmp/rss$n"
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
