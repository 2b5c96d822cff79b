#!/bin/bash
# capture_background.sh - "capture ... background" in one shell session:
# a capture on a veth in a test namespace returns the prompt with an id,
# a ping in the same session runs while it captures, "show captures"
# lists it (node, interface, filter, packets, state), "show capture ID"
# prints the ICMP packets (text, "last N", JSON), "write" completes its
# pcap when "no capture ID" stops it, and "clear captures" and the end of
# the shell stop the others.
set -u
. "$(dirname "$0")/lib/capns.sh"
A=ovbgA$$ B=ovbgB$$
tmp=$(mktemp -d /tmp/ovtc-bg.XXXXXX)
trap capns_cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
capns_add "$A" "$B" || fail "netns"
capns_veth "$A" ovbg0 32.0.0.1/24 "$B" ovbg1 32.0.0.2/24 || fail "veth"

# The session: lines arrive one by one, as typed; the pause lets the
# capture's last block (100 ms) reach the ring.
{
	echo "capture interface ovbg0 hypervisor $A filter icmp background"
	echo "capture interface ovbg0 hypervisor $A filter icmp write $tmp/w.pcap background"
	echo "capture interface ovbg0 hypervisor $A filter arp count 1 background"
	echo "ping 32.0.0.2 from hypervisor $A count 3"
	sleep 1
	echo "show captures"
	echo "show capture 1"
	echo "show capture 1 last 2"
	echo "show capture 1 last 1 json"
	echo "show captures json"
	echo "no capture 2"
	echo "clear captures"
	echo "show captures"
	echo "capture interface ovbg0 hypervisor $A background"
	echo "show capture 9"
} | OVTSH_LAB=ovbg$$ timeout 30 "$OVTSH" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
[ $rc = 1 ] || fail "exit status $rc (the last line must fail)"

grep -qx "% capture 1 started on hypervisor $A ovbg0" "$tmp/out" || fail "started 1"
grep -qx "% capture 2 started on hypervisor $A ovbg0" "$tmp/out" || fail "started 2"
grep -q '^3 packets transmitted, 3 received' "$tmp/out" || fail "ping"
# show captures: the two ICMP captures saw the 6 packets, the ARP one is done
row() { grep -E "^$1 +$2 +hypervisor $A +ovbg0 +$3 +0 $4\$" "$tmp/out"; }
row 1 running 6 icmp >/dev/null || fail "row 1"
row 2 running 6 icmp >/dev/null || fail "row 2"
grep -Eq "^3 +(done|running) +hypervisor $A +ovbg0 +[01] +0 arp\$" "$tmp/out" ||
	fail "row 3"
# show capture 1: three requests and three replies, in order
grep -E '^[0-9:.]+ IP 32.0.0.[12] > 32.0.0.[12]: ICMP echo' "$tmp/out" |
	head -6 | sed -E 's/^[0-9:.]+ //; s/id [0-9]+/id X/' >"$tmp/show1"
for s in 0 1 2; do
	echo "IP 32.0.0.1 > 32.0.0.2: ICMP echo request, id X, seq $s, length 64"
	echo "IP 32.0.0.2 > 32.0.0.1: ICMP echo reply, id X, seq $s, length 64"
done >"$tmp/want1"
diff "$tmp/want1" "$tmp/show1" || fail "show capture 1"
# last 2: seq 2 request and reply again (lines 7 and 8)
grep -E ': ICMP echo' "$tmp/out" | sed -n '7,8p' | grep -c 'seq 2,' |
	grep -qx 2 || fail "last 2"
grep -q '^{"n":6,.*"proto":"icmp","type":0,.*"seq":2,' "$tmp/out" || fail "last 1 json"
jq -e '.captures | length == 3 and .[0].id == 1 and .[0].packets == 6 and
	.[0].node == "hypervisor '"$A"'" and .[0].interface == "ovbg0" and
	.[0].filter == "icmp" and .[0].state == "running" and .[0].drops == 0' \
	< <(grep '^{"captures"' "$tmp/out" | head -1) >/dev/null || fail "json list"
# no capture 2: its summary, and a complete pcap of the six packets
grep -q '^6 packets captured, [0-9]* received by filter, 0 dropped by kernel$' \
	"$tmp/out" || fail "no capture summary"
[ "$(tcpdump -nn -r "$tmp/w.pcap" 2>/dev/null | grep -c 'ICMP echo')" = 6 ] ||
	fail "written pcap"
grep -qx '% 2 captures stopped' "$tmp/out" || fail "clear captures"
# after clear: an empty list, and ids go on from 4
[ "$(grep -c '^ID  State' "$tmp/out")" = 2 ] || fail "second list"
[ "$(grep -A1 '^ID  State' "$tmp/out" | tail -1)" = "% capture 4 started on hypervisor $A ovbg0" ] ||
	fail "empty list then id 4"
grep -q 'no capture 9 (show captures lists them)' "$tmp/out" || fail "unknown id"
# the shell's end stopped capture 4: no packet socket is left in A
[ "$(ip netns exec "$A" cat /proc/net/packet | wc -l)" = 1 ] || fail "socket left"
echo ok
