#!/bin/bash
# gre_host.sh - GRE on a kernel without GRE: one clear line, nothing made.
#
# Two namespaces joined by a veth underlay are built with ovtsh; then a gre
# tunnel block and a gretap tunnel block between them must each fail with
# one line saying GRE is not available, at the block's "type" line (the
# kernel is asked once, in a scratch namespace), exit 1, and leave the
# links of both namespaces exactly as they were.  On a kernel that has GRE the test skips
# (gre_qemu.sh tests the working path in a guest).
set -u
top=${OVTSH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OVTSH=${OVTSH:-$top/build/ovtsh}
export OVTSH_LAB=ovtg$$
a=ovtga$$ b=ovtgb$$
tmp=$(mktemp -d /tmp/ovtsh-greh.XXXXXX)
cleanup() {
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# Does this kernel know the gre link kind?  Ask inside a scratch namespace,
# never in the host's own.
ip netns add "$a" || fail "ip netns add $a"
if ip -n "$a" link add ovtgprobe type gre local 127.0.0.2 remote 127.0.0.3 \
	2>/dev/null; then
	echo "this kernel has GRE; gre_qemu.sh covers it"
	exit 77
fi
ip netns del "$a"

cat >"$tmp/underlay.ovt" <<EOF
hypervisor $b
 exit
hypervisor $a
 connect u0 hypervisor $b peer u0 address 101.0.0.2/24 peer-address 101.0.0.1/24
 exit
EOF
"$OVTSH" -f "$tmp/underlay.ovt" >"$tmp/out" 2>&1 ||
	{ cat "$tmp/out"; fail "underlay script failed"; }
ip -n "$a" -o addr show dev u0 | grep -q ' 101\.0\.0\.2/24 ' ||
	fail "$a u0 has no 101.0.0.2/24"

links() { ip -n "$a" -d -o link; ip -n "$b" -d -o link; }
links >"$tmp/before" || fail "ip link"

for kind in gre gretap; do
	cat >"$tmp/$kind.ovt" <<EOF
tunnel ovtgt1
 type $kind
 key 42
 ttl 64
 endpoint hypervisor $a local 101.0.0.2 dev u0 address 172.31.0.1/30
 endpoint hypervisor $b local 101.0.0.1 dev u0 address 172.31.0.2/30
 exit
EOF
	"$OVTSH" -f "$tmp/$kind.ovt" >"$tmp/out" 2>&1
	rc=$?
	echo "$kind: exit $rc: $(cat "$tmp/out")"
	[ "$rc" -eq 1 ] || fail "$kind: exit $rc, want 1"
	n=$(grep -c . "$tmp/out")
	[ "$n" -eq 1 ] || fail "$kind: $n lines of output, want 1"
	grep -Eiq 'gre.*(not available|unavailable|not supported)' "$tmp/out" ||
		fail "$kind: the message does not say GRE is unavailable"
	# at the line that asks for it (2: "type"), not when the block ends
	grep -q "^$tmp/$kind.ovt:2: " "$tmp/out" ||
		fail "$kind: not refused at its type line: $(cat "$tmp/out")"
	links >"$tmp/after" || fail "ip link"
	diff "$tmp/before" "$tmp/after" ||
		fail "$kind: the failed tunnel changed the namespaces' links"
	ip link show ovtgt1 >/dev/null 2>&1 &&
		fail "$kind: a link ovtgt1 appeared in the host's namespace"
	# a dry run predicts the refusal (explain alone prints GRE as text)
	"$OVTSH" -n -f "$tmp/$kind.ovt" >"$tmp/dry" 2>&1 &&
		fail "$kind: a dry run exited 0"
	grep -q "^$tmp/$kind.ovt:2: .*not available" "$tmp/dry" ||
		fail "$kind: a dry run does not refuse line 2: $(cat "$tmp/dry")"
done
echo "gre and gretap: one clear line, exit 1, nothing created"
