#!/bin/bash
# capture_detail.sh - "capture read FILE detail" against tcpdump -nn -e -v
# -S on the same pcaps: cap_gen's 3000-packet mix (VXLAN in GRE, VXLAN,
# ICMP: every Ethernet header, inner ones included, IPv4 fields, GRE
# flags) must be byte-identical, lines and all; the golden fixtures too,
# packet by packet, except the few that tcpdump -v prints more of (listed
# below with the reason).  Checksums: a frame with a broken IPv4 header
# checksum and one with a broken ICMP checksum read "bad cksum" / "wrong
# icmp cksum" with the right values in both, valid ones say nothing, and
# TCP says "(correct)" once its checksum is computed (by the test).
set -u
. "$(dirname "$0")/lib/capns.sh"
fail() { echo "FAIL: $*"; exit 1; }
command -v tcpdump >/dev/null || fail "tcpdump not installed (tests/tools/deps.sh)"
tmp=$(mktemp -d /tmp/ovtc-det.XXXXXX)
trap capns_cleanup EXIT
capns_gen fixtures "$tmp/fx.pcap" && capns_gen bench "$tmp/mix.pcap" 3000 ||
	fail "cap_gen"

# packets, one record each ("\x1e" between them): tcpdump's lines start
# with a timestamp, the rest of a packet continues on its own lines
split() { awk 'BEGIN { ORS = "" } /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\./ && NR > 1 { print "\x1e" } { print $0 "\n" }'; }
td() { TZ=UTC tcpdump -nn -e -v -S -r "$1" 2>/dev/null |
	sed -E 's/OTV, flags \[I\] \(0x08\), overlay 0, instance/VXLAN, flags [I] (0x08), vni/'; }
ov() { TZ=UTC "$OVTSH" -c "capture read $1 detail" | grep -v ' packets read$'; }

td "$tmp/mix.pcap" >"$tmp/mix.td"
ov "$tmp/mix.pcap" >"$tmp/mix.ov" || fail "ovtsh mix"
[ "$(wc -l <"$tmp/mix.td")" -ge 12000 ] || fail "tcpdump printed too little"
cmp "$tmp/mix.td" "$tmp/mix.ov" || { diff "$tmp/mix.td" "$tmp/mix.ov" | head; fail "mix differs"; }
echo "mix: $(wc -l <"$tmp/mix.ov") lines byte-identical to tcpdump -nn -e -v"

# Fixtures tcpdump -v prints more of (packet numbers from 1):
#  27:    MLDv2 report, tcpdump -v lists the group records
skip=" 27 "
td "$tmp/fx.pcap" | split >"$tmp/fx.td"
ov "$tmp/fx.pcap" | split >"$tmp/fx.ov"
n=$(tr -cd '\036' <"$tmp/fx.td" | wc -c)
[ "$n" = "$(tr -cd '\036' <"$tmp/fx.ov" | wc -c)" ] || fail "packet counts"
same=0
for i in $(seq 1 $((n + 1))); do
	a=$(awk -v RS='\x1e' -v i="$i" 'NR == i' "$tmp/fx.td")
	b=$(awk -v RS='\x1e' -v i="$i" 'NR == i' "$tmp/fx.ov")
	if [[ $skip == *" $i "* ]]; then
		[ "$a" != "$b" ] || fail "fixture $i is equal now: take it off the skip list"
		continue
	fi
	[ "$a" = "$b" ] || { echo "tcpdump: $a"; echo "ovtsh:   $b"; fail "fixture $i differs"; }
	same=$((same + 1))
done
echo "fixtures: $same of $((n + 1)) packets byte-identical (VLAN, ARP, TCP, IPv6, GRE key/seq/csum, gretap, GRE+IPv6, ICMP errors with their quote)"
grep -q 'vlan 100, p 0, ethertype IPv4' "$tmp/fx.ov" || fail "no VLAN compared"
grep -q 'cksum 0x0000 (incorrect -> 0x' "$tmp/fx.ov" || fail "no TCP checksum compared"
grep -q '^	(tos 0x0, ttl 1, id 17476' "$tmp/fx.ov" || fail "no ICMP quote compared"

# IPv4 options by name, routes with their addresses (NOP,RR,RA; LSRR
# and EOL; RA with a value; RR with one address; only NOPs); tcpdump
# details a timestamp option further, ovtsh names it only (not compared)
python3 - "$tmp/opts.pcap" <<'PY' || fail "options pcap"
import struct, sys
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
def frame(opts):
    ihl = 5 + len(opts) // 4
    udp = struct.pack("!HHHH", 1000, 2000, 16, 0) + bytes(8)
    ip = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + 16, 1, 0, 64,
                     17, 0, bytes([32, 0, 0, 5]), bytes([32, 0, 0, 2])) + opts
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return bytes.fromhex("020000000002020000000005" "0800") + ip + udp
opts = [bytes([1, 7, 11, 8, 1, 2, 3, 4, 5, 6, 7, 8, 148, 4, 0, 0]),
        bytes([131, 11, 4, 1, 2, 3, 4, 5, 6, 7, 8, 0]),
        bytes([148, 4, 0, 5]), bytes([7, 7, 4, 9, 9, 9, 9, 0]),
        bytes([1, 1, 1, 1]), bytes([68, 8, 5, 0, 0, 0, 0, 0])]
out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
for i, o in enumerate(opts):
    f = frame(o)
    out += struct.pack("<IIII", i, 0, len(f), len(f)) + f
open(sys.argv[1], "wb").write(out)
PY
td "$tmp/opts.pcap" | head -n 10 >"$tmp/opts.td"
ov "$tmp/opts.pcap" | head -n 10 >"$tmp/opts.ov"
cmp "$tmp/opts.td" "$tmp/opts.ov" || { diff "$tmp/opts.td" "$tmp/opts.ov"; fail "IPv4 options differ"; }
grep -q 'options (NOP,RR 1.2.3.4, 5.6.7.8,RA))$' "$tmp/opts.ov" || fail "no route compared"
echo "IPv4 options: 5 packets byte-identical"

# checksums: one-packet files cut from the fixtures (pcap header 24
# bytes, record header 16, then Ethernet 14, IPv4 20): the plain ICMP
# echo (packet 3) as it is, with its IPv4 and with its ICMP checksum
# broken; the TCP SYN (packet 7, checksum 0) with its checksum computed
# here
python3 - "$tmp" <<'PY' || fail "patching"
import struct, sys
d = sys.argv[1]
raw = bytearray(open(d + "/fx.pcap", "rb").read())
def record(k):
    off = 24
    for _ in range(k - 1):
        off += 16 + struct.unpack_from("<I", raw, off + 8)[0]
    caplen = struct.unpack_from("<I", raw, off + 8)[0]
    return raw[:24] + raw[off:off + 16 + caplen]
def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
ip = 24 + 16 + 14
rec = record(3)
bad_ip = bytearray(rec); bad_ip[ip + 10] ^= 0x12
bad_icmp = bytearray(rec); bad_icmp[ip + 20 + 2] ^= 0x34
tcp = bytearray(record(7))
tlen = struct.unpack_from("!H", tcp, ip + 2)[0] - 20
pseudo = bytes(tcp[ip + 12:ip + 20]) + struct.pack("!BBH", 0, 6, tlen)
struct.pack_into("!H", tcp, ip + 20 + 16, 0)
struct.pack_into("!H", tcp, ip + 20 + 16, csum(pseudo + bytes(tcp[ip + 20:ip + 20 + tlen])))
for name, b in (("ok", rec), ("badip", bad_ip), ("badicmp", bad_icmp), ("tcpok", tcp)):
    open("%s/%s.pcap" % (d, name), "wb").write(b)
PY
for f in ok badip badicmp tcpok; do
	td "$tmp/$f.pcap" >"$tmp/$f.td"
	ov "$tmp/$f.pcap" >"$tmp/$f.ov"
	cmp -s "$tmp/$f.td" "$tmp/$f.ov" || { diff "$tmp/$f.td" "$tmp/$f.ov"; fail "$f differs"; }
done
grep -q 'bad cksum' "$tmp/ok.ov" && fail "a valid IPv4 checksum called bad"
grep -q 'wrong icmp cksum' "$tmp/ok.ov" && fail "a valid ICMP checksum called wrong"
grep -Eq ', bad cksum [0-9a-f]+ \(->[0-9a-f]+\)!\)$' "$tmp/badip.ov" || fail "bad IPv4 checksum"
grep -Eq 'length 64 \(wrong icmp cksum [0-9a-f]+ \(->[0-9a-f]+\)!\)$' "$tmp/badicmp.ov" ||
	fail "bad ICMP checksum"
grep -Eq 'Flags \[S\], cksum 0x[0-9a-f]{4} \(correct\), seq 1000' "$tmp/tcpok.ov" ||
	fail "TCP checksum not correct"
cat "$tmp/badip.ov" "$tmp/badicmp.ov" "$tmp/tcpok.ov"
echo ok
