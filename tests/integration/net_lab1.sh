#!/bin/bash
# net_lab1.sh - labs/lab1.script end to end, checked with iproute2:
# replay, kernel state, ping across the VXLAN, idempotent replay,
# running-config -> write -> clear lab -> replay -> same state, clear lab
# leaves nothing, the host's own namespace unchanged.
set -u
cd "$(dirname "$0")"
. ./net_lib.sh
export OVTSH_LAB=ovtn$$
NS=(hv1 hv2 h1 h2 h3 h4)
for n in "${NS[@]}"; do
	if [ -e "/run/netns/$n" ]; then
		echo "namespace $n already exists: lab1 uses the fixed names" \
		     "${NS[*]}; refusing to run"
		exit 1
	fi
done
tmp=$(mktemp -d /tmp/ovtn-lab1.XXXXXX)
cleanup() {
	"$OVTSH" -c 'clear lab' >/dev/null 2>&1
	# they did not exist before this test (checked above)
	for n in "${NS[@]}"; do
		[ -e "/run/netns/$n" ] && ip netns del "$n"
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
lab1=$OVTSH_TOP/labs/lab1.script

ip -j link | jq -S '[.[] | {ifname, ifindex, mtu, flags}]' >"$tmp/host.link0"
ip -j addr >"$tmp/host.addr0"
ip -j route >"$tmp/host.route0"

"$OVTSH" -f "$lab1" || net_fail "replaying lab1"

# --- the kernel state, read with ip(8) --------------------------------
for n in "${NS[@]}"; do
	ip netns list | grep -qw "^$n" || net_fail "ip netns list lacks $n"
	[ "$(ip -n "$n" -j link show lo | jq -r '.[0].ifalias')" = \
	  "ovtsh:$OVTSH_LAB" ] || net_fail "lo of $n is not tagged"
done
for hv in hv1 hv2; do
	[ "$(ip -n $hv -d -j link show br0 | jq -r '.[0].linkinfo.info_kind')" \
	  = bridge ] || net_fail "no bridge br0 in $hv"
	vx=$(ip -n $hv -d -j link show vx42 | jq -c '.[0] | {m: .master,
	  k: .linkinfo.info_kind, d: (.linkinfo.info_data | {id, port, link})}')
	[ "$vx" = '{"m":"br0","k":"vxlan","d":{"id":42,"port":4789,"link":"underlay"}}' ] ||
		net_fail "vx42 in $hv: $vx"
done
[ "$(ip -n hv1 -d -j link show vx42 | jq -r '.[0].linkinfo.info_data |
  .local + ">" + .remote')" = "110.0.0.1>110.0.0.2" ] ||
	net_fail "vx42 in hv1 has the wrong local/remote"
[ "$(ip -n hv2 -d -j link show vx42 | jq -r '.[0].linkinfo.info_data |
  .local + ">" + .remote')" = "110.0.0.2>110.0.0.1" ] ||
	net_fail "vx42 in hv2 has the wrong local/remote"
[ "$(ip -n hv1 -j addr show underlay | jq -r '.[0].addr_info[] |
  select(.family == "inet") | .local')" = 110.0.0.1 ] ||
	net_fail "underlay of hv1 lacks 110.0.0.1"
declare -A addr=([h1]=32.0.0.2 [h2]=32.0.0.3 [h3]=32.0.0.5 [h4]=32.0.0.6)
declare -A hv=([h1]=hv1 [h2]=hv1 [h3]=hv2 [h4]=hv2)
for h in h1 h2 h3 h4; do
	got=$(ip -n $h -j addr show eth0 | jq -r '.[0].addr_info[] |
	  select(.family == "inet") | "\(.local)/\(.prefixlen)"')
	[ "$got" = "${addr[$h]}/24" ] || net_fail "eth0 of $h has '$got'"
	[ "$(ip -n ${hv[$h]} -j link show $h-eth0 | jq -r '.[0].master')" = br0 ] ||
		net_fail "$h-eth0 is not in br0 of ${hv[$h]}"
	ip -n $h -j route | jq -e '.[] | select(.dst == "32.0.0.0/24")' \
		>/dev/null || net_fail "$h has no route to 32.0.0.0/24"
done

# --- every host pings every other host, across the tunnel too ---------
pings() {
	local h d
	for h in h1 h2 h3 h4; do
		for d in h1 h2 h3 h4; do
			[ $h = $d ] && continue
			ip netns exec $h ping -c 1 -W 2 -q "${addr[$d]}" \
				>/dev/null || net_fail "$1: $h cannot ping $d"
		done
	done
}
pings "after replay"
# the cross-hypervisor frames really travel in VXLAN: vx42's counters grew
tx=$(ip -n hv1 -s -j link show vx42 | jq '.[0].stats64.tx.packets')
[ "$tx" -gt 0 ] || net_fail "no packet went through vx42"

# --- idempotent: a second replay exits 0 and changes nothing ----------
net_state strict "${NS[@]}" >"$tmp/s1"
"$OVTSH" -f "$lab1" || net_fail "second replay exited non-zero"
net_state strict "${NS[@]}" >"$tmp/s2"
diff -u "$tmp/s1" "$tmp/s2" || net_fail "second replay changed the state"

# --- running-config, write, clear, replay: the same lab ---------------
"$OVTSH" -c 'show running-config' >"$tmp/shown" || net_fail "show running-config"
"$OVTSH" -c "write $tmp/saved.conf" || net_fail "write"
diff -u "$tmp/shown" "$tmp/saved.conf" || net_fail "write differs from show"
grep -q '^tunnel vx42$' "$tmp/saved.conf" || net_fail "no tunnel block saved"
net_state loose "${NS[@]}" >"$tmp/l1"
"$OVTSH" -c 'clear lab' || net_fail "clear lab"
for n in "${NS[@]}"; do
	[ -e "/run/netns/$n" ] && net_fail "clear lab left namespace $n"
done
left=$(net_tagged_links "ovtsh:$OVTSH_LAB")
[ -z "$left" ] || net_fail "clear lab left links: $left"
"$OVTSH" -f "$tmp/saved.conf" || net_fail "replaying the saved config"
net_state loose "${NS[@]}" >"$tmp/l2"
diff -u "$tmp/l1" "$tmp/l2" || net_fail "saved config rebuilt another lab"
pings "after replaying the saved config"

# --- clear lab leaves nothing; the host never changed -----------------
"$OVTSH" -c 'clear lab' || net_fail "second clear lab"
for n in "${NS[@]}"; do
	ip netns list | grep -qw "^$n" && net_fail "ip netns still lists $n"
done
left=$(net_tagged_links "ovtsh:$OVTSH_LAB")
[ -z "$left" ] || net_fail "clear lab left links: $left"
ip -j link | jq -S '[.[] | {ifname, ifindex, mtu, flags}]' >"$tmp/host.link1"
ip -j addr >"$tmp/host.addr1"
ip -j route >"$tmp/host.route1"
# links other tests add meanwhile may come and go; ours never appear
missing=$(jq -r -n --slurpfile a "$tmp/host.link0" --slurpfile b "$tmp/host.link1" \
  '$a[0][] | select(. as $x | $b[0] | index([$x]) | not) | .ifname')
[ -z "$missing" ] || net_fail "host links changed: $missing"
diff <(jq -S . "$tmp/host.addr0" | grep -v '"valid_life_time\|preferred_life_time') \
     <(jq -S . "$tmp/host.addr1" | grep -v '"valid_life_time\|preferred_life_time') ||
	net_fail "host addresses changed"
diff <(jq -S . "$tmp/host.route0") <(jq -S . "$tmp/host.route1") ||
	net_fail "host routes changed"
echo "lab1: built, pinged, replayed, saved, cleared, rebuilt, cleared"
