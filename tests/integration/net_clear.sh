#!/bin/bash
# net_clear.sh - "clear lab" of a lab with hypervisors, a bridge, veths, a
# VXLAN tunnel, a link in the host's namespace and a container: nothing
# of the lab is left (no namespace, no tagged link anywhere once the
# kernel has reaped the namespaces, the host's link and the container at
# once), while another lab's namespaces and links and an untagged
# namespace stay exactly as they were.  And it is done the fast way: one
# RTM_DELLINK per lab link in a namespace that stays (the host's), none
# for the links inside the lab's namespaces, which go with them.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
A=ovca$$ B=ovcb$$ U=ovcu$$         # namespace name prefixes, <= 15 bytes
LA=ovtclra$$ LB=ovtclrb$$          # the two labs
HL=ovch$$                          # the lab's link in the host
CT=ovtdclr$$
command -v strace >/dev/null || { echo "needs strace (apt-get install strace)"; exit 77; }
docker info >/dev/null 2>&1 || { echo "no Docker daemon (make docker-up)"; exit 77; }
docker image inspect labbox >/dev/null 2>&1 || { echo "no labbox image (make docker-up)"; exit 77; }
tmp=$(mktemp -d /tmp/ovtn-clear.XXXXXX)
cleanup() {
	local n
	OVTSH_LAB=$LA "$OVTSH" -c 'clear lab' >/dev/null 2>&1
	OVTSH_LAB=$LB "$OVTSH" -c 'clear lab' >/dev/null 2>&1
	docker rm -f "$CT" >/dev/null 2>&1
	for n in $(ip netns list | awk '{print $1}' | grep -E "^($A|$B|$U)[a-z]$"); do
		ip netns del "$n"
	done
	ip link del "$HL" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# lab links: alias exactly "ovtsh:LAB" or "ovtsh:LAB key=..."
lab_links() {   # LAB: "NS IFNAME" of each, host first
	local ns
	{
		echo host; ip netns list | awk '{print $1}'
	} | while read -r ns; do
		if [ "$ns" = host ]; then ip -j link; else ip -n "$ns" -j link 2>/dev/null; fi |
			jq -r --arg t "ovtsh:$1" --arg n "$ns" '.[] |
			  select((.ifalias // "") as $a | $a == $t or
			         ($a | startswith($t + " "))) | $n + " " + .ifname'
	done
}

cat >"$tmp/a.script" <<EOF
hypervisor ${A}a
 bridge br0
exit
hypervisor ${A}b
 bridge br0
exit
hypervisor ${A}a
 connect underlay hypervisor ${A}b address 110.9.0.1/24 peer-address 110.9.0.2/24
exit
hypervisor ${A}h
 connect eth0 hypervisor ${A}a peer p1 bridge br0 address 32.9.0.2/24
exit
hypervisor ${A}i
 connect eth0 hypervisor ${A}b peer p2 bridge br0 address 32.9.0.3/24
exit
hypervisor host
 connect $HL hypervisor ${A}a peer hostp bridge br0
exit
container $CT
 image labbox
 connect eth1 hypervisor ${A}a peer ctp bridge br0 address 32.9.0.4/24
exit
tunnel vx42
 type vxlan
 vni 42
 endpoint hypervisor ${A}a local 110.9.0.1 dev underlay bridge br0
 endpoint hypervisor ${A}b local 110.9.0.2 dev underlay bridge br0
exit
EOF
cat >"$tmp/b.script" <<EOF
hypervisor ${B}b
exit
hypervisor ${B}a
 bridge br0
 connect up0 hypervisor ${B}b peer-address 10.9.9.2/24 address 10.9.9.1/24
exit
EOF

OVTSH_LAB=$LA "$OVTSH" -f "$tmp/a.script" || net_fail "building lab $LA"
OVTSH_LAB=$LB "$OVTSH" -f "$tmp/b.script" || net_fail "building lab $LB"
ip netns add "${U}u" || net_fail "ip netns add ${U}u"
ip -n "${U}u" link add x0 type veth peer name x1 || net_fail "veth in ${U}u"

# the lab is what the test thinks it is
ip -j link show "$HL" >/dev/null 2>&1 || net_fail "no $HL in the host"
[ "$(docker inspect -f '{{.State.Running}}' "$CT")" = true ] ||
	net_fail "container $CT not running"
[ "$(lab_links "$LA" | wc -l)" -ge 10 ] || net_fail "lab $LA: $(lab_links "$LA")"
net_state loose "${B}a" "${B}b" "${U}u" >"$tmp/others0"
lab_links "$LB" >"$tmp/blinks0"
[ -s "$tmp/blinks0" ] || net_fail "lab $LB has no links"

# --- clear lab, counting its link deletions -----------------------------
# (LeakSanitizer cannot run under ptrace: off for this one run of make asan)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 OVTSH_LAB=$LA strace -f -qq -s 32 -e trace=sendmsg,sendto -o "$tmp/strace" \
	"$OVTSH" -c 'clear lab' || net_fail "clear lab failed"
dels=$(grep -Ec 'nlmsg_type=(RTM_DELLINK|0x11 )' "$tmp/strace")
[ "$dels" -eq 1 ] ||
	net_fail "clear lab sent $dels RTM_DELLINK, wanted 1 (the host's $HL):" \
		 "the lab's namespaces go whole, their links with them"

# at once: no namespace, no container, no link in the host
[ -z "$(ip netns list | awk '{print $1}' | grep -E "^$A[a-z]$")" ] ||
	net_fail "namespaces left: $(ip netns list | grep "^$A")"
! docker inspect "$CT" >/dev/null 2>&1 || net_fail "container $CT left"
! ip link show "$HL" >/dev/null 2>&1 || net_fail "$HL left in the host"
# once the kernel has reaped the namespaces: no link tagged with the lab
for i in $(seq 100); do
	[ -z "$(lab_links "$LA")" ] && break
	sleep 0.1
done
[ -z "$(lab_links "$LA")" ] || net_fail "links of $LA left: $(lab_links "$LA")"

# the other lab and the untagged namespace are untouched
net_state loose "${B}a" "${B}b" "${U}u" >"$tmp/others1"
diff -u "$tmp/others0" "$tmp/others1" || net_fail "clear lab changed others"
lab_links "$LB" >"$tmp/blinks1"
diff -u "$tmp/blinks0" "$tmp/blinks1" || net_fail "lab $LB's links changed"
echo "ok: clear lab removed lab $LA with $dels link deletion, left $LB and ${U}u"
