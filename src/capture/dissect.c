/* dissect.c - protocol dissectors: bytes -> struct dec_pkt.
 *
 * Each dissector reads its header through the cursor, fills its layer and
 * names what follows (an ethertype, an IP protocol, UDP ports, a GRE
 * protocol type); dec_packet() looks that up in the static tables below and
 * runs the next dissector until nothing is known, the bytes end or the
 * nesting cap is reached.  No dissector prints.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <pcap/dlt.h>

#include "ovtsh/cursor.h"
#include "ovtsh/dissect.h"

/* What follows a header. */
enum dec_key {
	KEY_NONE = 0,
	KEY_PROTO,         /* val: enum dec_proto, fixed by the header */
	KEY_ETHERTYPE,
	KEY_IPPROTO,
	KEY_UDP,           /* val: source port, val2: destination port */
	KEY_GRE,
};

struct dec_next {
	uint8_t key;
	uint16_t val, val2;
};

typedef int (*dec_fn)(struct dec_cur *c, struct dec_layer *l,
		      struct dec_next *nx);

/* Shrink the current payload to total bytes from the header at hdr (IP
 * total length, UDP length): Ethernet padding is not payload. */
static void dec_bound(struct dec_cur *c, uint32_t hdr, uint32_t total)
{
	if (total <= c->end - hdr)
		c->end = hdr + total;
	if (c->len > c->end)
		c->len = c->end;
}

static void next_set(struct dec_next *nx, enum dec_key k, uint16_t v)
{
	nx->key = (uint8_t)k;
	nx->val = v;
}

static int dec_eth(struct dec_cur *c, struct dec_layer *l,
		   struct dec_next *nx)
{
	struct dec_eth *h = &l->u.eth;

	dec_copy(c, h->dst, 6);
	dec_copy(c, h->src, 6);
	h->type = dec_be16(c);
	if (h->type >= 0x0600)          /* below: an 802.3 length */
		next_set(nx, KEY_ETHERTYPE, h->type);
	return DEC_OK;
}

static int dec_vlan(struct dec_cur *c, struct dec_layer *l,
		    struct dec_next *nx)
{
	struct dec_vlan *h = &l->u.vlan;
	uint16_t tci = dec_be16(c);

	h->id = tci & 0x0fff;
	h->pcp = (uint8_t)(tci >> 13);
	h->dei = (tci >> 12) & 1;
	h->type = dec_be16(c);
	if (h->type >= 0x0600)
		next_set(nx, KEY_ETHERTYPE, h->type);
	return DEC_OK;
}

static int dec_arp(struct dec_cur *c, struct dec_layer *l,
		   struct dec_next *nx)
{
	struct dec_arp *h = &l->u.arp;

	(void)nx;
	h->htype = dec_be16(c);
	h->ptype = dec_be16(c);
	h->hlen = dec_u8(c);
	h->plen = dec_u8(c);
	h->op = dec_be16(c);
	if (c->short_read)
		return DEC_TRUNCATED;
	if (h->htype != 1 || h->ptype != 0x0800 || h->hlen != 6 ||
	    h->plen != 4) {
		/* another hardware/protocol pair: addresses not kept */
		dec_skip(c, 2u * (h->hlen + h->plen));
		return DEC_OK;
	}
	dec_copy(c, h->sha, 6);
	dec_copy(c, h->spa, 4);
	dec_copy(c, h->tha, 6);
	dec_copy(c, h->tpa, 4);
	return DEC_OK;
}

static int dec_ipv4(struct dec_cur *c, struct dec_layer *l,
		    struct dec_next *nx)
{
	struct dec_ipv4 *h = &l->u.ip4;
	uint8_t vihl = dec_u8(c);
	uint16_t frag;

	h->ihl = vihl & 0x0f;
	h->tos = dec_u8(c);
	h->len = dec_be16(c);
	h->id = dec_be16(c);
	frag = dec_be16(c);
	h->ttl = dec_u8(c);
	h->proto = dec_u8(c);
	dec_skip(c, 2);                 /* checksum */
	dec_copy(c, h->src, 4);
	dec_copy(c, h->dst, 4);
	if (c->short_read)
		return DEC_TRUNCATED;
	if (vihl >> 4 != 4 || h->ihl < 5)
		return DEC_INVALID;
	if (h->len == 0)                /* TSO/BIG TCP: the frame's length */
		h->len = (uint16_t)(l->len > 0xffff ? 0xffff : l->len);
	if (h->len < h->ihl * 4u)
		return DEC_INVALID;
	h->df = frag & 0x4000;
	h->mf = frag & 0x2000;
	h->frag = (uint16_t)((frag & 0x1fff) * 8u);
	h->optlen = (uint8_t)(h->ihl * 4 - 20);
	dec_copy(c, h->opt, h->optlen);
	dec_bound(c, l->off, h->len);
	l->len = c->end - l->off;
	if (h->frag == 0)               /* later fragments: no header inside */
		next_set(nx, KEY_IPPROTO, h->proto);
	return DEC_OK;
}

/* IPv6 extension headers walked over to the upper-layer protocol. */
static int dec_ipv6_ext(struct dec_cur *c, struct dec_ipv6 *h, bool *more)
{
	int i;

	*more = true;
	h->ext1 = 255;
	for (i = 0; i < 8; i++) {
		uint8_t nh, hl;
		uint16_t fo;

		switch (h->nxt) {
		case 0: case 43: case 60:   /* hop-by-hop, routing, dst opts */
			nh = dec_u8(c);
			hl = dec_u8(c);
			dec_skip(c, hl * 8u + 6);
			break;
		case 51:                    /* AH: length in 4-byte units */
			nh = dec_u8(c);
			hl = dec_u8(c);
			dec_skip(c, (hl + 2u) * 4 - 2);
			break;
		case 44:                    /* fragment */
			nh = dec_u8(c);
			dec_skip(c, 1);
			fo = dec_be16(c);
			h->frag_id = dec_be32(c);
			h->frag = true;
			h->frag_off = fo & 0xfff8;
			h->frag_more = fo & 1;
			if (h->frag_off)
				*more = false;
			break;
		default:
			return c->short_read ? DEC_TRUNCATED : DEC_OK;
		}
		if (c->short_read)
			return DEC_TRUNCATED;
		if (i == 0)
			h->ext1 = h->nxt;
		h->nxt = nh;
		if (!*more)
			return DEC_OK;
	}
	*more = false;                  /* too many: leave the rest undecoded */
	return DEC_OK;
}

static int dec_ipv6(struct dec_cur *c, struct dec_layer *l,
		    struct dec_next *nx)
{
	struct dec_ipv6 *h = &l->u.ip6;
	uint32_t w = dec_be32(c);
	bool more;
	int st;

	h->tclass = (uint8_t)(w >> 20);
	h->flow = w & 0xfffff;
	h->plen = dec_be16(c);
	h->nxt = dec_u8(c);
	h->hlim = dec_u8(c);
	dec_copy(c, h->src, 16);
	dec_copy(c, h->dst, 16);
	if (c->short_read)
		return DEC_TRUNCATED;
	if (w >> 28 != 6)
		return DEC_INVALID;
	if (h->plen)                    /* 0: jumbogram, keep the frame end */
		dec_bound(c, l->off, 40u + h->plen);
	l->len = c->end - l->off;
	st = dec_ipv6_ext(c, h, &more);
	if (st == DEC_OK && more)
		next_set(nx, KEY_IPPROTO, h->nxt);
	return st;
}

static int dec_icmp_common(struct dec_cur *c, struct dec_layer *l,
			   uint8_t echo_req, uint8_t echo_rep)
{
	struct dec_icmp *h = &l->u.icmp;

	h->type = dec_u8(c);
	h->code = dec_u8(c);
	h->csum = dec_be16(c);
	h->id = dec_be16(c);
	h->seq = dec_be16(c);
	h->echo = h->type == echo_req || h->type == echo_rep;
	h->len = (uint16_t)l->len;
	return DEC_OK;
}

/* The original packet an ICMPv4 error quotes: kept only when its IPv4
 * header (and the ports after it) were captured whole; read through a copy
 * of the cursor, since a short quote does not truncate the ICMP layer. */
static void dec_icmp_quote(const struct dec_cur *c, struct dec_icmp *h)
{
	struct dec_cur q = *c;
	uint8_t vihl = dec_u8(&q);

	h->q_ihl = vihl & 15;
	h->q_tos = dec_u8(&q);
	h->q_len = dec_be16(&q);
	h->q_id = dec_be16(&q);
	h->q_frag = dec_be16(&q);
	h->q_ttl = dec_u8(&q);
	h->q_proto = dec_u8(&q);
	dec_skip(&q, 2);
	dec_copy(&q, h->q_src, 4);
	dec_copy(&q, h->q_dst, 4);
	if (q.short_read || vihl >> 4 != 4 || (vihl & 15) < 5)
		return;
	h->quoted = true;
	dec_skip(&q, (vihl & 15) * 4u - 20);
	h->q_sport = dec_be16(&q);
	h->q_dport = dec_be16(&q);
	h->q_ports = !q.short_read && (h->q_proto == 6 || h->q_proto == 17);
	h->q_ulen = dec_be16(&q);       /* UDP: its length, if quoted */
	if (q.short_read || h->q_proto != 17)
		h->q_ulen = 0;
}

static int dec_icmp(struct dec_cur *c, struct dec_layer *l,
		    struct dec_next *nx)
{
	struct dec_icmp *h = &l->u.icmp;
	int st = dec_icmp_common(c, l, 8, 0);

	(void)nx;
	/* unreachable, source quench, redirect, time exceeded, parameter */
	if (st == DEC_OK && !c->short_read &&
	    (h->type == 3 || h->type == 4 || h->type == 5 || h->type == 11 ||
	     h->type == 12))
		dec_icmp_quote(c, h);
	return st;
}

/* IGMP (RFC 1112, 2236, 3376): a v3 report carries a record count where
 * the others carry a group address.  The header is read through a copy of
 * the cursor: the message is truncated only when the capture ends before
 * the bytes its type needs (tcpdump's rule, which the text follows): an
 * unknown type, or a v3 length that is too short or no multiple of 4,
 * needs its type byte alone; a v3 query for a group needs the source
 * count too. */
static int dec_igmp(struct dec_cur *c, struct dec_layer *l,
		    struct dec_next *nx)
{
	struct dec_igmp *h = &l->u.igmp;
	struct dec_cur q = *c;
	bool v3q, known;
	uint32_t need = 8;

	(void)nx;
	h->len = (uint16_t)l->len;
	h->type = dec_u8(&q);
	h->code = dec_u8(&q);
	dec_skip(&q, 2);                /* checksum */
	v3q = h->type == 0x11 && l->len >= 12;
	if (h->type == 0x22) {
		dec_skip(&q, 2);
		h->nrec = dec_be16(&q);
	} else {
		dec_copy(&q, h->group, 4);
		if (v3q) {
			dec_skip(&q, 2);        /* S, QRV, QQIC */
			h->nsrc = dec_be16(&q);
		}
	}
	known = h->type == 0x11 || h->type == 0x12 || h->type == 0x16 ||
		h->type == 0x17 || h->type == 0x22;
	if (!known || (v3q && l->len % 4) ||
	    (h->type == 0x22 && (l->len < 16 || l->len % 4)))
		need = 1;
	else if (v3q && (h->group[0] | h->group[1] | h->group[2] | h->group[3]))
		need = 12;
	if (q.short_read)
		dec_skip(c, need);
	else
		*c = q;
	return DEC_OK;
}

static int dec_icmpv6(struct dec_cur *c, struct dec_layer *l,
		      struct dec_next *nx)
{
	struct dec_icmp *h = &l->u.icmp;
	int st = dec_icmp_common(c, l, 128, 129);

	(void)nx;
	if (st == DEC_OK && !c->short_read &&
	    (h->type == 135 || h->type == 136)) {
		dec_copy(c, h->target, 16);
		h->has_target = true;
	}
	return st;
}

static int dec_udp(struct dec_cur *c, struct dec_layer *l,
		   struct dec_next *nx)
{
	struct dec_udp *h = &l->u.udp;

	h->sport = dec_be16(c);
	h->dport = dec_be16(c);
	h->len = dec_be16(c);
	h->csum = dec_be16(c);
	if (c->short_read)
		return DEC_TRUNCATED;
	if (h->len < 8)
		return DEC_INVALID;
	dec_bound(c, l->off, h->len);
	l->len = c->end - l->off;
	nx->key = KEY_UDP;
	nx->val = h->sport;
	nx->val2 = h->dport;
	return DEC_OK;
}

/* The options of a TCP header (n bytes), kept in wire order. */
static void dec_tcp_opts(struct dec_cur *c, struct dec_tcp *h, uint32_t n)
{
	const uint8_t *p = dec_take(c, n);
	uint32_t i = 0, k, nsack = 0;

	while (p && i < n && h->nopts < DEC_TCP_OPTS) {
		struct dec_tcpopt *o = &h->opt[h->nopts++];

		o->kind = p[i];
		o->len = 1;
		if (o->kind == 0)               /* end of options */
			return;
		if (o->kind == 1) {             /* nop */
			i++;
			continue;
		}
		if (i + 1 >= n || p[i + 1] < 2 || i + p[i + 1] > n) {
			h->opt_bad = true;      /* not kept: its length lies */
			h->nopts--;
			return;
		}
		o->len = p[i + 1];
		if (o->kind == 2 && o->len == 4)
			o->a = (uint32_t)(p[i + 2] << 8 | p[i + 3]);
		else if (o->kind == 3 && o->len == 3)
			o->a = p[i + 2];
		else if (o->kind == 8 && o->len == 10)
			for (k = 0; k < 4; k++) {
				o->a = o->a << 8 | p[i + 2 + k];
				o->b = o->b << 8 | p[i + 6 + k];
			}
		else if (o->kind == 5) {
			o->a = (o->len - 2u) / 8;
			for (k = 0; k < o->a * 2 && !nsack &&
				    k < 2 * DEC_TCP_SACKS; k++) {
				const uint8_t *q = p + i + 2 + 4 * k;

				h->sack[k] = (uint32_t)q[0] << 24 |
					     (uint32_t)q[1] << 16 |
					     (uint32_t)q[2] << 8 | q[3];
			}
			nsack++;
		}
		i += o->len;
	}
}

static int dec_tcp(struct dec_cur *c, struct dec_layer *l,
		   struct dec_next *nx)
{
	struct dec_tcp *h = &l->u.tcp;
	uint16_t w;

	(void)nx;
	h->sport = dec_be16(c);
	h->dport = dec_be16(c);
	h->seq = dec_be32(c);
	h->ack = dec_be32(c);
	w = dec_be16(c);
	h->win = dec_be16(c);
	dec_skip(c, 2);                 /* checksum */
	h->urp = dec_be16(c);
	if (c->short_read)
		return DEC_TRUNCATED;
	h->doff = (uint8_t)(w >> 12);
	h->flags = (uint8_t)w;
	if (h->doff < 5 || h->doff * 4u > l->len)
		return DEC_INVALID;
	h->paylen = (uint16_t)(l->len - h->doff * 4u);
	dec_tcp_opts(c, h, h->doff * 4u - 20);
	return DEC_OK;
}

static int dec_vxlan(struct dec_cur *c, struct dec_layer *l,
		     struct dec_next *nx)
{
	struct dec_vxlan *h = &l->u.vxlan;

	h->flags = dec_u8(c);
	dec_skip(c, 3);
	h->vni = dec_be32(c) >> 8;
	next_set(nx, KEY_PROTO, DEC_ETH);
	return DEC_OK;
}

static int dec_gre(struct dec_cur *c, struct dec_layer *l,
		   struct dec_next *nx)
{
	struct dec_gre *h = &l->u.gre;

	h->flags = dec_be16(c);
	h->ptype = dec_be16(c);
	h->version = h->flags & 7;
	/* RFC 1701: checksum and offset are both present when C or R */
	h->has_csum = h->flags & 0x8000;
	if (h->flags & 0xc000) {
		h->csum = dec_be16(c);
		h->off = dec_be16(c);
	}
	h->has_key = h->flags & 0x2000;
	if (h->has_key)
		h->key = dec_be32(c);
	h->has_seq = h->flags & 0x1000;
	if (h->has_seq)
		h->seq = dec_be32(c);
	h->len = (uint16_t)l->len;
	if (c->short_read)
		return DEC_TRUNCATED;
	/* version 1 (PPTP) carries PPP, routing (R) source routes: both are
	 * left undecoded */
	if (h->version == 0 && !(h->flags & 0x4000))
		next_set(nx, KEY_GRE, h->ptype);
	return DEC_OK;
}

/* size: the bytes of struct dec_layer the dissector fills, zeroed first
 * (the union is as large as its largest member, TCP with its options). */
#define DEC_SIZE(m) (offsetof(struct dec_layer, u) + sizeof(struct m))
static const struct {
	const char *name;
	dec_fn fn;
	size_t size;
} dec_protos[DEC_PROTO_COUNT] = {
	[DEC_ETH] = { "eth", dec_eth, DEC_SIZE(dec_eth) },
	[DEC_VLAN] = { "vlan", dec_vlan, DEC_SIZE(dec_vlan) },
	[DEC_ARP] = { "arp", dec_arp, DEC_SIZE(dec_arp) },
	[DEC_IPV4] = { "ipv4", dec_ipv4, DEC_SIZE(dec_ipv4) },
	[DEC_IPV6] = { "ipv6", dec_ipv6, DEC_SIZE(dec_ipv6) },
	[DEC_ICMP] = { "icmp", dec_icmp, DEC_SIZE(dec_icmp) },
	[DEC_ICMPV6] = { "icmpv6", dec_icmpv6, DEC_SIZE(dec_icmp) },
	[DEC_UDP] = { "udp", dec_udp, DEC_SIZE(dec_udp) },
	[DEC_TCP] = { "tcp", dec_tcp, DEC_SIZE(dec_tcp) },
	[DEC_VXLAN] = { "vxlan", dec_vxlan, DEC_SIZE(dec_vxlan) },
	[DEC_GRE] = { "gre", dec_gre, DEC_SIZE(dec_gre) },
	[DEC_IGMP] = { "igmp", dec_igmp, DEC_SIZE(dec_igmp) },
};

const char *dec_proto_name(enum dec_proto p)
{
	return (unsigned)p < DEC_PROTO_COUNT ? dec_protos[p].name : "?";
}

struct dec_map {
	uint16_t key;
	uint8_t proto;
};

static const struct dec_map dec_ethertypes[] = {
	{ .key = 0x0800, .proto = DEC_IPV4 },
	{ .key = 0x86dd, .proto = DEC_IPV6 },
	{ .key = 0x0806, .proto = DEC_ARP },
	{ .key = 0x8100, .proto = DEC_VLAN },
	{ .key = 0x88a8, .proto = DEC_VLAN },      /* 802.1ad outer tag */
	{ 0 },
};

static const struct dec_map dec_gre_ptypes[] = {
	{ .key = 0x0800, .proto = DEC_IPV4 },
	{ .key = 0x86dd, .proto = DEC_IPV6 },
	{ .key = 0x6558, .proto = DEC_ETH },       /* transparent Ethernet */
	{ 0 },
};

/* IP protocol numbers; 0 = not decoded, else proto + 1. */
static const uint8_t dec_ipprotos[256] = {
	[1] = DEC_ICMP + 1,
	[2] = DEC_IGMP + 1,
	[4] = DEC_IPV4 + 1,        /* IP in IP */
	[6] = DEC_TCP + 1,
	[17] = DEC_UDP + 1,
	[41] = DEC_IPV6 + 1,
	[47] = DEC_GRE + 1,
	[58] = DEC_ICMPV6 + 1,
};

static const struct dec_map dec_udp_ports[] = {
	{ .key = 4789, .proto = DEC_VXLAN },       /* IANA */
	{ .key = 8472, .proto = DEC_VXLAN },       /* Linux's old default */
	{ 0 },
};

static int map_find(const struct dec_map *m, uint16_t key)
{
	for (; m->key; m++)
		if (m->key == key)
			return m->proto;
	return -1;
}

bool dec_vxlan_port(const struct dec_ctx *x, uint16_t port)
{
	if (map_find(dec_udp_ports, port) == DEC_VXLAN)
		return true;
	for (int i = 0; x && i < x->n_vxlan; i++)
		if (x->vxlan_ports[i] == port)
			return true;
	return false;
}

int dec_vxlan_port_add(struct dec_ctx *x, uint16_t port)
{
	if (port == 0 || dec_vxlan_port(x, port))
		return 0;
	if (x->n_vxlan == DEC_VXLAN_PORTS_MAX)
		return -ENOSPC;
	x->vxlan_ports[x->n_vxlan++] = port;
	return 0;
}

static int udp_lookup(const struct dec_ctx *x, uint16_t sport,
		      uint16_t dport)
{
	/* the destination port names the service; the source port only when
	 * the destination is not known (replies of some implementations) */
	if (dec_vxlan_port(x, dport) || dec_vxlan_port(x, sport))
		return DEC_VXLAN;
	return -1;
}

static int next_lookup(const struct dec_ctx *x, const struct dec_next *nx)
{
	switch (nx->key) {
	case KEY_PROTO:
		return nx->val;
	case KEY_ETHERTYPE:
		return map_find(dec_ethertypes, nx->val);
	case KEY_IPPROTO:
		return (int)dec_ipprotos[nx->val & 0xff] - 1;
	case KEY_UDP:
		return udp_lookup(x, nx->val, nx->val2);
	case KEY_GRE:
		return map_find(dec_gre_ptypes, nx->val);
	}
	return -1;
}

/* Where the link type puts the first header; DEC_OK or DEC_TRUNCATED. */
static int dec_link(struct dec_cur *c, int linktype, struct dec_next *nx)
{
	const uint8_t *q;

	switch (linktype) {
	case DLT_EN10MB:
		next_set(nx, KEY_PROTO, DEC_ETH);
		return DEC_OK;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		if (dec_left(c) < 1)
			return DEC_TRUNCATED;
		next_set(nx, KEY_PROTO,
			 c->p[0] >> 4 == 6 ? DEC_IPV6 : DEC_IPV4);
		return DEC_OK;
	case DLT_LINUX_SLL:             /* "any": 16 bytes, protocol last */
		q = dec_take(c, 16);
		if (!q)
			return DEC_TRUNCATED;
		next_set(nx, KEY_ETHERTYPE, (uint16_t)(q[14] << 8 | q[15]));
		return DEC_OK;
	case DLT_LINUX_SLL2:            /* 20 bytes, protocol first */
		q = dec_take(c, 20);
		if (!q)
			return DEC_TRUNCATED;
		next_set(nx, KEY_ETHERTYPE, (uint16_t)(q[0] << 8 | q[1]));
		return DEC_OK;
	}
	return DEC_OK;                  /* unknown link type: nothing decoded */
}

int dec_packet(struct dec_pkt *pkt, const struct dec_ctx *x, int linktype,
	       const uint8_t *data, uint32_t caplen, uint32_t len)
{
	struct dec_next nx = { 0 };
	struct dec_cur c;
	int proto, st;

	pkt->len = len;
	pkt->caplen = caplen;
	pkt->n = 0;
	pkt->capped = false;
	pkt->rest = 0;
	dec_cur_init(&c, data, caplen);
	c.end = len > caplen ? len : caplen;
	st = dec_link(&c, linktype, &nx);
	if (st != DEC_OK)
		return st;
	while ((proto = next_lookup(x, &nx)) >= 0) {
		struct dec_layer *l;

		if (pkt->n == DEC_MAX_LAYERS) {
			pkt->capped = true;
			break;
		}
		l = &pkt->l[pkt->n++];
		memset(l, 0, dec_protos[proto].size);
		l->proto = (uint8_t)proto;
		l->off = c.off;
		l->len = c.end - c.off;
		nx.key = KEY_NONE;
		st = dec_protos[proto].fn(&c, l, &nx);
		if (c.short_read)
			st = DEC_TRUNCATED;
		l->status = (uint8_t)st;
		if (st != DEC_OK)
			return st;
	}
	pkt->rest = c.end - c.off;
	return DEC_OK;
}
