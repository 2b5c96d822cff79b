#!/bin/bash
# pingall.sh - "pingall" on a lab of 2 hypervisors x N hosts (bridges,
# a veth underlay, VXLAN vni 42 between the hypervisors: hosts of both
# sides reach each other), against its peer: a shell loop of
# "ip netns exec X ping -q -c1 -W1 Y" over the same pairs.
#
# Sampling: both probe every ordered pair of SAMPLE hosts (default 20:
# h1..h10 on hv1 and the first 10 on hv2, so half the pairs cross the
# VXLAN), 380 pairs.  Not all 2N hosts: each pair needs an ARP entry, and
# the kernel's ARP table is one for all namespaces, capped at
# net.ipv4.neigh.default.gc_thresh3 (1024 here, shared with whatever else
# runs), while 100 hosts make 9900 pairs.  Median of RUNS (default 3)
# wall times, peak RSS beside, alternately in the same run.
#
#   OVTSH=build/ovtsh tests/bench/pingall.sh [HOSTS] [RUNS] [SAMPLE]
set -u
HOSTS=${1:-50} RUNS=${2:-3} SAMPLE=${3:-20}
OVTSH=${OVTSH:-$(dirname "$0")/../../build/ovtsh}
export OVTSH_LAB=ovtpa$$
P=ovtpa$$
tmp=$(mktemp -d /tmp/ovtpa-bench.XXXXXX)
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "pingall: needs /usr/bin/time (package time)"; exit 77; }
cleanup() {
	local n
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in $(ip netns list | awk '{print $1}' | grep "^$P"); do
		ip netns del "$n"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/lab2xn.sh"
addr() { host_addr "$1" | cut -d/ -f1; }
lab2xn_script >"$tmp/lab.ovtsh"
"$OVTSH" -f "$tmp/lab.ovtsh" >"$tmp/build.log" 2>&1 ||
	{ cat "$tmp/build.log"; echo "pingall: building the lab failed"; exit 1; }

# the sample: SAMPLE/2 hosts from each side
half=$((SAMPLE / 2))
idx=$(seq 1 "$half"; seq $((HOSTS + 1)) $((HOSTS + half)))
list=$(for i in $idx; do printf '%sh%d,' "$P" "$i"; done)
list=${list%,}
PAIRS=$((SAMPLE * (SAMPLE - 1)))
for i in $idx; do
	for j in $idx; do
		[ "$i" = "$j" ] ||
		echo "ip netns exec ${P}h$i ping -q -c1 -W1 $(addr "$j") >/dev/null || echo X"
	done
done >"$tmp/peer.sh"

median() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }
for r in $(seq 1 "$RUNS"); do
	$TIME -f "%e %M" -o "$tmp/t" "$OVTSH" -c "pingall nodes $list" >"$tmp/out" 2>&1
	grep -q "^Results: 0% dropped ($PAIRS/$PAIRS received)" "$tmp/out" ||
		{ tail -n 3 "$tmp/out"; echo "pingall: not every pair answered"; exit 1; }
	read -r t m <"$tmp/t"; echo "$t" >>"$tmp/ovt.t"; echo "$m" >>"$tmp/ovt.m"
	$TIME -f "%e %M" -o "$tmp/t" bash "$tmp/peer.sh" >"$tmp/pout" 2>&1
	[ -s "$tmp/pout" ] && { echo "peer: $(wc -l <"$tmp/pout") pairs lost"; exit 1; }
	read -r t m <"$tmp/t"; echo "$t" >>"$tmp/peer.t"; echo "$m" >>"$tmp/peer.m"
done
ot=$(median <"$tmp/ovt.t"); om=$(median <"$tmp/ovt.m")
pt=$(median <"$tmp/peer.t"); pm=$(median <"$tmp/peer.m")
awk -v n="$SAMPLE" -v pairs="$PAIRS" -v ot="$ot" -v om="$om" \
    -v pt="$pt" -v pm="$pm" -v runs="$RUNS" -v hosts="$HOSTS" 'BEGIN {
	printf "pingall: lab of 2 x %d hosts; %d of them sampled, %d ordered pairs; median of %d\n", hosts, n, pairs, runs
	printf "  ovtsh pingall nodes LIST        %8.2f s  peak RSS %6d KiB\n", ot, om
	printf "  ip netns exec X ping -c1 -W1 Y  %8.2f s  peak RSS %6d KiB\n", pt, pm
	printf "  ratio (peer / ovtsh)            %8.1fx\n", pt / ot
}'
