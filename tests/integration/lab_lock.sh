#!/bin/bash
# lab_lock.sh - issue 10 item 8: concurrent applies of one lab are
# serialized by the lab lock.  Three replays of one script at once (two
# hypervisors with bridges, veths, hosts on the bridges, a VXLAN tunnel;
# a container when dockerd and the labbox image are there), three rounds:
# every replay exits 0 and the lab is the one a single replay builds.  A
# second ovtsh waits a bounded time, then names the holder; a show does
# not wait; kill -9 of the holder frees the lock; the lock file goes with
# its last release.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
[ "$(id -u)" -eq 0 ] || { echo "needs root"; exit 77; }
[ -x "$OVTSH" ] || { echo "no ovtsh binary at $OVTSH"; exit 77; }
command -v jq >/dev/null || { echo "jq not installed"; exit 77; }
export OVTSH_LAB=ovtl$$
A=ovtl$$a B=ovtl$$b H1=ovtl$$h1 H2=ovtl$$h2 C=ovtl$$c
NS=("$A" "$B" "$H1" "$H2")
LOCK=/run/ovtsh/$OVTSH_LAB.lock
tmp=$(mktemp -d /tmp/ovtl.XXXXXX)
holder=
cleanup() {
	[ -n "$holder" ] && kill -9 "$holder" 2>/dev/null
	exec 7>&- 2>/dev/null
	OVTSH_LOCK_WAIT=30 "$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null; done
	docker rm -f "$C" >/dev/null 2>&1
	rm -rf "$tmp"
	rm -f "$LOCK"
	return 0
}
trap cleanup EXIT
fails=0
ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

net_vxlab "$A" "$B" "$H1" "$H2" >"$tmp/lab.script"
docker=
if docker image inspect labbox >/dev/null 2>&1; then
	docker=1
	cat >>"$tmp/lab.script" <<EOF
container $C
 image labbox
 connect eth1 hypervisor $A peer c-eth1 bridge br0 address 32.9.0.4/24
exit
EOF
else
	echo "note: no dockerd or labbox image: no container in the lab"
fi

state() {
	"$OVTSH" -c 'show running-config'
	for n in "${NS[@]}"; do net_links "$n"; net_addrs "$n"; done
	[ -z "$docker" ] || docker ps -a --filter "label=ovtsh.lab=$OVTSH_LAB" \
		--format '{{.Names}} {{.State}}'
}

# -- the reference: one replay
"$OVTSH" -f "$tmp/lab.script" >"$tmp/ref.out" 2>&1 ||
	{ echo "FAIL single replay: $(cat "$tmp/ref.out")"; exit 1; }
ref=$(state)
grep -q "tunnel vx42" <<<"$ref" || fail "reference lab incomplete: $ref"

# -- three replays at once, three rounds, from a cleared lab
for round in 1 2 3; do
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1 || fail "round $round: clear lab"
	pids=()
	for i in 1 2 3; do
		OVTSH_LOCK_WAIT=120 "$OVTSH" -f "$tmp/lab.script" \
			>"$tmp/r$i.out" 2>&1 &
		pids+=($!)
	done
	bad=0
	for i in 1 2 3; do
		if ! wait "${pids[$((i - 1))]}"; then
			bad=1
			fail "round $round, replay $i: $(tr '\n' ' ' <"$tmp/r$i.out")"
		fi
	done
	[ "$(state)" = "$ref" ] || { bad=1; fail "round $round: lab differs"; }
	[ $bad -eq 0 ] && ok "round $round: 3 concurrent replays exit 0, lab right"
done

# -- a holder that keeps the lock: a replay reading a fifo
mkfifo "$tmp/fifo"
start_holder() {
	"$OVTSH" -f - <"$tmp/fifo" >"$tmp/holder.out" 2>&1 &
	holder=$!
	exec 7>"$tmp/fifo"
	echo "hypervisor $A" >&7
	for _ in $(seq 1 100); do
		grep -qx "pid $holder" "$LOCK" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "the holder never took the lock: $(cat "$LOCK" 2>&1)"
}
start_holder

t0=$EPOCHREALTIME
OVTSH_LOCK_WAIT=1 "$OVTSH" -c "hypervisor $A" -c 'bridge br9' \
	>"$tmp/w.out" 2>"$tmp/w.err"; rc=$?
secs=$(echo "$EPOCHREALTIME - $t0" | bc)
if [ $rc -eq 1 ] &&
   grep -q "lab '$OVTSH_LAB' is locked by pid $holder (.*ovtsh.* -f -) since [0-9:]*; waited 1 s" "$tmp/w.err" &&
   [ "$(echo "$secs >= 1 && $secs < 5" | bc)" = 1 ]; then
	ok "a waiter gives up after ${secs}s: $(cat "$tmp/w.err")"
else
	fail "waiter: exit $rc after ${secs}s: $(cat "$tmp/w.err")"
fi
ip -n "$A" link show br9 >/dev/null 2>&1 && fail "the waiter changed the lab"
# with -k, the lines after a wait in vain do not wait again
t0=$EPOCHREALTIME
OVTSH_LOCK_WAIT=1 "$OVTSH" -k -c "no hypervisor $H1" -c "no hypervisor $H2" \
	-c 'clear lab' >/dev/null 2>"$tmp/k.err"; rc=$?
secs=$(echo "$EPOCHREALTIME - $t0" | bc)
if [ $rc -eq 1 ] && [ "$(grep -c "waited 1 s" "$tmp/k.err")" = 1 ] &&
   [ "$(grep -c "waited 0 s" "$tmp/k.err")" = 2 ] &&
   [ "$(echo "$secs < 3" | bc)" = 1 ]; then
	ok "-k: one wait, then no more (${secs}s)"
else
	fail "-k after a wait in vain: exit $rc, ${secs}s: $(cat "$tmp/k.err")"
fi
"$OVTSH" --lock-wait 0 -c 'clear lab' >/dev/null 2>"$tmp/w.err"
grep -q "waited 0 s" "$tmp/w.err" && ok "--lock-wait 0: no wait" ||
	fail "--lock-wait 0: $(cat "$tmp/w.err")"
OVTSH_LOCK_WAIT=0 timeout 10 "$OVTSH" -c 'show running-config' \
	-c 'show hypervisors' >/dev/null 2>"$tmp/s.err" &&
	ok "show runs while the lab is locked" ||
	fail "show while locked: $(cat "$tmp/s.err")"
[ "$(state)" = "$ref" ] || fail "the lab changed while locked"

# a waiter with time gets the lock once the holder ends (without the
# fifo's write end: the holder would never see its end)
OVTSH_LOCK_WAIT=20 "$OVTSH" -c "hypervisor $A" -c 'bridge br8' \
	>"$tmp/w2.out" 2>&1 7>&- &
w2=$!
sleep 0.5
echo "exit" >&7
exec 7>&-
wait "$holder" || fail "holder: $(cat "$tmp/holder.out")"
holder=
if wait "$w2" && ip -n "$A" link show br8 >/dev/null 2>&1; then
	ok "the waiter ran after the holder ended"
else
	fail "the waiter after the holder: $(cat "$tmp/w2.out")"
fi

# -- kill -9 frees the lock
start_holder
OVTSH_LOCK_WAIT=0 "$OVTSH" -c "no bridge br8" -c 'end' >/dev/null 2>&1 &&
	fail "locked, yet a change went through"
kill -9 "$holder"
wait "$holder" 2>/dev/null
holder=
exec 7>&-
if OVTSH_LOCK_WAIT=0 "$OVTSH" -c "hypervisor $A" -c "no bridge br8" \
	>"$tmp/k.out" 2>&1; then
	ok "kill -9 of the holder frees the lock"
else
	fail "after kill -9: $(cat "$tmp/k.out")"
fi
[ -e "$LOCK" ] && fail "the lock file outlived its last holder"

[ $fails -eq 0 ] || { echo "$fails failed"; exit 1; }
echo "all passed"
