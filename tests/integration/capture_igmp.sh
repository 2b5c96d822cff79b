#!/bin/bash
# capture_igmp.sh - ovtsh decodes IGMP exactly as tcpdump -nn -S does,
# line for line, on the crafted tests/golden/igmp.pcap (every message
# type, bad lengths, truncated captures).
set -u
pcap=$OVTSH_TOP/tests/golden/igmp.pcap
command -v tcpdump >/dev/null || { echo "skipped: tcpdump not installed"; exit 77; }
t=$(mktemp -d /tmp/ovtc-igmp.XXXXXX)
trap 'rm -rf "$t"' EXIT
TZ=UTC tcpdump -nn -S -r "$pcap" >"$t/tcpdump" 2>/dev/null
TZ=UTC "$OVTSH" -c "capture read $pcap" 2>/dev/null | grep -v ' packets read$' >"$t/ovtsh"
n=$(wc -l <"$t/tcpdump")
[ "$n" -ge 30 ] || { echo "FAIL: tcpdump read only $n packets"; exit 1; }
if ! diff -u "$t/tcpdump" "$t/ovtsh"; then
	echo "FAIL: ovtsh and tcpdump differ"
	exit 1
fi
echo "ok: $n IGMP lines identical to tcpdump -nn -S"
