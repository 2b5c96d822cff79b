/* test_dissect.c - dissectors and printers on byte arrays: the DESIGN.md
 * section 6 reference frame field by field, its text and JSON, every
 * truncated prefix of every fixture, invalid headers, the nesting cap and
 * run-time VXLAN ports. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcap/dlt.h>

#include "ovtsh/capprint.h"
#include "../helpers/frames.h"
#include "t.h"

static struct dec_pkt pkt;
static struct dec_ctx ctx;       /* VXLAN ports the tests add */
static struct fb f;

static const char ref_text[] =
	"00:00:01.000002 IP 102.0.0.2 > 101.0.0.2: GREv0, length 138: "
	"IP 111.0.0.2.48078 > 110.0.0.2.4789: VXLAN, flags [I] (0x08), "
	"vni 42: IP 32.0.0.5 > 32.0.0.2: ICMP echo request, id 7, seq 1, "
	"length 64\n";

static const char ref_json[] =
	"{\"n\":1,\"ts\":\"1970-01-01T00:00:01.000002Z\",\"len\":172,"
	"\"caplen\":172,\"layers\":["
	"{\"proto\":\"eth\",\"src\":\"02:42:66:00:00:02\","
	"\"dst\":\"02:42:66:00:00:01\",\"type\":2048},"
	"{\"proto\":\"ipv4\",\"src\":\"102.0.0.2\",\"dst\":\"101.0.0.2\","
	"\"ttl\":63,\"ipproto\":47,\"len\":158,\"id\":13107,\"tos\":0,"
	"\"df\":true,\"mf\":false,\"frag\":0,\"optlen\":0},"
	"{\"proto\":\"gre\",\"version\":0,\"ptype\":2048},"
	"{\"proto\":\"ipv4\",\"src\":\"111.0.0.2\",\"dst\":\"110.0.0.2\","
	"\"ttl\":63,\"ipproto\":17,\"len\":134,\"id\":8738,\"tos\":0,"
	"\"df\":true,\"mf\":false,\"frag\":0,\"optlen\":0},"
	"{\"proto\":\"udp\",\"sport\":48078,\"dport\":4789,\"len\":114},"
	"{\"proto\":\"vxlan\",\"flags\":8,\"vni\":42},"
	"{\"proto\":\"eth\",\"src\":\"02:42:20:00:00:05\","
	"\"dst\":\"02:42:20:00:00:02\",\"type\":2048},"
	"{\"proto\":\"ipv4\",\"src\":\"32.0.0.5\",\"dst\":\"32.0.0.2\","
	"\"ttl\":64,\"ipproto\":1,\"len\":84,\"id\":4660,\"tos\":0,"
	"\"df\":true,\"mf\":false,\"frag\":0,\"optlen\":0},"
	"{\"proto\":\"icmp\",\"type\":8,\"code\":0,\"id\":7,\"seq\":1,"
	"\"len\":64}]}\n";

/* JSON of pkt as one line, malloc'd. */
static char *json_of(const struct dec_pkt *p)
{
	char *s = malloc(CAP_JSON_MAX);

	if (s && !cap_format_json(p, 1, s, CAP_JSON_MAX))
		s[0] = 0;
	return s;
}

static int decode(const struct fb *fr, uint32_t caplen)
{
	int st;
	/* an exact-size copy, so ASan sees any read past caplen */
	uint8_t *b = malloc(caplen ? caplen : 1);

	memcpy(b, fb_data(fr), caplen);
	st = dec_packet(&pkt, &ctx, DLT_EN10MB, b, caplen,
			(uint32_t)fb_len(fr));
	pkt.ts.tv_sec = 1;
	pkt.ts.tv_usec = 2;
	free(b);
	return st;
}

static void test_reference(void)
{
	static const enum dec_proto want[] = {
		DEC_ETH, DEC_IPV4, DEC_GRE, DEC_IPV4, DEC_UDP, DEC_VXLAN,
		DEC_ETH, DEC_IPV4, DEC_ICMP,
	};
	char line[CAP_LINE_MAX], *js;
	const struct dec_layer *l = pkt.l;
	size_t i;

	fb_reference(&f, 7, 1);
	T_INTEQ(fb_len(&f), 172);
	T_INTEQ(decode(&f, 172), DEC_OK);
	T_INTEQ(pkt.n, 9);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		T_INTEQ(pkt.l[i].proto, want[i]);
	T_CHECK(!memcmp(l[1].u.ip4.src, "\x66\0\0\x02", 4));
	T_CHECK(!memcmp(l[1].u.ip4.dst, "\x65\0\0\x02", 4));
	T_INTEQ(l[1].u.ip4.proto, 47);
	T_INTEQ(l[2].u.gre.ptype, 0x0800);
	T_INTEQ(l[2].u.gre.version, 0);
	T_CHECK(!l[2].u.gre.has_key && !l[2].u.gre.has_seq);
	T_INTEQ(l[4].u.udp.sport, 48078);
	T_INTEQ(l[4].u.udp.dport, 4789);
	T_INTEQ(l[5].u.vxlan.vni, 42);
	T_INTEQ(l[5].u.vxlan.flags, 0x08);
	T_CHECK(!memcmp(l[7].u.ip4.src, "\x20\0\0\x05", 4));
	T_CHECK(!memcmp(l[7].u.ip4.dst, "\x20\0\0\x02", 4));
	T_INTEQ(l[8].u.icmp.type, 8);
	T_INTEQ(l[8].u.icmp.id, 7);
	T_INTEQ(l[8].u.icmp.seq, 1);
	T_INTEQ(l[8].u.icmp.len, 64);
	T_INTEQ(pkt.rest, 56);
	cap_format_text(&pkt, line, sizeof(line));
	T_STREQ(line, ref_text);
	js = json_of(&pkt);
	T_STREQ(js, ref_json);
	free(js);
}

static void test_gre_flags(void)
{
	const struct dec_gre *g;
	char line[CAP_LINE_MAX];

	fb_fixture(&f, 10);            /* checksum, key 42, sequence 77 */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, 9);
	g = &pkt.l[2].u.gre;
	T_CHECK(g->has_csum && g->has_key && g->has_seq);
	T_INTEQ(g->key, 42);
	T_INTEQ(g->seq, 77);
	T_INTEQ(pkt.l[5].u.vxlan.vni, 42);
	fb_fixture(&f, 11);            /* transparent Ethernet, key 1000 */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[2].u.gre.ptype, 0x6558);
	T_INTEQ(pkt.l[3].proto, DEC_ETH);
	T_INTEQ(pkt.l[5].proto, DEC_ICMP);
	cap_format_text(&pkt, line, sizeof(line));
	T_CHECK(strstr(line, "GREv0, key=0x3e8, length 106: IP 32.0.0.5 > "
			     "32.0.0.2: ICMP echo request, id 12, seq 6"));
	fb_fixture(&f, 12);            /* IPv6 over GRE */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[3].proto, DEC_IPV6);
	T_INTEQ(pkt.l[4].proto, DEC_UDP);
	T_INTEQ(pkt.l[4].u.udp.dport, 2000);
}

static void test_other_protos(void)
{
	char line[CAP_LINE_MAX];

	fb_fixture(&f, 4);             /* ARP request */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[1].proto, DEC_ARP);
	T_INTEQ(pkt.l[1].u.arp.op, 1);
	T_CHECK(!memcmp(pkt.l[1].u.arp.tpa, "\x20\0\0\x02", 4));
	fb_fixture(&f, 7);             /* TCP PSH|ACK with 100 bytes */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[2].u.tcp.flags, 0x18);
	T_INTEQ(pkt.l[2].u.tcp.seq, 5000);
	T_INTEQ(pkt.l[2].u.tcp.ack, 1001);
	T_INTEQ(pkt.l[2].u.tcp.paylen, 100);
	cap_format_text(&pkt, line, sizeof(line));
	T_CHECK(strstr(line, "IP 32.0.0.2.5201 > 32.0.0.5.40000: Flags [P.], "
			     "seq 5000:5100, ack 1001, win 502, length 100\n"));
	fb_fixture(&f, 8);             /* 802.1Q */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[1].proto, DEC_VLAN);
	T_INTEQ(pkt.l[1].u.vlan.id, 100);
	T_INTEQ(pkt.l[3].u.udp.dport, 9999);
	fb_fixture(&f, 9);             /* ICMPv6 echo */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[2].proto, DEC_ICMPV6);
	T_INTEQ(pkt.l[2].u.icmp.type, 128);
	T_INTEQ(pkt.l[2].u.icmp.seq, 4);
	fb_fixture(&f, 13);            /* VXLAN on 8472 */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[3].u.vxlan.vni, 4096);
}

static void test_tcp_options(void)
{
	const struct dec_tcp *t;
	char o[512];

	fb_fixture(&f, 14);
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, 7);
	t = &pkt.l[6].u.tcp;
	T_INTEQ(t->nopts, 5);
	T_INTEQ(t->opt[0].kind, 2);
	T_INTEQ(t->opt[0].a, 1460);
	T_INTEQ(t->opt[2].kind, 8);
	T_INTEQ(t->opt[2].a, 1000);
	T_INTEQ(t->opt[4].a, 7);
	cap_tcp_opts(t, o, sizeof(o));
	T_STREQ(o, "mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7");
	fb_fixture(&f, 15);
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	t = &pkt.l[2].u.tcp;
	T_INTEQ(t->paylen, 10);
	T_INTEQ(t->sack[3], 400);
	cap_tcp_opts(t, o, sizeof(o));
	T_STREQ(o, "nop,nop,TS val 5 ecr 6,nop,nop,sack 2 {100:200}{300:400}");
	/* an option longer than the header: reported, not read */
	f.buf[f.start + 14 + 20 + 20 + 15] = 40;
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	cap_tcp_opts(&pkt.l[2].u.tcp, o, sizeof(o));
	T_STREQ(o, "nop,nop,TS val 5 ecr 6,nop,nop,[bad opt]");
}

static void test_icmp_errors(void)
{
	const struct dec_icmp *h;
	char line[CAP_LINE_MAX];

	fb_fixture(&f, 16);            /* port unreachable */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, 3);
	h = &pkt.l[2].u.icmp;
	T_CHECK(h->quoted && h->q_ports);
	T_INTEQ(h->q_proto, 17);
	T_INTEQ(h->q_dport, 9999);
	T_CHECK(!memcmp(h->q_dst, "\x20\0\0\x02", 4));
	cap_format_text(&pkt, line, sizeof(line));
	T_CHECK(strstr(line, ": ICMP 32.0.0.2 udp port 9999 unreachable, "
			     "length 36\n"));
	/* the quote cut short: still a whole ICMP layer, without the quote */
	T_INTEQ(decode(&f, 14 + 20 + 8 + 19), DEC_OK);
	T_CHECK(!pkt.l[2].u.icmp.quoted);
	T_INTEQ(decode(&f, 14 + 20 + 8 + 21), DEC_OK);
	T_CHECK(pkt.l[2].u.icmp.quoted && !pkt.l[2].u.icmp.q_ports);
	fb_fixture(&f, 18);            /* need to frag, inside VXLAN */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[pkt.n - 1].u.icmp.seq, 1400);
}

/* Every prefix of every fixture: truncation reported, never invalid, and
 * the printers say so. */
static void test_prefixes(void)
{
	char line[CAP_LINE_MAX], *js;
	int i, bad = 0, trunc = 0;

	for (i = 0; fb_fixture(&f, i); i++) {
		uint32_t k, full = (uint32_t)fb_len(&f);
		int nfull;

		T_INTEQ(decode(&f, full), DEC_OK);
		nfull = pkt.n;
		for (k = 0; k < full; k++) {
			int st = decode(&f, k);
			bool t = st == DEC_TRUNCATED;

			cap_format_text(&pkt, line, sizeof(line));
			js = json_of(&pkt);
			if (st == DEC_INVALID || pkt.n > nfull ||
			    (k < 14 && !t) ||
			    (t && pkt.l[pkt.n - 1].status != DEC_TRUNCATED) ||
			    (t != !!strstr(line, "[|")) ||
			    (t != !!strstr(js, "\"truncated\":true")) ||
			    (!t && pkt.n != nfull)) {
				fprintf(stderr, "fixture %d prefix %u: %d %s",
					i, k, st, line);
				bad++;
			}
			trunc += t;
			free(js);
		}
	}
	T_INTEQ(bad, 0);
	T_CHECK(trunc > 500);
}

static void test_invalid(void)
{
	char line[CAP_LINE_MAX];

	fb_ping(&f, 8, 1, 1);
	f.buf[f.start + 14] = 0x43;    /* IHL 3 */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_INVALID);
	T_INTEQ(pkt.n, 2);
	T_INTEQ(pkt.l[1].status, DEC_INVALID);
	cap_format_text(&pkt, line, sizeof(line));
	T_CHECK(strstr(line, "[invalid ipv4]"));
	fb_vxlan_frame(&f, 1, 1);
	f.buf[f.start + 14 + 20 + 5] = 4;      /* UDP length 4 */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_INVALID);
	T_INTEQ(pkt.l[pkt.n - 1].proto, DEC_UDP);
	fb_ping(&f, 8, 1, 1);
	f.buf[f.start + 14 + 6] = 0x00;        /* fragment at offset 8 */
	f.buf[f.start + 14 + 7] = 0x01;
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, 2);
	T_INTEQ(pkt.l[1].u.ip4.frag, 8);
}

static void test_ipv4_frag_opts(void)
{
	fb_fixture(&f, 21);            /* first fragment: UDP inside */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, 3);
	T_CHECK(pkt.l[1].u.ip4.mf && pkt.l[1].u.ip4.frag == 0);
	T_INTEQ(pkt.l[2].u.udp.len, 3008);
	fb_fixture(&f, 22);            /* a later one: nothing inside */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, 2);
	T_INTEQ(pkt.l[1].u.ip4.frag, 1480);
	T_CHECK(pkt.l[1].u.ip4.mf);
	T_INTEQ(pkt.rest, 1480);
	fb_fixture(&f, 24);            /* options skipped to the UDP header */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[1].u.ip4.optlen, 4);
	T_INTEQ(pkt.l[2].u.udp.dport, 2000);
	/* options claimed past the captured bytes: truncated */
	T_INTEQ(decode(&f, 14 + 22), DEC_TRUNCATED);
	T_INTEQ(pkt.l[1].status, DEC_TRUNCATED);
}

static void test_icmpv6_nd(void)
{
	fb_fixture(&f, 25);            /* neighbor solicitation */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_CHECK(pkt.l[2].u.icmp.has_target);
	T_INTEQ(pkt.l[2].u.icmp.target[15], 2);
	T_INTEQ(pkt.l[1].u.ip6.ext1, 255);
	/* the target cut short: truncated, not a wrong address */
	T_INTEQ(decode(&f, 14 + 40 + 8 + 15), DEC_TRUNCATED);
	fb_fixture(&f, 26);            /* MLDv2 after hop-by-hop */
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.l[1].u.ip6.ext1, 0);
	T_INTEQ(pkt.l[1].u.ip6.nxt, 58);
	T_INTEQ(pkt.l[2].u.icmp.type, 143);
	T_INTEQ(pkt.l[2].u.icmp.len, 28);
}

static void test_nesting_cap(void)
{
	int i;

	fb_init(&f, 8, 0);
	fb_icmp_echo(&f, 8, 1, 1);
	for (i = 0; i < 20; i++)
		fb_ipv4(&f, FB_IP(10, 0, 0, i), FB_IP(10, 0, 1, i),
			i ? 4 : 1, 64, 0);
	fb_eth(&f, fb_mac_cs2, fb_mac_cs5, 0x0800);
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, DEC_MAX_LAYERS);
	T_CHECK(pkt.capped);
}

static void test_vxlan_port(void)
{
	int i;

	fb_vxlan_ping(&f, 1, 1);
	f.buf[f.start + 20 + 2] = 0x12;        /* dport 4790 */
	f.buf[f.start + 20 + 3] = 0xb6;
	fb_eth(&f, fb_mac_sc1, fb_mac_lc2, 0x0800);
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, 3);
	T_INTEQ(dec_vxlan_port_add(&ctx, 4790), 0);
	T_INTEQ(decode(&f, (uint32_t)fb_len(&f)), DEC_OK);
	T_INTEQ(pkt.n, 7);
	T_INTEQ(pkt.l[3].u.vxlan.vni, 42);
	T_INTEQ(dec_vxlan_port_add(&ctx, 4790), 0); /* again: no duplicate */
	T_INTEQ(dec_vxlan_port_add(&ctx, 4789), 0); /* built in */
	for (i = 0; i < 31; i++)                   /* 1 of 32 is taken */
		T_INTEQ(dec_vxlan_port_add(&ctx, (uint16_t)(20000 + i)), 0);
	T_INTEQ(dec_vxlan_port_add(&ctx, 30000), -ENOSPC);
	T_CHECK(dec_vxlan_port(&ctx, 20030) && !dec_vxlan_port(&ctx, 30000));
	/* the context is the decoder's only source: without it, 4790 is
	 * plain UDP again */
	T_CHECK(!dec_vxlan_port(NULL, 4790) && dec_vxlan_port(NULL, 8472));
}

/* The longest JSON line: DEC_MAX_LAYERS layers of one kind with every
 * field at its widest (all optional fields present, the longest IPv6
 * text, ten SACK options), for each kind: under half of CAP_JSON_MAX. */
static void test_json_max(void)
{
	static const uint8_t v6[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe };
	static char buf[CAP_JSON_MAX];
	size_t len, max = 0;
	int p, i, k;

	for (p = 0; p < DEC_PROTO_COUNT; p++) {
		memset(&pkt, 0, sizeof(pkt));
		pkt.len = pkt.caplen = UINT32_MAX;
		pkt.ts.tv_sec = 253402300799;          /* 9999-12-31 */
		pkt.ts.tv_usec = 999999;
		pkt.n = DEC_MAX_LAYERS;
		pkt.capped = true;
		for (i = 0; i < pkt.n; i++) {
			struct dec_layer *l = &pkt.l[i];

			memset(&l->u, 0xff, sizeof(l->u));
			l->proto = (uint8_t)p;
			l->status = DEC_INVALID;
			l->u.ip4.df = l->u.ip4.mf = true;
			if (p == DEC_IPV6) {
				memcpy(l->u.ip6.src, v6, 16);
				memcpy(l->u.ip6.dst, v6, 16);
				l->u.ip6.frag = l->u.ip6.frag_more = true;
			}
			if (p == DEC_ICMP || p == DEC_ICMPV6) {
				struct dec_icmp *h = &l->u.icmp;

				h->type = 3;
				h->code = 4;
				h->echo = h->quoted = h->q_ports = true;
				h->has_target = true;
				memcpy(h->target, v6, 16);
			}
			if (p == DEC_TCP) {
				struct dec_tcp *h = &l->u.tcp;

				h->nopts = DEC_TCP_OPTS;
				h->opt_bad = true;
				for (k = 0; k < DEC_TCP_OPTS; k++)
					h->opt[k] = (struct dec_tcpopt){
						5, 34, DEC_TCP_SACKS, 0 };
			}
			if (p == DEC_GRE)
				l->u.gre.has_csum = l->u.gre.has_key =
					l->u.gre.has_seq = true;
		}
		len = cap_format_json(&pkt, UINT64_MAX, buf, sizeof(buf));
		T_CHECK(len > 0);
		if (len > max)
			max = len;
	}
	fprintf(stderr, "longest JSON line: %zu bytes\n", max);
	T_CHECK(max < CAP_JSON_MAX / 2);
	memset(&pkt, 0, sizeof(pkt));
}

static void test_flags(void)
{
	char b[9];

	cap_tcp_flags(0x12, b, sizeof(b));
	T_STREQ(b, "S.");
	cap_tcp_flags(0, b, sizeof(b));
	T_STREQ(b, "none");
	cap_tcp_flags(0xff, b, sizeof(b));
	T_STREQ(b, "FSRP.UEW");
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_reference();
	test_gre_flags();
	test_other_protos();
	test_tcp_options();
	test_icmp_errors();
	test_prefixes();
	test_invalid();
	test_ipv4_frag_opts();
	test_icmpv6_nd();
	test_nesting_cap();
	test_vxlan_port();
	test_flags();
	test_json_max();
	T_DONE();
}
