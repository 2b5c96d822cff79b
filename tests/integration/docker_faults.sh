#!/bin/bash
# docker_faults.sh - faults against the real daemon, each a clear message
# (Docker's own text where it has one), nothing half-created, the shell
# still usable afterwards:
#   a missing image; a name taken by a foreign (unlabelled) container; a
#   container removed, and one stopped, behind ovtsh's back while ovtsh is
#   in its mode; a missing socket; a dead daemon (a private second dockerd
#   of this test, started and stopped here - never the shared one).
set -u
. "$(dirname "$0")/docker_lib.bash"
docker_need
A=ovtd$$a F=ovtd$$foreign
SOCK=/run/ovtd-docker.sock PIDF=/run/ovtd-docker.pid
D2_DATA=/var/lib/ovtd-docker D2_EXEC=/run/ovtd-docker
fifo=$(mktemp -u /tmp/ovtd-fifo.XXXXXX)
OVTSH_BUILD_DIR=${OVTSH_BUILD:-build}
[[ $OVTSH_BUILD_DIR == /* ]] || OVTSH_BUILD_DIR=${OVTSH_TOP:-.}/$OVTSH_BUILD_DIR

stop_d2() {
	local pid
	pid=$(cat "$PIDF" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$PIDF" "$SOCK"
}
cleanup() {
	stop_d2
	rm -rf "$D2_EXEC" "$D2_DATA" "$fifo" "/run/ovtd-dead$$.sock"
	docker_cleanup "$A" "$F"
	docker rmi -f ovtdnosleep$$ >/dev/null 2>&1
}
trap cleanup EXIT

# -- missing image: Docker's "No such image"-style text, nothing created
expect_fail "no image 'ovtdnosuchimage'" \
	-c "container $A" -c "image ovtdnosuchimage"
docker inspect $A >/dev/null 2>&1 && fail "$A created despite the error"
ok "missing image: nothing created"

# -- an image whose container cannot start (no sleep in it): the start,
# in the background, fails; the error is told and the container removed
root=$(mktemp -d /tmp/ovtd-root.XXXXXX)
mkdir -p "$root/bin" && cp /bin/busybox "$root/bin/"
tar -C "$root" -cf "$root.tar" . && rm -rf "$root"
ovt -c "image import $root.tar ovtdnosleep$$"
rm -f "$root.tar"
[ "$rc" -eq 0 ] || fail "import: $out"
expect_fail "container '$A': start: .*(executable file not found|no such file).*\\(container removed\\)" \
	-c "container $A" -c "image ovtdnosleep$$" -c "exit"
docker rmi -f ovtdnosleep$$ >/dev/null
docker inspect $A >/dev/null 2>&1 && fail "$A left behind after a failed start"
ok "failed start: told, container removed"

# -- a foreign container of the same name is refused, and left alone
docker run -d --name $F --network none labbox >/dev/null ||
	fail "docker run $F"
fid=$(ct_id $F)
expect_fail "container '$F' exists but was not made by ovtsh" \
	-c "container $F"
expect_fail "not made by ovtsh" -c "no container $F"
OVTSH_LAB=ovtd$$other expect_fail "not made by ovtsh" -c "clear lab" \
	-c "container $F"
[ "$(ct_id $F)" = "$fid" ] && [ "$(ct_state $F)" = running ] ||
	fail "the foreign container was touched"
ok "foreign container refused and untouched"

# -- behind ovtsh's back, while ovtsh sits in the container's mode.  The
# shell reads a fifo; each step waits for the previous one's effect.
ovt -c "container $A" -c "image labbox"
[ "$rc" -eq 0 ] || fail "create $A: $out"
mkfifo "$fifo"
"$OVTSH" -k -f - <"$fifo" >"$fifo.out" 2>&1 &
sh_pid=$!
exec 7>"$fifo"
echo "container $A" >&7
echo "exec touch /tmp/ovtd-step1" >&7
for _ in $(seq 1 100); do
	docker exec $A test -e /tmp/ovtd-step1 2>/dev/null && break
	sleep 0.1
done
docker stop $A >/dev/null          # stopped behind ovtsh's back
echo "exec true" >&7               # fails: not running
echo "start" >&7                   # recovers
echo "exec touch /tmp/ovtd-step2" >&7
for _ in $(seq 1 100); do
	docker exec $A test -e /tmp/ovtd-step2 2>/dev/null && break
	sleep 0.1
done
docker rm -f $A >/dev/null         # removed behind ovtsh's back
echo "exec true" >&7               # fails: no such container
echo "stop" >&7                    # fails: no such container
echo "end" >&7
echo "echo STILL-USABLE" >&7
exec 7>&-
wait $sh_pid
log=$(cat "$fifo.out"); rm -f "$fifo.out"
grep -q "container '$A' is not running" <<<"$log" ||
	fail "stopped behind the back: no clear message: $log"
grep -q "no container '$A'\|No such container: $A" <<<"$log" ||
	fail "removed behind the back: no clear message: $log"
grep -qx "STILL-USABLE" <<<"$log" || fail "shell unusable after: $log"
docker inspect $A >/dev/null 2>&1 && fail "$A came back"
ok "stopped/removed behind the back: $(grep -c . <<<"$log") lines, clear"

# -- a socket that is not there
DOCKER_HOST=unix:///run/ovtd-nosuch.sock expect_fail \
	"^(-c:[0-9]+: |% )?Docker daemon not reachable at /run/ovtd-nosuch.sock: No such file or directory" \
	-c "show containers"
# without a daemon the rest of the lab still has a running-config and can
# be cleared: the containers area says so in a comment and clears nothing
DOCKER_HOST=unix:///run/ovtd-nosuch.sock ovt -c "show running-config" \
	-c "clear lab"
[ "$rc" -eq 0 ] && grep -q "^! no containers: Docker daemon not reachable" \
	<<<"$out" || fail "running-config/clear lab without a daemon: $out"
ok "no daemon: running-config notes it, clear lab clears the rest"
DOCKER_HOST=tcp://127.0.0.1:2375 expect_fail "only unix://PATH is supported" \
	-c "show containers"

# -- a dead daemon: our own dockerd, up, used, stopped
command -v dockerd >/dev/null || skip "dockerd not installed"
stop_d2
dockerd -H "unix://$SOCK" --data-root "$D2_DATA" --exec-root "$D2_EXEC" \
	--pidfile "$PIDF" --iptables=false --ip-masq=false --bridge=none \
	>/tmp/ovtd-dockerd.$$.log 2>&1 &
for _ in $(seq 1 100); do
	DOCKER_HOST=unix://$SOCK docker version >/dev/null 2>&1 && break
	sleep 0.1
done
DOCKER_HOST=unix://$SOCK docker version >/dev/null 2>&1 ||
	{ cat /tmp/ovtd-dockerd.$$.log; rm -f /tmp/ovtd-dockerd.$$.log;
	  fail "private dockerd did not start"; }
rm -f /tmp/ovtd-dockerd.$$.log
DOCKER_HOST=unix://$SOCK ovt -c "show containers"
[ "$rc" -eq 0 ] || fail "show containers on the private daemon: $out"
DOCKER_HOST=unix://$SOCK expect_fail "no image 'labbox'" \
	-c "container $A" -c "image labbox"
stop_d2
DOCKER_HOST=unix://$SOCK expect_fail \
	"Docker daemon not reachable at $SOCK: " -c "container $A"
DOCKER_HOST=unix://$SOCK ovt -c "show containers" -c "echo NEVER"
[ "$rc" -ne 0 ] && [ "$(grep -c . <<<"$out")" -eq 1 ] ||
	fail "dead daemon: want one line, got: $out"
ok "dead daemon: one line: $out"
# a socket file left behind by a crashed daemon: refused, one line too
dead=/run/ovtd-dead$$.sock
"$OVTSH_BUILD_DIR/tests/helpers/ovtd_deadsock" "$dead" || fail "deadsock"
DOCKER_HOST=unix://$dead expect_fail \
	"^(-c:[0-9]+: )?Docker daemon not reachable at $dead: Connection refused$" \
	-c "show containers"
rm -f "$dead"
exit 0
