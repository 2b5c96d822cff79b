/* print_json.c - one JSON object per decoded packet, written straight
 * into the capture's output buffer by the streaming writer (jw.h): no
 * tree per packet, so JSON costs about what the text line costs.
 *
 * {"n":1,"ts":"2027-01-01T00:00:00.000000Z","len":172,"caplen":172,
 *  "layers":[{"proto":"eth",...},...]}
 * A layer cut short by the capture carries "truncated":true (and only the
 * proto, its fields were not all read); a self-contradicting header carries
 * "invalid":true with the fields as read.  Either is the last layer.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ovtsh/capprint.h"
#include "ovtsh/jw.h"

/* Addresses through the text printer's formatters (printf-free). */
static void js_mac(struct jw *w, const char *key, const uint8_t m[6])
{
	char s[18];

	jw_strn(w, key, s, cap_fmt_mac(s, m));
}

static void js_ip(struct jw *w, const char *key, const uint8_t *a, int af)
{
	char s[INET6_ADDRSTRLEN];

	if (af == AF_INET)
		jw_strn(w, key, s, cap_fmt_ip4(s, a));
	else
		jw_str(w, key, inet_ntop(af, a, s, sizeof(s)) ? s : "?");
}

typedef void (*js_fn)(struct jw *w, const struct dec_layer *l);

static void js_eth(struct jw *w, const struct dec_layer *l)
{
	js_mac(w, "src", l->u.eth.src);
	js_mac(w, "dst", l->u.eth.dst);
	jw_uint(w, "type", l->u.eth.type);
}

static void js_vlan(struct jw *w, const struct dec_layer *l)
{
	jw_uint(w, "id", l->u.vlan.id);
	jw_uint(w, "pcp", l->u.vlan.pcp);
	jw_uint(w, "dei", l->u.vlan.dei);
	jw_uint(w, "type", l->u.vlan.type);
}

static void js_arp(struct jw *w, const struct dec_layer *l)
{
	const struct dec_arp *a = &l->u.arp;

	jw_uint(w, "op", a->op);
	jw_uint(w, "htype", a->htype);
	jw_uint(w, "ptype", a->ptype);
	if (a->htype == 1 && a->ptype == 0x0800 && a->hlen == 6 &&
	    a->plen == 4) {
		js_mac(w, "sha", a->sha);
		js_ip(w, "spa", a->spa, AF_INET);
		js_mac(w, "tha", a->tha);
		js_ip(w, "tpa", a->tpa, AF_INET);
	}
}

static void js_ipv4(struct jw *w, const struct dec_layer *l)
{
	const struct dec_ipv4 *h = &l->u.ip4;

	js_ip(w, "src", h->src, AF_INET);
	js_ip(w, "dst", h->dst, AF_INET);
	jw_uint(w, "ttl", h->ttl);
	jw_uint(w, "ipproto", h->proto);
	jw_uint(w, "len", h->len);
	jw_uint(w, "id", h->id);
	jw_uint(w, "tos", h->tos);
	jw_bool(w, "df", h->df);
	jw_bool(w, "mf", h->mf);
	jw_uint(w, "frag", h->frag);
	jw_uint(w, "optlen", h->optlen);
}

static void js_ipv6(struct jw *w, const struct dec_layer *l)
{
	const struct dec_ipv6 *h = &l->u.ip6;

	js_ip(w, "src", h->src, AF_INET6);
	js_ip(w, "dst", h->dst, AF_INET6);
	jw_uint(w, "hlim", h->hlim);
	jw_uint(w, "ipproto", h->nxt);
	jw_uint(w, "len", h->plen);
	jw_uint(w, "tclass", h->tclass);
	jw_uint(w, "flow", h->flow);
	if (h->frag) {
		jw_uint(w, "frag", h->frag_off);
		jw_bool(w, "mf", h->frag_more);
		jw_uint(w, "fragid", h->frag_id);
	}
}

static void js_icmp(struct jw *w, const struct dec_layer *l)
{
	const struct dec_icmp *h = &l->u.icmp;

	jw_uint(w, "type", h->type);
	jw_uint(w, "code", h->code);
	if (h->echo) {
		jw_uint(w, "id", h->id);
		jw_uint(w, "seq", h->seq);
	}
	jw_uint(w, "len", h->len);
	if (h->has_target)
		js_ip(w, "target", h->target, AF_INET6);
	if (h->type == 3 && h->code == 4)
		jw_uint(w, "mtu", h->seq);
	if (h->quoted) {            /* the packet the error is about */
		js_ip(w, "orig_src", h->q_src, AF_INET);
		js_ip(w, "orig_dst", h->q_dst, AF_INET);
		jw_uint(w, "orig_ipproto", h->q_proto);
		if (h->q_ports) {
			jw_uint(w, "orig_sport", h->q_sport);
			jw_uint(w, "orig_dport", h->q_dport);
		}
	}
}

static void js_udp(struct jw *w, const struct dec_layer *l)
{
	jw_uint(w, "sport", l->u.udp.sport);
	jw_uint(w, "dport", l->u.udp.dport);
	jw_uint(w, "len", l->u.udp.len);
}

static void js_tcp(struct jw *w, const struct dec_layer *l)
{
	const struct dec_tcp *h = &l->u.tcp;
	char f[9];

	cap_tcp_flags(h->flags, f, sizeof(f));
	jw_uint(w, "sport", h->sport);
	jw_uint(w, "dport", h->dport);
	jw_str(w, "flags", f);
	jw_uint(w, "seq", h->seq);
	jw_uint(w, "ack", h->ack);
	jw_uint(w, "win", h->win);
	jw_uint(w, "paylen", h->paylen);
	if (h->nopts || h->opt_bad) {
		char opts[512];

		cap_tcp_opts(h, opts, sizeof(opts));
		jw_str(w, "options", opts);
	}
}

static void js_vxlan(struct jw *w, const struct dec_layer *l)
{
	jw_uint(w, "flags", l->u.vxlan.flags);
	jw_uint(w, "vni", l->u.vxlan.vni);
}

static void js_gre(struct jw *w, const struct dec_layer *l)
{
	const struct dec_gre *h = &l->u.gre;

	jw_uint(w, "version", h->version);
	jw_uint(w, "ptype", h->ptype);
	if (h->has_csum)
		jw_uint(w, "csum", h->csum);
	if (h->has_key)
		jw_uint(w, "key", h->key);
	if (h->has_seq)
		jw_uint(w, "seq", h->seq);
}

static void js_igmp(struct jw *w, const struct dec_layer *l)
{
	const struct dec_igmp *h = &l->u.igmp;

	jw_uint(w, "type", h->type);
	jw_uint(w, "code", h->code);
	if (h->type == 0x22)
		jw_uint(w, "records", h->nrec);
	else
		js_ip(w, "group", h->group, AF_INET);
	if (h->type == 0x11 && h->len >= 12)
		jw_uint(w, "sources", h->nsrc);
	jw_uint(w, "len", h->len);
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

/* ISO-8601 in UTC with microseconds; gmtime_r and strftime once per
 * second, as the text printer's clock does. */
static void js_ts(struct jw *w, const struct timeval *tv)
{
	static __thread time_t last = -1;
	static __thread char day[32];
	static __thread size_t dlen;
	char s[48];
	long u = (long)tv->tv_usec % 1000000;
	int i;

	if (tv->tv_sec != last) {
		struct tm tm;
		time_t t = tv->tv_sec;

		dlen = gmtime_r(&t, &tm) ?
		       strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm) : 0;
		last = tv->tv_sec;
	}
	if (!dlen) {
		jw_strn(w, "ts", "?", 1);
		return;
	}
	memcpy(s, day, dlen);
	if (u < 0) {            /* %06ld's form, never seen in a pcap */
		i = snprintf(s + dlen, sizeof(s) - dlen, ".%06ldZ", u);
		jw_strn(w, "ts", s, dlen + (size_t)i);
		return;
	}
	s[dlen] = '.';
	for (i = 6; i >= 1; i--) {
		s[dlen + (size_t)i] = (char)('0' + u % 10);
		u /= 10;
	}
	s[dlen + 7] = 'Z';
	jw_strn(w, "ts", s, dlen + 8);
}

/* The layer's name, its length taken once. */
static void js_proto(struct jw *w, uint8_t proto)
{
	static __thread size_t len[DEC_PROTO_COUNT];
	const char *s = dec_proto_name(proto);

	if (!len[proto])
		len[proto] = strlen(s);
	jw_strn(w, "proto", s, len[proto]);
}

size_t cap_format_json(const struct dec_pkt *pkt, uint64_t n, char *buf,
		       size_t size)
{
	struct jw w;
	size_t len;
	int i;

	if (size < 2)
		return 0;
	jw_init(&w, buf, size - 2);
	jw_obj_begin(&w, NULL);
	jw_uint(&w, "n", n);
	js_ts(&w, &pkt->ts);
	jw_uint(&w, "len", pkt->len);
	jw_uint(&w, "caplen", pkt->caplen);
	jw_arr_begin(&w, "layers");
	for (i = 0; i < pkt->n; i++) {
		const struct dec_layer *l = &pkt->l[i];

		jw_obj_begin(&w, NULL);
		js_proto(&w, l->proto);
		if (l->status == DEC_TRUNCATED) {
			jw_bool(&w, "truncated", true);
		} else {
			js_protos[l->proto](&w, l);
			if (l->status == DEC_INVALID)
				jw_bool(&w, "invalid", true);
		}
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (pkt->capped)
		jw_bool(&w, "capped", true);
	jw_obj_end(&w);
	if (!jw_ok(&w))         /* CAP_JSON_MAX holds the largest packet */
		return 0;
	len = jw_len(&w);
	buf[len++] = '\n';
	buf[len] = 0;
	return len;
}
