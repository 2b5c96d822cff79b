/* print_json.c - one JSON object per decoded packet, through the emitter.
 *
 * {"n":1,"ts":"2027-01-01T00:00:00.000000Z","len":172,"caplen":172,
 *  "layers":[{"proto":"eth",...},...]}
 * A layer cut short by the capture carries "truncated":true (and only the
 * proto, its fields were not all read); a self-contradicting header carries
 * "invalid":true with the fields as read.  Either is the last layer.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <time.h>

#include "ovtsh/capture.h"

/* Addresses through the text printer's formatters (printf-free). */
static void js_mac(struct out *o, const char *key, const uint8_t m[6])
{
	char s[18];

	cap_fmt_mac(s, m);
	out_str(o, key, NULL, s);
}

static void js_ip(struct out *o, const char *key, const uint8_t *a, int af)
{
	char s[INET6_ADDRSTRLEN];
	const char *v = s;

	if (af == AF_INET)
		cap_fmt_ip4(s, a);
	else if (!inet_ntop(af, a, s, sizeof(s)))
		v = "?";
	out_str(o, key, NULL, v);
}

typedef void (*js_fn)(struct out *o, const struct dec_layer *l);

static void js_eth(struct out *o, const struct dec_layer *l)
{
	js_mac(o, "src", l->u.eth.src);
	js_mac(o, "dst", l->u.eth.dst);
	out_uint(o, "type", NULL, l->u.eth.type);
}

static void js_vlan(struct out *o, const struct dec_layer *l)
{
	out_uint(o, "id", NULL, l->u.vlan.id);
	out_uint(o, "pcp", NULL, l->u.vlan.pcp);
	out_uint(o, "dei", NULL, l->u.vlan.dei);
	out_uint(o, "type", NULL, l->u.vlan.type);
}

static void js_arp(struct out *o, const struct dec_layer *l)
{
	const struct dec_arp *a = &l->u.arp;

	out_uint(o, "op", NULL, a->op);
	out_uint(o, "htype", NULL, a->htype);
	out_uint(o, "ptype", NULL, a->ptype);
	if (a->htype == 1 && a->ptype == 0x0800 && a->hlen == 6 &&
	    a->plen == 4) {
		js_mac(o, "sha", a->sha);
		js_ip(o, "spa", a->spa, AF_INET);
		js_mac(o, "tha", a->tha);
		js_ip(o, "tpa", a->tpa, AF_INET);
	}
}

static void js_ipv4(struct out *o, const struct dec_layer *l)
{
	const struct dec_ipv4 *h = &l->u.ip4;

	js_ip(o, "src", h->src, AF_INET);
	js_ip(o, "dst", h->dst, AF_INET);
	out_uint(o, "ttl", NULL, h->ttl);
	out_uint(o, "ipproto", NULL, h->proto);
	out_uint(o, "len", NULL, h->len);
	out_uint(o, "id", NULL, h->id);
	out_uint(o, "tos", NULL, h->tos);
	out_bool(o, "df", NULL, h->df);
	out_bool(o, "mf", NULL, h->mf);
	out_uint(o, "frag", NULL, h->frag);
	out_uint(o, "optlen", NULL, h->optlen);
}

static void js_ipv6(struct out *o, const struct dec_layer *l)
{
	const struct dec_ipv6 *h = &l->u.ip6;

	js_ip(o, "src", h->src, AF_INET6);
	js_ip(o, "dst", h->dst, AF_INET6);
	out_uint(o, "hlim", NULL, h->hlim);
	out_uint(o, "ipproto", NULL, h->nxt);
	out_uint(o, "len", NULL, h->plen);
	out_uint(o, "tclass", NULL, h->tclass);
	out_uint(o, "flow", NULL, h->flow);
	if (h->frag) {
		out_uint(o, "frag", NULL, h->frag_off);
		out_bool(o, "mf", NULL, h->frag_more);
		out_uint(o, "fragid", NULL, h->frag_id);
	}
}

static void js_icmp(struct out *o, const struct dec_layer *l)
{
	const struct dec_icmp *h = &l->u.icmp;

	out_uint(o, "type", NULL, h->type);
	out_uint(o, "code", NULL, h->code);
	if (h->echo) {
		out_uint(o, "id", NULL, h->id);
		out_uint(o, "seq", NULL, h->seq);
	}
	out_uint(o, "len", NULL, h->len);
	if (h->has_target)
		js_ip(o, "target", h->target, AF_INET6);
	if (h->type == 3 && h->code == 4)
		out_uint(o, "mtu", NULL, h->seq);
	if (h->quoted) {            /* the packet the error is about */
		js_ip(o, "orig_src", h->q_src, AF_INET);
		js_ip(o, "orig_dst", h->q_dst, AF_INET);
		out_uint(o, "orig_ipproto", NULL, h->q_proto);
		if (h->q_ports) {
			out_uint(o, "orig_sport", NULL, h->q_sport);
			out_uint(o, "orig_dport", NULL, h->q_dport);
		}
	}
}

static void js_udp(struct out *o, const struct dec_layer *l)
{
	out_uint(o, "sport", NULL, l->u.udp.sport);
	out_uint(o, "dport", NULL, l->u.udp.dport);
	out_uint(o, "len", NULL, l->u.udp.len);
}

static void js_tcp(struct out *o, const struct dec_layer *l)
{
	const struct dec_tcp *h = &l->u.tcp;
	char f[9];

	cap_tcp_flags(h->flags, f, sizeof(f));
	out_uint(o, "sport", NULL, h->sport);
	out_uint(o, "dport", NULL, h->dport);
	out_str(o, "flags", NULL, f);
	out_uint(o, "seq", NULL, h->seq);
	out_uint(o, "ack", NULL, h->ack);
	out_uint(o, "win", NULL, h->win);
	out_uint(o, "paylen", NULL, h->paylen);
	if (h->nopts || h->opt_bad) {
		char opts[512];

		cap_tcp_opts(h, opts, sizeof(opts));
		out_str(o, "options", NULL, opts);
	}
}

static void js_vxlan(struct out *o, const struct dec_layer *l)
{
	out_uint(o, "flags", NULL, l->u.vxlan.flags);
	out_uint(o, "vni", NULL, l->u.vxlan.vni);
}

static void js_gre(struct out *o, const struct dec_layer *l)
{
	const struct dec_gre *h = &l->u.gre;

	out_uint(o, "version", NULL, h->version);
	out_uint(o, "ptype", NULL, h->ptype);
	if (h->has_csum)
		out_uint(o, "csum", NULL, h->csum);
	if (h->has_key)
		out_uint(o, "key", NULL, h->key);
	if (h->has_seq)
		out_uint(o, "seq", NULL, h->seq);
}

static void js_igmp(struct out *o, const struct dec_layer *l)
{
	const struct dec_igmp *h = &l->u.igmp;

	out_uint(o, "type", NULL, h->type);
	out_uint(o, "code", NULL, h->code);
	if (h->type == 0x22)
		out_uint(o, "records", NULL, h->nrec);
	else
		js_ip(o, "group", h->group, AF_INET);
	if (h->type == 0x11 && h->len >= 12)
		out_uint(o, "sources", NULL, h->nsrc);
	out_uint(o, "len", NULL, h->len);
}

static const js_fn js_protos[DEC_PROTO_COUNT] = {
	[DEC_ETH] = js_eth,
	[DEC_VLAN] = js_vlan,
	[DEC_ARP] = js_arp,
	[DEC_IPV4] = js_ipv4,
	[DEC_IPV6] = js_ipv6,
	[DEC_ICMP] = js_icmp,
	[DEC_ICMPV6] = js_icmp,
	[DEC_UDP] = js_udp,
	[DEC_TCP] = js_tcp,
	[DEC_VXLAN] = js_vxlan,
	[DEC_GRE] = js_gre,
	[DEC_IGMP] = js_igmp,
};

/* ISO-8601 in UTC with microseconds. */
static void js_ts(struct out *o, const struct timeval *tv)
{
	char s[40];
	struct tm tm;
	time_t t = tv->tv_sec;
	size_t n;

	if (!gmtime_r(&t, &tm)) {
		out_str(o, "ts", NULL, "?");
		return;
	}
	n = strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(s + n, sizeof(s) - n, ".%06ldZ", (long)tv->tv_usec % 1000000);
	out_str(o, "ts", NULL, s);
}

void cap_print_json(struct out *o, const struct dec_pkt *pkt, uint64_t n)
{
	int i;

	out_obj_begin(o, NULL);
	out_uint(o, "n", NULL, n);
	js_ts(o, &pkt->ts);
	out_uint(o, "len", NULL, pkt->len);
	out_uint(o, "caplen", NULL, pkt->caplen);
	out_arr_begin(o, "layers");
	for (i = 0; i < pkt->n; i++) {
		const struct dec_layer *l = &pkt->l[i];

		out_obj_begin(o, NULL);
		out_str(o, "proto", NULL, dec_proto_name(l->proto));
		if (l->status == DEC_TRUNCATED) {
			out_bool(o, "truncated", NULL, true);
		} else {
			js_protos[l->proto](o, l);
			if (l->status == DEC_INVALID)
				out_bool(o, "invalid", NULL, true);
		}
		out_obj_end(o);
	}
	out_arr_end(o);
	if (pkt->capped)
		out_bool(o, "capped", NULL, true);
	out_obj_end(o);
	out_flush(o);
}
