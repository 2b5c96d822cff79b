#!/bin/bash
# runconf_all.sh - the running-config round trip over every kind of line
# the writers emit.  runconf_all.script uses every command that has a
# running-config line (hypervisors, bridges, connects with peer, bridge
# and addresses, interface blocks with IPv4, IPv6 and link-local
# addresses, mtu, master, shutdown, routes via/dev/default, forwarding
# on and off, VXLAN tunnels with dstport, ttl, endpoints with every
# option, a tunnel in a container, containers with image, running and
# stopped, a VM with memory, cpus, kernel and accel: it boots under tcg,
# a few seconds each time).  Replayed; its running-config written; clear lab; the
# running-config replayed: the same text again and the same kernel state
# (links, addresses, routes, forwarding of every node).  And the line
# kinds in the text (leading keywords) are exactly those the writers
# declare (build/tests/test_runconf --kinds), but for "key": GRE only,
# which this kernel lacks (test_runconf writes it from data).
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
. ./docker_lib.bash
docker_need
P=$$
export OVTSH_LAB=ovra$P
A=ovraA$P B=ovraB$P C1=ovra-c1-$P C2=ovra-c2-$P
BUILD=${OVTSH_BUILD:-../../build}
tmp=$(mktemp -d /tmp/ovra.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	docker_cleanup
	for n in "$A" "$B"; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
run() { "$OVTSH" "$@" || net_fail "ovtsh $*"; }
K=$(ls /boot/vmlinuz-*cloud* 2>/dev/null | sort -V | tail -n 1)
[ -n "$K" ] || net_fail "no guest kernel (linux-image-cloud-amd64)"
sed "s/@A@/$A/g; s/@B@/$B/g; s/@C1@/$C1/g; s/@C2@/$C2/g; s/@PID@/$P/g
     s|@KERNEL@|$K|g" \
	runconf_all.script >"$tmp/lab.script"

fwd_ns() { ip netns exec "$1" cat /proc/sys/net/ipv4/ip_forward; }
# links, addresses (configured link-local ones too, fe80::1: not the
# kernel's own, EUI-64 of a random MAC), routes and forwarding of the
# hypervisors and of the running container
state() {
	local pid
	net_state loose "$A" "$B"
	for n in "$A" "$B"; do
		echo "fwd $n $(fwd_ns "$n")"
		ip -n "$n" -j addr | jq -c '[.[] | {ifname, a: [.addr_info[] |
		  select(.scope == "link" and (.local | test("ff:fe") | not)) |
		  "\(.local)/\(.prefixlen)"] |
		  sort}]'
	done
	pid=$(ct_pid "$C1")
	echo "== $C1"
	nsenter -t "$pid" -n ip -d -j link | jq -S '[.[] | {ifname, mtu,
	  master, up: ((.flags // []) | index("UP") != null),
	  kind: .linkinfo.info_kind, data: ((.linkinfo.info_data // {}) |
	  {id, port, local, remote})}] | sort_by(.ifname)'
	nsenter -t "$pid" -n ip -j addr | jq -S '[.[] | {ifname, addrs:
	  ([.addr_info[] | select(.scope != "link") |
	  "\(.local)/\(.prefixlen)"] | sort)}] | sort_by(.ifname)'
	nsenter -t "$pid" -n ip -j route | jq -S 'sort_by(.dst)'
	echo "fwd $C1 $(nsenter -t "$pid" -n cat /proc/sys/net/ipv4/ip_forward)"
	echo "$C2 $(ct_state "$C2")"
}

run -f "$tmp/lab.script"
run -c "write $tmp/rc1"
state >"$tmp/state1"
# the state read is the lab's (not an empty or failed read)
for want in '"fe80::1/64"' '"32.90.0.3/24"' '"10.94.0.1/24"' '"vxlan"' \
	    '"port": 4790' "fwd $C1 1" "fwd $B 0" "$C2 exited"; do
	grep -qF -- "$want" "$tmp/state1" ||
		{ cat "$tmp/state1"; net_fail "state lacks $want"; }
done

# every line's kind is declared, every declared kind is there
"$BUILD/tests/test_runconf" --kinds >"$tmp/declared" ||
	net_fail "test_runconf --kinds"
grep -vx key "$tmp/declared" >"$tmp/want"
sed 's/^ *//' "$tmp/rc1" | grep -v '^!' | while read -r line; do
	best=
	while read -r k; do
		case "$line" in "$k"|"$k "*)
			[ ${#k} -gt ${#best} ] && best=$k ;;
		esac
	done <"$tmp/declared"
	echo "${best:-UNDECLARED: $line}"
done | sort -u >"$tmp/got"
diff -u "$tmp/want" "$tmp/got" ||
	{ cat "$tmp/rc1"; net_fail "line kinds written differ from those declared"; }

run -c 'clear lab'
for n in "$A" "$B"; do
	[ -e "/run/netns/$n" ] && net_fail "clear lab left $n"
done
[ -z "$(docker ps -aq --filter "label=ovtsh.lab=$OVTSH_LAB")" ] ||
	net_fail "clear lab left containers"

run -f "$tmp/rc1"
run -c "write $tmp/rc2"
diff -u "$tmp/rc1" "$tmp/rc2" || net_fail "the rebuilt lab reads differently"
state >"$tmp/state2"
diff -u "$tmp/state1" "$tmp/state2" || net_fail "the rebuilt lab differs"
echo "running-config: $(wc -l <"$tmp/got") kinds of line, rebuilt the same"
