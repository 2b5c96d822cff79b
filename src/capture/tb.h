/* tb.h - the text printers' bounded buffer (print_text.c, the default
 * tcpdump -nn line; print_detail.c, what tcpdump -e -v adds). */
#ifndef OVTSH_CAP_TB_H
#define OVTSH_CAP_TB_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

#include "ovtsh/capprint.h"

/* A bounded text buffer: writes past the end are dropped.  v: the
 * detail view (tcpdump -nn -e -v). */
struct tb {
	char *p, *end;
	bool v;
};

static inline void tb_mem(struct tb *b, const char *s, size_t n)
{
	if (n > (size_t)(b->end - b->p))
		n = (size_t)(b->end - b->p);
	memcpy(b->p, s, n);
	b->p += n;
}

#define tb_lit(b, s) tb_mem(b, s, sizeof(s) - 1)

static inline void tb_str(struct tb *b, const char *s)
{
	tb_mem(b, s, strlen(s));
}

static inline void tb_u(struct tb *b, unsigned long v)
{
	char t[24], *q = t + sizeof(t);

	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	tb_mem(b, q, (size_t)(t + sizeof(t) - q));
}

/* a label, then a number: ", ttl 64" */
static inline void tb_su(struct tb *b, const char *s, unsigned long v)
{
	tb_str(b, s);
	tb_u(b, v);
}

static const char tb_hexdig[] = "0123456789abcdef";

/* v in hex, at least width digits */
static inline void tb_hex(struct tb *b, unsigned long v, int width)
{
	char t[20], *q = t + sizeof(t);

	do {
		*--q = tb_hexdig[v & 15];
		v >>= 4;
		width--;
	} while (v || width > 0);
	tb_mem(b, q, (size_t)(t + sizeof(t) - q));
}

/* a label, then a number in hex: ", sum 0x" "fa06" */
static inline void tb_sx(struct tb *b, const char *s, unsigned long v,
			 int width)
{
	tb_str(b, s);
	tb_hex(b, v, width);
}

static inline void tb_ip4(struct tb *b, const uint8_t a[4])
{
	char s[16];

	tb_mem(b, s, cap_fmt_ip4(s, a));
}

static inline void tb_ip6(struct tb *b, const uint8_t a[16])
{
	char s[INET6_ADDRSTRLEN];

	if (inet_ntop(AF_INET6, a, s, sizeof(s)))
		tb_str(b, s);
}

static inline void tb_mac(struct tb *b, const uint8_t m[6])
{
	char s[18];

	tb_mem(b, s, cap_fmt_mac(s, m));
}

/* print_detail.c: the parts of a layer only the detail view prints, in
 * tcpdump -e -v's words. */
void cap_d_eth(struct tb *b, const struct dec_pkt *pkt,
	       const struct dec_layer *l);
void cap_d_vlan(struct tb *b, const struct dec_layer *l);
void cap_d_arp(struct tb *b, const struct dec_layer *l);
void cap_d_ipv4(struct tb *b, const struct dec_layer *l);
void cap_d_ipv6(struct tb *b, const struct dec_layer *l);
void cap_d_icmp_quote(struct tb *b, const struct dec_layer *l);
void cap_d_gre(struct tb *b, const struct dec_layer *l);
void cap_d_csum(struct tb *b, const struct dec_layer *l,
		const struct dec_layer *ip);

#endif
