#!/bin/bash
# expect_lab1.sh - the expect lines of labs/lab1.script on the real lab:
#   - a replay passes every one: exit 0, "expect: 8 passed, 0 failed";
#   - a route removed behind ovtsh's back (ip route del in h1): the replay
#     goes on to the end, prints FILE:LINE:1: expect failed: for exactly
#     the expectations it breaks, the summary, exit status 1;
#   - the underlay set down in hv1 (ip link set): the script's expect
#     lines alone fail exactly where the tunnel is crossed;
#   - expect capture layers on the VXLAN path: the exact list passes, a
#     wrong one fails showing the layers seen.
# lab1's node names get this test's prefix (the lines keep their numbers),
# so that it runs beside other runs of lab1.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
. ./lib/expect.sh
export OVTSH_LAB=ovtx$$
P=x$(($$ % 100000))
NS=(hv1 hv2 h1 h2 h3 h4)
tmp=$(mktemp -d /tmp/ovtx-expect.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in "${NS[@]}"; do ip netns del "$P$n" 2>/dev/null; done
	rm -rf "$tmp"
}
for n in "${NS[@]}"; do     # not ours: leave it alone
	[ -e "/run/netns/$P$n" ] && { echo "namespace $P$n exists"; exit 1; }
done
trap cleanup EXIT
lab=$tmp/lab1.script
expect_lab_copy "$OVTSH_TOP/labs/lab1.script" "$lab" "$P" "${NS[@]}" ||
	net_fail "a node name of lab1 was not renamed"
line_of() { expect_line_of "$OVTSH_TOP/labs/lab1.script" "$1"; }
# the failures of a run ($tmp/err): "LINE" each, in order
failed_lines() {
	sed -n "s|^$1:\([0-9]*\):1: expect failed: .*|\1|p" "$tmp/err"
}

# --- every expectation of lab1 passes ---------------------------------
expect_passes "$tmp" -f "$lab" &&
	[ "$(tail -n 1 "$tmp/out")" = "expect: 8 passed, 0 failed" ] ||
	net_fail "lab1 replay: $(tail -n 1 "$tmp/out") $(cat "$tmp/err")"
echo "ok: lab1 replayed, $(tail -n 1 "$tmp/out")"

# --- h1 loses its subnet's route behind ovtsh's back -------------------
# (a replay re-adds nothing: the address is there, so is the link)
ip -n "${P}h1" route del 32.0.0.0/24 || net_fail "ip route del"
"$OVTSH" -f "$lab" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || net_fail "broken lab1: exit $rc, want 1"
[ "$(tail -n 1 "$tmp/out")" = "expect: 5 passed, 3 failed" ] ||
	net_fail "broken lab1 summary: $(tail -n 1 "$tmp/out")"
want="$(line_of 'reach hypervisor h1 hypervisor h2') $(line_of 'reach hypervisor h1 hypervisor h3') $(line_of 'route hypervisor h1 ')"
got=$(failed_lines "$lab" | tr '\n' ' ')
[ "$got" = "$want " ] ||
	net_fail "failed at lines '$got', want '$want': $(cat "$tmp/err")"
grep -q ":$(line_of 'route hypervisor h1 '):1: expect failed: hypervisor ${P}h1 has no route 32.0.0.0/24 (it has no IPv4 routes)$" "$tmp/err" ||
	net_fail "route failure: $(cat "$tmp/err")"
grep -q "expect failed: hypervisor ${P}h1 cannot reach 32.0.0.3: 3 sent, 0 received$" "$tmp/err" ||
	net_fail "reach failure: $(cat "$tmp/err")"
# nothing else but the replay's recap (its lines ran, none failed)
[ "$(grep -v 'expect failed' "$tmp/err" | grep -Evc '^[0-9]+ changed, [0-9]+ unchanged, 0 removed, 0 failed$')" = 0 ] ||
	net_fail "other errors: $(cat "$tmp/err")"
echo "ok: route removed: failures at lines $got, exit 1"
ip -n "${P}h1" route add 32.0.0.0/24 dev eth0 || net_fail "route add"

# --- the underlay goes down: the tunnel's expectations fail -----------
expect_lines "$lab" "$tmp/check"
ip -n "${P}hv1" link set underlay down || net_fail "link set down"
"$OVTSH" -f "$tmp/check" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || net_fail "underlay down: exit $rc, want 1"
[ "$(tail -n 1 "$tmp/out")" = "expect: 4 passed, 4 failed" ] ||
	net_fail "underlay down summary: $(tail -n 1 "$tmp/out")"
# check lines: 1 h1->h2, 2 h1->h3, 3 h4->h2, 4 unreachable, 5-6 routes,
# 7 capture, 8 output; hv1 lost its underlay's route with the link
got=$(failed_lines "$tmp/check" | tr '\n' ' ')
[ "$got" = "2 3 6 7 " ] || net_fail "underlay down: failed '$got': $(cat "$tmp/err")"
grep -q "^$tmp/check:6:1: expect failed: hypervisor ${P}hv1 has no route 110.0.0.0/24 (it has no IPv4 routes)$" "$tmp/err" &&
grep -q "^$tmp/check:7:1: expect failed: hypervisor ${P}hv1: interface underlay: .*not up" "$tmp/err" ||
	net_fail "capture failure: $(cat "$tmp/err")"
echo "ok: underlay down: failures at check lines $got, exit 1"
ip -n "${P}hv1" link set underlay up || net_fail "link set up"

# --- expect capture layers: the exact list, and a wrong one ------------
cap() {
	"$OVTSH" -c "expect capture interface underlay hypervisor ${P}hv1 layers $1 filter \"udp port 4789\" count 4 timeout 1 while ping hypervisor ${P}h2 from hypervisor ${P}h4"
}
cap eth,ipv4,udp,vxlan,eth,ipv4,icmp >"$tmp/out" 2>"$tmp/err" ||
	net_fail "exact layers: $(cat "$tmp/err")"
[ "$(cat "$tmp/out")" = "expect: 1 passed, 0 failed" ] ||
	net_fail "exact layers: $(cat "$tmp/out")"
for wrong in ipv4,udp,vxlan,eth,ipv4,icmp eth,ipv4,udp,vxlan,eth,ipv4 \
	     eth,ipv4,udp,vxlan,eth,ipv4,icmp,icmp eth,ipv4,udp,vxlan,eth,ipv6,icmp; do
	cap "$wrong" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc = 1 ] || net_fail "layers $wrong: exit $rc"
	[ "$(cat "$tmp/out")" = "expect: 0 passed, 1 failed" ] ||
		net_fail "layers $wrong: $(cat "$tmp/out")"
	grep -Eq "^-c:1:1: expect failed: underlay in hypervisor ${P}hv1: [1-4] packets?, none with layers $wrong; saw eth,ipv4,udp,vxlan,eth,[a-z0-9,| ]+(\.\.\.)?; ping 32.0.0.3: 1 sent, 1 received$" "$tmp/err" ||
		net_fail "layers $wrong: $(cat "$tmp/err")"
done
echo "ok: capture on the VXLAN path: exact layers pass, 4 wrong lists fail"

# --- expect route: IPv6, default, host bits, a gateway where none is ---
h1="hypervisor ${P}h1"
"$OVTSH" -c "expect route $h1 fe80::/64" -c "expect route $h1 32.0.0.9/24" \
	 -c "expect route $h1 default" -c "expect route $h1 32.0.0.0/24 via 32.0.0.1" \
	 -c "expect route $h1 32.0.0.0/25" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && [ "$(cat "$tmp/out")" = "expect: 2 passed, 3 failed" ] &&
[ "$(cat "$tmp/err")" = "-c:3:1: expect failed: $h1 has no route default (its routes: 32.0.0.0/24)
-c:4:1: expect failed: $h1 routes 32.0.0.0/24, not via 32.0.0.1
-c:5:1: expect failed: $h1 has no route 32.0.0.0/25 (its routes: 32.0.0.0/24)" ] ||
	net_fail "expect route: exit $rc: $(cat "$tmp/out" "$tmp/err")"
echo "ok: expect route: IPv6 and host bits pass; default, via, /25 fail"

# --- a filter that does not compile is an error, not a verdict ----------
"$OVTSH" -c "expect capture interface underlay hypervisor ${P}hv1 layers eth filter \"udp port\"" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && [ ! -s "$tmp/out" ] &&
	grep -q "^-c:1: filter \"udp port\": " "$tmp/err" ||
	net_fail "bad filter: exit $rc: $(cat "$tmp/out" "$tmp/err")"
echo "ok: a bad filter is an error: $(cat "$tmp/err")"

# --- Ctrl-C while a capture waits: an error, not a verdict --------------
env --default-signal=INT "$OVTSH" -c "expect capture interface underlay hypervisor ${P}hv1 layers eth filter \"tcp port 9\" timeout 30" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 1
kill -INT $pid
timeout 5 tail --pid=$pid -f /dev/null || net_fail "ovtsh still runs after SIGINT"
wait $pid
rc=$?
[ $rc = 1 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "-c:1: expect: interrupted" ] ||
	net_fail "Ctrl-C: exit $rc: $(cat "$tmp/out" "$tmp/err")"
echo "ok: Ctrl-C ends the wait: $(cat "$tmp/err")"
