#!/bin/bash
# cni.sh - ADD+DEL round trip of the ovtsh CNI plugin against the
# reference "bridge" plugin (containernetworking-plugins), both with the
# same host-local IPAM, in the same run, alternating: median of N (50)
# round trips each, and peak RSS (of the plugin and the host-local it
# runs, what /usr/bin/time sees) beside.  Both attach the same pod
# namespace to a bridge of their own; the loop runs inside a namespace
# of its own, the node the bridge plugin works in, so neither touches
# the host and neither pays for entering a namespace per call.
#
# Why ovtsh should win: it is one small C program that talks netlink
# directly (one socket per namespace, a handful of requests), where the
# reference plugin is a Go binary of ~4 MB whose runtime starts first,
# and which reads the whole link and address tables back several times.
# host-local (also Go) is the same cost in both.
#
#   tests/bench/cni.sh [N]
set -u
cd "$(dirname "$0")/../.."
OVTSH_BUILD=${OVTSH_BUILD:-build}
case $OVTSH_BUILD in /*) ;; *) OVTSH_BUILD="$PWD/$OVTSH_BUILD" ;; esac
N=${1:-50}
REF=/usr/lib/cni
[ -x "$REF/bridge" ] && [ -x "$REF/host-local" ] ||
	{ echo "needs containernetworking-plugins ($REF)"; exit 77; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (apt-get install time)"; exit 77; }
NODE=cnbn$$ POD=cnbp$$
tmp=$(mktemp -d /tmp/cni-bench.XXXXXX)
cleanup() {
	for n in $NODE $POD; do
		[ -e "/run/netns/$n" ] && ip netns del "$n"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/bin"
ln -s "$OVTSH_BUILD/ovtsh-cni" "$tmp/bin/ovtsh"
ip netns add $NODE && ip netns add $POD || exit 1

ipam() { printf '{"type":"host-local","dataDir":"%s","ranges":[[{"subnet":"%s"}]]}' \
	"$tmp/ipam" "$1"; }
printf '{"cniVersion":"1.0.0","name":"ovb","type":"ovtsh","lab":"cnib%s","bridge":"obr0","ipam":%s}' \
	$$ "$(ipam 10.44.0.0/24)" >"$tmp/ovtsh.json"
printf '{"cniVersion":"1.0.0","name":"refb","type":"bridge","bridge":"rbr0","ipam":%s}' \
	"$(ipam 10.43.0.0/24)" >"$tmp/bridge.json"

# The loop, inside the node's namespace: "plugin conf" per line of
# output, the microseconds of one ADD+DEL.
cat >"$tmp/loop.sh" <<EOF
set -u
export CNI_NETNS=/run/netns/$POD CNI_IFNAME=eth0 CNI_PATH=$tmp/bin:$REF
trip() {        # plugin conf cid: "round-trip add del" microseconds
	local t0=\${EPOCHREALTIME/./} t1
	CNI_COMMAND=ADD CNI_CONTAINERID=\$3 "\$1" <"\$2" >$tmp/out || return 1
	t1=\${EPOCHREALTIME/./}
	CNI_COMMAND=DEL CNI_CONTAINERID=\$3 "\$1" <"\$2" >$tmp/out || return 1
	echo \$(( \${EPOCHREALTIME/./} - t0 )) \$((t1 - t0)) \$(( \${EPOCHREALTIME/./} - t1 ))
}
# one of each first: the bridges exist before the timed rounds
trip $tmp/bin/ovtsh $tmp/ovtsh.json w0 >/dev/null &&
trip $REF/bridge $tmp/bridge.json w0 >/dev/null || exit 1
for i in \$(seq 1 $N); do
	echo "ovtsh \$(trip $tmp/bin/ovtsh $tmp/ovtsh.json o\$i)" || exit 1
	echo "bridge \$(trip $REF/bridge $tmp/bridge.json b\$i)" || exit 1
done
EOF
ip netns exec $NODE bash "$tmp/loop.sh" >"$tmp/times" ||
	{ cat "$tmp/out"; echo "bench: a round trip failed" >&2; exit 1; }
awk 'NF != 4' "$tmp/times" | grep -q . && { cat "$tmp/out"; echo "bench: a round trip failed" >&2; exit 1; }

# peak RSS of an ADD (plugin + host-local), median of 5
rss() {         # plugin conf
	local v=() i m
	for i in 1 2 3 4 5; do
		ip netns exec $NODE env CNI_COMMAND=ADD CNI_CONTAINERID=r$i \
		  CNI_NETNS=/run/netns/$POD CNI_IFNAME=eth0 \
		  CNI_PATH="$tmp/bin:$REF" /usr/bin/time -f %M -o "$tmp/rss" \
		  "$1" <"$2" >/dev/null || exit 1
		m=$(tail -n 1 "$tmp/rss")
		ip netns exec $NODE env CNI_COMMAND=DEL CNI_CONTAINERID=r$i \
		  CNI_NETNS=/run/netns/$POD CNI_IFNAME=eth0 \
		  CNI_PATH="$tmp/bin:$REF" "$1" <"$2" >/dev/null || exit 1
		v+=("$m")
	done
	printf '%s\n' "${v[@]}" | sort -n | sed -n 3p
}
vrss() {        # plugin: peak RSS of a VERSION, nothing else runs
	echo '{"cniVersion":"1.0.0"}' | CNI_COMMAND=VERSION \
	  /usr/bin/time -f %M -o "$tmp/rss" "$1" >/dev/null || exit 1
	tail -n 1 "$tmp/rss"
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
col() { awk -v p="$1" -v c="$2" '$1 == p {print $c}' "$tmp/times" | median; }
o=$(col ovtsh 2) b=$(col bridge 2)
orss=$(rss "$tmp/bin/ovtsh" "$tmp/ovtsh.json")
brss=$(rss "$REF/bridge" "$tmp/bridge.json")
ms() { echo "$1 / 1000" | bc -l; }
printf 'CNI ADD+DEL round trip, same host-local IPAM, median of %d\n' "$N"
printf '  ovtsh plugin      %8.2f ms (ADD %5.2f, DEL %5.2f)   peak RSS %6d KB\n' \
	"$(ms "$o")" "$(ms "$(col ovtsh 3)")" "$(ms "$(col ovtsh 4)")" "$orss"
printf '  reference bridge  %8.2f ms (ADD %5.2f, DEL %5.2f)   peak RSS %6d KB\n' \
	"$(ms "$b")" "$(ms "$(col bridge 3)")" "$(ms "$(col bridge 4)")" "$brss"
printf '  (peak RSS of an ADD: the plugin or host-local, whichever is larger;\n'
printf '   the plugin alone, VERSION: ovtsh %d KB, bridge %d KB)\n' \
	"$(vrss "$tmp/bin/ovtsh")" "$(vrss "$REF/bridge")"
printf '  ratio bridge/ovtsh      %6.2fx (goal >= 2x)\n' "$(echo "$b / $o" | bc -l)"
printf '  ratio of ADD alone      %6.2fx\n' \
	"$(echo "$(col bridge 3) / $(col ovtsh 3)" | bc -l)"
