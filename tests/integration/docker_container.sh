#!/bin/bash
# docker_container.sh - container mode against the real dockerd: create
# from an image (network none, the lab's label, the three caps, hostname),
# reuse on replay (same id, no duplicate), start/stop/restart, exec with
# output and exit status, show containers (text and JSON, checked against
# the docker CLI), the running-config lines, no container, clear lab.
set -u
. "$(dirname "$0")/docker_lib.bash"
docker_need
A=ovtd$$a B=ovtd$$b C=ovtd$$c IMG=ovtdimg$$:v1
root=$(mktemp -d /tmp/ovtd-root.XXXXXX)
trap 'docker_cleanup $A $B $C; docker rmi -f $IMG >/dev/null 2>&1; rm -rf "$root"' EXIT

# -- create, checked with the docker CLI
ovt -c "container $A" -c "image labbox" -c "exit"
[ "$rc" -eq 0 ] || fail "create $A: $out"
[ "$(ct_state $A)" = running ] || fail "$A is $(ct_state $A), not running"
fmt='{{.Config.NetworkDisabled}} {{.HostConfig.NetworkMode}} {{index .Config.Labels "ovtsh.lab"}} {{.Config.Hostname}} {{.Config.Image}}'
got=$(docker inspect -f "$fmt" $A)
[ "$got" = "true none $OVTSH_LAB $A labbox" ] || fail "inspect $A: '$got'"
caps=$(docker inspect -f '{{join .HostConfig.CapAdd ","}}' $A)
[ "$caps" = "NET_ADMIN,NET_RAW,SYS_ADMIN" ] || fail "$A caps: '$caps'"
id1=$(ct_id $A)
ok "created $A: $got, caps $caps"

# -- replay: the same container, not a second one
ovt -c "container $A" -c "image labbox" -c "exit"
[ "$rc" -eq 0 ] || fail "replay $A: $out"
[ "$(ct_id $A)" = "$id1" ] || fail "$A was recreated on replay"
n=$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB" | wc -l)
[ "$n" -eq 1 ] || fail "$n containers in the lab after replay, want 1"
ok "replay reused $A (id ${id1:0:12})"
expect_fail "runs image 'labbox', not 'busybox'" \
	-c "container $A" -c "image busybox"

# -- exec: output, and a failing command's status
ovt -c "container $A" -c "exec hostname"
[ "$rc" -eq 0 ] && [ "$out" = "$A" ] || fail "exec hostname: rc $rc '$out'"
ovt -c "container $A" -c "exec sh -c 'echo out; echo err >&2'"
grep -qx out <<<"$out" && grep -qx err <<<"$out" ||
	fail "exec stdout/stderr: '$out'"
expect_fail "exec: 'sh' exited with status 3" \
	-c "container $A" -c "exec sh -c 'exit 3'"
ok "exec output and exit status"

# -- stop, start, restart, and a stopped container is started on entry
ovt -c "container $A" -c "stop"
[ "$rc" -eq 0 ] && [ "$(ct_state $A)" = exited ] ||
	fail "stop: rc $rc, state $(ct_state $A): $out"
expect_fail "container '$A' is not running" -c "container $A" -c "stop" \
	-c "exec true"
ovt -c "container $A" -c "start" -c "restart" -c "exec true"
[ "$rc" -eq 0 ] && [ "$(ct_state $A)" = running ] || fail "start: $out"
docker stop $A >/dev/null
ovt -c "container $A" -c "exit"
[ "$rc" -eq 0 ] && [ "$(ct_state $A)" = running ] ||
	fail "entering stopped $A did not start it: $out"
ok "stop/start/restart; re-entering a stopped container starts it"

# -- a new container without an image: an error, nothing created
expect_fail "container '$B' was not created: no image given" \
	-c "container $B" -c "exit"
docker inspect $B >/dev/null 2>&1 && fail "$B exists after the error"

# -- show containers, text and JSON, against the docker CLI
ovt -c "container $B" -c "image labbox" -c "exit" -c "show containers"
[ "$rc" -eq 0 ] || fail "show containers: $out"
for c in $A $B; do
	grep -Eq "^$c +running +$(ct_pid $c) +labbox" <<<"$out" ||
		fail "show containers lacks '$c running $(ct_pid $c)': $out"
done
ovt -c "show containers json"
[ "$rc" -eq 0 ] || fail "show containers json: $out"
grep -q "\"name\": *\"$A\", *\"state\": *\"running\", *\"pid\": *$(ct_pid $A)" \
	<<<"$out" || fail "JSON lacks $A: $out"
grep -q "\"lab\": *\"$OVTSH_LAB\"" <<<"$out" || fail "JSON lacks the lab: $out"
# another lab's: none by default, all of them with "all" and a LAB column
OVTSH_LAB=${OVTSH_LAB}o ovt -c "show containers"
grep -q "$A" <<<"$out" && fail "another lab lists $A: $out"
OVTSH_LAB=${OVTSH_LAB}o ovt -c "show containers all"
head -n 1 <<<"$out" | grep -Eq "^NAME +LAB +STATE " || fail "no LAB column: $out"
grep -Eq "^$A +$OVTSH_LAB +running " <<<"$out" || fail "all lacks $A: $out"
ok "show containers (text and json) match docker inspect"

# -- running-config: each container and its image
ovt -c "show running-config"
[ "$rc" -eq 0 ] || fail "show running-config: $out"
grep -A2 -x "container $A" <<<"$out" | grep -qx " image labbox" ||
	fail "running-config lacks $A: $out"
ovt -c "container $B" -c "stop" -c "end" -c "show running-config"
grep -A3 -x "container $B" <<<"$out" | tr '\n' '|' |
	grep -q "^container $B| image labbox| stop|exit|" ||
	fail "running-config of stopped $B: $out"
ok "running-config lists the containers, a stopped one with 'stop'"

# -- image import: an image from busybox-static, no registry, no docker CLI
if [ -x /bin/busybox ]; then
	mkdir -p "$root/bin" "$root/tmp"
	cp /bin/busybox "$root/bin/"
	for a in sh sleep hostname cat; do ln -s busybox "$root/bin/$a"; done
	tar -C "$root" -cf "$root.tar" .
	ovt -c "image import $root.tar $IMG" -c "container $C" -c "image $IMG" \
		-c "exec hostname"
	rm -f "$root.tar"
	[ "$rc" -eq 0 ] || fail "image import: $out"
	[ "$(docker image inspect -f '{{json .Config.Cmd}}' $IMG)" = \
	  '["/bin/sleep","infinity"]' ] || fail "imported image's CMD"
	[ "$out" = "$C" ] || fail "container of $IMG: $out"
	ok "image import from a tar, a container from it"
	echo garbage >"$root/bad.tar"
	expect_fail "image import 'ovtdbad$$': .*(tar|EOF)" \
		-c "image import $root/bad.tar ovtdbad$$"
	expect_fail "image import: /nonexistent.tar: No such file" \
		-c "image import /nonexistent.tar ovtdbad$$"
fi

# -- no container, then clear lab removes the rest
ovt -c "no container $B"
[ "$rc" -eq 0 ] && ! docker inspect $B >/dev/null 2>&1 ||
	fail "no container $B: $out"
expect_fail "no container '$B'" -c "no container $B"
ovt -c "clear lab"
[ "$rc" -eq 0 ] || fail "clear lab: $out"
n=$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB" | wc -l)
[ "$n" -eq 0 ] || fail "$n lab containers left after clear lab"
ok "no container and clear lab remove them"
exit 0
