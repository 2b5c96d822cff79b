/* print_detail.c - what the detail view (capture ... detail) adds to the
 * text line, in the words of tcpdump -nn -e -v: every Ethernet header
 * (the inner ones of VXLAN and gretap too) and 802.1Q tag, the IPv4 and
 * IPv6 header fields, GRE's flags and protocol, and the checksums that
 * dec_checksums() verified.  print_text.c calls these from its layer
 * printers when the buffer is in detail mode; like them, they only render
 * the decoded structs.
 */
#include <stdio.h>

#include "tb.h"

struct cap_d_name {
	uint16_t key;
	const char *name;
};

/* tcpdump's ethertype_values (the ones a lab meets) */
static const struct cap_d_name cap_d_ethertypes[] = {
	{ 0x0800, "IPv4" }, { 0x0806, "ARP" }, { 0x86dd, "IPv6" },
	{ 0x8100, "802.1Q" }, { 0x88a8, "802.1Q-QinQ" }, { 0x6558, "TEB" },
	{ 0x8035, "Reverse ARP" }, { 0x88cc, "LLDP" },
	{ 0x8847, "MPLS unicast" }, { 0x8848, "MPLS multicast" },
};

/* tcpdump's ipproto_values (the same) */
static const struct cap_d_name cap_d_ipprotos[] = {
	{ 0, "Options" }, { 1, "ICMP" }, { 2, "IGMP" }, { 4, "IPIP" },
	{ 6, "TCP" }, { 17, "UDP" }, { 41, "IPv6" }, { 43, "Routing" },
	{ 44, "Frag" }, { 47, "GRE" }, { 50, "ESP" }, { 51, "AH" },
	{ 58, "ICMPv6" }, { 59, "NONE" }, { 132, "SCTP" },
};

/* GRE flag names in tcpdump's order (gre_flag_values) */
static const struct cap_d_name cap_d_greflags[] = {
	{ 0x8000, "checksum present" }, { 0x4000, "routing present" },
	{ 0x2000, "key present" }, { 0x1000, "sequence# present" },
	{ 0x0800, "source routing present" }, { 0x0080, "ack present" },
};

#define CAP_D_N(t) (sizeof(t) / sizeof((t)[0]))

static const char *cap_d_find(const struct cap_d_name *t, size_t n,
			      uint16_t key, const char *none)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].key == key)
			return t[i].name;
	return none;
}

/* "ethertype IPv4 (0x0800)" */
static void cap_d_ethertype(struct tb *b, uint16_t type, const char *none)
{
	tb_lit(b, "ethertype ");
	tb_str(b, cap_d_find(cap_d_ethertypes, CAP_D_N(cap_d_ethertypes),
			     type, none));
	tb_sx(b, " (0x", type, 4);
	tb_lit(b, ")");
}

void cap_d_eth(struct tb *b, const struct dec_pkt *pkt,
	       const struct dec_layer *l)
{
	(void)pkt;
	if (l->status != DEC_OK)
		return;
	tb_mac(b, l->u.eth.src);
	tb_lit(b, " > ");
	tb_mac(b, l->u.eth.dst);
	tb_lit(b, ", ");
	if (l->u.eth.type < 0x0600)
		tb_lit(b, "802.3");
	else
		cap_d_ethertype(b, l->u.eth.type, "Unknown");
	tb_su(b, ", length ", l->len);
	tb_lit(b, ": ");
}

void cap_d_vlan(struct tb *b, const struct dec_layer *l)
{
	if (l->status != DEC_OK)
		return;
	tb_su(b, "vlan ", l->u.vlan.id);
	tb_su(b, ", p ", l->u.vlan.pcp);
	if (l->u.vlan.dei)
		tb_lit(b, ", DEI");
	tb_lit(b, ", ");
	cap_d_ethertype(b, l->u.vlan.type, "Unknown");
	tb_lit(b, ", ");
}

void cap_d_arp(struct tb *b, const struct dec_layer *l)
{
	const struct dec_arp *a = &l->u.arp;

	if (l->status == DEC_OK && a->htype == 1 && a->ptype == 0x0800)
		tb_lit(b, "Ethernet (len 6), IPv4 (len 4), ");
}

static void cap_d_ipproto(struct tb *b, uint8_t proto)
{
	tb_str(b, cap_d_find(cap_d_ipprotos, CAP_D_N(cap_d_ipprotos), proto,
			     "unknown"));
	tb_su(b, " (", proto);
	tb_lit(b, ")");
}

static const char *const cap_d_ecn[4] = { "", ",ECT(1)", ",ECT(0)", ",CE" };

/* The IPv4 header fields tcpdump -v prints, ")\n    " included: of a
 * packet's header, or of the one an ICMP error quotes. */
struct cap_d_ip4 {
	uint8_t tos, ttl, proto;
	uint16_t id, frag, len;
	bool df, mf;
	const struct dec_csum *ck;
	const uint8_t *opt;         /* options, optlen bytes (NULL: none) */
	uint8_t optlen;
};

/* tcpdump's ip_option_values */
static const struct cap_d_name cap_d_ipopts[] = {
	{ 0, "EOL" }, { 1, "NOP" }, { 68, "timestamp" }, { 130, "security" },
	{ 7, "RR" }, { 137, "SSRR" }, { 131, "LSRR" }, { 148, "RA" },
	{ 82, "traceroute" },
};

/* A route option's addresses (RR, LSRR, SSRR; ip_printroute). */
static void cap_d_iproute(struct tb *b, const uint8_t *o, unsigned len)
{
	unsigned ptr, i;

	if (len < 3) {
		tb_su(b, " [bad length ", len);
		tb_lit(b, "]");
		return;
	}
	if ((len + 1) & 3) {
		tb_su(b, " [bad length ", len);
		tb_lit(b, "]");
	}
	ptr = o[2] - 1u;
	if (ptr < 3 || ((ptr + 1) & 3) || ptr > len + 1) {
		tb_su(b, " [bad ptr ", o[2]);
		tb_lit(b, "]");
	}
	for (i = 3; i + 4 <= len; i += 4) {
		tb_lit(b, " ");
		tb_ip4(b, o + i);
		if (ptr > i)
			tb_lit(b, ",");
	}
}

/* ", options (RR,EOL)": the options by name, as ip_optprint() */
static void cap_d_ipopt_list(struct tb *b, const uint8_t *o, unsigned n)
{
	unsigned len = 0;
	char unk[16];

	tb_lit(b, ", options (");
	for (; n > 0; o += len, n -= len) {
		snprintf(unk, sizeof(unk), "unknown %u", o[0]);
		tb_str(b, cap_d_find(cap_d_ipopts, CAP_D_N(cap_d_ipopts), o[0],
				     unk));
		len = o[0] <= 1 ? 1 : (n > 1 ? o[1] : 0);
		if (len < 2 && o[0] > 1) {
			tb_su(b, " [bad length ", len);
			tb_lit(b, "]");
			break;
		}
		if (len > n) {
			tb_su(b, " [bad length ", len);
			tb_lit(b, "]");
			break;
		}
		if (o[0] == 0)
			break;
		if (o[0] == 7 || o[0] == 131 || o[0] == 137)
			cap_d_iproute(b, o, len);
		else if (o[0] == 148 && len >= 4 && (o[2] | o[3]))
			tb_su(b, " value ", (unsigned)(o[2] << 8 | o[3]));
		else if (o[0] == 148 && len < 4) {
			tb_su(b, " [bad length ", len);
			tb_lit(b, "]");
		}
		if (n > len)
			tb_lit(b, ",");
	}
	tb_lit(b, ")");
}

static void cap_d_ip4hdr(struct tb *b, const struct cap_d_ip4 *h)
{
	tb_sx(b, "(tos 0x", h->tos, 1);
	tb_str(b, cap_d_ecn[h->tos & 3]);
	if (h->ttl)
		tb_su(b, ", ttl ", h->ttl);
	tb_su(b, ", id ", h->id);
	tb_su(b, ", offset ", h->frag);
	tb_lit(b, ", flags [");
	if (h->mf)
		tb_lit(b, "+");
	if (h->df)
		tb_lit(b, "DF");
	if (!h->mf && !h->df)
		tb_lit(b, "none");
	tb_lit(b, "], proto ");
	cap_d_ipproto(b, h->proto);
	tb_su(b, ", length ", h->len);
	if (h->optlen)
		cap_d_ipopt_list(b, h->opt, h->optlen);
	if (h->ck->known && !h->ck->ok) {
		tb_sx(b, ", bad cksum ", h->ck->got, 1);
		tb_sx(b, " (->", h->ck->want, 1);
		tb_lit(b, ")!");
	}
	tb_lit(b, ")\n    ");
}

void cap_d_ipv4(struct tb *b, const struct dec_layer *l)
{
	const struct dec_ipv4 *h = &l->u.ip4;
	struct cap_d_ip4 d = {
		.tos = h->tos, .ttl = h->ttl, .proto = h->proto, .id = h->id,
		.frag = h->frag, .len = h->len, .df = h->df, .mf = h->mf,
		.ck = &l->ck, .opt = h->opt, .optlen = h->optlen,
	};

	if (l->status == DEC_OK)
		cap_d_ip4hdr(b, &d);
}

/* An ICMP error's quoted packet, as tcpdump -v prints it again after a
 * tab: its IPv4 header, its addresses, and UDP's length. */
void cap_d_icmp_quote(struct tb *b, const struct dec_layer *l)
{
	const struct dec_icmp *h = &l->u.icmp;
	struct cap_d_ip4 d = {
		.tos = h->q_tos, .ttl = h->q_ttl, .proto = h->q_proto,
		.id = h->q_id, .frag = (uint16_t)((h->q_frag & 0x1fff) * 8u),
		.len = h->q_len, .df = h->q_frag & 0x4000,
		.mf = h->q_frag & 0x2000, .ck = &h->q_ck,
	};

	if (l->status != DEC_OK || !h->quoted ||
	    !(h->type == 3 || h->type == 4 || h->type == 5 ||
	      h->type == 11 || h->type == 12))
		return;
	tb_lit(b, "\n\t");
	cap_d_ip4hdr(b, &d);
	tb_ip4(b, h->q_src);
	if (h->q_ports)
		tb_su(b, ".", h->q_sport);
	tb_lit(b, " > ");
	tb_ip4(b, h->q_dst);
	if (h->q_ports)
		tb_su(b, ".", h->q_dport);
	tb_lit(b, ": ");
	if (h->q_ulen >= 8)
		tb_su(b, "UDP, length ", h->q_ulen - 8u);
}

void cap_d_ipv6(struct tb *b, const struct dec_layer *l)
{
	const struct dec_ipv6 *h = &l->u.ip6;

	if (l->status != DEC_OK)
		return;
	tb_lit(b, "(");
	if (h->tclass) {
		tb_sx(b, "class 0x", h->tclass, 2);
		tb_lit(b, ", ");
	}
	if (h->flow) {
		tb_sx(b, "flowlabel 0x", h->flow, 5);
		tb_lit(b, ", ");
	}
	tb_su(b, "hlim ", h->hlim);
	tb_lit(b, ", next-header ");
	cap_d_ipproto(b, h->ext1 != 255 ? h->ext1 : h->nxt);
	tb_su(b, " payload length: ", h->plen);
	tb_lit(b, ") ");
}

void cap_d_gre(struct tb *b, const struct dec_layer *l)
{
	const struct dec_gre *h = &l->u.gre;
	size_t i;
	bool any = false;

	tb_lit(b, ", Flags [");
	for (i = 0; i < CAP_D_N(cap_d_greflags); i++)
		if (h->flags & cap_d_greflags[i].key) {
			if (any)
				tb_lit(b, ", ");
			tb_str(b, cap_d_greflags[i].name);
			any = true;
		}
	tb_str(b, any ? "]" : "none]");
	if (h->flags & 0xc000) {
		tb_sx(b, ", sum 0x", h->csum, 1);
		tb_sx(b, ", off 0x", h->off, 1);
	}
	if (h->has_key) {
		tb_sx(b, ", key=0x", h->key, 1);
	}
	if (h->has_seq) {
		tb_su(b, ", seq ", h->seq);
	}
	tb_lit(b, ", proto ");
	tb_str(b, cap_d_find(cap_d_ethertypes, CAP_D_N(cap_d_ethertypes),
			     h->ptype, "unknown"));
	tb_sx(b, " (0x", h->ptype, 4);
	tb_su(b, "), length ", h->len);
}

/* "[udp sum ok] " before an IPv6 UDP or ICMPv6 header's text */
static void cap_d_sum_prefix(struct tb *b, const struct dec_csum *k,
			     const char *what)
{
	if (k->ok) {
		tb_lit(b, "[");
		tb_str(b, what);
		tb_lit(b, " sum ok] ");
		return;
	}
	tb_lit(b, "[bad ");
	tb_str(b, what);
	tb_sx(b, " cksum 0x", k->got, 4);
	tb_sx(b, " -> 0x", k->want, 4);
	tb_lit(b, "!] ");
}

/* A transport checksum where tcpdump -v puts it: TCP after its flags,
 * ICMP after its text (only when wrong), UDP (IPv6 only: for IPv4 it
 * takes -vv) and ICMPv6 before theirs. */
void cap_d_csum(struct tb *b, const struct dec_layer *l,
		const struct dec_layer *ip)
{
	const struct dec_csum *k = &l->ck;

	if (!k->known)
		return;
	switch (l->proto) {
	case DEC_TCP:
		tb_sx(b, ", cksum 0x", k->got, 4);
		if (k->ok) {
			tb_lit(b, " (correct)");
		} else {
			tb_sx(b, " (incorrect -> 0x", k->want, 4);
			tb_lit(b, ")");
		}
		break;
	case DEC_ICMP:
		if (k->ok)
			break;
		tb_sx(b, " (wrong icmp cksum ", k->got, 1);
		tb_sx(b, " (->", k->want, 1);
		tb_lit(b, ")!)");
		break;
	case DEC_UDP:
		if (ip && ip->proto == DEC_IPV6)
			cap_d_sum_prefix(b, k, "udp");
		break;
	case DEC_ICMPV6:
		cap_d_sum_prefix(b, k, "icmp6");
		break;
	default:
		break;
	}
}
