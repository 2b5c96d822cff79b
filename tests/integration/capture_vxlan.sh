#!/bin/bash
# capture_vxlan.sh - live capture on a VXLAN underlay in a hypervisor
# namespace: pings across VXLAN vni 42 show up as VXLAN with the inner
# ICMP (text and JSON); "write" then "capture read" gives the very packets
# a second, simultaneous text capture printed; Ctrl-C (SIGINT) ends a
# capture with its summary; in hypervisor mode the node is implied; VXLAN
# on a lab tunnel's own dstport decodes too.
set -u
A=ovtcA$$ B=ovtcB$$
tmp=$(mktemp -d /tmp/ovtc-vx.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
ip netns add "$A" && ip netns add "$B" || fail "netns"
ip -n "$A" link add ovtcu0 type veth peer name ovtcu1 netns "$B" || fail veth
ip -n "$A" addr add 110.0.0.2/24 dev ovtcu0
ip -n "$B" addr add 110.0.0.3/24 dev ovtcu1
ip -n "$A" link add ovtcvx type vxlan id 42 local 110.0.0.2 remote 110.0.0.3 \
	dstport 4789 dev ovtcu0 || fail "vxlan"
ip -n "$B" link add ovtcvx type vxlan id 42 local 110.0.0.3 remote 110.0.0.2 \
	dstport 4789 dev ovtcu1 || fail "vxlan"
ip -n "$A" addr add 32.0.0.2/24 dev ovtcvx
ip -n "$B" addr add 32.0.0.5/24 dev ovtcvx
for ns in "$A" "$B"; do
	ip -n "$ns" link set lo up
	ip -n "$ns" link set ovtcu0 up 2>/dev/null
	ip -n "$ns" link set ovtcu1 up 2>/dev/null
	ip -n "$ns" link set ovtcvx up
done

# Wait (at most 5 s) until n packet sockets are open in $A.
wait_sockets() {
	local i
	for i in $(seq 1 50); do
		[ "$(ip netns exec "$A" cat /proc/net/packet | wc -l)" -gt "$1" ] &&
			break
		sleep 0.1
	done
}

# Wait until n packet sockets are open in $A, then ping from B until every
# background capture has ended (at most ~10 s).
ping_until_done() {
	local i
	wait_sockets "$1"
	sleep 0.3
	for i in $(seq 1 40); do
		local alive=0 p
		for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ $alive = 0 ] && return 0
		ip netns exec "$B" ping -c 1 -W 1 32.0.0.2 >/dev/null
		sleep 0.2
	done
	return 1
}

# 1. text: the underlay shows VXLAN with the inner ICMP
"$OVTSH" -c "capture interface ovtcu0 hypervisor $A filter \"udp port 4789 and udp[39] = 1\" count 4" \
	>"$tmp/text" 2>&1 &
pids=($!)
ping_until_done 1 || fail "capture did not end"
wait "${pids[0]}" || { cat "$tmp/text"; fail "capture exit status"; }
cat "$tmp/text"
grep -q 'IP 110.0.0.3.[0-9]* > 110.0.0.2.4789: VXLAN, flags \[I\] (0x08), vni 42: IP 32.0.0.5 > 32.0.0.2: ICMP echo request, id [0-9]*, seq [0-9]*, length 64$' \
	"$tmp/text" || fail "no VXLAN echo request"
grep -q 'IP 110.0.0.2.[0-9]* > 110.0.0.3.4789: VXLAN, flags \[I\] (0x08), vni 42: IP 32.0.0.2 > 32.0.0.5: ICMP echo reply' \
	"$tmp/text" || fail "no VXLAN echo reply"
grep -q '^4 packets captured, [0-9]* received by filter, 0 dropped by kernel$' \
	"$tmp/text" || fail "summary"

# 2. JSON: one object per packet with the layers outer to inner
"$OVTSH" -c "capture interface ovtcu0 hypervisor $A filter \"udp port 4789 and udp[39] = 1\" count 2 json" \
	>"$tmp/json" 2>"$tmp/json.err" &
pids=($!)
ping_until_done 1 || fail "json capture did not end"
wait "${pids[0]}" || fail "json capture exit status"
head -c 600 "$tmp/json"; echo
[ "$(wc -l <"$tmp/json")" = 2 ] || fail "2 JSON lines expected"
grep -q '^{"n":1,"ts":"20[0-9-]*T[0-9:.]*Z","len":148,"caplen":148,"layers":\[{"proto":"eth",' \
	"$tmp/json" || fail "JSON head"
grep -q '{"proto":"udp","sport":[0-9]*,"dport":4789,"len":114},{"proto":"vxlan","flags":8,"vni":42},{"proto":"eth",.*{"proto":"ipv4","src":"32.0.0.[25]","dst":"32.0.0.[25]"' \
	"$tmp/json" || fail "JSON layers"
grep -q '^2 packets captured' "$tmp/json.err" || fail "JSON summary on stderr"

# 3. write + read: the same packets as a simultaneous text capture
# (inner ICMP only: the IPv6 chatter of fresh interfaces could reach one
# socket before the other is open)
"$OVTSH" -c "capture interface ovtcu0 hypervisor $A filter \"udp port 4789 and udp[39] = 1\" count 6 write $tmp/w.pcap" \
	>"$tmp/write.out" 2>&1 &
pids=($!)
"$OVTSH" -c "capture interface ovtcu0 hypervisor $A filter \"udp port 4789 and udp[39] = 1\" count 6" \
	>"$tmp/live" 2>&1 &
pids+=($!)
ping_until_done 2 || fail "write capture did not end"
wait "${pids[0]}" || { cat "$tmp/write.out"; fail "write exit status"; }
wait "${pids[1]}" || fail "live exit status"
"$OVTSH" -c "capture read $tmp/w.pcap" >"$tmp/read" 2>&1 || fail "read"
cat "$tmp/read"
grep -q '^6 packets captured' "$tmp/write.out" || fail "write summary"
[ "$(grep -c VXLAN "$tmp/read")" = 6 ] || fail "6 VXLAN packets expected"
# (each packet socket stamps its own copy: compare without the time)
diff <(grep -v packets "$tmp/live" | cut -d' ' -f2-) \
	<(grep -v packets "$tmp/read" | cut -d' ' -f2-) ||
	fail "read of the written file differs from the live capture"
tcpdump -nn -r "$tmp/w.pcap" 2>/dev/null | grep -c 'vni 42' | grep -qx 6 ||
	fail "tcpdump does not read the written file"

# 4. Ctrl-C ends an endless capture with the summary, also while the ring
# is empty and libpcap waits in poll() without a timeout
"$OVTSH" -c "capture interface ovtcu0 hypervisor $A filter \"udp port 4789 and udp[39] = 1\"" \
	>"$tmp/int" 2>&1 &
pids=($!)
wait_sockets 1
ip netns exec "$B" ping -c 2 -i 0.2 32.0.0.2 >/dev/null
sleep 1
kill -INT "${pids[0]}"
for i in $(seq 1 30); do
	kill -0 "${pids[0]}" 2>/dev/null || break
	sleep 0.1
done
kill -0 "${pids[0]}" 2>/dev/null && fail "SIGINT did not stop the capture"
wait "${pids[0]}"; rc=$?
cat "$tmp/int"
[ $rc = 0 ] || fail "SIGINT exit status $rc"
grep -q '^[0-9]* packets captured, [0-9]* received by filter, 0 dropped by kernel$' \
	"$tmp/int" || fail "no summary after SIGINT"
grep -q 'ICMP echo reply' "$tmp/int" || fail "nothing captured before SIGINT"
# 5. inside "hypervisor NAME" mode the capture runs in that namespace
# (a mode enters only the lab's own namespaces: tag A's lo as ovtsh would)
ip -n "$A" link set lo alias "ovtsh:ovtc$$" || fail "tagging $A"
OVTSH_LAB=ovtc$$ "$OVTSH" -c "hypervisor $A" \
	-c "capture interface ovtcu0 filter \"udp port 4789 and udp[39] = 1\" count 2" \
	>"$tmp/mode" 2>&1 &
pids=($!)
ping_until_done 1 || fail "capture in hypervisor mode did not end"
wait "${pids[0]}" || { cat "$tmp/mode"; fail "mode capture exit status"; }
cat "$tmp/mode"
grep -q 'vni 42: IP 32.0.0.[25] > 32.0.0.[25]: ICMP echo' "$tmp/mode" ||
	fail "no VXLAN ping captured from hypervisor mode"
# 6. a tunnel on another UDP port (4790) decodes as VXLAN too: capture
# learns the dstport of every VXLAN device on the machine
ip -n "$A" link add ovtcvy type vxlan id 43 local 110.0.0.2 remote 110.0.0.3 \
	dstport 4790 dev ovtcu0 || fail "vxlan 4790"
ip -n "$B" link add ovtcvy type vxlan id 43 local 110.0.0.3 remote 110.0.0.2 \
	dstport 4790 dev ovtcu1 || fail "vxlan 4790"
ip -n "$A" addr add 104.0.0.2/24 dev ovtcvy
ip -n "$B" addr add 104.0.0.5/24 dev ovtcvy
ip -n "$A" link set ovtcvy up
ip -n "$B" link set ovtcvy up
"$OVTSH" -c "capture interface ovtcu0 hypervisor $A filter \"udp port 4790 and udp[39] = 1\" count 2" \
	>"$tmp/4790" 2>&1 &
pids=($!)
wait_sockets 1
sleep 0.3
for i in $(seq 1 20); do
	kill -0 "${pids[0]}" 2>/dev/null || break
	ip netns exec "$B" ping -c 1 -W 1 104.0.0.2 >/dev/null
done
wait "${pids[0]}" || fail "4790 capture exit status"
cat "$tmp/4790"
grep -q '110.0.0.2.4790: VXLAN, flags \[I\] (0x08), vni 43: IP 104.0.0.5 > 104.0.0.2: ICMP echo request' \
	"$tmp/4790" || fail "VXLAN on port 4790 not decoded"
pids=()
echo "ok"
