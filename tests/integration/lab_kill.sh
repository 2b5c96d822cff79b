#!/bin/bash
# lab_kill.sh - kill -9 while "hypervisor NAME" creates the namespace
# (issue 10, item 4): whatever step it dies at, the next replay finishes
# the hypervisor, and "clear lab" or "no hypervisor" removes what is left;
# nothing survives.  First deterministically (OVTSH_TEST_KILL_AT makes
# ovtsh SIGKILL itself at a named step), then at random moments.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
export OVTSH_LAB=ovtk$$
H=ovtk$$
INTENTS=/run/ovtsh/netns-new
tmp=$(mktemp -d /tmp/ovtk.XXXXXX)
live=
cleanup() {
	unset OVTSH_TEST_KILL_AT
	[ -n "$live" ] && kill "$live" 2>/dev/null
	rm -rf "$tmp"
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	umount "/run/netns/$H" 2>/dev/null
	rm -f "/run/netns/$H" "$INTENTS/$OVTSH_LAB:$H"
}
trap cleanup EXIT

# nothing of the lab is left: no namespace file, no intent
nothing_left() {     # what
	[ -e "/run/netns/$H" ] && net_fail "$1: /run/netns/$H is left"
	[ -e "$INTENTS/$OVTSH_LAB:$H" ] && net_fail "$1: an intent is left"
	ip netns list | grep -qw "$H" && net_fail "$1: ip netns lists $H"
	return 0
}

# the hypervisor is whole: tagged lo, the bridge made in it
whole() {            # what
	local alias
	alias=$(ip -n "$H" -j link show lo | jq -r '.[0].ifalias // ""')
	[ "$alias" = "ovtsh:$OVTSH_LAB" ] || net_fail "$1: lo's alias is '$alias'"
	ip -n "$H" link show br0 >/dev/null 2>&1 || net_fail "$1: no br0"
}

# recover how: replay (then clear lab), clear lab, or no hypervisor
recover() {          # how what
	case $1 in
	replay)
		"$OVTSH" -c "hypervisor $H" -c 'bridge br0' ||
			net_fail "$2: replay failed"
		whole "$2"
		"$OVTSH" -c 'clear lab' || net_fail "$2: clear lab after replay" ;;
	clear)
		"$OVTSH" -c 'clear lab' || net_fail "$2: clear lab failed" ;;
	no)
		"$OVTSH" -c "no hypervisor $H" 2>/dev/null ||
			[ ! -e "/run/netns/$H" ] || net_fail "$2: no hypervisor failed" ;;
	esac
	nothing_left "$2"
}

for step in netns-tagged netns-file netns-mounted link-made; do
	for how in replay clear no; do
		{ OVTSH_TEST_KILL_AT=$step "$OVTSH" -c "hypervisor $H" \
			-c 'bridge br0'; rc=$?; } 2>/dev/null
		[ $rc -eq 137 ] || net_fail "killed at $step: exit $rc, not SIGKILL's 137"
		recover "$how" "killed at $step, then $how"
	done
done

# kill -9 at random moments of a creation (a few ms after the start)
hows=(replay clear no)
for i in $(seq 1 20); do
	"$OVTSH" -c "hypervisor $H" -c 'bridge br0' >/dev/null 2>&1 &
	pid=$!
	sleep "0.00$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	recover "${hows[i % 3]}" "random kill $i"
done
# an intent of a live ovtsh is respected; one whose pid is no ovtsh (a
# reused pid) is stale
mkfifo "$tmp/in"
"$OVTSH" <"$tmp/in" >/dev/null 2>&1 &
live=$!
exec 3>"$tmp/in"
mkdir -p "$INTENTS"
echo "$live" >"$INTENTS/$OVTSH_LAB:$H"
out=$("$OVTSH" -c "hypervisor $H" 2>&1) &&
	net_fail "created $H while a live ovtsh had it in hand"
[ "$out" = "-c:1: hypervisor '$H' is being created by process $live" ] ||
	net_fail "live intent: $out"
[ -e "/run/netns/$H" ] && net_fail "live intent: $H was made"
exec 3>&-
wait "$live"
live=
echo "$$" >"$INTENTS/$OVTSH_LAB:$H"
"$OVTSH" -c "hypervisor $H" -c 'bridge br0' || net_fail "a stale pid blocks $H"
whole "stale pid"
"$OVTSH" -c 'clear lab' || net_fail "clear lab after the stale pid"
nothing_left "stale pid"
echo "every killed creation finished by replay or removed by clear lab / no hypervisor"
