#!/bin/bash
# net_bridge_up.sh - the desired state of "bridge NAME" includes up: a
# replay brings a bridge set down behind ovtsh's back up again (as it
# does a downed veth end), while a bridge the script shuts down stays
# down through write, clear lab and replay.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
export OVTSH_LAB=ovtbu$$
H=ovtbuH$$
tmp=$(mktemp -d /tmp/ovtbu.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	ip netns del "$H" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
ovt() { "$OVTSH" "$@" || net_fail "ovtsh $*"; }
is_up() { ip -n "$H" -j link show "$1" | jq -e '.[0].flags | index("UP")' \
	>/dev/null; }

cat >"$tmp/lab.script" <<EOS
hypervisor $H
 bridge br0
 bridge br1
 connect p0 hypervisor $H peer p1 bridge br0
exit
EOS
ovt -f "$tmp/lab.script"
for l in br0 br1 p0 p1; do is_up "$l" || net_fail "$l is not up"; done

# behind ovtsh's back: the bridges and a veth end go down
for l in br0 br1 p1; do ip -n "$H" link set "$l" down; done
ovt -f "$tmp/lab.script"
for l in br0 br1 p0 p1; do
	is_up "$l" || net_fail "$l stayed down after the replay"
done

# "shutdown" is the only way a bridge stays down: saved and rebuilt so
ovt -c "hypervisor $H" -c 'interface br1' -c 'shutdown'
is_up br1 && net_fail "shutdown left br1 up"
ovt -c "write $tmp/saved"
grep -A2 -x ' interface br1' "$tmp/saved" | grep -qx '  shutdown' ||
	{ cat "$tmp/saved"; net_fail "running-config lacks br1's shutdown"; }
ovt -c 'clear lab'
ovt -f "$tmp/saved"
ovt -f "$tmp/saved"
is_up br0 || net_fail "br0 down after the rebuild"
is_up br1 && net_fail "br1 up after the rebuild of its shutdown"

echo "replay brings a downed bridge up; a shut down bridge stays down"
