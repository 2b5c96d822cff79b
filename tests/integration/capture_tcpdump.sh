#!/bin/bash
# capture_tcpdump.sh - decode the same pcap with ovtsh and with tcpdump -nn
# and compare: the addresses, ports, VXLAN vni and ICMP id/seq of every
# packet, then the whole lines against tcpdump -nn -S (ovtsh prints
# absolute sequence numbers; tcpdump starts a new line after VXLAN, ovtsh
# writes ": "; tcpdump calls UDP port 8472 OTV, ovtsh VXLAN).
set -u
tmp=$(mktemp -d /tmp/ovtc-td.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
gen=${OVTSH_BUILD:-build}/tests/helpers/cap_gen
[ -x "$gen" ] || gen=$OVTSH_TOP/$gen
command -v tcpdump >/dev/null || { echo "tcpdump not installed"; exit 77; }

"$gen" fixtures "$tmp/fx.pcap" || fail "cap_gen fixtures"
"$gen" bench "$tmp/mix.pcap" 3000 || fail "cap_gen bench"
# tcpdump's output, one line per packet
td() {
	TZ=UTC tcpdump "$@" 2>/dev/null |
		awk '/^[0-9][0-9]:[0-9][0-9]:/ { if (l != "") print l; l = $0; next }
		     { l = l ": " $0 } END { if (l != "") print l }'
}
for f in fx mix; do
	td -nn -r "$tmp/$f.pcap" >"$tmp/$f.td"
	td -nn -S -r "$tmp/$f.pcap" >"$tmp/$f.tdS"
	TZ=UTC "$OVTSH" -c "capture read $tmp/$f.pcap" >"$tmp/$f.all" ||
		fail "ovtsh capture read $f"
	grep -v ' packets read$' "$tmp/$f.all" >"$tmp/$f.ov"
	n=$(wc -l <"$tmp/$f.td")
	[ "$n" -gt 0 ] && [ "$n" = "$(wc -l <"$tmp/$f.ov")" ] ||
		fail "$f: $n packets by tcpdump, $(wc -l <"$tmp/$f.ov") by ovtsh"
	grep -qx "$n packets read" "$tmp/$f.all" || fail "$f: summary"

	# fields: addresses (with ports), vni, ICMP id and seq, line by line
	fields() {
		grep -noE '([0-9]+\.){3}[0-9]+(\.[0-9]+)?|[0-9a-f:]+::[0-9a-f:]*[0-9a-f](\.[0-9]+)?|vni [0-9]+|instance [0-9]+|id [0-9]+, seq [0-9]+' "$1" |
			sed 's/:instance /:vni /' |
			awk '{ i = index($0, ":"); n = substr($0, 1, i - 1) + 0;
			       a[n] = a[n] substr($0, i + 1) " "; if (n > m) m = n }
			     END { for (k = 1; k <= m; k++) print k ": " a[k] }'
	}
	fields "$tmp/$f.td" >"$tmp/$f.tdf"
	fields "$tmp/$f.ov" >"$tmp/$f.ovf"
	diff "$tmp/$f.tdf" "$tmp/$f.ovf" || fail "$f: decoded fields differ"
	grep -q 'vni 42' "$tmp/$f.tdf" || fail "$f: no vni compared"
	grep -q 'id [0-9]*, seq' "$tmp/$f.tdf" || fail "$f: no ICMP compared"
	[ $f = mix ] || grep -q 'options \[mss 1460,sackOK,TS val' "$tmp/$f.ov" ||
		fail "$f: no TCP options compared"

	# whole lines
	sed -E 's/OTV, flags \[I\] \(0x08\), overlay 0, instance/VXLAN, flags [I] (0x08), vni/' \
		"$tmp/$f.tdS" | diff - "$tmp/$f.ov" || fail "$f: lines differ"
	echo "$f: $n packets, fields and lines equal to tcpdump -nn"
done
head -n 3 "$tmp/mix.ov"
echo ok
