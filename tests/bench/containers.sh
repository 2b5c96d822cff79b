#!/bin/bash
# containers.sh - build 20 containers, each wired to a bridge in a
# hypervisor namespace with an address: ovtsh (one script) against the
# course's way (docker run, docker inspect for the pid, ip and nsenter),
# in the same run, alternating, median of 3, with peak RSS.
#
# Why ovtsh should win: the script's own order (every container first,
# then the links - the order "show running-config" writes) lets ovtsh
# start each container in a worker thread while it creates the next
# (src/docker/async.c); it talks to dockerd over one kept-alive socket
# instead of spawning the docker CLI (a 40 MB Go binary) twice per
# container, and wires the veths with netlink in-process instead of
# four ip/nsenter processes.  It also creates its containers with
# NetworkDisabled (src/docker/container.c): Docker then builds no network
# sandbox (no prestart hook re-executing dockerd), which the docker CLI
# cannot ask for - "--network none" still gets one.  On a busy 2-core
# machine the build is CPU-bound in containerd, its shims and runc, so
# the overlap gains less than the work not done.  The same lab written
# one block per container (container/image/connect/exit) is timed too:
# each connect needs its container running, so ovtsh reads the next
# blocks ahead and starts their containers meanwhile (cmd_container.c).
#
#   tests/bench/containers.sh [N] [RUNS]
set -u
cd "$(dirname "$0")/../.."
OVTSH=${OVTSH:-$PWD/${OVTSH_BUILD:-build}/ovtsh}
N=${1:-20} RUNS=${2:-3}
export OVTSH_LAB=ovtdbench$$
HV=ovtdbhv$$ SHV=ovtdshv$$ CAPS="--cap-add NET_ADMIN --cap-add NET_RAW --cap-add SYS_ADMIN"
tmp=$(mktemp -d /tmp/ovtd-bench.XXXXXX)

cleanup() {
	local ids
	ids=$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB")
	[ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1
	"$OVTSH" -c "clear lab" >/dev/null 2>&1
	ip netns del "$SHV" 2>/dev/null
	ip netns del "$HV" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
docker info >/dev/null 2>&1 || { echo "no Docker daemon"; exit 77; }
docker image inspect labbox >/dev/null 2>&1 || { echo "no labbox image"; exit 77; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)"; exit 77; }

# -- the ovtsh script
{
	echo "hypervisor $HV"
	echo " bridge br0"
	echo "exit"
	for i in $(seq 1 "$N"); do
		printf 'container ovtdb%d\n image labbox\nexit\n' "$i"
	done
	for i in $(seq 1 "$N"); do
		printf 'container ovtdb%d\n connect eth1 hypervisor %s bridge br0 peer ovtdbv%d address 10.1.0.%d/24\nexit\n' \
			"$i" "$HV" "$i" "$i"
	done
} >"$tmp/lab.script"

# -- the same lab in the natural order: one block per container
{
	echo "hypervisor $HV"
	echo " bridge br0"
	echo "exit"
	for i in $(seq 1 "$N"); do
		printf 'container ovtdb%d\n image labbox\n connect eth1 hypervisor %s bridge br0 peer ovtdbv%d address 10.1.0.%d/24\nexit\n' \
			"$i" "$HV" "$i" "$i"
	done
} >"$tmp/block.script"

# -- the same by hand, as the course's shell scripts did it
cat >"$tmp/lab.sh" <<EOF
set -e
ip netns add $SHV
ip -n $SHV link add br0 type bridge
ip -n $SHV link set br0 up
for i in \$(seq 1 $N); do
	docker run -d --name ovtds\$i --label ovtsh.lab=$OVTSH_LAB \\
		--network none $CAPS labbox >/dev/null
done
for i in \$(seq 1 $N); do
	pid=\$(docker inspect -f '{{.State.Pid}}' ovtds\$i)
	ip -n $SHV link add ovtdsv\$i type veth peer name eth1 netns \$pid
	ip -n $SHV link set ovtdsv\$i master br0 up
	nsenter -t \$pid -n ip addr add 10.2.0.\$i/24 dev eth1
	nsenter -t \$pid -n ip link set eth1 up
done
EOF

# seconds and peak RSS (KB) of one command, into $t and $m
measure() {
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >"$tmp/out" 2>&1 ||
		{ cat "$tmp/out"; echo "bench: '$*' failed" >&2; exit 1; }
	read -r t m <"$tmp/time"
}

# every container up with its address: the two builds did the same work
check() {    # prefix netaddr
	local n=0 pid
	for i in $(seq 1 "$N"); do
		pid=$(docker inspect -f '{{.State.Pid}}' "$1$i")
		nsenter -t "$pid" -n ip -4 -o addr show dev eth1 |
			grep -q " $2.$i/24 " && n=$((n + 1))
	done
	[ "$n" -eq "$N" ] || { echo "bench: only $n of $N $1* wired" >&2; exit 1; }
}

median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

ot=() om=() bt=() bm=() st=() sm=()
for r in $(seq 1 "$RUNS"); do
	measure "$OVTSH" -f "$tmp/lab.script"
	check ovtdb 10.1.0
	ot+=("$t") om+=("$m")
	"$OVTSH" -c "clear lab" >/dev/null || exit 1

	measure "$OVTSH" -f "$tmp/block.script"
	check ovtdb 10.1.0
	bt+=("$t") bm+=("$m")
	"$OVTSH" -c "clear lab" >/dev/null || exit 1

	measure bash "$tmp/lab.sh"
	check ovtds 10.2.0
	st+=("$t") sm+=("$m")
	docker rm -f $(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB") >/dev/null
	ip netns del "$SHV"
	echo "run $r: ovtsh ${ot[-1]}s, per block ${bt[-1]}s vs shell ${st[-1]}s"
done

o=$(median "${ot[@]}") b=$(median "${bt[@]}") s=$(median "${st[@]}")
printf '%d containers wired to a bridge, median of %d runs\n' "$N" "$RUNS"
printf '  ovtsh grouped    %6.2f s   peak RSS %6d KB  (all containers, then the links)\n' \
	"$o" "$(median "${om[@]}")"
printf '  ovtsh per block  %6.2f s   peak RSS %6d KB  (container/image/connect/exit)\n' \
	"$b" "$(median "${bm[@]}")"
printf '  docker run+ip    %6.2f s   peak RSS %6d KB\n' "$s" "$(median "${sm[@]}")"
printf '  ratio shell/grouped       %6.2fx (goal >= 2x)\n' "$(echo "$s / $o" | bc -l)"
printf '  ratio per-block/grouped   %6.2fx (goal <= 1.20x)\n' "$(echo "$b / $o" | bc -l)"
