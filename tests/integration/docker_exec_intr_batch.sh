#!/bin/bash
# docker_exec_intr_batch.sh - Ctrl-C on a container "exec" in a replay
# (-c), as at the prompt (docker_exec_intr.sh): the call stops with a
# one-line message, the command's process inside the container is killed,
# and the script stops (exit 1).  It used to kill ovtsh and leave the
# command running in the container.
set -u
. "$(dirname "$0")/docker_lib.bash"
. "$(dirname "$0")/lib/intr.sh"
docker_need
A=ovtd$$b
log=$(mktemp /tmp/ovtd-intrb.XXXXXX)
cleanup() {
	[ -n "${intr_pid:-}" ] && kill -9 "$intr_pid" 2>/dev/null
	docker_cleanup "$A"
	rm -f "$log"
}
trap cleanup EXIT

ovt -c "container $A" -c "image labbox"
[ "$rc" -eq 0 ] || fail "create $A: $out"

# SIGINT at its default action, as for a command typed in a terminal
intr_replay "$log" "seq=1 " -c "container $A" -c "exec ping 127.0.0.1" \
	-c "echo after-exec"
rc=$intr_rc
cat "$log"
[ "$rc" -eq 1 ] || fail "exit status $rc, want 1 (130: ovtsh died of it)"
grep -q "exec: .*interrupted" "$log" || fail "no 'interrupted' message"
grep -q "after-exec" "$log" && fail "the script went on"
ok "Ctrl-C: $(grep -a interrupted "$log" | sed 's/.*: //')"
sleep 0.5
docker exec "$A" ps >"$log"
grep -q "ping" "$log" && { cat "$log"; fail "ping still runs in $A"; }
ok "the command was killed and the script stopped"
exit 0
