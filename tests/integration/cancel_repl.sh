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
import os, pty, re, select, subprocess, sys, time

ovtsh, ns, tmp = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.execv(ovtsh, [ovtsh])
screen = ""

def expect(want, secs=10):
    global screen
    end = time.time() + secs
    while want not in screen:
        left = end - time.time()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            print("FAIL: no %r on the screen:\n%s" % (want, screen))
            os.kill(pid, 9)
            sys.exit(1)
        try:
            data = os.read(fd, 4096).decode(errors="replace")
        except OSError:
            data = ""
        screen += re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", data)

def mark():
    global screen
    screen = ""

def send(s):
    os.write(fd, s.encode())

expect("ovtsh# ")
# 1. a traced program
mark()
send("trace exec hypervisor %s sleep 30\r" % ns)
time.sleep(1.5)
send("\x03")
expect("interrupted: sleep killed, counted so far:")
expect("% interrupted")
expect("ovtsh# ")
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
expect("ovtsh# ")
if not re.search(r"\n\d+ packets captured", screen) or \
        "ICMP echo request" not in screen:
    print("FAIL: no packets or summary on its own line:\n" + screen)
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
expect("ovtsh# ")
holder.kill()
print("ok: lock wait: Ctrl-C gives up")
# the shell goes on
mark()
send("echo still-here\r")
expect("\nstill-here\novtsh# ")    # the prompt after it, not a redraw
mark()
send("\x04")
# the shell must leave at once: bounded (by the clock: once the shell
# has closed the pty, fd reads EIO at once, and counted turns ran out
# while it was still exiting), with what it showed if not
end, fds = time.time() + 10, [fd]
while True:
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.time() > end:
        print("FAIL: Ctrl-D did not end the shell; it showed:\n%r" % screen)
        os.kill(pid, 9)
        sys.exit(1)
    if select.select(fds, [], [], 0.1)[0]:
        try:
            screen += os.read(fd, 4096).decode(errors="replace")
        except OSError:
            fds = []      # closed: only the exit is left to wait for
if not os.WIFEXITED(st) or os.WEXITSTATUS(st) != 0:
    print("FAIL: the shell ended with status %d" % st)
    sys.exit(1)
print("ok: the shell went on and left with Ctrl-D")
PY
rc=$?
ip netns list | grep -qw "${NS}x" && { echo "FAIL: ${NS}x was made"; exit 1; }
exit $rc
