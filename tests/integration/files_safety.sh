#!/bin/bash
# files_safety.sh - what ovtsh writes and reads as files, attacked:
# "write FILE" keeps a file's owner and mode, never follows a link planted
# at FILE or at the temporary name the old code used, reports a full device
# and leaves it a device; "capture ... write" to a full device fails (read
# from the pcap fixture, and live in namespaces of its own); "-f /dev/zero"
# fails at once in bounded memory; a script that cannot be read is an error;
# bench's CSV and SVG files follow the same rules as "write".
set -u
tag=ovtfs$$
A=ovtfsA$$ B=ovtfsB$$
t=$(mktemp -d /tmp/ovtfs.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for n in "$A" "$B"; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$t"
}
trap cleanup EXIT
export OVTSH_LAB=$tag
fail=0
check() {        # description, condition...
	local what=$1; shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
[ "$(id -u)" = 0 ] || { echo "needs root (chown, mknod, namespaces)"; exit 77; }
# our own /dev/full: a broken write must not replace the machine's
mknod "$t/full" c 1 7 || { echo "mknod not permitted"; exit 77; }
not() { ! "$@"; }
isfull() { [ -c "$t/full" ] && [ "$(stat -c %t:%T "$t/full")" = 1:7 ]; }

"$OVTSH" -c 'show running-config' >"$t/shown" || { echo "show failed"; exit 1; }

# An existing file keeps owner and mode, its content is replaced.
echo old >"$t/conf"
chown 1234:5678 "$t/conf"; chmod 0640 "$t/conf"
"$OVTSH" -c "write $t/conf"; rc=$?
check "write exits 0" [ $rc -eq 0 ]
check "write keeps owner and mode" [ "$(stat -c %u:%g:%a "$t/conf")" = 1234:5678:640 ]
check "write content" cmp -s "$t/shown" "$t/conf"
check "no temporary left" [ "$(ls -A "$t" | wc -l)" -eq 3 ]

# A link at FILE: refused, the victim and the link unchanged.
echo secret >"$t/victim"
ln -s "$t/victim" "$t/link"
"$OVTSH" -c "write $t/link" 2>"$t/err"; rc=$?
check "write to a link fails" [ $rc -eq 1 ]
check "link message" grep -q "cannot write '$t/link': it is a symbolic link" "$t/err"
check "link kept" [ -L "$t/link" ]
check "victim untouched (link at FILE)" [ "$(cat "$t/victim")" = secret ]

# A link at FILE.tmp.PID, the old predictable temporary (the pid is known
# here: exec keeps the shell's).
bash -c 'ln -s "$1/victim" "$1/out.tmp.$$" && exec "$2" -c "write $1/out"' \
	_ "$t" "$OVTSH"; rc=$?
check "write beside a planted temp link exits 0" [ $rc -eq 0 ]
check "victim untouched (link at FILE.tmp.PID)" [ "$(cat "$t/victim")" = secret ]
check "written file is regular" [ -f "$t/out" ] && [ ! -L "$t/out" ]
check "written content" cmp -s "$t/shown" "$t/out"

# A full device: an error, exit 1, still the device.
"$OVTSH" -c "write $t/full" -c 'echo not reached' >"$t/out2" 2>"$t/err"; rc=$?
check "write to a full device fails" [ $rc -eq 1 ]
check "ENOSPC reported" grep -q "writing '$t/full': No space left on device" "$t/err"
check "device stays a device" isfull
check "script stops there" [ ! -s "$t/out2" ]

# capture read ... write to a full device: no summary, an error, exit 1.
fx=$OVTSH_TOP/tests/golden/capture_fixtures.pcap
"$OVTSH" -c "capture read $fx write $t/full" >"$t/out2" 2>"$t/err"; rc=$?
check "capture read write full fails" [ $rc -eq 1 ]
check "capture ENOSPC reported" grep -q "writing '$t/full': No space left on device" "$t/err"
check "no packets-read summary" [ ! -s "$t/out2" ]
check "device stays a device (capture)" isfull
# ... and to a file: the same bytes as the fixture
"$OVTSH" -c "capture read $fx write $t/copy.pcap" >/dev/null; rc=$?
check "capture read write file" [ $rc -eq 0 ] && cmp -s "$fx" "$t/copy.pcap"

# Live: capture on a veth of two namespaces of our own while pinging.
ip netns add "$A" && ip netns add "$B" || { echo "FAIL netns"; exit 1; }
ip -n "$A" link add ovtfa type veth peer name ovtfb netns "$B"
ip -n "$A" addr add 10.99.0.1/24 dev ovtfa
ip -n "$B" addr add 10.99.0.2/24 dev ovtfb
ip -n "$A" link set ovtfa up && ip -n "$B" link set ovtfb up
ip netns exec "$A" ping -q -i 0.05 -c 200 10.99.0.2 >/dev/null 2>&1 &
pids+=($!)
timeout 30 "$OVTSH" -c "capture interface ovtfa hypervisor $A count 30 write $t/full" \
	>"$t/out2" 2>"$t/err"; rc=$?
check "live capture write full fails" [ $rc -eq 1 ]
check "live capture ENOSPC reported" grep -q "writing '$t/full': No space left on device" "$t/err"
check "no packets-captured summary" not grep -q "packets captured" "$t/out2"
check "device stays a device (live)" isfull

# bench's CSV and plot files: a full device fails the command, a link is
# refused and its victim untouched.
if command -v iperf3 >/dev/null; then
	ip -n "$A" link set lo up && ip -n "$B" link set lo up
	port=$((20000 + $$ % 20000))
	bench="bench iperf from hypervisor $B to hypervisor $A lengths 400 time 1 port $port"
	timeout 60 "$OVTSH" -c "$bench csv $t/full" >/dev/null 2>"$t/err"; rc=$?
	check "bench csv to a full device fails" [ $rc -eq 1 ]
	check "bench ENOSPC reported" grep -q "writing '$t/full': No space left on device" "$t/err"
	check "device stays a device (bench)" isfull
	timeout 60 "$OVTSH" -c "$bench csv $t/b.csv plot $t/link" >/dev/null 2>"$t/err"; rc=$?
	check "bench plot to a link fails" [ $rc -eq 1 ]
	check "bench link message" grep -q "cannot write '$t/link': it is a symbolic link" "$t/err"
	check "victim untouched (bench)" [ "$(cat "$t/victim")" = secret ]
	check "bench csv written" grep -q '^length,bps' "$t/b.csv"
else
	echo "iperf3 missing: bench files not checked"
fi

# -f /dev/zero: one clear error, fast, in bounded memory.  ulimit -v keeps
# a reader that buffers the line from eating the machine (not under ASan,
# which needs a huge address space).
lim=""
(ulimit -v 1000000 && "$OVTSH" -c 'echo'; exit $?) >/dev/null 2>&1 && lim="ulimit -v 400000;"
start=$EPOCHREALTIME
bash -c "$lim exec /usr/bin/time -f 'maxrss %M' timeout 20 \"\$0\" -f /dev/zero" \
	"$OVTSH" >"$t/out2" 2>"$t/err"; rc=$?
secs=$(echo "$EPOCHREALTIME - $start" | bc)
rss=$(sed -n 's/^maxrss //p' "$t/err")
cat "$t/err"
check "-f /dev/zero exits 1" [ $rc -eq 1 ]
check "-f /dev/zero message" grep -q '^/dev/zero:1: line too long (over 1048576 bytes, at most 4096)' "$t/err"
check "-f /dev/zero quick (${secs}s)" [ "$(echo "$secs < 5" | bc)" = 1 ]
[ -n "$lim" ] && check "-f /dev/zero bounded (${rss} KiB)" [ "${rss:-999999}" -lt 65536 ]
# ... -k does not read it to the end either; standard input is the same
bounded() { bash -c "$lim exec timeout 20 \"\$@\"" _ "$@"; }
bounded "$OVTSH" -k -f /dev/zero 2>/dev/null; rc=$?
check "-k -f /dev/zero exits 1" [ $rc -eq 1 ]
bounded "$OVTSH" </dev/zero 2>"$t/err"; rc=$?
check "stdin /dev/zero exits 1" [ $rc -eq 1 ] && grep -q '^<stdin>:1: line too long' "$t/err"

# A script that cannot be read: an error and exit 1, also when sourced.
mkdir "$t/dir"
"$OVTSH" -c 'echo a' -c "source $t/dir" -c 'echo b' >"$t/out2" 2>"$t/err"; rc=$?
check "source of a directory fails" [ $rc -eq 1 ]
check "source read error message" grep -q "cannot read '$t/dir': Is a directory" "$t/err"
check "stops after the read error" [ "$(cat "$t/out2")" = a ]
exit $fail
