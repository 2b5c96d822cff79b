#!/bin/bash
# capture_inner.sh - "inner BPF" matches exactly the packets whose
# innermost frame (after the last VXLAN/GRE header) matches, checked
# against an independent decode: ovtsh's full JSON decode of the same
# file, the innermost layers picked and tested with jq.  Files: the golden
# fixtures (VXLAN, GRE with and without Ethernet, VXLAN in GRE, plain
# frames) and cap_gen's mix; with an outer "filter" too, both must hold.
# Then tcpdump itself, with offsets into plain VXLAN, on the same files.
set -u
. "$(dirname "$0")/lib/capns.sh"
tmp=$(mktemp -d /tmp/ovtc-inner.XXXXXX)
trap capns_cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v jq >/dev/null || fail "jq missing"
capns_gen bench "$tmp/mix.pcap" 3000 || fail "cap_gen"
cp "$OVTSH_TOP/tests/golden/capture_fixtures.pcap" "$tmp/fix.pcap"

# jq: the innermost frame's layers ($in) of each decoded packet, its
# network header right after Ethernet (as BPF sees it: a VLAN tag in
# between hides it), then the test named by $test; prints the timestamps
# of the matches.
JQ='.layers as $l
  | ([range(0; $l | length) | select($l[.].proto == "vxlan" or
				       $l[.].proto == "gre")] | last) as $t
  | $l[(if $t == null then 0 else $t + 1 end):] as $in
  | select($in | length > 0)
  | (if $in[0].proto == "eth" then $in[1:] else $in end) as $net
  | (if ($net | length) > 0 and ($net[0].proto == "ipv4" or
				  $net[0].proto == "ipv6")
     then $net[0] else {} end) as $ip
  | (if ($net | length) > 1 then $net[1] else {} end) as $l4
  | select(
      if $test == "icmp5" then
	$ip.proto == "ipv4" and $ip.ipproto == 1 and
	($ip.src == "32.0.0.5" or $ip.dst == "32.0.0.5")
      elif $test == "tcp5201" then
	$ip.ipproto == 6 and $l4.proto == "tcp" and
	($l4.sport == 5201 or $l4.dport == 5201)
      elif $test == "ip6" then $ip.proto == "ipv6"
      elif $test == "udp" then $ip.ipproto == 17
      else error("no test") end)
  | .ts'

# check FILE TEST "BPF" [OUTER]
check() {
	local f=$1 t=$2 bpf=$3 outer=${4:-} w g
	w=$tmp/want g=$tmp/got
	if [ -n "$outer" ]; then
		"$OVTSH" -c "capture read $tmp/$f filter \"$outer\" json" 2>/dev/null
	else
		"$OVTSH" -c "capture read $tmp/$f json" 2>/dev/null
	fi | jq -r --arg test "$t" "$JQ" >"$w" || fail "jq $t"
	if [ -n "$outer" ]; then
		"$OVTSH" -c "capture read $tmp/$f filter \"$outer\" inner \"$bpf\" json"
	else
		"$OVTSH" -c "capture read $tmp/$f inner \"$bpf\" json"
	fi 2>/dev/null | jq -r .ts >"$g" || fail "ovtsh $t"
	[ -s "$w" ] || fail "$f $t: the test matches nothing"
	cmp -s "$w" "$g" || { diff "$w" "$g" | head; fail "$f inner \"$bpf\" ${outer:+filter \"$outer\"}"; }
	echo "$f inner \"$bpf\"${outer:+ filter \"$outer\"}: $(wc -l <"$g") packets match"
}

check fix.pcap icmp5 "icmp and host 32.0.0.5"
check mix.pcap icmp5 "icmp and host 32.0.0.5"
check fix.pcap udp "udp"
check fix.pcap tcp5201 "tcp port 5201"
check fix.pcap ip6 "ip6"
check fix.pcap icmp5 "icmp and host 32.0.0.5" "udp port 4789"
check mix.pcap icmp5 "icmp and host 32.0.0.5" "ip proto 47"
# tcpdump's own reading of the same files, with offsets into plain VXLAN
# (outer UDP port 4789; inner Ethernet at udp[16], its IPv4 at udp[30]):
# the timestamps must be those ovtsh's inner filter keeps
vx='udp port 4789 and udp[28:2] = 0x0800 and udp[30] & 0xf0 = 0x40'
for f in fix.pcap mix.pcap; do
	TZ=UTC tcpdump -nn -tttt -r "$tmp/$f" "$vx and udp[39] = 1 and (udp[42:4] = 0x20000005 or udp[46:4] = 0x20000005)" 2>/dev/null |
		awk '/^[0-9]+-[0-9]+-[0-9]+ / { print $2 }' >"$tmp/td"
	TZ=UTC "$OVTSH" -c "capture read $tmp/$f filter \"udp port 4789\" inner \"icmp and host 32.0.0.5\" json" 2>/dev/null |
		jq -r '.ts | sub("^[0-9-]+T"; "") | sub("Z$"; "")' >"$tmp/ov"
	[ -s "$tmp/td" ] || fail "$f: tcpdump matched nothing"
	diff "$tmp/td" "$tmp/ov" >/dev/null || { diff "$tmp/td" "$tmp/ov" | head; fail "$f: tcpdump offsets disagree"; }
	echo "$f: tcpdump with VXLAN offsets agrees ($(wc -l <"$tmp/td") packets)"
done
# a packet whose outer headers match the inner expression is not taken
# for it: plain ICMP is innermost itself, VXLAN's UDP is not
n=$("$OVTSH" -c "capture read $tmp/fix.pcap filter \"udp port 4789\" inner \"udp port 4789\"" | tail -1)
[ "$n" = "0 packets read" ] || fail "outer UDP taken for inner: $n"
echo ok
