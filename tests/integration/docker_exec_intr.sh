#!/bin/bash
# docker_exec_intr.sh - Ctrl-C on a container "exec" at the interactive
# prompt (a real pty through script(1)): the output streams while the
# command runs, Ctrl-C stops the call with a one-line message, the
# command's process inside the container is killed, and the shell goes on.
set -u
. "$(dirname "$0")/docker_lib.bash"
docker_need
command -v script >/dev/null || skip "script(1) not installed"
A=ovtd$$i
log=$(mktemp /tmp/ovtd-intr.XXXXXX)
cleanup() {
	[ -n "${SC_PID:-}" ] && kill "$SC_PID" 2>/dev/null
	docker_cleanup "$A"
	rm -f "$log"
}
trap cleanup EXIT

ovt -c "container $A" -c "image labbox"
[ "$rc" -eq 0 ] || fail "create $A: $out"

coproc SC { script -qfc "$OVTSH" /dev/null 2>&1; }
# read the shell's screen until a line matches $1 (10 s at most)
until_line() {
	local line
	while IFS= read -r -t 10 line <&"${SC[0]}"; do
		printf '%s\n' "$line" >>"$log"
		[[ $line =~ $1 ]] && return 0
	done
	fail "no line /$1/ on the screen: $(tr -d '\r' <"$log")"
}
printf 'container %s\r' "$A" >&"${SC[1]}"
printf 'exec ping 127.0.0.1\r' >&"${SC[1]}"
until_line "seq=1 "                  # output comes while it runs
printf '\003' >&"${SC[1]}"
until_line "exec: .*interrupted"
ok "Ctrl-C: $(grep -a interrupted "$log" | tr -d '\r' | sed 's/.*% //')"
sleep 0.5
docker exec $A ps >"$log.ps"
grep -q "ping" "$log.ps" && { cat "$log.ps"; rm -f "$log.ps";
	fail "ping still runs in $A after Ctrl-C"; }
rm -f "$log.ps"
printf 'exec echo STILL-USABLE\r' >&"${SC[1]}"
until_line "^STILL-USABLE"
printf 'end\rexit\r' >&"${SC[1]}"
wait "$SC_PID" 2>/dev/null
SC_PID=
ok "the command was killed and the shell goes on"
exit 0
