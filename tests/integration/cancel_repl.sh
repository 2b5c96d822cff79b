#!/bin/bash
# cancel_repl.sh - Ctrl-C at the interactive prompt (a real pty) stops the
# running command and the shell goes on: a traced program is killed and
# its table printed, a live capture ends with its summary, a wait for the
# lab lock gives up; then "echo" still answers.  (Ctrl-C on an empty or
# half-typed line: tests/unit/test_repl_pty.c; on a container exec:
# docker_exec_intr.sh.)
set -u
[ "$(id -u)" = 0 ] || { echo "skipped: needs root (namespaces)"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: needs python3"; exit 77; }
NS=ovtk$$r
T=$(mktemp -d /tmp/ovtkr.XXXXXX)
HOLDER=
cleanup() {
	[ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
ip netns add "$NS" || { echo "FAIL: netns add"; exit 1; }
ip -n "$NS" link set lo up
export OVTSH_LAB=ovtk$$r OVTSH_LOCK_DIR=$T OVTSH_LOCK_WAIT=30 HOME=$T
python3 - "$OVTSH" "$NS" "$T" <<'PY'
import os, re, subprocess, sys, time
sys.path.insert(0, os.path.join(os.environ["OVTSH_TOP"], "tests/integration/lib"))
from repl_pty import Repl

ovtsh, ns, tmp = sys.argv[1:4]
r = Repl(ovtsh)
expect, mark, send, PROMPT = r.expect, r.mark, r.send, r.prompt
expect(PROMPT)
# the tables are long: no --More-- in the way (the pager: test_repl_pty)
send("terminal length 0\r")
expect(PROMPT)
# 1. a traced program
mark()
send("trace exec hypervisor %s sleep 30\r" % ns)
time.sleep(1.5)
send("\x03")
expect("interrupted: sleep killed, counted so far:")
expect("% interrupted")
expect(PROMPT)
if subprocess.run(["ip", "netns", "pids", ns], capture_output=True,
                  text=True).stdout.strip():
    print("FAIL: the traced program survived")
    sys.exit(1)
print("ok: trace: killed, table printed, prompt back")
# 2. a live capture
mark()
send("capture interface lo hypervisor %s filter icmp\r" % ns)
for _ in range(50):
    out = subprocess.run(["ip", "netns", "exec", ns, "cat", "/proc/net/packet"],
                         capture_output=True, text=True).stdout
    if len(out.splitlines()) > 1:
        break
    time.sleep(0.1)
subprocess.run(["ip", "netns", "exec", ns, "ping", "-c", "2", "-i", "0.2",
                "127.0.0.1"], capture_output=True)
time.sleep(0.3)
send("\x03")
expect(" dropped by kernel")
expect(PROMPT)
if not re.search(r"\n\d+ packets captured", r.screen) or \
        "ICMP echo request" not in r.screen:
    print("FAIL: no packets or summary on its own line:\n" + r.screen)
    sys.exit(1)
print("ok: capture: packets, then the summary on a line of its own")
# 3. waiting for the lab lock
holder = subprocess.Popen(["flock", os.path.join(tmp, os.environ["OVTSH_LAB"]
                                                   + ".lock"), "sleep", "30"])
time.sleep(0.3)
mark()
send("hypervisor %sx\r" % ns)
time.sleep(1)
send("\x03")
expect("interrupted while waiting for the lock of lab")
expect(PROMPT)
holder.kill()
print("ok: lock wait: Ctrl-C gives up")
# the shell goes on
mark()
send("echo still-here\r")
expect("\nstill-here\n" + PROMPT)    # the prompt after it, not a redraw
r.quit("\x04")
print("ok: the shell went on and left with Ctrl-D")
PY
rc=$?
ip netns list | grep -qw "${NS}x" && { echo "FAIL: ${NS}x was made"; exit 1; }
exit $rc
