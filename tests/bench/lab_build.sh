#!/bin/bash
# lab_build.sh - build the same lab (2 hypervisors x N hosts: bridges, a
# veth underlay, VXLAN vni 42 between the hypervisors, one veth per host
# into its hypervisor's bridge, an address per host) with ovtsh (one
# generated script, netlink in-process) and with the equivalent shell
# script of ip(8) commands, alternately in the same run; then tear each
# down its own way: "clear lab" against an "ip netns del" per namespace.
# For each size: median of RUNS (default 3) wall times, the ratios and the
# peak RSS of each.  Both teardowns are checked to leave nothing behind
# (no namespace, no link tagged with the lab) once the kernel has reaped
# the namespaces, which it does after the command returns, for both.
#
#   OVTSH=build/ovtsh tests/bench/lab_build.sh [HOSTS[,HOSTS...]] [RUNS]
#   e.g. tests/bench/lab_build.sh 10,50,200      (default: 50)
set -u
SIZES=${1:-50} RUNS=${2:-3}
OVTSH=${OVTSH:-$(dirname "$0")/../../build/ovtsh}
export OVTSH_LAB=ovtnb$$
P=ovtnb$$                 # every namespace name starts with this
tmp=$(mktemp -d /tmp/ovtn-bench.XXXXXX)
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "lab_build: needs /usr/bin/time (package time)"; exit 77; }

cleanup_ns() {
	local n
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	for n in $(ip netns list | awk '{print $1}' | grep "^$P"); do
		ip netns del "$n"
	done
	sleep 3          # the kernel reaps namespaces asynchronously
}
trap 'cleanup_ns; rm -rf "$tmp"' EXIT

. "$(dirname "$0")/lab2xn.sh"

gen() {   # HOSTS: the two scripts for that size
	local i h hv n o
	lab2xn_script >"$tmp/lab.ovtsh"

	{
		echo "set -e"
		for h in 1 2; do
			n=${P}hv$h
			echo "ip netns add $n"
			echo "ip -n $n link set lo up"
			echo "ip -n $n link add br0 type bridge"
			echo "ip -n $n link set br0 up"
		done
		echo "ip -n ${P}hv1 link add underlay type veth peer name underlay netns ${P}hv2"
		for h in 1 2; do
			echo "ip -n ${P}hv$h addr add 110.0.0.$h/24 dev underlay"
			echo "ip -n ${P}hv$h link set underlay up"
		done
		for i in $(seq 1 $((2 * HOSTS))); do
			hv=hv1; [ "$i" -gt "$HOSTS" ] && hv=hv2
			n=${P}h$i
			echo "ip netns add $n"
			echo "ip -n $n link set lo up"
			echo "ip -n $n link add eth0 type veth peer name p$i netns ${P}$hv"
			echo "ip -n ${P}$hv link set p$i master br0 up"
			echo "ip -n $n addr add $(host_addr "$i") dev eth0"
			echo "ip -n $n link set eth0 up"
		done
		for h in 1 2; do
			o=$((3 - h))
			echo "ip -n ${P}hv$h link add vx42 type vxlan id 42 dstport 4789 local 110.0.0.$h remote 110.0.0.$o dev underlay"
			echo "ip -n ${P}hv$h link set vx42 master br0 up"
		done
	} >"$tmp/lab.sh"
	{
		for i in $(seq 1 $((2 * HOSTS))); do echo "ip netns del ${P}h$i"; done
		echo "ip netns del ${P}hv1"; echo "ip netns del ${P}hv2"
	} >"$tmp/clear.sh"
}

# timed NAME K CMD...: wall seconds and peak RSS (KiB) into $tmp/NAME.K
timed() {
	local name=$1 k=$2 t0 t1; shift 2
	t0=$(date +%s%N)
	"$TIME" -f '%M' -o "$tmp/$name.rss" "$@" >/dev/null 2>"$tmp/$name.err" ||
		{ echo "lab_build: $name failed:"; cat "$tmp/$name.err"; exit 1; }
	t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000 ))e-6 $(cat "$tmp/$name.rss")" >"$tmp/$name.$k"
}

# same lab both ways: 2N+2 namespaces and a working tunnel
check_built() {
	local cnt
	cnt=$(ip netns list | grep -c "^$P")
	[ "$cnt" -eq $((2 * HOSTS + 2)) ] ||
		{ echo "lab_build: $1 made $cnt namespaces"; exit 1; }
	ip netns exec "${P}h1" ping -c 3 -i 0.2 -w 5 -q "$(host_addr $((2 * HOSTS)) | cut -d/ -f1)" \
		>/dev/null || { echo "lab_build: $1 lab does not ping"; exit 1; }
}

# nothing left: no namespace at once, no link of the lab in the host once
# the kernel has reaped the namespaces (polled, at most 30 s)
check_gone() {
	local i
	[ -z "$(ip netns list | grep "^$P")" ] ||
		{ echo "lab_build: $1 left namespaces"; exit 1; }
	for i in $(seq 300); do
		ip -d -o link show | grep -q "ovtsh:$OVTSH_LAB" || return 0
		sleep 0.1
	done
	echo "lab_build: $1 left links of the lab"; exit 1
}

median() {   # NAME FIELD(1=time,2=rss)
	cat "$tmp/$1".[0-9]* | awk -v f="$2" '{print $f}' | sort -g |
		awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}

report() {   # WHAT OVTSH-NAME IP-NAME
	local to ti
	to=$(median "$2" 1) ti=$(median "$3" 1)
	printf '  %-8s ovtsh %7.3f s  peak RSS %6d KiB | ip %7.3f s  peak RSS %6d KiB | ip/ovtsh = %.2fx\n' \
		"$1" "$to" "$(median "$2" 2)" "$ti" "$(median "$3" 2)" \
		"$(awk -v a="$ti" -v b="$to" 'BEGIN { print (b > 0 ? a / b : 0) }')"
}

cleanup_ns
for HOSTS in ${SIZES//,/ }; do
	gen
	rm -f "$tmp"/*.[0-9]*
	for k in $(seq 1 "$RUNS"); do
		timed ovtsh "$k" "$OVTSH" -f "$tmp/lab.ovtsh"
		check_built ovtsh
		timed clear "$k" "$OVTSH" -c 'clear lab'
		check_gone "clear lab"
		sleep 3          # let the kernel settle before the next build
		timed ip "$k" bash "$tmp/lab.sh"
		check_built ip
		timed netnsdel "$k" bash "$tmp/clear.sh"
		check_gone "ip netns del"
		sleep 3
	done
	printf 'lab: 2 hypervisors x %d hosts (%d namespaces), median of %d runs\n' \
		"$HOSTS" $((2 * HOSTS + 2)) "$RUNS"
	printf '  (ovtsh: one process, %d script lines; ip: %d processes to build, %d to tear down)\n' \
		"$(wc -l <"$tmp/lab.ovtsh")" "$(grep -c '^ip ' "$tmp/lab.sh")" \
		"$(wc -l <"$tmp/clear.sh")"
	report build ovtsh ip
	report teardown clear netnsdel
done
