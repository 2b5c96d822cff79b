#!/bin/bash
# perm_nonroot.sh - issue 10 item 5: without privileges, errors surface.
# Root builds a lab (two hypervisors, a bridge, a veth between them);
# an unprivileged user then runs clear lab, show running-config, write,
# no hypervisor, trace exec, show hypervisors and show bridges against it.  Each must fail (exit 1) with
# a message that says permission, print no empty lab or empty table, and
# leave the lab exactly as it was.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
[ "$(id -u)" -eq 0 ] || { echo "needs root"; exit 77; }
command -v setpriv >/dev/null || { echo "setpriv not installed"; exit 77; }
[ -x "$OVTSH" ] || { echo "no ovtsh binary at $OVTSH"; exit 77; }
export OVTSH_LAB=ovtp$$
A=ovtp$$a B=ovtp$$b
made_user=
U=nobody
tmp=$(mktemp -d /tmp/ovtp.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$tmp"
	[ -n "$made_user" ] && userdel "$U" 2>/dev/null
	return 0
}
trap cleanup EXIT
if ! id "$U" >/dev/null 2>&1; then
	U=ovtshtest
	useradd -M -r -s /usr/sbin/nologin "$U" || { echo "no user"; exit 77; }
	made_user=1
fi
fails=0
ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# The binary where the user can run it; a lock directory of its own, so
# the commands get past the lab lock (root's /run/ovtsh is 0700) and the
# area code itself is what answers.
chmod 0755 "$tmp"
cp "$OVTSH" "$tmp/ovtsh" && chmod 0755 "$tmp/ovtsh"
mkdir -m 0700 "$tmp/lock" "$tmp/out"
chown "$U" "$tmp/lock" "$tmp/out"
asuser() {
	setpriv --reuid="$U" --regid="$(id -g "$U")" --clear-groups \
		env HOME="$tmp" OVTSH_LAB="$OVTSH_LAB" \
		OVTSH_LOCK_DIR="$tmp/lock" "$tmp/ovtsh" "$@"
}

"$OVTSH" -c "hypervisor $B" -c exit -c "hypervisor $A" -c 'bridge br0' \
	-c "connect u0 hypervisor $B peer u1 address 10.9.0.1/24 peer-address 10.9.0.2/24" \
	-c 'exit' >/dev/null || { echo "FAIL building the lab as root"; exit 1; }
state() {
	"$OVTSH" -c 'show running-config'
	net_links "$A"; net_links "$B"; net_addrs "$A"; net_addrs "$B"
}
before=$(state)
grep -q "hypervisor $A" <<<"$before" || fail "root's lab not there: $before"

perm='Operation not permitted|Permission denied|needs root'
# expect_perm NAME ovtsh-args...: exit 1, a permission message, the lab
# unchanged.
expect_perm() {
	local name=$1 rc; shift
	asuser "$@" >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
	if [ $rc -ne 1 ]; then
		fail "$name: exit $rc, stderr: $(cat "$tmp/stderr")"
	elif ! grep -Eq "$perm" "$tmp/stderr"; then
		fail "$name: no permission message: $(cat "$tmp/stderr")"
	else
		ok "$name: $(head -n 1 "$tmp/stderr")"
	fi
	[ "$(state)" = "$before" ] || fail "$name changed the lab"
}

expect_perm "clear lab" -c 'clear lab'
if [ -S /var/run/docker.sock ] && [ -z "${DOCKER_HOST:-}" ] &&
   ! setpriv --reuid="$U" --regid="$(id -g "$U")" --clear-groups \
	test -w /var/run/docker.sock; then
	grep -q "containers: Docker daemon at .*Permission denied" \
		"$tmp/stderr" && ok "clear lab: the Docker socket is an error" ||
		fail "clear lab: Docker socket not reported: $(cat "$tmp/stderr")"
fi

expect_perm "show running-config" -c 'show running-config'
[ -s "$tmp/stdout" ] && fail "show running-config printed a lab: $(cat "$tmp/stdout")"
grep -q "no containers" "$tmp/stdout" "$tmp/stderr" &&
	fail "show running-config: a forbidden Docker socket taken for none"

expect_perm "write" -c "write $tmp/out/lab.script"
[ -e "$tmp/out/lab.script" ] && fail "write saved a file: $(cat "$tmp/out/lab.script")"

expect_perm "no hypervisor" -c "no hypervisor $A"
grep -q "not created by lab" "$tmp/stderr" &&
	fail "no hypervisor blames the lab tag: $(cat "$tmp/stderr")"

expect_perm "trace exec" -c "trace exec hypervisor $A true"
grep -q "total" "$tmp/stdout" && fail "trace exec printed a table: $(cat "$tmp/stdout")"

# a namespace that cannot be entered is not shown as "not a lab's"
expect_perm "show hypervisors" -c 'show hypervisors'
grep -Eq "^$A +\?$" "$tmp/stdout" ||
	fail "show hypervisors: $A not shown as unknown: $(grep "^$A" "$tmp/stdout")"
asuser -c 'show hypervisors json' 2>/dev/null | python3 -c '
import json, sys
h = [x for x in json.load(sys.stdin)["hypervisors"] if x["name"] == sys.argv[1]]
sys.exit(0 if h and "lab" not in h[0] else 1)' "$A" ||
	fail "show hypervisors json: $A has a lab flag it could not know"
expect_perm "show bridges" -c 'show bridges json'
python3 -c 'import json,sys; json.load(sys.stdin)' <"$tmp/stdout" ||
	fail "show bridges json: not one JSON document: $(cat "$tmp/stdout")"

# ptrace of its own child needs no privilege: on the host it works
if asuser -c 'trace exec true' >"$tmp/stdout" 2>"$tmp/stderr" &&
   grep -q "total" "$tmp/stdout"; then
	ok "trace exec on the host works unprivileged"
else
	fail "trace exec on the host: $(cat "$tmp/stderr")"
fi

# root's lock directory: a change stops there, saying so
asuser() {
	setpriv --reuid="$U" --regid="$(id -g "$U")" --clear-groups \
		env HOME="$tmp" OVTSH_LAB="$OVTSH_LAB" "$tmp/ovtsh" "$@"
}
expect_perm "clear lab, root's lock directory" -c 'clear lab'
grep -q "cannot lock the lab" "$tmp/stderr" ||
	fail "not stopped by the lock: $(cat "$tmp/stderr")"

[ "$(state)" = "$before" ] && ok "the lab is intact" || fail "the lab changed"
[ $fails -eq 0 ] || { echo "$fails failed"; exit 1; }
echo "all passed"
