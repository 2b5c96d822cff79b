#!/bin/bash
# docker_dry_lab2.sh - labs/lab2.script as desired state (issue 16):
#   - --dry-run on an empty host lists every object as "+", creates
#     nothing (ip netns, docker ps -a, the host's ip -j dumps unchanged),
#     exit 2 with --detailed-exitcode;
#   - the real replay with --json: its last stdout line is the recap
#     object, every counted line "changed", exit 2 with --detailed-exitcode;
#   - dry-run after it: every change "=", exit 0;
#   - behind ovtsh's back a veth deleted and a bridge set down: dry-run
#     shows exactly those lines (the veth's connect line, the routes that
#     went with it, "~ ... br1 up (was: down)"); the replay repairs them
#     with the recap "5 changed, 31 unchanged, 0 removed, 0 failed";
#   - a failing line: exit 1 whatever --detailed-exitcode, "failed" counted.
# lab2's node names get this test's prefix (lines keep their numbers).
set -u
. "$(dirname "$0")/docker_lib.bash"
. "$(dirname "$0")/lib/expect.sh"
docker_need
export OVTSH_LAB=ovtdn$$
TOP=${OVTSH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
P=n$(($$ % 100000))
NAMES="ns1 ns2 lc1 lc2 sc1 sc2 cs2 cs3 cs5 cs6"
tmp=$(mktemp -d /tmp/ovtdn-lab2.XXXXXX)
trap lab2_copy_cleanup EXIT
cd "$tmp" || fail "no $tmp"
expect_lab_copy "$TOP/labs/lab2.script" lab2.script "$P" $NAMES ||
	fail "a node name of lab2 was not renamed"
line_of() { grep -nE -- "$1" "$TOP/labs/lab2.script" | head -n 1 | cut -d: -f1; }
recap_re='[0-9]+ changed, [0-9]+ unchanged, [0-9]+ removed, [0-9]+ failed'
host_state() {
	ip netns list | grep "^$P" ; docker ps -a --filter "label=ovtsh.lab=$OVTSH_LAB" -q
	ip -j link show; ip -j addr show; ip -j route show
}

# -- dry run on an empty host: all "+", nothing made
host_state >before
"$OVTSH" -n --detailed-exitcode -f lab2.script >dry1 2>err1
rc=$?
host_state >after
[ $rc = 2 ] || fail "dry run on an empty host: exit $rc, want 2: $(cat err1)"
cmp -s before after || fail "the dry run changed the host: $(diff before after | head)"
[ -z "$(ip netns list | grep "^$P")" ] || fail "a namespace was made"
grep -Evq "^lab2\.script:[0-9]+: (\+ |# skipped in a dry run: )" dry1 &&
	fail "a dry-run line that is not '+' or a skip: $(grep -Ev ': (\+ |# )' dry1 | head -3)"
for want in "+ ip netns add ${P}ns1" "+ ip -n ${P}ns1 link add br1 type bridge" \
	"+ docker create --name ${P}lc1 " "+ docker create --name ${P}cs6 " \
	"+ ip -n ${P}ns1 route add default via 110.0.0.1" \
	"+ ip -n ${P}ns2 link add vx42 type vxlan id 42 dstport 4789" \
	"-n ip addr add 32.0.0.6/24 dev eth0"; do
	grep -qF -- "$want" dry1 || fail "dry run misses '$want'"
done
[ "$(grep -c ': + ' dry1)" -ge 60 ] || fail "only $(grep -c ': + ' dry1) '+' lines"
[ "$(grep -c '# skipped in a dry run: expect' dry1)" = 1 ] ||
	fail "skipped expect lines not said once"
grep -Eq "^dry run: $recap_re$" err1 || fail "no dry-run recap: $(cat err1)"
grep -q ' 0 unchanged, 0 removed, 0 failed$' err1 || fail "dry recap: $(cat err1)"
ok "dry run on an empty host: $(grep -c ': + ' dry1) '+' lines, nothing made, exit 2"

# -- the real replay, the JSON recap
"$OVTSH" --json --detailed-exitcode -f lab2.script >run1 2>err2
rc=$?
[ $rc = 2 ] || fail "first replay: exit $rc, want 2: $(cat err2)"
tail -n 1 run1 | python3 -c '
import json, sys
d = json.load(sys.stdin)
r = d["recap"]
assert set(r) == {"changed", "unchanged", "removed", "failed"}, r
assert r["changed"] > 20 and r["failed"] == 0 and r["removed"] == 0, r
assert sum(r.values()) == len(d["lines"]), (r, len(d["lines"]))
for l in d["lines"]:
    assert set(l) == {"file", "line", "text", "status", "changes"}, l
    assert l["file"] == "lab2.script" and l["changes"], l
    for c in l["changes"]:
        assert c["sign"] in "+~=" and c["cmd"], c
    signs = {c["sign"] for c in l["changes"]}
    assert (l["status"] == "changed") == bool(signs & {"+", "~"}), l
' || fail "JSON recap: $(tail -n 1 run1)"
grep -q "^expect: 9 passed, 0 failed$" run1 || fail "lab2 does not pass: $(cat run1 err2)"
ok "replayed: $(tail -n 1 run1 | cut -c1-80)..."

# -- dry run of the applied lab: all "="
"$OVTSH" -n --detailed-exitcode -f lab2.script >dry2 2>err2
rc=$?
[ $rc = 0 ] || fail "dry run of the applied lab: exit $rc: $(cat err2)"
grep -Eq "^lab2\.script:[0-9]+: (\+|~|-) " dry2 && fail "not all '=': $(grep -E ': (\+|~|-) ' dry2 | head -3)"
grep -Eq "^dry run: 0 changed, [1-9][0-9]* unchanged, 0 removed, 0 failed$" err2 ||
	fail "dry recap: $(cat err2)"
ok "applied: dry run all '=' ($(grep -c ': = ' dry2) lines), exit 0"

# -- behind ovtsh's back: lc1's eth1 deleted, br1 set down, an address
# added to cs5's eth0 (seen by --prune only: the script does not say it)
pid=$(docker inspect -f '{{.State.Pid}}' "${P}lc1")
nsenter -t "$pid" -n ip link del eth1 || fail "cannot delete eth1"
ip -n "${P}ns1" link set br1 down || fail "cannot set br1 down"
pid5=$(docker inspect -f '{{.State.Pid}}' "${P}cs5")
nsenter -t "$pid5" -n ip addr add 32.0.0.33/24 dev eth0 || fail "cannot add an address"
"$OVTSH" -n --prune --detailed-exitcode -f lab2.script >dry3 2>err3
rc=$?
[ $rc = 2 ] || fail "dry run after the damage: exit $rc: $(cat err3)"
got=$(grep -E '^lab2\.script:[0-9]+: (\+|~|-) ' dry3 | cut -d: -f2 | sort -nu | tr '\n' ' ')
want="$(line_of '^ bridge br1') $(line_of 'connect eth1 container sc1 peer to-lc1') \
$(line_of 'route default via 101.0.0.1') $(line_of 'route 111.0.0.0/24 via 101.0.0.1') \
$(line_of 'route 110.0.0.0/24 via 101.0.0.2') "
want=$(tr -s ' ' <<<"$want")
[ "$got" = "$want" ] || fail "damage seen at lines '$got', want '$want': $(cat dry3)"
grep -qF ": ~ ip -n ${P}ns1 link set br1 up  (was: down)" dry3 ||
	fail "no '~ ... (was: down)': $(grep br1 dry3)"
grep -qF -- "-n ip link add eth1 type veth peer name to-${P}lc1" dry3 ||
	fail "no '+ link add eth1': $(grep eth1 dry3)"
[ "$(grep -c ': - ' dry3)" = 1 ] &&
	grep -qF "lab2.script:(prune): - nsenter -t \$(docker inspect -f '{{.State.Pid}}' ${P}cs5) -n ip addr del 32.0.0.33/24 dev eth0" dry3 ||
	fail "prune: want the one added address as '-': $(grep -F -- ' - ' dry3)"
[ "$(nsenter -t "$pid5" -n ip -4 -o addr show dev eth0 | wc -l)" = 2 ] ||
	fail "the dry prune removed the address"
ok "damage: dry run shows lines $got and '- ... addr del 32.0.0.33/24'"
"$OVTSH" --prune --detailed-exitcode -f lab2.script >run2 2>err4
rc=$?
[ $rc = 2 ] || fail "repair: exit $rc: $(cat err4)"
[ "$(grep -E "^$recap_re$" err4)" = "5 changed, 31 unchanged, 1 removed, 0 failed" ] ||
	fail "repair recap: $(cat err4)"
[ "$(nsenter -t "$pid5" -n ip -4 -o addr show dev eth0 | awk '{print $4}')" = 32.0.0.5/24 ] ||
	fail "the stale address stayed: $(nsenter -t "$pid5" -n ip -4 -o addr show dev eth0)"
"$OVTSH" -n --prune --detailed-exitcode -f lab2.script >dry4 2>&1 ||
	fail "not repaired: $(grep -E ': (\+|~|-) ' dry4)"
ok "repaired with --prune: $(grep -E "^$recap_re$" err4), then all '='"

# -- the running-config re-applied with --dry-run --prune: nothing to do
"$OVTSH" -c "write $tmp/running" >/dev/null 2>&1 || fail "write failed"
"$OVTSH" -n --prune --detailed-exitcode -f "$tmp/running" >dry5 2>&1 ||
	fail "running-config dry run: exit $?: $(grep -Ev ': = |skipped' dry5 | head)"
ok "show running-config replayed dry with --prune: nothing to do"

# -- a failing line: exit 1, counted as failed; a -c one-liner that
# changes nothing prints no recap
"$OVTSH" --detailed-exitcode --json -c "container ${P}zz" -c " image nosuchimage$$" >run3 2>err5
rc=$?
[ $rc = 1 ] || fail "a failing line: exit $rc, want 1"
tail -n 1 run3 | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["recap"] == {"changed": 0, "unchanged": 0, "removed": 0, "failed": 1}, d
assert d["lines"][0]["status"] == "failed" and d["lines"][0]["line"] == 2, d
' || fail "failed recap: $(cat run3)"
"$OVTSH" -c "hypervisor ${P}ns1" >run4 2>&1 || fail "hypervisor: $(cat run4)"
[ -s run4 ] && fail "a -c one-liner printed: $(cat run4)"
ok "a failing line: exit 1, failed 1; a quiet -c one-liner"
exit 0
