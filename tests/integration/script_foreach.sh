#!/bin/bash
# script_foreach.sh - issue 16's ranges and CSV: a 2 x 50-host lab written
# with foreach in at most 15 lines builds the same kernel state as its long
# form (the benchmarks' generator, lab2xn.sh), compared with ip -j dumps of
# every namespace; a CSV-driven block builds the hosts the file lists;
# -D sets a variable from the command line.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
. ../bench/lab2xn.sh
P=fe$$ HOSTS=50
export OVTSH_LAB=ovtfe$$
tmp=$(mktemp -d /tmp/ovtfe.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

# Every namespace of the lab: links, addresses, routes, without what the
# kernel picks anew each time (ifindex, MACs, counters, timers).
dump() {
	local n
	for n in $(ip netns list | awk '{print $1}' | grep "^$P" | sort); do
		echo "== $n"
		ip -n "$n" -d -j link | jq -S 'sort_by(.ifname) | map({ifname,
			mtu, operstate, master, ifalias, link_type,
			kind: .linkinfo.info_kind,
			slave: .linkinfo.info_slave_kind,
			vxlan: (if .linkinfo.info_kind == "vxlan" then
				.linkinfo.info_data | {id, local, port, link,
				learning} else null end)})'
		ip -n "$n" -j addr | jq -S 'sort_by(.ifname) | map({ifname,
			a: [.addr_info[] | select(.scope == "global") |
			    {local, prefixlen}]})'
		ip -n "$n" -j route | jq -S 'sort_by(.dst, .dev)'
	done
}

lab2xn_script >"$tmp/long.script"
"$OVTSH" -f "$tmp/long.script" || net_fail "replaying the long form"
dump >"$tmp/long.dump"
[ "$(grep -c '^== ' "$tmp/long.dump")" -eq 102 ] ||
	net_fail "the long form made $(grep -c '^== ' "$tmp/long.dump") namespaces, not 102"
"$OVTSH" -c 'clear lab' || net_fail "clear lab"

cat >"$tmp/short.script" <<'SCRIPT'
foreach n in 1..2
 hypervisor ${P}hv$n
  bridge br0
endfor
hypervisor ${P}hv1
 connect underlay hypervisor ${P}hv2 address 110.0.0.1/24 peer-address 110.0.0.2/24
foreach i in 1..$((2 * HOSTS))
 hypervisor ${P}h$i
  connect eth0 hypervisor ${P}hv$(( (i - 1) / HOSTS + 1 )) peer p$i bridge br0 address 32.0.0.$((i + 2))/16
endfor
tunnel vx42
 type vxlan
 vni 42
 endpoint hypervisor ${P}hv1 local 110.0.0.1 dev underlay bridge br0
 endpoint hypervisor ${P}hv2 local 110.0.0.2 dev underlay bridge br0
SCRIPT
n=$(grep -cv '^[[:space:]]*$' "$tmp/short.script")
[ "$n" -le 15 ] || net_fail "the foreach form has $n lines, more than 15"
"$OVTSH" -D "P=$P" -D "HOSTS=$HOSTS" -f "$tmp/short.script" ||
	net_fail "replaying the foreach form"
dump >"$tmp/short.dump"
diff -u "$tmp/long.dump" "$tmp/short.dump" >"$tmp/diff" ||
	net_fail "the foreach form differs from the long form: $(head -40 "$tmp/diff")"
# replayed again: idempotent, nothing changes
"$OVTSH" -D "P=$P" -D "HOSTS=$HOSTS" -f "$tmp/short.script" ||
	net_fail "replaying the foreach form twice"
dump | diff -q "$tmp/long.dump" - >/dev/null || net_fail "a second replay changed the lab"
# the running-config is the expanded lab: no variable left in it
"$OVTSH" -c 'show running-config' >"$tmp/rc" || net_fail "show running-config"
grep -q '\$' "$tmp/rc" && net_fail "running-config holds a \$: $(grep '\$' "$tmp/rc" | head -3)"
grep -q "^hypervisor ${P}h100\$" "$tmp/rc" || net_fail "running-config lacks ${P}h100"
"$OVTSH" -c 'clear lab' || net_fail "clear lab"

# --- CSV: one host per row, bound by the header's names ----------------
cat >"$tmp/hosts.csv" <<CSV
name,address,hv
${P}c1,10.61.0.11/24,${P}x1
"${P}c2", 10.61.0.12/24 ,${P}x1
CSV
cat >"$tmp/csv.script" <<SCRIPT
hypervisor ${P}x1
 bridge br9
foreach row in csv $tmp/hosts.csv
 hypervisor \$row.name
  connect eth0 hypervisor \${row.hv} peer v\$row bridge br9 address \$row.address
endfor
SCRIPT
"$OVTSH" -f "$tmp/csv.script" || net_fail "replaying the CSV block"
for i in 1 2; do
	got=$(ip -n "${P}c$i" -j addr show eth0 | jq -r '.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"')
	[ "$got" = "10.61.0.1$i/24" ] || net_fail "${P}c$i eth0 has '$got', not 10.61.0.1$i/24"
	[ "$(ip -n "${P}x1" -j link show "v$i" | jq -r '.[0].master')" = br9 ] ||
		net_fail "v$i is not a port of br9"
done
ip netns exec "${P}c1" ping -c 1 -W 2 10.61.0.12 >/dev/null ||
	net_fail "${P}c1 cannot ping ${P}c2 across br9"

# the course's input.csv workflow: one container per row
cat >"$tmp/cts.csv" <<CSV
name,image,address
${P}k1,labbox,10.63.0.1/24
${P}k2,labbox,10.63.0.2/24
CSV
cat >"$tmp/cts.script" <<SCRIPT
hypervisor ${P}x1
 bridge br8
foreach row in csv $tmp/cts.csv
 container \$row.name
  image \$row.image
  connect eth0 hypervisor ${P}x1 peer k\$row bridge br8 address \$row.address
 exit
endfor
SCRIPT
"$OVTSH" -f "$tmp/cts.script" || net_fail "replaying the CSV containers"
for i in 1 2; do
	[ "$(docker inspect -f '{{.State.Running}} {{index .Config.Labels "ovtsh.lab"}}' "${P}k$i")" = "true $OVTSH_LAB" ] ||
		net_fail "container ${P}k$i is not running in lab $OVTSH_LAB"
done
"$OVTSH" -c "container ${P}k1" -c 'exec ping -c 1 -W 2 10.63.0.2' >/dev/null ||
	net_fail "${P}k1 cannot ping ${P}k2"

# an error inside a block names the line and the iteration, and the
# replay stops there (nothing after the failing iteration runs)
printf 'foreach i in 1..3\n hypervisor %sq$i\n  route 10.62.0.0/16 via 10.99.$((i * 100)).1\nendfor\n' "$P" >"$tmp/bad.script"
"$OVTSH" -f "$tmp/bad.script" 2>"$tmp/err" && net_fail "a failing block exited 0"
grep -q "^$tmp/bad.script:3 (i=1): " "$tmp/err" ||
	net_fail "error without line and iteration: $(cat "$tmp/err")"
[ -e "/run/netns/${P}q1" ] || net_fail "the first iteration did not run"
[ -e "/run/netns/${P}q2" ] && net_fail "the block went on after a failing line"
# with -k it goes on, and names each iteration
"$OVTSH" -k -f "$tmp/bad.script" 2>"$tmp/err" && net_fail "-k: a failing block exited 0"
grep -q "^$tmp/bad.script:3:26 (i=3): invalid input: '10.99.300.1' is not an IPv4 address" "$tmp/err" ||
	net_fail "-k: no error at column 26 of iteration 3: $(cat "$tmp/err")"
[ -e "/run/netns/${P}q3" ] || net_fail "-k: the third iteration did not run"
echo "script_foreach: ok (2x50 foreach == long form, CSV hosts, errors)"
