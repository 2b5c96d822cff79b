#!/bin/bash
# capture_json.sh - "capture read FILE json": one valid JSON object per
# packet, byte for byte what the jansson-built printer wrote (the files in
# capture_json/ were made by that binary, before the streaming writer),
# at a cost within a small factor of the text line's, in flat memory.
#
# Files: the golden fixtures (capture_fixtures.pcap, igmp.pcap), the
# fixtures cut short at every byte and with bytes overwritten ("cap_gen
# malformed": truncated and invalid layers, the nesting cap), and 400,000
# packets of "cap_gen bench" (its output's SHA-256, the same old binary's).
set -u
cd "$OVTSH_TOP" || exit 1
GEN=$OVTSH_BUILD/tests/helpers/cap_gen
D=tests/integration/capture_json
tmp=$(mktemp -d /tmp/ovtc-json.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for p in python3 /usr/bin/time; do
	command -v $p >/dev/null || { echo "$p not installed"; exit 77; }
done
[ -x "$GEN" ] || { echo "cap_gen not built"; exit 77; }

# json FILE OUT: ovtsh's JSON lines of FILE into OUT
json() { "$OVTSH" -c "capture read $1 json" >"$2" 2>"$tmp/err" ||
	fail "capture read $1 json: $(cat "$tmp/err")"; }

# every line one JSON object with the packet's fields, numbered from 1
valid() {
	python3 - "$1" <<'EOF' || fail "$1: not one JSON object per packet"
import json, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    o = json.loads(line)
    assert o["n"] == i and isinstance(o["layers"], list), line
    assert all(isinstance(l["proto"], str) for l in o["layers"]), line
EOF
}

"$GEN" malformed "$tmp/malformed.pcap" || fail "cap_gen malformed"
gzip -dc "$D/malformed.json.gz" >"$tmp/malformed.want"
for f in tests/golden/capture_fixtures.pcap:"$D/fixtures.json" \
	tests/golden/igmp.pcap:"$D/igmp.json" \
	"$tmp/malformed.pcap":"$tmp/malformed.want"; do
	pcap=${f%%:*} want=${f#*:}
	json "$pcap" "$tmp/got"
	valid "$tmp/got"
	cmp -s "$want" "$tmp/got" || {
		diff "$want" "$tmp/got" | head -n 6
		fail "$pcap: JSON differs from the jansson printer's"
	}
	echo "ok: $pcap, $(wc -l <"$tmp/got") packets as before"
done
grep -q '"truncated":true' "$tmp/got" && grep -q '"invalid":true' "$tmp/got" &&
	grep -q '"capped":true' "$tmp/got" ||
	fail "the malformed file lacks truncated, invalid or capped packets"

"$GEN" bench "$tmp/b.pcap" 400000 || fail "cap_gen bench"
"$GEN" bench "$tmp/s.pcap" 40000 || fail "cap_gen bench"
sum=$("$OVTSH" -c "capture read $tmp/b.pcap json" 2>/dev/null | sha256sum)
[ "${sum%% *}" = 81b3d63cfd70f054a4fa4aca9e80aa175da9b82dbed6a5a72630f302cc637a15 ] ||
	fail "400,000 bench packets: JSON differs from the jansson printer's"
echo "ok: 400,000 bench packets as before"

# Peak RSS in KiB of one run.  The speed goal (JSON within 2x of the
# text) is a benchmark's, tests/bench/capture_decode.sh, not a timed test.
rss_of() {
	/usr/bin/time -f '%M' -o "$tmp/t" \
		"$OVTSH" -c "capture read $1 json" >/dev/null 2>&1 ||
		fail "capture read $1 json"
	cat "$tmp/t"
}
rss=$(rss_of "$tmp/b.pcap")
srss=$(rss_of "$tmp/s.pcap")
echo "peak RSS $srss KiB at 40,000 packets, $rss KiB at 400,000"
[ $((rss - srss)) -lt 4096 ] || fail "memory grows with the file"
echo "ok"
