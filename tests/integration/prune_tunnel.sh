#!/bin/bash
# prune_tunnel.sh - --prune converges tunnels too: a VXLAN tunnel the
# script no longer describes goes at both ends; one it describes stays;
# afterwards a dry run with --prune has nothing to do (exit 0 with
# --detailed-exitcode).
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
export OVTSH_LAB=ovtpr$$
A=ovtpr$$a B=ovtpr$$b
tmp=$(mktemp -d /tmp/ovtpr.XXXXXX)
trap '"$OVTSH" -c "clear lab force" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
cat >"$tmp/full" <<EOF2
hypervisor $B
 bridge br0
hypervisor $A
 bridge br0
 connect u0 hypervisor $B address 10.91.0.1/24 peer-address 10.91.0.2/24
tunnel vx91
 type vxlan
 vni 91
 endpoint hypervisor $A local 10.91.0.1 dev u0 bridge br0
 endpoint hypervisor $B local 10.91.0.2 dev u0 bridge br0
exit
EOF2
head -n 5 "$tmp/full" >"$tmp/short"
vx() { ip -n "$1" -o link show type vxlan | grep -c vx91; }
"$OVTSH" -f "$tmp/full" 2>/dev/null || net_fail "building"
[ "$(vx $A)$(vx $B)" = 11 ] || net_fail "no vx91 at both ends"
# with --prune, the full script keeps its tunnel
"$OVTSH" --prune --detailed-exitcode -f "$tmp/full" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] || net_fail "full script with --prune: exit $rc: $(cat "$tmp/err")"
[ "$(vx $A)$(vx $B)" = 11 ] || net_fail "--prune removed a described tunnel"
# the short one: a dry run says what would go, changing nothing
out=$("$OVTSH" -n --prune -f "$tmp/short" 2>&1)
echo "$out" | grep -qx "$tmp/short:(prune): - ip -n $A link del vx91" ||
	net_fail "dry run lacks the removal at $A: $out"
echo "$out" | grep -qx "$tmp/short:(prune): - ip -n $B link del vx91" ||
	net_fail "dry run lacks the removal at $B: $out"
[ "$(vx $A)$(vx $B)" = 11 ] || net_fail "a dry run removed the tunnel"
"$OVTSH" --prune -f "$tmp/short" 2>"$tmp/err" || net_fail "prune: $(cat "$tmp/err")"
grep -q ' 2 removed, 0 failed$' "$tmp/err" || net_fail "recap: $(cat "$tmp/err")"
[ "$(vx $A)$(vx $B)" = 00 ] || net_fail "vx91 left after --prune"
"$OVTSH" -n --prune --detailed-exitcode -f "$tmp/short" >/dev/null 2>&1
rc=$?
[ $rc = 0 ] || net_fail "converged, a dry run still has work (exit $rc)"
echo "prune_tunnel: ok (a tunnel described stays, one not described goes at both ends)"
