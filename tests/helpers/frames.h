/* frames.h - build test frames from the inside out (header-only; shared by
 * the dissector unit tests, the fuzz seeds and the pcap generator).
 *
 * A struct fb holds a frame growing towards the front of its buffer: start
 * with a payload, then push each header, inner first, so every length field
 * is known when its header is written.
 */
#ifndef OVTSH_TEST_FRAMES_H
#define OVTSH_TEST_FRAMES_H

#include <stdint.h>
#include <string.h>

#define FB_SIZE 2048

struct fb {
	uint8_t buf[FB_SIZE];
	size_t start;                 /* frame = buf[start .. FB_SIZE) */
};

static inline size_t fb_len(const struct fb *f) { return FB_SIZE - f->start; }
static inline const uint8_t *fb_data(const struct fb *f)
{
	return f->buf + f->start;
}

static inline uint8_t *fb_push(struct fb *f, size_t n)
{
	f->start -= n;
	memset(f->buf + f->start, 0, n);
	return f->buf + f->start;
}

static inline void fb_init(struct fb *f, size_t paylen, uint8_t fill)
{
	f->start = FB_SIZE;
	memset(fb_push(f, paylen), fill, paylen);
}

static inline void fb_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void fb_put32(uint8_t *p, uint32_t v)
{
	fb_put16(p, (uint16_t)(v >> 16));
	fb_put16(p + 2, (uint16_t)v);
}

static inline uint16_t fb_csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)(p[n - 1] << 8);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static inline void fb_eth(struct fb *f, const uint8_t dst[6],
			  const uint8_t src[6], uint16_t type)
{
	uint8_t *p = fb_push(f, 14);

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	fb_put16(p + 12, type);
}

static inline void fb_vlan(struct fb *f, uint16_t tci, uint16_t type)
{
	uint8_t *p = fb_push(f, 4);

	fb_put16(p, tci);
	fb_put16(p + 2, type);
}

/* a.b.c.d as a host-order integer: FB_IP(32,0,0,5) */
#define FB_IP(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static inline void fb_ipv4(struct fb *f, uint32_t src, uint32_t dst,
			   uint8_t proto, uint8_t ttl, uint16_t id)
{
	size_t len = fb_len(f) + 20;
	uint8_t *p = fb_push(f, 20);

	p[0] = 0x45;
	fb_put16(p + 2, (uint16_t)len);
	fb_put16(p + 4, id);
	fb_put16(p + 6, 0x4000);            /* DF */
	p[8] = ttl;
	p[9] = proto;
	fb_put32(p + 12, src);
	fb_put32(p + 16, dst);
	fb_put16(p + 10, fb_csum(p, 20));
}

static inline void fb_ipv6(struct fb *f, const uint8_t src[16],
			   const uint8_t dst[16], uint8_t nxt, uint8_t hlim)
{
	size_t plen = fb_len(f);
	uint8_t *p = fb_push(f, 40);

	p[0] = 0x60;
	fb_put16(p + 4, (uint16_t)plen);
	p[6] = nxt;
	p[7] = hlim;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
}

static inline void fb_icmp_echo(struct fb *f, uint8_t type, uint16_t id,
				uint16_t seq)
{
	uint8_t *p = fb_push(f, 8);

	p[0] = type;
	fb_put16(p + 4, id);
	fb_put16(p + 6, seq);
	fb_put16(p + 2, fb_csum(p, fb_len(f)));
}

/* ICMP error header (type, code, next-hop MTU) over what is in f. */
static inline void fb_icmp_err(struct fb *f, uint8_t type, uint8_t code,
			       uint16_t mtu)
{
	uint8_t *p = fb_push(f, 8);

	p[0] = type;
	p[1] = code;
	fb_put16(p + 6, mtu);
	fb_put16(p + 2, fb_csum(p, fb_len(f)));
}

/* An ICMP error from 'from' to 32.0.0.5 about a UDP packet 32.0.0.5.53000
 * > 32.0.0.2.dport it quotes (IP header and 8 bytes). */
static inline void fb_icmp_quote(struct fb *f, uint8_t type, uint8_t code,
				 uint16_t mtu, uint32_t from, uint16_t dport);

static inline void fb_udp(struct fb *f, uint16_t sport, uint16_t dport)
{
	size_t len = fb_len(f) + 8;
	uint8_t *p = fb_push(f, 8);

	fb_put16(p, sport);
	fb_put16(p + 2, dport);
	fb_put16(p + 4, (uint16_t)len);
}

/* TCP with options (optlen a multiple of 4). */
static inline void fb_tcp_opts(struct fb *f, uint16_t sport, uint16_t dport,
			       uint32_t seq, uint32_t ack, uint8_t flags,
			       uint16_t win, const uint8_t *opts,
			       size_t optlen)
{
	uint8_t *p = fb_push(f, 20 + optlen);

	fb_put16(p, sport);
	fb_put16(p + 2, dport);
	fb_put32(p + 4, seq);
	fb_put32(p + 8, ack);
	p[12] = (uint8_t)((5 + optlen / 4) << 4);
	p[13] = flags;
	fb_put16(p + 14, win);
	if (optlen)
		memcpy(p + 20, opts, optlen);
}

static inline void fb_tcp(struct fb *f, uint16_t sport, uint16_t dport,
			  uint32_t seq, uint32_t ack, uint8_t flags,
			  uint16_t win)
{
	fb_tcp_opts(f, sport, dport, seq, ack, flags, win, NULL, 0);
}

/* A Linux SYN's options: mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7 */
static const uint8_t fb_syn_opts[20] = {
	2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0x03, 0xe8, 0, 0, 0, 0,
	1, 3, 3, 7,
};
/* nop,nop,TS val 5 ecr 6,nop,nop,sack 2 {100:200}{300:400} */
static const uint8_t fb_ack_opts[32] = {
	1, 1, 8, 10, 0, 0, 0, 5, 0, 0, 0, 6,
	1, 1, 5, 18, 0, 0, 0, 100, 0, 0, 0, 200, 0, 0, 1, 0x2c, 0, 0, 1, 0x90,
};

static inline void fb_vxlan(struct fb *f, uint32_t vni)
{
	uint8_t *p = fb_push(f, 8);

	p[0] = 0x08;
	fb_put32(p + 4, vni << 8);
}

/* GRE with optional checksum, key and sequence (has_* non-zero). */
static inline void fb_gre(struct fb *f, uint16_t ptype, int has_csum,
			  int has_key, uint32_t key, int has_seq,
			  uint32_t seq)
{
	size_t n = 4 + (has_csum ? 4 : 0) + (has_key ? 4 : 0) +
		   (has_seq ? 4 : 0);
	uint8_t *p = fb_push(f, n), *q = p + 4;
	uint16_t flags = (uint16_t)((has_csum ? 0x8000 : 0) |
				    (has_key ? 0x2000 : 0) |
				    (has_seq ? 0x1000 : 0));

	fb_put16(p, flags);
	fb_put16(p + 2, ptype);
	if (has_csum)
		q += 4;
	if (has_key) {
		fb_put32(q, key);
		q += 4;
	}
	if (has_seq)
		fb_put32(q, seq);
	if (has_csum)
		fb_put16(p + 4, fb_csum(p, fb_len(f)));
}

static inline void fb_arp(struct fb *f, uint16_t op, const uint8_t sha[6],
			  uint32_t spa, const uint8_t tha[6], uint32_t tpa)
{
	uint8_t *p = fb_push(f, 28);

	fb_put16(p, 1);
	fb_put16(p + 2, 0x0800);
	p[4] = 6;
	p[5] = 4;
	fb_put16(p + 6, op);
	memcpy(p + 8, sha, 6);
	fb_put32(p + 14, spa);
	memcpy(p + 18, tha, 6);
	fb_put32(p + 24, tpa);
}

static inline void fb_icmp_quote(struct fb *f, uint8_t type, uint8_t code,
				 uint16_t mtu, uint32_t from, uint16_t dport)
{
	fb_init(f, 0, 0);
	fb_udp(f, 53000, dport);
	fb_put16(f->buf + f->start + 4, 40);     /* the original's length */
	fb_ipv4(f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 17, 1, 0x4444);
	fb_put16(f->buf + f->start + 2, 60);     /* ... and its checksum */
	fb_put16(f->buf + f->start + 10, 0);
	fb_put16(f->buf + f->start + 10, fb_csum(f->buf + f->start, 20));
	fb_icmp_err(f, type, code, mtu);
	fb_ipv4(f, from, FB_IP(32, 0, 0, 5), 1, 64, 0x5555);
}

/* MACs of the reference lab (locally administered). */
static const uint8_t fb_mac_lc2[6] = { 0x02, 0x42, 0x66, 0x00, 0x00, 0x02 };
static const uint8_t fb_mac_sc1[6] = { 0x02, 0x42, 0x66, 0x00, 0x00, 0x01 };
static const uint8_t fb_mac_cs5[6] = { 0x02, 0x42, 0x20, 0x00, 0x00, 0x05 };
static const uint8_t fb_mac_cs2[6] = { 0x02, 0x42, 0x20, 0x00, 0x00, 0x02 };

/* A UDP fragment 32.0.0.5 > 32.0.0.2 (flags and offset as on the wire). */
static inline void fb_ipv4_frag(struct fb *f, uint16_t frag)
{
	uint8_t *p;

	fb_ipv4(f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 17, 64, 0x77);
	p = f->buf + f->start;
	fb_put16(p + 6, frag);
	fb_put16(p + 10, 0);
	fb_put16(p + 10, fb_csum(p, 20));
	fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x0800);
}

/* IPv4 with 4 bytes of options: record route with no room (RFC 791). */
static inline void fb_ipv4_opts(struct fb *f, uint32_t src, uint32_t dst,
				uint8_t proto)
{
	size_t len = fb_len(f) + 24;
	uint8_t *p = fb_push(f, 24);

	p[0] = 0x46;
	fb_put16(p + 2, (uint16_t)len);
	p[8] = 64;
	p[9] = proto;
	fb_put32(p + 12, src);
	fb_put32(p + 16, dst);
	p[20] = 7;              /* RR */
	p[21] = 3;
	p[22] = 4;
	p[23] = 0;              /* end of options */
	fb_put16(p + 10, fb_csum(p, 24));
}

/* Inner ping 32.0.0.5 > 32.0.0.2 inside VXLAN vni 42 (UDP 48078 > 4789)
 * from 111.0.0.2 to 110.0.0.2: the part common to the reference frames. */
static inline void fb_vxlan_ping(struct fb *f, uint16_t id, uint16_t seq)
{
	fb_init(f, 56, 0xa5);
	fb_icmp_echo(f, 8, id, seq);
	fb_ipv4(f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 1, 64, 0x1234);
	fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x0800);
	fb_vxlan(f, 42);
	fb_udp(f, 48078, 4789);
	fb_ipv4(f, FB_IP(111, 0, 0, 2), FB_IP(110, 0, 0, 2), 17, 63, 0x2222);
}

/* DESIGN.md section 6: the ping captured on the lc2-sc1 link, 172 bytes.
 * IPv4 102.0.0.2 > 101.0.0.2, GRE, IPv4 111.0.0.2.48078 > 110.0.0.2.4789,
 * VXLAN vni 42, Ethernet, IPv4 32.0.0.5 > 32.0.0.2, ICMP echo request. */
static inline void fb_reference(struct fb *f, uint16_t id, uint16_t seq)
{
	fb_vxlan_ping(f, id, seq);
	fb_gre(f, 0x0800, 0, 0, 0, 0, 0);
	fb_ipv4(f, FB_IP(102, 0, 0, 2), FB_IP(101, 0, 0, 2), 47, 63, 0x3333);
	fb_eth(f, fb_mac_sc1, fb_mac_lc2, 0x0800);
}

/* The same ping on the ns2 underlay: VXLAN over plain Ethernet. */
static inline void fb_vxlan_frame(struct fb *f, uint16_t id, uint16_t seq)
{
	fb_vxlan_ping(f, id, seq);
	fb_eth(f, fb_mac_sc1, fb_mac_lc2, 0x0800);
}

/* A plain ping 32.0.0.5 > 32.0.0.2. */
static inline void fb_ping(struct fb *f, uint8_t type, uint16_t id,
			   uint16_t seq)
{
	fb_init(f, 56, 0x5a);
	fb_icmp_echo(f, type, id, seq);
	fb_ipv4(f, type == 8 ? FB_IP(32, 0, 0, 5) : FB_IP(32, 0, 0, 2),
		type == 8 ? FB_IP(32, 0, 0, 2) : FB_IP(32, 0, 0, 5), 1, 64,
		seq);
	fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x0800);
}

static const uint8_t fb_v6a[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0,
				 0, 0, 0, 0, 0, 0, 0, 1 };
static const uint8_t fb_v6b[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0,
				 0, 0, 0, 0, 0, 0, 0, 2 };

/* Fixture i into f (one frame of each kind the dissectors know); returns
 * 0 past the last one. */
static inline int fb_fixture(struct fb *f, int i)
{
	switch (i) {
	case 0: fb_reference(f, 7, 1); return 1;
	case 1: fb_vxlan_frame(f, 7, 2); return 1;
	case 2: fb_ping(f, 8, 9, 3); return 1;
	case 3: fb_ping(f, 0, 9, 3); return 1;
	case 4:
		fb_init(f, 0, 0);
		fb_arp(f, 1, fb_mac_cs5, FB_IP(32, 0, 0, 5), fb_mac_cs2,
		       FB_IP(32, 0, 0, 2));
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x0806);
		return 1;
	case 5:
		fb_init(f, 0, 0);
		fb_arp(f, 2, fb_mac_cs2, FB_IP(32, 0, 0, 2), fb_mac_cs5,
		       FB_IP(32, 0, 0, 5));
		fb_eth(f, fb_mac_cs5, fb_mac_cs2, 0x0806);
		return 1;
	case 6:
		fb_init(f, 0, 0);
		fb_tcp(f, 40000, 5201, 1000, 0, 0x02, 64240);
		fb_ipv4(f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 6, 64, 1);
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x0800);
		return 1;
	case 7:
		fb_init(f, 100, 1);
		fb_tcp(f, 5201, 40000, 5000, 1001, 0x18, 502);
		fb_ipv4(f, FB_IP(32, 0, 0, 2), FB_IP(32, 0, 0, 5), 6, 64, 2);
		fb_eth(f, fb_mac_cs5, fb_mac_cs2, 0x0800);
		return 1;
	case 8:
		fb_init(f, 32, 2);
		fb_udp(f, 53000, 9999);
		fb_ipv4(f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 17, 64, 3);
		fb_vlan(f, 100, 0x0800);
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x8100);
		return 1;
	case 9:
		fb_init(f, 56, 3);
		fb_icmp_echo(f, 128, 11, 4);
		fb_ipv6(f, fb_v6a, fb_v6b, 58, 64);
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x86dd);
		return 1;
	case 10:   /* GRE with checksum, key and sequence around VXLAN */
		fb_vxlan_ping(f, 7, 5);
		fb_gre(f, 0x0800, 1, 1, 42, 1, 77);
		fb_ipv4(f, FB_IP(102, 0, 0, 2), FB_IP(101, 0, 0, 2), 47, 63,
			4);
		fb_eth(f, fb_mac_sc1, fb_mac_lc2, 0x0800);
		return 1;
	case 11:   /* transparent Ethernet bridging over GRE with a key */
		fb_ping(f, 8, 12, 6);
		fb_gre(f, 0x6558, 0, 1, 1000, 0, 0);
		fb_ipv4(f, FB_IP(102, 0, 0, 2), FB_IP(101, 0, 0, 2), 47, 63,
			5);
		fb_eth(f, fb_mac_sc1, fb_mac_lc2, 0x0800);
		return 1;
	case 12:   /* IPv6 over GRE */
		fb_init(f, 8, 4);
		fb_udp(f, 1000, 2000);
		fb_ipv6(f, fb_v6a, fb_v6b, 17, 64);
		fb_gre(f, 0x86dd, 0, 0, 0, 0, 0);
		fb_ipv4(f, FB_IP(102, 0, 0, 2), FB_IP(101, 0, 0, 2), 47, 63,
			6);
		fb_eth(f, fb_mac_sc1, fb_mac_lc2, 0x0800);
		return 1;
	case 14:   /* TCP options of a SYN inside VXLAN */
		fb_init(f, 0, 0);
		fb_tcp_opts(f, 40001, 5201, 77, 0, 0x02, 64240, fb_syn_opts,
			    sizeof(fb_syn_opts));
		fb_ipv4(f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 6, 64, 8);
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x0800);
		fb_vxlan(f, 42);
		fb_udp(f, 48078, 4789);
		fb_ipv4(f, FB_IP(111, 0, 0, 2), FB_IP(110, 0, 0, 2), 17, 63,
			8);
		fb_eth(f, fb_mac_sc1, fb_mac_lc2, 0x0800);
		return 1;
	case 15:   /* timestamps and SACK blocks */
		fb_init(f, 10, 6);
		fb_tcp_opts(f, 5201, 40001, 5000, 1001, 0x10, 502, fb_ack_opts,
			    sizeof(fb_ack_opts));
		fb_ipv4(f, FB_IP(32, 0, 0, 2), FB_IP(32, 0, 0, 5), 6, 64, 9);
		fb_eth(f, fb_mac_cs5, fb_mac_cs2, 0x0800);
		return 1;
	case 16:   /* port unreachable */
		fb_icmp_quote(f, 3, 3, 0, FB_IP(32, 0, 0, 2), 9999);
		fb_eth(f, fb_mac_cs5, fb_mac_cs2, 0x0800);
		return 1;
	case 17:   /* host unreachable */
		fb_icmp_quote(f, 3, 1, 0, FB_IP(110, 0, 0, 1), 9999);
		fb_eth(f, fb_mac_cs5, fb_mac_cs2, 0x0800);
		return 1;
	case 18:   /* fragmentation needed, inside VXLAN */
		fb_icmp_quote(f, 3, 4, 1400, FB_IP(110, 0, 0, 1), 9999);
		fb_eth(f, fb_mac_cs5, fb_mac_cs2, 0x0800);
		fb_vxlan(f, 42);
		fb_udp(f, 48078, 4789);
		fb_ipv4(f, FB_IP(110, 0, 0, 2), FB_IP(111, 0, 0, 2), 17, 63,
			10);
		fb_eth(f, fb_mac_lc2, fb_mac_sc1, 0x0800);
		return 1;
	case 19:   /* time exceeded (traceroute) */
		fb_icmp_quote(f, 11, 0, 0, FB_IP(101, 0, 0, 1), 33434);
		fb_eth(f, fb_mac_cs5, fb_mac_cs2, 0x0800);
		return 1;
	case 20:   /* protocol unreachable */
		fb_icmp_quote(f, 3, 2, 0, FB_IP(32, 0, 0, 2), 9999);
		fb_eth(f, fb_mac_cs5, fb_mac_cs2, 0x0800);
		return 1;
	case 21:   /* first fragment of a 3000-byte UDP datagram */
		fb_init(f, 1472, 1);
		fb_udp(f, 53000, 9999);
		fb_put16(f->buf + f->start + 4, 3008);
		fb_ipv4_frag(f, 0x2000);
		return 1;
	case 22:   /* its middle ... */
		fb_init(f, 1480, 1);
		fb_ipv4_frag(f, 0x2000 | 185);
		return 1;
	case 23:   /* ... and last fragment */
		fb_init(f, 48, 1);
		fb_ipv4_frag(f, 370);
		return 1;
	case 24:   /* IPv4 options (record route) */
		fb_init(f, 8, 1);
		fb_udp(f, 1000, 2000);
		fb_ipv4_opts(f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 17);
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x0800);
		return 1;
	case 25: { /* neighbor solicitation */
		uint8_t *p;

		fb_init(f, 0, 0);
		p = fb_push(f, 24);
		p[0] = 135;
		memcpy(p + 8, fb_v6b, 16);
		fb_put16(p + 2, fb_csum(p, 24));
		fb_ipv6(f, fb_v6a, fb_v6b, 58, 255);
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x86dd);
		return 1;
	}
	case 26: { /* MLDv2 report behind a hop-by-hop router alert */
		uint8_t *p;

		fb_init(f, 20, 0);
		p = fb_push(f, 8);
		p[0] = 143;
		fb_put16(p + 6, 1);
		p = fb_push(f, 8);
		p[0] = 58;
		p[2] = 5;               /* router alert */
		p[3] = 2;
		p[6] = 1;               /* PadN */
		fb_ipv6(f, fb_v6a, fb_v6b, 0, 1);
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x86dd);
		return 1;
	}
	case 27:   /* an IP protocol nothing decodes (253: experiments) */
		fb_init(f, 28, 7);
		fb_ipv4(f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 253, 64, 11);
		fb_eth(f, fb_mac_cs2, fb_mac_cs5, 0x0800);
		return 1;
	case 13:   /* VXLAN on the Linux legacy port 8472 */
		fb_ping(f, 8, 13, 7);
		fb_vxlan(f, 4096);
		fb_udp(f, 33333, 8472);
		fb_ipv4(f, FB_IP(111, 0, 0, 2), FB_IP(110, 0, 0, 2), 17, 63,
			7);
		fb_eth(f, fb_mac_sc1, fb_mac_lc2, 0x0800);
		return 1;
	}
	return 0;
}

#endif
