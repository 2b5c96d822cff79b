#!/bin/bash
# capture_parity.sh - real lab traffic, line for line like tcpdump.
# A routed underlay A - B - C (B forwards, B-C has MTU 1400) carries VXLAN
# vni 42 between A and C.  While ovtsh writes what crosses A's link, A
# pings (direct, over VXLAN, fragmented, with TTL 1, too big with DF),
# pings IPv6 all-nodes over VXLAN and runs short iperf3 TCP and UDP tests
# plus a refused connection.  "capture read" of that file must print every
# packet exactly as "tcpdump -nn -S -r" does (its VXLAN line break joined
# with ": "), and the kinds listed below must be among them.
set -u
A=ovtcPa$$ B=ovtcPb$$ C=ovtcPc$$
tmp=$(mktemp -d /tmp/ovtc-par.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for n in "$A" "$B" "$C"; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
for p in iperf3 tcpdump ping; do
	command -v $p >/dev/null || { echo "$p not installed"; exit 77; }
done

for n in "$A" "$B" "$C"; do
	ip netns add "$n" || fail "netns"
	ip -n "$n" link set lo up
done
ip -n "$A" link add ovtca type veth peer name ovtcb1 netns "$B" || fail veth
ip -n "$C" link add ovtcc type veth peer name ovtcb2 netns "$B" || fail veth
ip -n "$A" addr add 110.0.0.2/24 dev ovtca
ip -n "$B" addr add 110.0.0.1/24 dev ovtcb1
ip -n "$C" addr add 111.0.0.2/24 dev ovtcc
ip -n "$B" addr add 111.0.0.1/24 dev ovtcb2
ip -n "$B" link set ovtcb2 mtu 1400
ip -n "$C" link set ovtcc mtu 1400
ip -n "$A" link set ovtca up
ip -n "$B" link set ovtcb1 up
ip -n "$B" link set ovtcb2 up
ip -n "$C" link set ovtcc up
ip -n "$A" route add default via 110.0.0.1
ip -n "$C" route add default via 111.0.0.1
ip netns exec "$B" sysctl -qw net.ipv4.ip_forward=1
ip -n "$A" link add ovtcvx type vxlan id 42 local 110.0.0.2 remote 111.0.0.2 dstport 4789
ip -n "$C" link add ovtcvx type vxlan id 42 local 111.0.0.2 remote 110.0.0.2 dstport 4789
ip -n "$A" addr add 32.0.0.2/24 dev ovtcvx
ip -n "$C" addr add 32.0.0.5/24 dev ovtcvx
ip -n "$A" link set ovtcvx up
ip -n "$C" link set ovtcvx up

"$OVTSH" -c "capture interface ovtca hypervisor $A write $tmp/lab.pcap" \
	>"$tmp/cap.out" 2>&1 &
pids=($!)
for _ in $(seq 1 50); do
	[ "$(ip netns exec "$A" cat /proc/net/packet | wc -l)" -gt 1 ] && break
	sleep 0.1
done
sleep 0.3
pa() { ip netns exec "$A" "$@" >/dev/null 2>&1; }
pa ping -c 2 -i 0.2 111.0.0.2
pa ping -c 2 -i 0.2 32.0.0.5
pa ping -c 1 -s 3000 111.0.0.2
pa ping -c 1 -t 1 111.0.0.2
pa ping -c 1 -M do -s 1420 111.0.0.2
for _ in $(seq 1 50); do       # the link-local address out of DAD
	ip -n "$A" -6 addr show dev ovtcvx | grep -q 'scope link' &&
		! ip -n "$A" -6 addr show dev ovtcvx | grep -q tentative && break
	sleep 0.1
done
pa ping -6 -c 2 -i 0.2 ff02::1%ovtcvx
for t in "111.0.0.2 -n 20K -l 1000" "32.0.0.5 -u -n 5K -l 500"; do
	ip netns exec "$C" iperf3 -s -1 >/dev/null 2>&1 &
	pids+=($!)
	sleep 0.3
	# shellcheck disable=SC2086
	pa iperf3 -c $t
done
pa iperf3 -c 111.0.0.2 -p 9 -t 1          # refused: a reset
sleep 0.5
kill -INT "${pids[0]}"
wait "${pids[0]}" || fail "capture exit status"
cat "$tmp/cap.out"
grep -q ' 0 dropped by kernel$' "$tmp/cap.out" || fail "capture summary"

TZ=UTC tcpdump -nn -S -r "$tmp/lab.pcap" 2>/dev/null |
	awk '/^[0-9][0-9]:[0-9][0-9]:/ { if (l != "") print l; l = $0; next }
	     { l = l ": " $0 } END { if (l != "") print l }' >"$tmp/td"
TZ=UTC "$OVTSH" -c "capture read $tmp/lab.pcap" | grep -v ' packets read$' \
	>"$tmp/ov"
echo "$(wc -l <"$tmp/ov") packets decoded by ovtsh, $(wc -l <"$tmp/td") by tcpdump"
diff "$tmp/td" "$tmp/ov" || fail "ovtsh and tcpdump -nn -S differ"
for kind in \
	'VXLAN, flags \[I\] (0x08), vni 42: IP 32.0.0.2 > 32.0.0.5: ICMP echo request' \
	'VXLAN, flags \[I\] (0x08), vni 42: IP 32.0.0.5 > 32.0.0.2: ICMP echo reply' \
	'IP 110.0.0.2 > 111.0.0.2: ip-proto-1$' \
	'IP 110.0.0.1 > 110.0.0.2: ICMP time exceeded in-transit' \
	'ICMP 111.0.0.2 unreachable - need to frag (mtu 1400)' \
	'Flags \[S\], seq [0-9]*, win [0-9]*, options \[mss 1460,sackOK,TS val' \
	'vni 42: IP 32.0.0.2.[0-9]* > 32.0.0.5.5201: UDP, length 500' \
	'IP 111.0.0.2.9 > 110.0.0.2.[0-9]*: Flags \[R.\]' \
	'vni 42: IP6 fe80::[0-9a-f:]* > ff02::1: ICMP6, echo request'; do
	grep -q "$kind" "$tmp/ov" || fail "no packet like: $kind"
done
echo ok
