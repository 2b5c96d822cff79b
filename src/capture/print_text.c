/* print_text.c - one tcpdump -nn style line per decoded packet.
 *
 * The line follows tcpdump -nn (no -e): Ethernet headers are not shown,
 * each IP header prints its addresses (with the ports of a UDP/TCP header
 * right inside it), tunnels print their own header and then ": " and the
 * inner packet, where tcpdump starts a new line after VXLAN.  Sequence
 * numbers are absolute (tcpdump -S).  Formatting is hand-rolled into one
 * buffer: printf per field would cost more than all of the decoding.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ovtsh/capprint.h"
#include "tb.h"

/* Dotted quad without a loop per digit: the hottest printer of all. */
size_t cap_fmt_ip4(char *s, const uint8_t a[4])
{
	char *q = s;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned v = a[i];

		if (v >= 100) {
			*q++ = (char)('0' + v / 100);
			*q++ = (char)('0' + v / 10 % 10);
		} else if (v >= 10) {
			*q++ = (char)('0' + v / 10);
		}
		*q++ = (char)('0' + v % 10);
		*q++ = '.';
	}
	*--q = 0;
	return (size_t)(q - s);
}

size_t cap_fmt_mac(char *s, const uint8_t m[6])
{
	int i;

	for (i = 0; i < 6; i++) {
		s[i * 3] = tb_hexdig[m[i] >> 4];
		s[i * 3 + 1] = tb_hexdig[m[i] & 15];
		s[i * 3 + 2] = ':';
	}
	s[17] = 0;
	return 17;
}

/* "HH:MM:SS.uuuuuu " in local time; localtime_r once per second. */
static void tb_time(struct tb *b, const struct timeval *tv)
{
	static __thread time_t last = -1;
	static __thread char hms[8];
	char us[7];
	long u = tv->tv_usec;
	int i;

	if (tv->tv_sec != last) {
		struct tm tm;
		time_t t = tv->tv_sec;

		if (!localtime_r(&t, &tm))
			memset(&tm, 0, sizeof(tm));
		hms[0] = (char)('0' + tm.tm_hour / 10 % 10);
		hms[1] = (char)('0' + tm.tm_hour % 10);
		hms[2] = ':';
		hms[3] = (char)('0' + tm.tm_min / 10 % 10);
		hms[4] = (char)('0' + tm.tm_min % 10);
		hms[5] = ':';
		hms[6] = (char)('0' + tm.tm_sec / 10 % 10);
		hms[7] = (char)('0' + tm.tm_sec % 10);
		last = tv->tv_sec;
	}
	tb_mem(b, hms, 8);
	for (i = 5; i >= 0; i--) {
		us[i] = (char)('0' + (u % 10 + 10) % 10);
		u /= 10;
	}
	us[6] = ' ';
	tb_lit(b, ".");
	tb_mem(b, us, 7);
}

/* The layer right inside l, or NULL. */
static const struct dec_layer *inner(const struct dec_pkt *pkt,
				     const struct dec_layer *l)
{
	return l + 1 < pkt->l + pkt->n ? l + 1 : NULL;
}

/* Ports of a transport header, for the IP printers. */
static bool ports(const struct dec_layer *t, uint16_t *sp, uint16_t *dp)
{
	if (!t || t->status != DEC_OK)
		return false;
	if (t->proto == DEC_UDP) {
		*sp = t->u.udp.sport;
		*dp = t->u.udp.dport;
		return true;
	}
	if (t->proto == DEC_TCP) {
		*sp = t->u.tcp.sport;
		*dp = t->u.tcp.dport;
		return true;
	}
	return false;
}

typedef void (*pr_fn)(struct tb *b, const struct dec_pkt *pkt,
		      const struct dec_layer *l);

static void pr_eth(struct tb *b, const struct dec_pkt *pkt,
		   const struct dec_layer *l)
{
	if (b->v) {
		cap_d_eth(b, pkt, l);
		return;
	}
	/* shown only when nothing known follows (tcpdump -nn does the same) */
	if (inner(pkt, l) || l->status != DEC_OK)
		return;
	tb_mac(b, l->u.eth.src);
	tb_lit(b, " > ");
	tb_mac(b, l->u.eth.dst);
	if (l->u.eth.type < 0x0600) {
		tb_lit(b, ", 802.3, length ");
		tb_u(b, l->u.eth.type);
	} else {
		tb_lit(b, ", ethertype Unknown (0x");
		tb_hex(b, l->u.eth.type, 4);
		tb_lit(b, "), length ");
		tb_u(b, l->len);
	}
}

static void pr_vlan(struct tb *b, const struct dec_pkt *pkt,
		    const struct dec_layer *l)
{
	(void)pkt;              /* tcpdump -nn shows tags only with -e */
	if (b->v)
		cap_d_vlan(b, l);
}

static void pr_arp(struct tb *b, const struct dec_pkt *pkt,
		   const struct dec_layer *l)
{
	const struct dec_arp *a = &l->u.arp;
	static const uint8_t zero[6];

	(void)pkt;
	if (b->v)               /* with -e the Ethernet header said ARP */
		cap_d_arp(b, l);
	else
		tb_lit(b, "ARP, ");
	if (l->status != DEC_OK)
		return;
	if (a->htype != 1 || a->ptype != 0x0800 || a->hlen != 6 ||
	    a->plen != 4) {
		tb_lit(b, "hardware ");
		tb_u(b, a->htype);
		tb_lit(b, ", protocol 0x");
		tb_hex(b, a->ptype, 4);
		tb_lit(b, ", op ");
		tb_u(b, a->op);
	} else if (a->op == 1) {
		tb_lit(b, "Request who-has ");
		tb_ip4(b, a->tpa);
		if (memcmp(a->tha, zero, 6)) {
			tb_lit(b, " (");
			tb_mac(b, a->tha);
			tb_lit(b, ")");
		}
		tb_lit(b, " tell ");
		tb_ip4(b, a->spa);
	} else if (a->op == 2) {
		tb_lit(b, "Reply ");
		tb_ip4(b, a->spa);
		tb_lit(b, " is-at ");
		tb_mac(b, a->sha);
	} else {
		tb_lit(b, "op ");
		tb_u(b, a->op);
	}
	tb_lit(b, ", length ");
	tb_u(b, l->len);
}

/* "SRC[.SPORT] > DST[.DPORT]: " once the IP header is known. */
static void pr_addrs(struct tb *b, const struct dec_pkt *pkt,
		     const struct dec_layer *l, const uint8_t *src,
		     const uint8_t *dst, bool v6)
{
	uint16_t sp, dp;
	bool has = ports(inner(pkt, l), &sp, &dp);

	v6 ? tb_ip6(b, src) : tb_ip4(b, src);
	if (has) {
		tb_lit(b, ".");
		tb_u(b, sp);
	}
	tb_lit(b, " > ");
	v6 ? tb_ip6(b, dst) : tb_ip4(b, dst);
	if (has) {
		tb_lit(b, ".");
		tb_u(b, dp);
	}
	tb_lit(b, ": ");
}

/* An IP payload nothing decodes. */
static void pr_ipproto(struct tb *b, const struct dec_pkt *pkt,
		       const struct dec_layer *l, unsigned proto,
		       unsigned hdrlen)
{
	if (inner(pkt, l))
		return;
	tb_lit(b, " ip-proto-");        /* sic: tcpdump's extra blank */
	tb_u(b, proto);
	tb_lit(b, " ");
	tb_u(b, l->len > hdrlen ? l->len - hdrlen : 0);
}

static void pr_ipv4(struct tb *b, const struct dec_pkt *pkt,
		    const struct dec_layer *l)
{
	const struct dec_ipv4 *h = &l->u.ip4;

	if (b->v)
		cap_d_ipv4(b, l);
	else
		tb_lit(b, "IP ");
	if (l->status != DEC_OK)
		return;
	pr_addrs(b, pkt, l, h->src, h->dst, false);
	if (h->frag) {          /* offset and id are in the JSON, as -v */
		tb_lit(b, "ip-proto-");
		tb_u(b, h->proto);
		return;
	}
	pr_ipproto(b, pkt, l, h->proto, h->ihl * 4u);
}

static void pr_ipv6(struct tb *b, const struct dec_pkt *pkt,
		    const struct dec_layer *l)
{
	const struct dec_ipv6 *h = &l->u.ip6;

	if (b->v)
		cap_d_ipv6(b, l);
	else
		tb_lit(b, "IP6 ");
	if (l->status != DEC_OK)
		return;
	pr_addrs(b, pkt, l, h->src, h->dst, true);
	if (h->ext1 == 0)
		tb_lit(b, "HBH ");
	else if (h->ext1 == 60)
		tb_lit(b, "DSTOPT ");
	if (h->frag && h->frag_off) {
		tb_lit(b, "frag (");
		tb_u(b, h->frag_off);
		tb_str(b, h->frag_more ? "+)" : ")");
		return;
	}
	pr_ipproto(b, pkt, l, h->nxt, 40);
}

static const char *const icmp_names[256] = {
	[0] = "echo reply", [3] = "unreachable", [4] = "source quench",
	[5] = "redirect", [8] = "echo request", [9] = "router advertisement",
	[10] = "router solicitation", [11] = "time exceeded",
	[12] = "parameter problem", [13] = "time stamp request",
	[14] = "time stamp reply",
};

static const char *const icmp6_names[256] = {
	[1] = "destination unreachable", [2] = "packet too big",
	[3] = "time exceeded in-transit", [4] = "parameter problem",
	[128] = "echo request", [129] = "echo reply",
	[133] = "router solicitation", [134] = "router advertisement",
	[135] = "neighbor solicitation", [136] = "neighbor advertisement",
	[137] = "redirect", [143] = "multicast listener report v2",
};

static void pr_icmp_body(struct tb *b, const struct dec_layer *l,
			 const char *const *names)
{
	const struct dec_icmp *h = &l->u.icmp;

	if (names[h->type]) {
		tb_str(b, names[h->type]);
	} else {
		tb_lit(b, "type ");
		tb_u(b, h->type);
		tb_lit(b, ", code ");
		tb_u(b, h->code);
	}
	if (h->echo) {
		tb_lit(b, ", id ");
		tb_u(b, h->id);
		tb_lit(b, ", seq ");
		tb_u(b, h->seq);
	}
	tb_lit(b, ", length ");
	tb_u(b, h->len);
}

/* Destination unreachable by code, around the quoted destination
 * (tcpdump's wording); codes 2-4 add more and are handled in place. */
static const struct {
	const char *pre, *post;
} icmp_unreach[16] = {
	[0] = { "net ", " unreachable" },
	[1] = { "host ", " unreachable" },
	[5] = { "", " unreachable - source route failed" },
	[6] = { "net ", " unreachable - unknown" },
	[7] = { "host ", " unreachable - unknown" },
	[8] = { "", " unreachable - source host isolated" },
	[9] = { "net ", " unreachable - admin prohibited" },
	[10] = { "host ", " unreachable - admin prohibited" },
	[11] = { "net ", " unreachable - tos prohibited" },
	[12] = { "host ", " unreachable - tos prohibited" },
	[13] = { "host ", " unreachable - admin prohibited filter" },
	[14] = { "host ", " unreachable - host precedence violation" },
	[15] = { "host ", " unreachable - precedence cutoff" },
};

/* An unreachable that quotes its packet; false when nothing fits. */
static bool pr_icmp_unreach(struct tb *b, const struct dec_icmp *h)
{
	if (h->type != 3 || !h->quoted || h->code > 15)
		return false;
	if (h->code == 2) {
		tb_ip4(b, h->q_dst);
		tb_lit(b, " protocol ");
		tb_u(b, h->q_proto);
		tb_lit(b, " unreachable");
	} else if (h->code == 3) {
		if (!h->q_ports)
			return false;
		tb_ip4(b, h->q_dst);
		tb_str(b, h->q_proto == 6 ? " tcp port " : " udp port ");
		tb_u(b, h->q_dport);
		tb_lit(b, " unreachable");
	} else if (h->code == 4) {
		tb_ip4(b, h->q_dst);
		tb_lit(b, " unreachable - need to frag (mtu ");
		tb_u(b, h->seq);
		tb_lit(b, ")");
	} else {
		tb_str(b, icmp_unreach[h->code].pre);
		tb_ip4(b, h->q_dst);
		tb_str(b, icmp_unreach[h->code].post);
	}
	tb_lit(b, ", length ");
	tb_u(b, h->len);
	return true;
}

static void pr_icmp_text(struct tb *b, const struct dec_layer *l)
{
	const struct dec_icmp *h = &l->u.icmp;

	tb_lit(b, "ICMP ");
	if (l->status != DEC_OK || pr_icmp_unreach(b, h))
		return;
	if (h->type == 11 && h->code < 2) {
		tb_str(b, h->code ? "ip reassembly time exceeded" :
				    "time exceeded in-transit");
		tb_lit(b, ", length ");
		tb_u(b, h->len);
		return;
	}
	pr_icmp_body(b, l, icmp_names);
}

/* The IP header right outside l, or NULL. */
static const struct dec_layer *outer(const struct dec_pkt *pkt,
				     const struct dec_layer *l)
{
	return l > pkt->l ? l - 1 : NULL;
}

static void pr_icmp(struct tb *b, const struct dec_pkt *pkt,
		    const struct dec_layer *l)
{
	pr_icmp_text(b, l);
	if (b->v) {
		cap_d_csum(b, l, outer(pkt, l));
		cap_d_icmp_quote(b, l);
	}
}

static void pr_icmpv6(struct tb *b, const struct dec_pkt *pkt,
		      const struct dec_layer *l)
{
	const struct dec_icmp *h = &l->u.icmp;

	if (b->v)
		cap_d_csum(b, l, outer(pkt, l));
	tb_lit(b, "ICMP6, ");
	if (l->status != DEC_OK)
		return;
	if (b->v && (h->echo || h->has_target)) {
		/* -v: no length after an echo, the length before a target */
		tb_str(b, icmp6_names[h->type]);
		if (h->echo) {
			tb_lit(b, ", id ");
			tb_u(b, h->id);
			tb_lit(b, ", seq ");
			tb_u(b, h->seq);
			return;
		}
		tb_lit(b, ", length ");
		tb_u(b, h->len);
		tb_str(b, h->type == 135 ? ", who has " : ", tgt is ");
		tb_ip6(b, h->target);
		return;
	}
	if (h->has_target || h->type == 143) {
		tb_str(b, icmp6_names[h->type]);
		if (h->type == 143) {
			/* MLDv2 report: the record count is where seq is */
			tb_lit(b, ", ");
			tb_u(b, h->seq);
			tb_lit(b, " group record(s)");
		} else {
			tb_str(b, h->type == 135 ? ", who has " : ", tgt is ");
			tb_ip6(b, h->target);
		}
		tb_lit(b, ", length ");
		tb_u(b, h->len);
		return;
	}
	pr_icmp_body(b, l, icmp6_names);
}

static void pr_udp(struct tb *b, const struct dec_pkt *pkt,
		   const struct dec_layer *l)
{
	if (inner(pkt, l))              /* VXLAN prints itself */
		return;
	if (b->v)
		cap_d_csum(b, l, outer(pkt, l));
	tb_lit(b, "UDP");
	if (l->status != DEC_OK)
		return;
	tb_lit(b, ", length ");
	tb_u(b, l->u.udp.len - 8u);
}

/* tcpdump's flag letters, in its order. */
static const struct {
	uint8_t bit;
	char c;
} tcp_flags[] = {
	{ 0x01, 'F' }, { 0x02, 'S' }, { 0x04, 'R' }, { 0x08, 'P' },
	{ 0x10, '.' }, { 0x20, 'U' }, { 0x40, 'E' }, { 0x80, 'W' },
};

size_t cap_tcp_flags(uint8_t flags, char *buf, size_t size)
{
	size_t i, n = 0;

	if (size < 9)
		return 0;
	for (i = 0; i < sizeof(tcp_flags) / sizeof(tcp_flags[0]); i++)
		if (flags & tcp_flags[i].bit)
			buf[n++] = tcp_flags[i].c;
	if (!n) {
		memcpy(buf, "none", 5);
		return 4;
	}
	buf[n] = 0;
	return n;
}

/* TCP options into the line itself (pr_tcp) or a caller's buffer
 * (cap_tcp_opts, for JSON). */
static void tb_tcp_opts(struct tb *b, const struct dec_tcp *h)
{
	static const char *const names[256] = {
		[0] = "eol", [1] = "nop", [2] = "mss", [3] = "wscale",
		[4] = "sackOK", [5] = "sack", [8] = "TS", [19] = "md5",
		[28] = "uto", [29] = "tcp-ao", [30] = "mptcp", [34] = "tfo",
	};
	int i, k;

	for (i = 0; i < h->nopts; i++) {
		const struct dec_tcpopt *o = &h->opt[i];

		if (i)
			tb_lit(b, ",");
		if (names[o->kind]) {
			tb_str(b, names[o->kind]);
		} else {
			tb_lit(b, "unknown-");
			tb_u(b, o->kind);
		}
		if ((o->kind == 2 && o->len == 4) ||
		    (o->kind == 3 && o->len == 3)) {
			tb_lit(b, " ");
			tb_u(b, o->a);
		} else if (o->kind == 8 && o->len == 10) {
			tb_lit(b, " val ");
			tb_u(b, o->a);
			tb_lit(b, " ecr ");
			tb_u(b, o->b);
		} else if (o->kind == 5) {
			tb_lit(b, " ");
			tb_u(b, o->a);
			tb_lit(b, " ");
			for (k = 0; k < (int)o->a && k < DEC_TCP_SACKS; k++) {
				tb_lit(b, "{");
				tb_u(b, h->sack[2 * k]);
				tb_lit(b, ":");
				tb_u(b, h->sack[2 * k + 1]);
				tb_lit(b, "}");
			}
		}
	}
	if (h->opt_bad)
		tb_str(b, i ? ",[bad opt]" : "[bad opt]");
}

size_t cap_tcp_opts(const struct dec_tcp *h, char *buf, size_t size)
{
	struct tb b = { buf, buf + size - 1, false };

	if (size < 2)
		return 0;
	tb_tcp_opts(&b, h);
	*b.p = 0;
	return (size_t)(b.p - buf);
}

static void pr_tcp(struct tb *b, const struct dec_pkt *pkt,
		   const struct dec_layer *l)
{
	const struct dec_tcp *h = &l->u.tcp;
	char f[9];

	tb_lit(b, "Flags [");
	if (l->status != DEC_OK) {
		tb_lit(b, "]");
		return;
	}
	tb_mem(b, f, cap_tcp_flags(h->flags, f, sizeof(f)));
	tb_lit(b, "]");
	if (b->v)
		cap_d_csum(b, l, outer(pkt, l));
	if (h->paylen || (h->flags & 0x07)) {
		tb_lit(b, ", seq ");
		tb_u(b, h->seq);
		if (h->paylen) {
			tb_lit(b, ":");
			tb_u(b, (uint32_t)(h->seq + h->paylen));
		}
	}
	if (h->flags & 0x10) {
		tb_lit(b, ", ack ");
		tb_u(b, h->ack);
	}
	tb_lit(b, ", win ");
	tb_u(b, h->win);
	if (h->nopts || h->opt_bad) {
		tb_lit(b, ", options [");
		tb_tcp_opts(b, h);
		tb_lit(b, "]");
	}
	tb_lit(b, ", length ");
	tb_u(b, h->paylen);
}

static void pr_vxlan(struct tb *b, const struct dec_pkt *pkt,
		     const struct dec_layer *l)
{
	(void)pkt;
	tb_lit(b, "VXLAN, ");
	if (l->status != DEC_OK)
		return;
	tb_str(b, l->u.vxlan.flags & 0x08 ? "flags [I] (0x" : "flags [.] (0x");
	tb_hex(b, l->u.vxlan.flags, 2);
	tb_lit(b, "), vni ");
	tb_u(b, l->u.vxlan.vni);
}

static void pr_gre(struct tb *b, const struct dec_pkt *pkt,
		   const struct dec_layer *l)
{
	const struct dec_gre *h = &l->u.gre;

	tb_lit(b, "GREv");
	if (l->status != DEC_OK)
		return;
	tb_u(b, h->version);
	if (b->v) {
		cap_d_gre(b, l);
		return;
	}
	tb_lit(b, ", ");
	if (h->flags & 0xc000) {
		tb_lit(b, "off 0x");
		tb_hex(b, h->off, 1);
		tb_lit(b, ", ");
	}
	if (h->has_key) {
		tb_lit(b, "key=0x");
		tb_hex(b, h->key, 1);
		tb_lit(b, ", ");
	}
	if (h->has_seq) {
		tb_lit(b, "seq ");
		tb_u(b, h->seq);
		tb_lit(b, ", ");
	}
	if (!inner(pkt, l)) {
		tb_lit(b, "proto 0x");
		tb_hex(b, h->ptype, 4);
		tb_lit(b, ", ");
	}
	tb_lit(b, "length ");
	tb_u(b, h->len);
}

/* tcpdump's unsigned_relts_print(): 90 -> "1m30s" */
static void tb_relts(struct tb *b, unsigned secs)
{
	static const struct { unsigned secs; char unit; } units[] = {
		{ 31536000, 'y' }, { 604800, 'w' }, { 86400, 'd' },
		{ 3600, 'h' }, { 60, 'm' }, { 1, 's' },
	};

	if (secs == 0) {
		tb_lit(b, "0s");
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (secs >= units[i].secs) {
			tb_u(b, secs / units[i].secs);
			tb_mem(b, &units[i].unit, 1);
			secs %= units[i].secs;
		}
}

static bool ip4_zero(const uint8_t a[4])
{
	return !(a[0] | a[1] | a[2] | a[3]);
}

static void tb_gaddr(struct tb *b, const uint8_t g[4])
{
	tb_lit(b, " [gaddr ");
	tb_ip4(b, g);
}

/* The IGMPv3 query (RFC 3376, 4.1): the max response code is tenths of a
 * second below 128, a floating-point form above.  Returns false where the
 * captured bytes (avail) end. */
static bool pr_igmp_v3query(struct tb *b, const struct dec_igmp *h,
			    uint32_t avail)
{
	unsigned mrc = h->code, mrt;

	tb_lit(b, " v3");
	if ((h->len - 12u) % 4) {
		tb_lit(b, " [invalid len ");
		tb_u(b, h->len);
		tb_lit(b, "]");
		return true;
	}
	if (avail < 2)
		return false;
	mrt = mrc < 128 ? mrc : ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3);
	if (mrc != 100) {
		tb_lit(b, " [max resp time ");
		if (mrt < 600) {
			tb_u(b, mrt / 10);
			tb_lit(b, ".");
			tb_u(b, mrt % 10);
			tb_lit(b, "s");
		} else {
			tb_relts(b, mrt / 10);
		}
		tb_lit(b, "]");
	}
	if (avail < 8)
		return false;
	if (ip4_zero(h->group))
		return true;
	tb_gaddr(b, h->group);
	if (avail < 12)
		return false;
	if (h->nsrc > 0 && (h->len - 12u) / 4 < h->nsrc) {
		tb_lit(b, " [invalid number of sources]");
	} else if (h->nsrc > 0) {
		tb_lit(b, ", ");
		tb_u(b, h->nsrc);
		tb_lit(b, " source(s)");
	}
	tb_lit(b, "]");
	return true;
}

/* IGMP as tcpdump -nn prints it without -v, also where the message is
 * cut short (it prints what it could read before "[|igmp]").  What could
 * be read ends with the capture or with the IP length, whichever is first:
 * the dissector read the fields only up to there. */
static void pr_igmp(struct tb *b, const struct dec_pkt *pkt,
		    const struct dec_layer *l)
{
	const struct dec_igmp *h = &l->u.igmp;
	uint32_t cap = pkt->caplen > l->off ? pkt->caplen - l->off : 0;
	uint32_t avail = h->len < cap ? h->len : cap;

	if (avail < 1)
		goto trunc;
	switch (h->type) {
	case 0x11:
		tb_lit(b, "igmp query");
		if (h->len >= 12) {
			if (!pr_igmp_v3query(b, h, avail))
				goto trunc;
			return;
		}
		if (avail < 2)
			goto trunc;
		tb_str(b, h->code ? " v2" : " v1");
		if (h->code && h->code != 100) {
			tb_lit(b, " [max resp time ");
			tb_u(b, h->code);
			tb_lit(b, "]");
		}
		if (avail < 8)
			goto trunc;
		if (!ip4_zero(h->group)) {
			tb_gaddr(b, h->group);
			tb_lit(b, "]");
		}
		break;
	case 0x12:
	case 0x16:
	case 0x17:
		if (avail < 8)
			goto trunc;
		tb_str(b, h->type == 0x12 ? "igmp v1 report " :
			  h->type == 0x16 ? "igmp v2 report " : "igmp leave ");
		tb_ip4(b, h->group);
		if (h->type != 0x12)
			return;        /* tcpdump gives only v1 its [len] */
		break;
	case 0x22:
		tb_lit(b, "igmp v3 report");
		if (h->len < 16 || h->len % 4) {     /* one record at least */
			tb_lit(b, " [invalid len ");
			tb_u(b, h->len);
			tb_lit(b, "]");
			return;
		}
		if (avail < 8)
			goto trunc;
		tb_lit(b, ", ");
		tb_u(b, h->nrec);
		tb_lit(b, " group record(s)");
		return;
	default:
		tb_lit(b, "igmp-");
		tb_u(b, h->type);
		return;
	}
	if (h->len != 8) {
		tb_lit(b, " [len ");
		tb_u(b, h->len);
		tb_lit(b, "]");
	}
	return;
trunc:
	tb_lit(b, " ");        /* the printer adds "[|igmp]" */
}

static const pr_fn pr_protos[DEC_PROTO_COUNT] = {
	[DEC_ETH] = pr_eth,
	[DEC_VLAN] = pr_vlan,
	[DEC_ARP] = pr_arp,
	[DEC_IPV4] = pr_ipv4,
	[DEC_IPV6] = pr_ipv6,
	[DEC_ICMP] = pr_icmp,
	[DEC_ICMPV6] = pr_icmpv6,
	[DEC_UDP] = pr_udp,
	[DEC_TCP] = pr_tcp,
	[DEC_VXLAN] = pr_vxlan,
	[DEC_GRE] = pr_gre,
	[DEC_IGMP] = pr_igmp,
};

/* Layers after which the inner packet starts, separated by ": ". */
static bool is_tunnel(const struct dec_layer *l)
{
	return l->proto == DEC_VXLAN || l->proto == DEC_GRE;
}

/* Where the inner packet starts: ": " on the line, or as tcpdump -v
 * goes on (a new line after VXLAN, a tabbed one after GRE). */
static void pr_tunnel_sep(struct tb *b, const struct dec_layer *l)
{
	if (!b->v)
		tb_lit(b, ": ");
	else if (l->proto == DEC_GRE)
		tb_lit(b, "\n\t");
	else
		tb_lit(b, "\n");
}

static size_t cap_format(const struct dec_pkt *pkt, char *buf, size_t size,
			 bool v)
{
	struct tb b = { buf, buf + size - 2, v };
	int i;

	if (size < 2)
		return 0;
	tb_time(&b, &pkt->ts);
	for (i = 0; i < pkt->n; i++) {
		const struct dec_layer *l = &pkt->l[i];

		pr_protos[l->proto](&b, pkt, l);
		if (l->status == DEC_TRUNCATED) {
			tb_lit(&b, "[|");
			tb_str(&b, dec_proto_name(l->proto));
			tb_lit(&b, "]");
		} else if (l->status == DEC_INVALID) {
			tb_lit(&b, "[invalid ");
			tb_str(&b, dec_proto_name(l->proto));
			tb_lit(&b, "]");
		} else if (is_tunnel(l) && i + 1 < pkt->n) {
			pr_tunnel_sep(&b, l);
		}
	}
	if (pkt->n == 0)
		tb_lit(&b, "[undecoded link type]");
	if (pkt->capped)
		tb_lit(&b, " [nesting cap]");
	*b.p++ = '\n';
	*b.p = 0;
	return (size_t)(b.p - buf);
}

size_t cap_format_text(const struct dec_pkt *pkt, char *buf, size_t size)
{
	return cap_format(pkt, buf, size, false);
}

size_t cap_format_detail(const struct dec_pkt *pkt, char *buf, size_t size)
{
	return cap_format(pkt, buf, size, true);
}
