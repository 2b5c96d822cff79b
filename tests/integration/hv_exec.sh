#!/bin/bash
# hv_exec.sh - "exec" in a hypervisor (and "hypervisor host"): the program
# runs in the node's namespace with its own output; a non-zero status
# fails the line (and the replay); Ctrl-C goes to the program, so that
# ping prints its statistics, and the replay stops.
set -u
: "${OVTSH:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
. "$(dirname "$0")/lib/intr.sh"
export OVTSH_LAB=ovpx$$
H=ovpx$$h
log=$(mktemp /tmp/ovpx-exec.XXXXXX)
cleanup() {
	[ -n "${intr_pid:-}" ] && kill -9 "$intr_pid" 2>/dev/null
	ip netns del "$H" 2>/dev/null
	rm -f "$log"
}
trap cleanup EXIT

# the program sees the hypervisor's namespace: its own inode
out=$("$OVTSH" -c "hypervisor $H" -c "exec readlink /proc/self/ns/net" \
	-c "exec ip -o link show lo" 2>&1) || fail "exec: $out"
want=$(ip netns exec "$H" readlink /proc/self/ns/net)
grep -qxF "$want" <<<"$out" || fail "not in $H ($want): $out"
[ "$want" != "$(readlink /proc/self/ns/net)" ] || fail "same as ours"
grep -q "1: lo:" <<<"$out" || fail "no ip output: $out"
ok "exec runs in $H: $want"

out=$("$OVTSH" -c "hypervisor host" -c "exec readlink /proc/self/ns/net" \
	2>&1) || fail "host exec: $out"
[ "$out" = "$(readlink /proc/self/ns/net)" ] || fail "host: $out"
ok "hypervisor host: exec runs in ovtsh's own namespace"

out=$("$OVTSH" -c "hypervisor $H" -c "exec sh -c 'echo on-err >&2; exit 3'" \
	-c "echo after" 2>&1)
rc=$?
[ "$rc" -ne 0 ] || fail "status 3 passed: $out"
grep -q "on-err" <<<"$out" || fail "stderr lost: $out"
grep -q "exec: 'sh' exited with status 3" <<<"$out" || fail "msg: $out"
grep -q after <<<"$out" && fail "the replay went on: $out"
ok "status 3: $(grep status <<<"$out")"

out=$("$OVTSH" -c "hypervisor $H" -c "exec ovpx-no-such-program" 2>&1) &&
	fail "a missing program passed: $out"
grep -q "exec: ovpx-no-such-program: No such file" <<<"$out" ||
	fail "msg: $out"
ok "missing program: $out"

# Ctrl-C: SIGINT at its default action, as typed in a terminal; ping
# gets it from ovtsh and prints its statistics
intr_replay "$log" "seq=2 " -c "hypervisor $H" \
	-c "exec ping -i 0.2 127.0.0.1" -c "echo after-exec"
rc=$intr_rc
cat "$log"
[ "$rc" -eq 1 ] || fail "exit status $rc, want 1 (130: ovtsh died of it)"
grep -q "packets transmitted" "$log" || fail "ping printed no statistics"
grep -q "exec: 'ping' interrupted" "$log" || fail "no 'interrupted' message"
grep -q "after-exec" "$log" && fail "the script went on"
pgrep -f "ping -i 0.2 127.0.0.1" >/dev/null && fail "ping still runs"
ok "Ctrl-C reached ping: $(grep transmitted "$log")"
exit 0
