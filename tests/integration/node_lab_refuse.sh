#!/bin/bash
# node_lab_refuse.sh - entering a node of another lab is refused the same
# way for every node kind (a hypervisor, a container), in a replay and in
# the interactive shell, and nothing in it changes: one rule
# (node_lab_check) asked before any mode is entered.
set -u
. "$(dirname "$0")/docker_lib.bash"
[ "$(id -u)" = 0 ] || skip "skipped: needs root (namespaces)"
command -v python3 >/dev/null || skip "skipped: needs python3"
docker_need
L=$OVTSH_LAB
LO=${L}o
H=ovtd$$h C=ovtd$$c
T=$(mktemp -d /tmp/ovtdr.XXXXXX)
export HOME=$T          # the shell's history
cleanup() {
	rm -rf "$T"
	OVTSH_LAB=$L "$OVTSH" -c "clear lab force" >/dev/null 2>&1
	docker_cleanup "$C"
	ip netns del "$H" 2>/dev/null
}
trap cleanup EXIT
ovt -c "hypervisor $H" -c "end" -c "container $C" -c "image labbox" -c "exit"
[ "$rc" -eq 0 ] || fail "building lab $L: $out"
for k in "hypervisor $H" "container $C"; do
	name=${k#* }
	OVTSH_LAB=$LO expect_fail "^-c:1: ${k%% *} '$name' belongs to lab '$L', not to lab '$LO'; not touching it$" \
		-c "$k" -c "bridge brz"
	OVTSH_LAB=$LO expect_fail "^-c:1: ${k%% *} '$name' belongs to lab '$L'" -c "no $k"
done
ip -n "$H" link show brz >/dev/null 2>&1 && fail "a bridge was made in $H"
[ -e "/run/netns/$H" ] || fail "$H was removed"
[ "$(ct_state "$C")" = running ] || fail "$C: $(ct_state "$C")"
ok "a replay of another lab enters neither kind and changes nothing"

# the same in the interactive shell: the prompt stays at the top
OVTSH_LAB=$LO python3 - "$OVTSH" "$H" "$C" "$L" "$LO" <<'PY' || exit 1
import os, sys
sys.path.insert(0, os.path.join(os.environ["OVTSH_TOP"], "tests/integration/lib"))
from repl_pty import Repl

ovtsh, h, c, lab, other = sys.argv[1:6]
r = Repl(ovtsh)
r.expect(r.prompt)
for kind, name in (("hypervisor", h), ("container", c)):
    r.mark()
    r.send("%s %s\r" % (kind, name))
    r.expect("%% %s '%s' belongs to lab '%s', not to lab '%s'; not touching it\n"
             % (kind, name, lab, other) + r.prompt)
r.quit()
PY
ok "the interactive shell refuses both kinds alike"
