#!/bin/bash
# docker_expect_lab2.sh - the expect lines of labs/lab2.script (the
# reference lab) against the real dockerd and kernel:
#   - the replay passes every one: exit 0, "expect: 9 passed, 0 failed",
#     nothing on stderr;
#   - sc1's cable to lc1 set down behind ovtsh's back (ip link set inside
#     sc1): the lab's expect lines fail exactly where the overlay crosses
#     sc1 to lc1, with FILE:LINE:1:, the summary, exit status 1, while the
#     capture on the lc2-sc1 link still sees the request with its layers.
# lab2's node names get this test's prefix (the lines keep their numbers),
# so that it runs beside docker_lab2 and other runs.
set -u
. "$(dirname "$0")/docker_lib.bash"
. "$(dirname "$0")/lib/expect.sh"
docker_need
export OVTSH_LAB=ovtdx$$
TOP=${OVTSH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
P=y$(($$ % 100000))
NAMES="ns1 ns2 lc1 lc2 sc1 sc2 cs2 cs3 cs5 cs6"
tmp=$(mktemp -d /tmp/ovtdx-lab2.XXXXXX)
trap lab2_copy_cleanup EXIT
lab=$tmp/lab2.script
expect_lab_copy "$TOP/labs/lab2.script" "$lab" "$P" $NAMES ||
	fail "a node name of lab2 was not renamed"
line_of() { expect_line_of "$TOP/labs/lab2.script" "$1"; }

# -- the replay: every expectation passes
expect_passes "$tmp" -f "$lab" &&
	[ "$(tail -n 1 "$tmp/out")" = "expect: 9 passed, 0 failed" ] ||
	fail "lab2 replay: $(tail -n 1 "$tmp/out") $(cat "$tmp/err")"
ok "lab2 replayed, $(tail -n 1 "$tmp/out")"

# -- sc1 loses its cable to lc1: the overlay is cut between the leaves
pid=$(ct_pid "${P}sc1")
nsenter -t "$pid" -n ip link set to-${P}lc1 down || fail "link set down"
expect_lines "$lab" "$tmp/check"
"$OVTSH" -f "$tmp/check" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "broken lab2: exit $rc, want 1"
[ "$(tail -n 1 "$tmp/out")" = "expect: 6 passed, 3 failed" ] ||
	fail "broken lab2 summary: $(tail -n 1 "$tmp/out"): $(cat "$tmp/err")"
# the check file's line k is lab2's line n: map the failures back
got=$(sed -n 's|^.*/check:\([0-9]*\):1: expect failed: .*|\1|p' "$tmp/err" |
	while read -r k; do sed -n "${k}p" "$tmp/check.lines"; done |
	tr '\n' ' ')
want="$(line_of 'reach container cs5') $(line_of 'reach container cs2 container') $(line_of 'reach container cs3') "
[ "$got" = "$want" ] || fail "failed at lab2 lines '$got', want '$want': $(cat "$tmp/err")"
grep -q "expect failed: container ${P}cs5 cannot reach 32.0.0.2: 3 sent, 0 received$" "$tmp/err" ||
	fail "reach failure: $(cat "$tmp/err")"
[ "$(grep -vc 'expect failed' "$tmp/err")" = 0 ] ||
	fail "other errors: $(cat "$tmp/err")"
ok "sc1-lc1 down: failures at lab2 lines $got, exit 1"
