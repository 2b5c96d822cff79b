#!/bin/bash
# clear_confirm.sh - "clear lab" in the interactive shell (a real pty)
# asks "[confirm]" with what it would remove: n keeps the lab, return
# clears it and says what went; "clear lab force" and a replay do not
# ask.  The shell's banner names the lab, its prompt too.
set -u
[ "$(id -u)" = 0 ] || { echo "skipped: needs root (namespaces)"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: needs python3"; exit 77; }
L=ovtcc$$
T=$(mktemp -d /tmp/ovtcc.XXXXXX)
cleanup() {
	OVTSH_LAB=$L "$OVTSH" -c "clear lab force" >/dev/null 2>&1
	for n in a b c d; do ip netns del "${L}$n" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
export OVTSH_LAB=$L OVTSH_LOCK_DIR=$T HOME=$T
"$OVTSH" -c "hypervisor ${L}a" -c "bridge br1" -c "end" \
	-c "hypervisor ${L}b" -c "connect v1 hypervisor ${L}a" ||
	fail "building the lab"
python3 - "$OVTSH" "$L" <<'PY' || exit 1
import os, sys
sys.path.insert(0, os.path.join(os.environ["OVTSH_TOP"], "tests/integration/lib"))
from repl_pty import Repl

ovtsh, lab = sys.argv[1:3]
r = Repl(ovtsh)
r.expect("ovtsh ")
r.expect(", lab '%s'. Type help or ? for help, exit to leave.\n" % lab)
r.expect(r.prompt)
print("ok: banner and prompt name the lab")
ask = "Clear lab '%s' (2 objects: 2 hypervisors)? [confirm]" % lab
r.mark()
r.send("clear lab\r")
r.expect(ask)
r.send("n")
r.expect(r.prompt)
if not os.path.exists("/run/netns/%sa" % lab) or "Removed" in r.screen:
    print("FAIL: n cleared the lab:\n" + r.screen)
    sys.exit(1)
print("ok: n keeps the lab")
r.mark()
r.send("clear lab\r")
r.expect(ask)
r.send("\r")
r.expect("\nRemoved 2 hypervisors\n" + r.prompt)
if os.path.exists("/run/netns/%sa" % lab):
    print("FAIL: return did not clear the lab")
    sys.exit(1)
print("ok: return clears it and says what went")
r.mark()
r.send("hypervisor %sc\r" % lab)
r.send("end\r")
r.send("clear lab force\r")
r.expect("\nRemoved 1 hypervisor\n" + r.prompt)
if "[confirm]" in r.screen or os.path.exists("/run/netns/%sc" % lab):
    print("FAIL: clear lab force asked or kept:\n" + r.screen)
    sys.exit(1)
print("ok: clear lab force does not ask")
r.mark()
r.send("clear lab\r")
r.expect("%% lab '%s' had nothing to clear\n" % lab + r.prompt)
r.quit()
print("ok: an empty lab: nothing to ask")
PY
# a replay never asks, even with a terminal on stdin
"$OVTSH" -c "hypervisor ${L}d" >/dev/null || fail "hypervisor ${L}d"
out=$(script -qec "$OVTSH -c 'clear lab'" /dev/null </dev/null 2>&1) ||
	fail "clear lab in a replay: $out"
grep -q "Removed 1 hypervisor" <<<"$out" || fail "no report: $out"
grep -q "confirm" <<<"$out" && fail "a replay asked: $out"
[ -e "/run/netns/${L}d" ] && fail "${L}d left"
echo "ok: a replay clears without asking"
exit 0
