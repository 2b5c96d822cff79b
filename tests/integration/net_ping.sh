#!/bin/bash
# net_ping.sh - "ping" and "pingall" on a real lab: four hosts on a bridge
# in a hypervisor.  ping across a veth (by address and by node name),
# ping to an address no one has (loss, non-zero status), pingall all
# reachable, then with one host's cable down exactly its pairs are X.
set -u
: "${OVTSH:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
export OVTSH_LAB=ovpg$$
P=ovpg$$
S=${P}s
cleanup() {
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	for ns in "$S" "${P}h1" "${P}h2" "${P}h3" "${P}h4"; do
		ip netns del "$ns" 2>/dev/null
	done
}
trap cleanup EXIT

script=(-c "hypervisor $S" -c "bridge br0" -c end)
for i in 1 2 3 4; do
	script+=(-c "hypervisor ${P}h$i"
		 -c "connect eth0 hypervisor $S peer h$i bridge br0 address 10.77.0.$i/24"
		 -c end)
done
out=$("$OVTSH" "${script[@]}" 2>&1) || fail "lab: $out"

out=$("$OVTSH" -c "ping 10.77.0.2 from hypervisor ${P}h1 count 2" 2>&1) ||
	fail "ping: $out"
grep -Eq '^2 packets transmitted, 2 received, 0% packet loss, rtt min/avg/max = [0-9.]+/[0-9.]+/[0-9.]+ ms$' <<<"$out" ||
	fail "ping summary: $out"
ok "ping by address: $out"

out=$("$OVTSH" -c "ping hypervisor ${P}h3 from hypervisor ${P}h4 count 1 json" 2>&1) ||
	fail "ping json: $out"
jq -e '.destination == "10.77.0.3" and .transmitted == 1 and
	.received == 1 and .loss_percent == 0 and .rtt_min_ms >= 0' \
	<<<"$out" >/dev/null || fail "ping json: $out"
ok "ping by node name: $out"

out=$("$OVTSH" -c "ping 10.77.0.99 from hypervisor ${P}h1 count 2" \
	-c "echo after" 2>&1) && fail "no reply passed: $out"
grep -q '^2 packets transmitted, 0 received, 100% packet loss$' <<<"$out" ||
	fail "loss summary: $out"
grep -q "ping: 10.77.0.99: no reply" <<<"$out" || fail "msg: $out"
grep -q after <<<"$out" && fail "replay went on: $out"
ok "unreachable: $(head -n 1 <<<"$out")"

# Ctrl-C stops a long ping: the summary of what was sent, the line fails
log=$(mktemp /tmp/ovpg-intr.XXXXXX)
env --default-signal=INT "$OVTSH" \
	-c "ping 10.77.0.2 from hypervisor ${P}h1 count 64" -c "echo after" \
	>"$log" 2>&1 &
pid=$!
sleep 1
kill -INT "$pid"
timeout 5 tail --pid="$pid" -f /dev/null || fail "ping runs 5 s after SIGINT"
wait "$pid"
rc=$?
out=$(cat "$log"); rm -f "$log"
[ "$rc" -eq 1 ] || fail "status $rc after Ctrl-C, want 1: $out"
grep -Eq '^([2-9]|1[0-9]) packets transmitted, ([2-9]|1[0-9]) received' <<<"$out" ||
	fail "no partial summary: $out"
grep -q "ping: interrupted" <<<"$out" || fail "msg: $out"
grep -q after <<<"$out" && fail "replay went on: $out"
ok "Ctrl-C: $(head -n 1 <<<"$out")"

want="${P}h1 -> ${P}h2 ${P}h3 ${P}h4
${P}h2 -> ${P}h1 ${P}h3 ${P}h4
${P}h3 -> ${P}h1 ${P}h2 ${P}h4
${P}h4 -> ${P}h1 ${P}h2 ${P}h3
Results: 0% dropped (12/12 received)"
out=$("$OVTSH" -c pingall 2>&1) || fail "pingall: $out"
[ "$out" = "$want" ] || fail "pingall: got
$out
want
$want"
ok "pingall: all 12 pairs"

out=$("$OVTSH" -c "pingall nodes ${P}h1,${P}h2 json" 2>&1) ||
	fail "pingall nodes: $out"
jq -e '(.nodes | length) == 2 and .received == 2 and .sent == 2' \
	<<<"$out" >/dev/null || fail "pingall nodes json: $out"
ok "pingall nodes LIST json: $out"

out=$("$OVTSH" -c "pingall nodes ${P}h1,${P}nosuch" 2>&1) &&
	fail "an unknown node passed: $out"
grep -q "pingall: no lab node '${P}nosuch'" <<<"$out" || fail "msg: $out"
ok "unknown node: $out"

ip -n "${P}h3" link set eth0 down || fail "link down"
want="${P}h1 -> ${P}h2 X ${P}h4
${P}h2 -> ${P}h1 X ${P}h4
${P}h3 -> X X X
${P}h4 -> ${P}h1 ${P}h2 X
Results: 50% dropped (6/12 received)"
out=$("$OVTSH" -c pingall -c "echo after" 2>&1) && fail "drops passed"
grep -q "pingall: 6 of 12 pairs unreachable" <<<"$out" || fail "msg: $out"
grep -q after <<<"$out" && fail "replay went on: $out"
out=$(grep -v "pingall:" <<<"$out")
[ "$out" = "$want" ] || fail "pingall with h3 down: got
$out
want
$want"
ok "pingall with h3's cable down: exactly its 6 pairs X"
exit 0
