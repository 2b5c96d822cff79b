/* test_csum.c - dec_checksums() on crafted frames: valid IPv4 and ICMP
 * checksums are ok, a broken one is not and names the value it should
 * hold (computed here with the frames helper's own RFC 1071 sum, with a
 * pseudo-header for TCP and UDP); a checksum whose bytes were not all
 * captured, one of a fragment and a zero UDP checksum over IPv4 stay
 * unknown; over IPv6 a zero UDP checksum is wrong.  And the detail view
 * prints them as tcpdump -v does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/dlt.h>

#include "ovtsh/capprint.h"
#include "../helpers/frames.h"
#include "t.h"

static struct dec_pkt pkt;
static struct fb f;

static const struct dec_layer *check(uint32_t caplen, int proto)
{
	dec_packet(&pkt, NULL, DLT_EN10MB, fb_data(&f), caplen,
		   (uint32_t)fb_len(&f));
	dec_checksums(&pkt, fb_data(&f));
	for (int i = 0; i < pkt.n; i++)
		if (pkt.l[i].proto == proto)
			return &pkt.l[i];
	return NULL;
}

/* The byte at off of the frame. */
static uint8_t *at(size_t off)
{
	return f.buf + f.start + off;
}

/* What a TCP/UDP checksum over IPv4 should be (the field zeroed). */
static uint16_t l4_want(size_t ip, uint8_t proto, size_t field)
{
	uint8_t buf[FB_SIZE + 12];
	size_t n = fb_len(&f) - ip - 20;

	memcpy(buf, at(ip + 12), 8);
	buf[8] = 0;
	buf[9] = proto;
	fb_put16(buf + 10, (uint16_t)n);
	memcpy(buf + 12, at(ip + 20), n);
	buf[12 + field] = buf[13 + field] = 0;
	return fb_csum(buf, 12 + n);
}

static void test_icmp(void)
{
	const struct dec_layer *ip, *ic;
	uint16_t ipsum, icsum;
	char line[CAP_LINE_MAX];

	fb_init(&f, 56, 0xab);
	fb_icmp_echo(&f, 8, 7, 1);
	fb_ipv4(&f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 1, 64, 3);
	fb_eth(&f, fb_mac_cs2, fb_mac_cs5, 0x0800);
	ip = check((uint32_t)fb_len(&f), DEC_IPV4);
	ic = check((uint32_t)fb_len(&f), DEC_ICMP);
	T_CHECK(ip && ip->ck.known && ip->ck.ok);
	T_CHECK(ic && ic->ck.known && ic->ck.ok);
	cap_format_detail(&pkt, line, sizeof(line));
	T_CHECK(!strstr(line, "cksum"));

	ipsum = (uint16_t)(*at(24) << 8 | *at(25));
	*at(24) ^= 0x12;
	ip = check((uint32_t)fb_len(&f), DEC_IPV4);
	T_CHECK(ip && ip->ck.known && !ip->ck.ok);
	T_INTEQ(ip->ck.want, ipsum);
	T_INTEQ(ip->ck.got, ipsum ^ 0x1200);
	cap_format_detail(&pkt, line, sizeof(line));
	T_CHECK(strstr(line, ", bad cksum ") != NULL);
	*at(24) ^= 0x12;

	/* a changed payload byte: the field should be recomputed */
	*at(14 + 20 + 30) ^= 0x01;
	*at(14 + 20 + 2) = *at(14 + 20 + 3) = 0;
	icsum = fb_csum(at(14 + 20), fb_len(&f) - 34);
	fb_put16(at(14 + 20 + 2), 0x1234);
	ic = check((uint32_t)fb_len(&f), DEC_ICMP);
	T_CHECK(ic && ic->ck.known && !ic->ck.ok);
	T_INTEQ(ic->ck.want, icsum);
	T_INTEQ(ic->ck.got, 0x1234);
	cap_format_detail(&pkt, line, sizeof(line));
	T_CHECK(strstr(line, "length 64 (wrong icmp cksum 1234 (->") != NULL);

	/* the ICMP message not captured whole: unknown; the IP header is */
	ic = check((uint32_t)fb_len(&f) - 10, DEC_ICMP);
	T_CHECK(ic && !ic->ck.known);
	ip = check((uint32_t)fb_len(&f) - 10, DEC_IPV4);
	T_CHECK(ip && ip->ck.known && ip->ck.ok);
	ip = check(14 + 19, DEC_IPV4);
	T_CHECK(!ip || !ip->ck.known);
}

static void test_tcp_udp(void)
{
	const struct dec_layer *l;
	uint16_t want;
	char line[CAP_LINE_MAX];

	fb_init(&f, 10, 0x5a);
	fb_tcp(&f, 40000, 5201, 1000, 0, 0x02, 64240);
	fb_ipv4(&f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 6, 64, 1);
	fb_eth(&f, fb_mac_cs2, fb_mac_cs5, 0x0800);
	want = l4_want(14, 6, 16);
	l = check((uint32_t)fb_len(&f), DEC_TCP);
	T_CHECK(l && l->ck.known && !l->ck.ok);
	T_INTEQ(l->ck.want, want);
	fb_put16(at(14 + 20 + 16), want);
	l = check((uint32_t)fb_len(&f), DEC_TCP);
	T_CHECK(l && l->ck.known && l->ck.ok);
	cap_format_detail(&pkt, line, sizeof(line));
	T_CHECK(strstr(line, "Flags [S], cksum 0x") != NULL);
	T_CHECK(strstr(line, " (correct), seq 1000") != NULL);

	/* UDP over IPv4: 0 is "no checksum" */
	fb_init(&f, 32, 0x11);
	fb_udp(&f, 53000, 9999);
	fb_ipv4(&f, FB_IP(32, 0, 0, 5), FB_IP(32, 0, 0, 2), 17, 64, 2);
	fb_eth(&f, fb_mac_cs2, fb_mac_cs5, 0x0800);
	l = check((uint32_t)fb_len(&f), DEC_UDP);
	T_CHECK(l && !l->ck.known);
	want = l4_want(14, 17, 6);
	fb_put16(at(14 + 20 + 6), want);
	l = check((uint32_t)fb_len(&f), DEC_UDP);
	T_CHECK(l && l->ck.known && l->ck.ok);

	/* a first fragment (MF): the segment is not all here */
	*at(14 + 6) |= 0x20;
	*at(14 + 10) = *at(14 + 11) = 0;
	fb_put16(at(14 + 10), fb_csum(at(14), 20));
	l = check((uint32_t)fb_len(&f), DEC_UDP);
	T_CHECK(l && !l->ck.known);
}

static void test_udp6(void)
{
	static const uint8_t a[16] = { 0xfd, [15] = 1 }, b[16] = { 0xfd, [15] = 2 };
	const struct dec_layer *l;
	char line[CAP_LINE_MAX], want[64];
	uint8_t buf[40 + 16];
	uint16_t sum;

	fb_init(&f, 8, 0);
	fb_udp(&f, 1000, 2000);
	fb_ipv6(&f, a, b, 17, 64);
	fb_eth(&f, fb_mac_cs2, fb_mac_cs5, 0x86dd);
	l = check((uint32_t)fb_len(&f), DEC_UDP);
	T_CHECK(l && l->ck.known && !l->ck.ok);
	T_INTEQ(l->ck.got, 0);
	/* the pseudo-header: addresses, upper length, next header */
	memcpy(buf, a, 16);
	memcpy(buf + 16, b, 16);
	memset(buf + 32, 0, 8);
	buf[35] = 16;
	buf[39] = 17;
	memcpy(buf + 40, at(14 + 40), 16);
	sum = fb_csum(buf, sizeof(buf));
	T_INTEQ(l->ck.want, sum);
	cap_format_detail(&pkt, line, sizeof(line));
	snprintf(want, sizeof(want), ": [bad udp cksum 0x0000 -> 0x%04x!] UDP",
		 sum);
	T_CHECK(strstr(line, want) != NULL);
	fb_put16(at(14 + 40 + 6), sum);
	l = check((uint32_t)fb_len(&f), DEC_UDP);
	T_CHECK(l && l->ck.known && l->ck.ok);
	cap_format_detail(&pkt, line, sizeof(line));
	T_CHECK(strstr(line, ": [udp sum ok] UDP, length 8") != NULL);
}

int main(void)
{
	test_icmp();
	test_tcp_udp();
	test_udp6();
	T_DONE();
}
