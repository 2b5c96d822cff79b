/* csum.c - the Internet checksums of a decoded packet (dec_checksums in
 * ovtsh/dissect.h), for the detail view (tcpdump -v): the IPv4 header,
 * ICMP, and ICMPv6, TCP and UDP with their IPv4/IPv6 pseudo-header.
 *
 * A separate pass over the decoded layers, so plain decoding costs
 * nothing more.  Every span is taken through the bounds-checked cursor:
 * a checksum whose bytes were not all captured stays unknown, as does
 * one of a fragment (tcpdump checks neither).  A UDP checksum of 0 over
 * IPv4 means "none" and is left unknown.
 */
#include <stddef.h>

#include "ovtsh/cursor.h"
#include "ovtsh/dissect.h"

static uint32_t cs_add(uint32_t s, const uint8_t *p, uint32_t n)
{
	uint32_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t cs_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The n bytes at off, or NULL when they were not all captured. */
static const uint8_t *cs_span(const uint8_t *data, uint32_t caplen,
			      uint32_t off, uint32_t n)
{
	struct dec_cur c;

	dec_cur_init(&c, data, caplen);
	if (off > caplen)
		return NULL;
	dec_skip(&c, off);
	return dec_take(&c, n);
}

/* ck from the sum over the covered bytes (field included) and the field
 * at field (an offset into p). */
static void cs_set(struct dec_csum *ck, uint32_t sum, const uint8_t *p,
		   uint32_t field)
{
	ck->got = (uint16_t)(p[field] << 8 | p[field + 1]);
	ck->ok = cs_fold(sum) == 0xffff;
	/* the sum without the field, complemented */
	ck->want = (uint16_t)~cs_fold(sum + (uint16_t)~ck->got);
	ck->known = true;
}

/* The pseudo-header of the upper layer u (its IP header is ip). */
static bool cs_pseudo(const struct dec_layer *ip, const struct dec_layer *u,
		      uint8_t proto, uint32_t *sum)
{
	uint8_t tail[4] = { 0, 0, 0, proto };

	if (ip->proto == DEC_IPV4) {
		const struct dec_ipv4 *h = &ip->u.ip4;

		if (h->frag || h->mf)
			return false;
		*sum = cs_add(cs_add(0, h->src, 4), h->dst, 4) + proto + u->len;
		return true;
	}
	if (ip->proto == DEC_IPV6 && !ip->u.ip6.frag) {
		*sum = cs_add(cs_add(0, ip->u.ip6.src, 16), ip->u.ip6.dst, 16);
		*sum += (u->len >> 16) + (u->len & 0xffff);
		*sum = cs_add(*sum, tail, 4);
		return true;
	}
	return false;
}

/* Checksum field offsets in the upper-layer headers. */
static const struct {
	uint8_t proto, ipproto, field;
	bool pseudo;
} cs_upper[] = {
	{ DEC_TCP, 6, 16, true },
	{ DEC_UDP, 17, 6, true },
	{ DEC_ICMP, 1, 2, false },
	{ DEC_ICMPV6, 58, 2, true },
};

static void cs_layer(struct dec_pkt *pkt, int i, const uint8_t *data)
{
	struct dec_layer *l = &pkt->l[i];
	const struct dec_layer *ip = i > 0 ? &pkt->l[i - 1] : NULL;
	const uint8_t *p;
	uint32_t sum = 0;
	size_t k;

	if (l->status != DEC_OK)
		return;
	if (l->proto == DEC_IPV4) {
		p = cs_span(data, pkt->caplen, l->off, l->u.ip4.ihl * 4u);
		if (p)
			cs_set(&l->ck, cs_add(0, p, l->u.ip4.ihl * 4u), p, 10);
		return;
	}
	if (l->proto == DEC_ICMP && l->u.icmp.quoted) {
		/* the IPv4 header an error quotes, after its 8 bytes */
		uint32_t n = l->u.icmp.q_ihl * 4u;

		p = cs_span(data, pkt->caplen, l->off + 8, n);
		if (p)
			cs_set(&l->u.icmp.q_ck, cs_add(0, p, n), p, 10);
	}
	for (k = 0; k < sizeof(cs_upper) / sizeof(cs_upper[0]); k++)
		if (cs_upper[k].proto == l->proto)
			break;
	if (k == sizeof(cs_upper) / sizeof(cs_upper[0]) || !ip ||
	    (ip->proto != DEC_IPV4 && ip->proto != DEC_IPV6))
		return;
	if (ip->proto == DEC_IPV4 && (ip->u.ip4.frag || ip->u.ip4.mf))
		return;
	if (cs_upper[k].pseudo &&
	    !cs_pseudo(ip, l, cs_upper[k].ipproto, &sum))
		return;
	p = cs_span(data, pkt->caplen, l->off, l->len);
	if (!p || l->len < cs_upper[k].field + 2u)
		return;
	if (l->proto == DEC_UDP && ip->proto == DEC_IPV4 &&
	    !(p[6] | p[7]))
		return;                 /* no checksum */
	cs_set(&l->ck, cs_add(sum, p, l->len), p, cs_upper[k].field);
}

void dec_checksums(struct dec_pkt *pkt, const uint8_t *data)
{
	for (int i = 0; i < pkt->n; i++)
		cs_layer(pkt, i, data);
}
