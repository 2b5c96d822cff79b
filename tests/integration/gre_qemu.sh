#!/bin/bash
# gre_qemu.sh - GRE for real, in a throwaway qemu guest.
#
# This machine's kernel has no GRE, so the test boots Debian's cloud kernel
# (which has ip_gre, gre, ip_tunnel, veth, bridge and vxlan as modules) under
# software emulation with an initramfs made of the host's own files:
# busybox, iproute2's ip, tcpdump, ovtsh with their libraries and the
# modules.  Inside:
#   1. plain ip: two namespaces, a veth underlay, a gre tunnel, ping across
#      (proves the guest and its kernel, independently of ovtsh);
#   2. ovtsh -f: the same with ovtsh's hypervisor/connect/tunnel commands,
#      a gre and a gretap tunnel, ping across both, `ip -d -j link` checks of
#      kind, local, remote, key and ttl, no "GRE is not available" message;
#      a gretap joining two bridges; VXLAN (vni 42, port 4789) carried by the
#      gre tunnel, the reference lab's nesting, seen by tcpdump on the
#      underlay as GRE key 42 > UDP 4789 VXLAN vni 42 > ICMP; pings across each;
#      `capture read` of that pcap printing every packet as tcpdump -nn -S;
#      a second replay of the script that changes nothing, `show tunnels`,
#      `show running-config` -> `clear lab` -> replay of the saved config
#      giving the same links and addresses (and pings) again, `clear lab`
#      leaving no namespace behind;
#   3. explain's GRE text, tested: each line explained then run, the printed
#      commands run by sh in fresh namespaces build the same links and
#      addresses as ovtsh did.
# The guest prints "GRE-TEST: PASS" or "GRE-TEST: FAIL <why>" on its serial
# console and powers off; the verdict is read from there.
# Skips (77) only when qemu or the guest kernel is missing.
set -u
top=${OVTSH_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
OVTSH=${OVTSH:-$top/build/ovtsh}
# The guest kernel: $OVTSH_GUEST_KVER, else the newest installed kernel
# whose modules include ip_gre (linux-image-cloud-amd64: 6.1.0-57 here).
KVER=${OVTSH_GUEST_KVER:-}
if [ -z "$KVER" ]; then
	for k in $(cd /boot 2>/dev/null && printf "%s\n" vmlinuz-* | sed -n "s/^vmlinuz-//p" | sort -rV); do
		if grep -q '/ip_gre\.ko' "/lib/modules/$k/modules.dep" 2>/dev/null; then
			KVER=$k
			break
		fi
	done
fi
kernel=/boot/vmlinuz-$KVER
qemu=$(command -v qemu-system-x86_64 || true)
limit=${OVTSH_GUEST_TIMEOUT:-60}

[ -n "$qemu" ] || { echo "qemu-system-x86_64 not installed (make deps)"; exit 77; }
[ -n "$KVER" ] && [ -r "$kernel" ] && [ -d "/lib/modules/$KVER" ] ||
	{ echo "no guest kernel with ip_gre in /boot (linux-image-cloud-amd64, make deps)"; exit 77; }
[ -x "$OVTSH" ] || { echo "FAIL: $OVTSH not built"; exit 1; }

tmp=$(mktemp -d /tmp/ovtsh-gre.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# ---- the guest's side ------------------------------------------------------
cat >"$tmp/init" <<'EOF'
#!/bin/sh
# /init of the GRE test guest: mounts, modules, the scenario, the verdict.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root OVTSH_LAB=ovtg
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mkdir -p /run/netns
echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd   # for tcpdump -Z root
echo 'root:x:0:' >/etc/group
# each on a line of its own: the firmware's output may lack a last newline
verdict() { printf '\nGRE-TEST: %s\n' "$*"; poweroff -f; sleep 5; }
while read -r m; do
	insmod "$m" || verdict "FAIL insmod $m"
done </etc/modules.load
printf '\n'
echo "GRE-GUEST: modules loaded at $(cut -d' ' -f1 /proc/uptime) s"
if why=$(sh /scenario.sh 2>&1 | tee /dev/console | sed -n 's/^FAIL: //p' | head -n 1) &&
	[ -z "$why" ] && [ -e /tmp/scenario-done ]; then
	echo "GRE-GUEST: scenario done at $(cut -d' ' -f1 /proc/uptime) s"
	verdict PASS
fi
verdict "FAIL ${why:-scenario stopped early}"
EOF

cat >"$tmp/scenario.sh" <<'EOF'
# The checks, run by /init; every failed check prints "FAIL: <why>".
IP=/usr/sbin/ip                 # iproute2's, not busybox's applet
fail() { echo "FAIL: $*"; exit 1; }
say() { echo "$* [$(cut -d' ' -f1 /proc/uptime) s]"; }
# has NS IFNAME STRING...: `ip -d -j link` of IFNAME in NS contains each STRING
has() {
	local ns=$1 dev=$2 j s; shift 2
	j=$($IP -d -j -n "$ns" link show "$dev" 2>&1) || fail "$ns: no $dev: $j"
	for s in "$@"; do
		case $j in *"$s"*) ;; *) echo "$j"; fail "$ns $dev: no $s" ;; esac
	done
}
pings() {                       # NS ADDR
	$IP netns exec "$1" ping -c 1 -W 3 "$2" >/dev/null ||
	$IP netns exec "$1" ping -c 2 -W 3 "$2" >/dev/null ||
		fail "ping $2 from $1 failed"
}

say "== plain ip: gre between two namespaces"
$IP netns add ovtgipa && $IP netns add ovtgipb || fail "ip netns add"
$IP link add u0 netns ovtgipa type veth peer name u0 netns ovtgipb || fail "veth"
$IP -n ovtgipa addr add 101.0.0.1/24 dev u0
$IP -n ovtgipb addr add 101.0.0.2/24 dev u0
$IP -n ovtgipa link set u0 up && $IP -n ovtgipb link set u0 up || fail "veth up"
$IP -n ovtgipa link add gt type gre local 101.0.0.1 remote 101.0.0.2 key 7 ttl 64 ||
	fail "ip link add type gre"
$IP -n ovtgipb link add gt type gre local 101.0.0.2 remote 101.0.0.1 key 7 ttl 64 ||
	fail "ip link add type gre"
$IP -n ovtgipa addr add 172.31.0.1/30 dev gt
$IP -n ovtgipb addr add 172.31.0.2/30 dev gt
$IP -n ovtgipa link set gt up && $IP -n ovtgipb link set gt up || fail "gre up"
has ovtgipa gt '"info_kind":"gre"' '"local":"101.0.0.1"' '"remote":"101.0.0.2"' \
	'"ikey":"0.0.0.7"' '"ttl":64'
pings ovtgipa 172.31.0.2
say "plain ip: ok"

. /scenario-ovtsh.sh
touch /tmp/scenario-done
EOF

# The lab ovtsh builds in the guest: a veth underlay; over it a gre and a
# gretap tunnel with an address at each end, a gretap between two bridges,
# and VXLAN carried by the gre tunnel.
cat >"$tmp/gre.ovt" <<'EOF'
hypervisor ovtgb
 exit
hypervisor ovtga
 connect u0 hypervisor ovtgb peer u0 address 101.0.0.2/24 peer-address 101.0.0.1/24
 exit
tunnel ovtgt1
 type gre
 key 42
 ttl 64
 endpoint hypervisor ovtga local 101.0.0.2 dev u0 address 172.31.0.1/30
 endpoint hypervisor ovtgb local 101.0.0.1 dev u0 address 172.31.0.2/30
 exit
tunnel ovtgp1
 type gretap
 key 43
 ttl 32
 endpoint hypervisor ovtga local 101.0.0.2 dev u0 address 172.31.1.1/30
 endpoint hypervisor ovtgb local 101.0.0.1 dev u0 address 172.31.1.2/30
 exit
! gretap's use: a layer-2 link between two bridges
hypervisor ovtga
 bridge br0
 interface br0
  ip address 172.31.2.1/24
  exit
 exit
hypervisor ovtgb
 bridge br0
 interface br0
  ip address 172.31.2.2/24
  exit
 exit
tunnel ovtgp2
 type gretap
 key 44
 endpoint hypervisor ovtga local 101.0.0.2 dev u0 bridge br0
 endpoint hypervisor ovtgb local 101.0.0.1 dev u0 bridge br0
 exit
! the reference lab's nesting: VXLAN (vni 42, port 4789) carried by GRE
tunnel ovtgv42
 type vxlan
 vni 42
 dstport 4789
 endpoint hypervisor ovtga local 172.31.0.1 dev ovtgt1 address 32.0.0.1/24
 endpoint hypervisor ovtgb local 172.31.0.2 dev ovtgt1 address 32.0.0.2/24
 exit
EOF

cat >"$tmp/scenario-ovtsh.sh" <<'EOF'
# Sourced by /scenario.sh: ovtsh builds gre and gretap tunnels for real.
say "== ovtsh -f: gre and gretap tunnels"
ovtsh -f /gre.ovt >/tmp/ovt1 2>&1
rc=$?
cat /tmp/ovt1
[ $rc -eq 0 ] || fail "ovtsh -f /gre.ovt exit $rc: $(head -n 1 /tmp/ovt1)"
grep -qi 'not available' /tmp/ovt1 && fail "ovtsh says GRE is not available"
has ovtga ovtgt1 '"info_kind":"gre"' '"local":"101.0.0.2"' \
	'"remote":"101.0.0.1"' '"ikey":"0.0.0.42"' '"okey":"0.0.0.42"' '"ttl":64'
has ovtgb ovtgt1 '"info_kind":"gre"' '"local":"101.0.0.1"' \
	'"remote":"101.0.0.2"' '"ikey":"0.0.0.42"' '"okey":"0.0.0.42"' '"ttl":64'
has ovtga ovtgp1 '"info_kind":"gretap"' '"local":"101.0.0.2"' \
	'"remote":"101.0.0.1"' '"ikey":"0.0.0.43"' '"okey":"0.0.0.43"' '"ttl":32'
has ovtgb ovtgp1 '"info_kind":"gretap"' '"local":"101.0.0.1"' \
	'"remote":"101.0.0.2"' '"ikey":"0.0.0.43"' '"okey":"0.0.0.43"' '"ttl":32'
pings ovtga 172.31.0.2
pings ovtgb 172.31.0.1
pings ovtga 172.31.1.2
pings ovtgb 172.31.1.1
say "ovtsh gre + gretap: ok"
has ovtga ovtgp2 '"info_kind":"gretap"' '"master":"br0"' '"ikey":"0.0.0.44"'
has ovtgb ovtgp2 '"info_kind":"gretap"' '"master":"br0"' '"ikey":"0.0.0.44"'
pings ovtga 172.31.2.2
pings ovtgb 172.31.2.1
say "ovtsh gretap between bridges: ok"
has ovtga ovtgv42 '"info_kind":"vxlan"' '"id":42' '"port":4789' \
	'"local":"172.31.0.1"' '"remote":"172.31.0.2"' '"link":"ovtgt1"'
has ovtgb ovtgv42 '"info_kind":"vxlan"' '"id":42' '"port":4789' \
	'"local":"172.31.0.2"' '"remote":"172.31.0.1"' '"link":"ovtgt1"'
pings ovtga 32.0.0.2
pings ovtgb 32.0.0.1
# tcpdump on the underlay sees the nesting: GRE key 42, VXLAN vni 42, ICMP;
# the pcap holds every tunnel's traffic (see OVTSH_GRE_PCAP).  Immediate
# mode: else packets wait in the kernel's ring for a block timeout and a
# capture stopped early may hold none.
$IP netns exec ovtga timeout 30 tcpdump -Z root --immediate-mode -U -n -i u0 \
	-w /tmp/gre.pcap >/tmp/capinfo 2>&1 &
cap=$!
for _ in $(seq 100); do grep -q 'listening on' /tmp/capinfo && break; sleep 0.1; done
pings ovtga 172.31.0.2
pings ovtga 172.31.1.2
pings ovtga 172.31.2.2
pings ovtga 32.0.0.2
sleep 0.5
kill $cap
wait $cap
tcpdump -Z root -r /tmp/gre.pcap -n -v >/tmp/cap 2>&1
if [ -e /want-pcap ]; then
	echo GRE-PCAP-BEGIN
	base64 /tmp/gre.pcap
	echo GRE-PCAP-END
fi
# one packet, outer to inner (tcpdump -v prints it on 4-5 lines)
pkt=$(grep -B4 -m1 '32.0.0.1 > 32.0.0.2: ICMP echo request' /tmp/cap)
echo "$pkt"
for s in '101.0.0.2 > 101.0.0.1: GREv0, Flags [key present], key=0x2a' \
	'> 172.31.0.2.4789: VXLAN, flags [I] (0x08), vni 42' \
	'32.0.0.1 > 32.0.0.2: ICMP echo request'; do
	case $pkt in *"$s"*) ;; *) cat /tmp/cap; fail "tcpdump on u0: no '$s'" ;; esac
done
say "ovtsh vxlan inside gre: ok"

# ovtsh's decoder on real GRE traffic: line for line what tcpdump -nn -S
# prints (tcpdump's VXLAN line break joined with ": ", as capture_parity.sh)
tcpdump -Z root -nn -S -r /tmp/gre.pcap 2>/dev/null |
	awk '/^[0-9][0-9]:[0-9][0-9]:/ { if (l != "") print l; l = $0; next }
	     { l = l ": " $0 } END { if (l != "") print l }' >/tmp/td
ovtsh -c 'capture read /tmp/gre.pcap' >/tmp/ov 2>&1 ||
	{ cat /tmp/ov; fail "capture read /tmp/gre.pcap failed"; }
grep -v ' packets read$' /tmp/ov >/tmp/ov1
# ovtsh does not decode IGMP (the bridge's reports, now and then): leave out
# the packets tcpdump shows as IGMP, by their timestamps, from both sides
igmp() { awk 'NR == FNR { if (/: igmp /) s[$1] = 1; next } !($1 in s)' /tmp/td "$1"; }
igmp /tmp/td >/tmp/td2
igmp /tmp/ov1 >/tmp/ov2
diff /tmp/td2 /tmp/ov2 || fail "ovtsh capture read and tcpdump -nn -S differ on GRE"
for k in 0x2a 0x2b 0x2c; do         # gre, gretap, gretap in a bridge
	grep -m1 "GREv0, key=$k, length [0-9]*: IP .*ICMP echo request" /tmp/ov2 ||
		fail "capture read: no ICMP echo request in GRE key $k"
done
grep -m1 'GREv0, key=0x2a, .* > 172.31.0.2.4789: VXLAN, flags \[I\] (0x08), vni 42: IP 32.0.0.1 > 32.0.0.2: ICMP echo request' /tmp/ov2 ||
	fail "capture read: no VXLAN-in-GRE echo request"
say "ovtsh capture read of GRE, gretap, VXLAN-in-GRE = tcpdump ($(wc -l </tmp/td2) packets): ok"

say "== ovtsh -f again: idempotent"
state() {
	for ns in ovtga ovtgb; do
		# the operstate (and NO-CARRIER, derived from it) settles
		# asynchronously, seconds late under load, and bridge timers
		# run: leave them out
		$IP -n $ns -d -o link | sed -E "s/ state [A-Z]+ / /
			s/NO-CARRIER,//; s/ [a-z_]*timer +[0-9.]+//g; s/^/$ns /"
		# IPv4 only: IPv6 link-local addresses carry DAD flags
		$IP -n $ns -4 -o addr | sed "s/valid_lft.*//; s/^/$ns /"
	done
}
state >/tmp/state1
ovtsh -f /gre.ovt >/tmp/ovt2 2>&1
rc=$?
cat /tmp/ovt2
[ $rc -eq 0 ] || fail "second ovtsh -f /gre.ovt exit $rc: $(head -n 1 /tmp/ovt2)"
state >/tmp/state2
diff /tmp/state1 /tmp/state2 || fail "the second replay changed the lab"
say "ovtsh replay: ok"

say "== show tunnels, running-config, clear lab, replay the saved config"
ovtsh -c 'show tunnels' >/tmp/show 2>&1 || fail "show tunnels: $(head -n 1 /tmp/show)"
cat /tmp/show
for s in ovtgt1 ovtgp1 ovtgp2 ovtgv42 gretap vxlan 101.0.0.2 101.0.0.1; do
	grep -q "$s" /tmp/show || fail "show tunnels does not mention $s"
done
ovtsh -c 'show running-config' >/tmp/run.ovt 2>&1 ||
	fail "show running-config: $(head -n 1 /tmp/run.ovt)"
sed -n '/^tunnel/,/^exit/p' /tmp/run.ovt
for s in 'type gre' 'type gretap' 'key 42' 'key 43' 'ttl 64' 'ttl 32'; do
	grep -q "^ *$s\$" /tmp/run.ovt || fail "running-config lacks '$s'"
done
ovtsh -c 'clear lab' >/tmp/clear 2>&1 || fail "clear lab: $(head -n 1 /tmp/clear)"
left=$($IP netns list | grep -E '^ovtg[ab]( |$)') && fail "clear lab left $left"
ovtsh -f /tmp/run.ovt >/tmp/ovt3 2>&1 ||
	fail "replaying the running-config: $(head -n 1 /tmp/ovt3)"
# ifindexes, MAC addresses (bridge ids too) and the creation order are new
# after a rebuild; all else must match
norm() {
	sed -E 's/^([^ ]+) [0-9]+: /\1 /; s/@if[0-9]+/@if/; s/link-netns(id)? [^ ]+//
		s/(link\/ether|brd|permaddr) [0-9a-f:]+//g
		s/[0-9a-f]{4}\.[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}/ID/g' "$1" | sort
}
state >/tmp/state3
norm /tmp/state1 >/tmp/n1
norm /tmp/state3 >/tmp/n3
diff /tmp/n1 /tmp/n3 || fail "the lab rebuilt from its running-config differs"
pings ovtga 172.31.0.2
pings ovtga 172.31.1.2
pings ovtga 172.31.2.2
pings ovtga 32.0.0.2
ovtsh -c 'clear lab' >/tmp/clear 2>&1 || fail "clear lab: $(head -n 1 /tmp/clear)"
say "ovtsh running-config round trip: ok"

# explain, tested on GRE where the kernel has it: each line explained, then
# run; the printed commands run by sh in fresh namespaces must build the
# same links and addresses (ovtsh's alias tags left out, as explain does)
say "== explain: gre commands = what ovtsh builds"
# the tunnel block, explained by its "explain exit", then made by "exit"
cat >/tmp/xt.ovt <<'X'
tunnel ovtxt
 type gre
 key 9
 ttl 33
 endpoint hypervisor ovtxa local 101.0.9.1 dev u0 address 172.30.9.1/30
 endpoint hypervisor ovtxb local 101.0.9.2 dev u0 address 172.30.9.2/30
X
{ cat <<'X'
explain hypervisor ovtxb
hypervisor ovtxb
exit
explain hypervisor ovtxa
hypervisor ovtxa
 explain connect u0 hypervisor ovtxb address 101.0.9.1/24 peer-address 101.0.9.2/24
 connect u0 hypervisor ovtxb address 101.0.9.1/24 peer-address 101.0.9.2/24
exit
X
  cat /tmp/xt.ovt; echo ' explain exit'; cat /tmp/xt.ovt; echo ' exit'; } >/tmp/x.ovt
OVTSH_LAB=ovtx ovtsh -f /tmp/x.ovt >/tmp/x.sh 2>/tmp/x.err ||
	fail "explain script: $(head -n 1 /tmp/x.err)"
cat /tmp/x.sh
grep -q '^ip -n ovtxa link add ovtxt type gre local 101.0.9.1 remote 101.0.9.2 dev u0 ttl 33 key 9$' /tmp/x.sh ||
	fail "explain printed no gre link for ovtxa"
xstate() {
	for ns in ovtxa ovtxb; do
		$IP -n $ns -d -o link | sed -E "s/ state [A-Z]+ / /; s/NO-CARRIER,//
			s/^[0-9]+: //; s/@if[0-9]+/@if/; s/link-netns(id)? [^ ]+//
			s/(link\/ether|brd|permaddr) [0-9a-f:]+//g; s/ alias .*//
			s/[\\ ]+$//
			s/^/$ns /" | sort
		$IP -n $ns -4 -o addr | sed -E "s/valid_lft.*//; s/^[0-9]+: //
			s/^/$ns /" | sort
	done
}
xstate >/tmp/xs1
pings ovtxa 172.30.9.2
OVTSH_LAB=ovtx ovtsh -c 'clear lab' >/tmp/clear 2>&1 || fail "clear lab ovtx"
# busybox's sh runs its own ip applet whatever PATH says: iproute2's, by path
sed 's|^ip |/usr/sbin/ip |' /tmp/x.sh >/tmp/x2.sh
sh -e /tmp/x2.sh || fail "the explained commands failed"
xstate >/tmp/xs2
diff /tmp/xs1 /tmp/xs2 || fail "the explained gre commands build another lab than ovtsh"
pings ovtxa 172.30.9.2
$IP netns del ovtxa; $IP netns del ovtxb
say "explain gre = ovtsh: ok"
EOF

# ---- the host's side -------------------------------------------------------
# OVTSH_GRE_PCAP=FILE keeps the guest's capture of the tunnels' underlay
# (gre, gretap, gretap in a bridge, vxlan in gre) as a pcap fixture.
pcap=${OVTSH_GRE_PCAP:-}
extra=()
if [ -n "$pcap" ]; then
	: >"$tmp/want-pcap"
	extra=(-f "$tmp/want-pcap=/want-pcap")
fi
mods=(-m ip_gre -m veth -m bridge -m vxlan)
"$top/tests/tools/mkinitramfs.sh" -o "$tmp/initrd.gz" -i "$tmp/init" -k "$KVER" \
	"${mods[@]}" -b /usr/sbin/ip -b /usr/bin/tcpdump -b "$OVTSH=/usr/bin/ovtsh" \
	-f "$tmp/scenario.sh=/scenario.sh" \
	-f "$tmp/scenario-ovtsh.sh=/scenario-ovtsh.sh" -f "$tmp/gre.ovt=/gre.ovt" \
	"${extra[@]}" ||
	{ echo "FAIL: mkinitramfs"; exit 1; }

start=$(date +%s.%N)
timeout -k 5 "$limit" "$qemu" -accel tcg -m 512 -smp 1 -nographic -no-reboot \
	-monitor none -nic none -kernel "$kernel" -initrd "$tmp/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet" </dev/null >"$tmp/console" 2>&1
rc=$?
console() {             # the serial log without CRs and terminal escapes
	tr -d '\r' <"$tmp/console" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g'
}
secs=$(echo "$(date +%s.%N) - $start" | bc)
console | sed -n "/^GRE-GUEST: modules/,/^GRE-TEST/p" | sed '/^GRE-PCAP-BEGIN/,/^GRE-PCAP-END/d'
if [ -n "$pcap" ]; then
	console | sed -n '/^GRE-PCAP-BEGIN/,/^GRE-PCAP-END/{//!p}' | base64 -d >"$pcap" &&
		[ -s "$pcap" ] && echo "pcap of the guest's underlay: $pcap"
fi
verdict=$(console | grep -a '^GRE-TEST: ' | tail -n 1)
printf 'qemu (kernel %s) ran %.1f s (exit %d)\n' "$KVER" "$secs" "$rc"
case $verdict in
"GRE-TEST: PASS") echo "$verdict"; exit 0 ;;
"")  echo "--- console (last 40 lines):"; console | tail -n 40
     echo "FAIL: no verdict from the guest within $limit s"; exit 1 ;;
*)   echo "--- console (last 60 lines):"; console | tail -n 60
     echo "FAIL: guest says: ${verdict#GRE-TEST: }"; exit 1 ;;
esac
