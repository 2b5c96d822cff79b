/* types.c - typed placeholders: what each accepts and why it refuses.
 *
 * A refusal carries the reason, so "vni 16777216" reports the range and
 * "interface averyveryverylongname" the 15-byte limit, beside the caret.
 * Interface names and addresses follow ovtsh/ifcheck.h, as the net
 * backend does.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "ovtsh/ifcheck.h"

#define NAME_MAX_LEN 63

static const char *ty_any(const struct gnode *g, const char *tok, char *why,
			  size_t len)
{
	(void)g;
	(void)why;
	(void)len;
	return *tok ? NULL : "empty word";
}

static const char *ty_name(const struct gnode *g, const char *tok, char *why,
			   size_t len)
{
	size_t n = strlen(tok);

	(void)g;
	if (n == 0 || n > NAME_MAX_LEN) {
		snprintf(why, len, "name '%.80s' must be 1-%d bytes", tok,
			 NAME_MAX_LEN);
		return why;
	}
	if (!isalnum((unsigned char)tok[0])) {
		snprintf(why, len, "name '%.80s' must start with a letter or digit",
			 tok);
		return why;
	}
	for (const char *p = tok; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p)) {
			snprintf(why, len,
				 "name '%.80s' may hold only letters, digits, '_', '.', '-'",
				 tok);
			return why;
		}
	return NULL;
}

static const char *ty_ifname(const struct gnode *g, const char *tok, char *why,
			     size_t len)
{
	struct ovt_err e;

	(void)g;
	if (ifcheck_name(tok, &e) < 0) {
		snprintf(why, len, "%s", e.msg);
		return why;
	}
	return NULL;
}

static const char *ty_ipv4(const struct gnode *g, const char *tok, char *why,
			   size_t len)
{
	struct in_addr a;

	(void)g;
	if (inet_pton(AF_INET, tok, &a) != 1) {
		snprintf(why, len, "'%.80s' is not an IPv4 address (A.B.C.D)",
			 tok);
		return why;
	}
	return NULL;
}

/* addr/len, len 0-32 (AF_INET) or 0-128 (AF_INET6).  The address
 * and length go to a and plen. */
static const char *ty_prefix(const char *tok, int af, char *why, size_t len,
			     unsigned char a[16], unsigned *plen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	int max = af == AF_INET ? 32 : 128;
	long m;

	if (strlen(tok) >= sizeof(buf) || !(slash = strchr(tok, '/')))
		goto bad;
	memcpy(buf, tok, strlen(tok) + 1);
	slash = buf + (slash - tok);
	*slash = '\0';
	if (inet_pton(af, buf, a) != 1)
		goto bad;
	errno = 0;
	m = strtol(slash + 1, &end, 10);
	if (!isdigit((unsigned char)slash[1]) || *end || errno)
		goto bad;
	if (m < 0 || m > max) {
		snprintf(why, len, "prefix length %ld out of range (0-%d)", m,
			 max);
		return why;
	}
	*plen = (unsigned)m;
	return NULL;
bad:
	snprintf(why, len, "'%.80s' is not an %s prefix (%s)", tok,
		 af == AF_INET ? "IPv4" : "IPv6",
		 af == AF_INET ? "A.B.C.D/M" : "X:X::X:X/M");
	return why;
}

static const char *ty_ipv4pfx(const struct gnode *g, const char *tok,
			      char *why, size_t len)
{
	unsigned char a[16];
	unsigned plen;

	(void)g;
	return ty_prefix(tok, AF_INET, why, len, a, &plen);
}

/* An interface's own address: a prefix whose address a host may hold. */
static const char *ty_ifaddr(const char *tok, int af, char *why, size_t len)
{
	unsigned char a[16];
	struct ovt_err e;
	unsigned plen;

	if (ty_prefix(tok, af, why, len, a, &plen))
		return why;
	if (ifcheck_addr(af, a, plen, &e) < 0) {
		snprintf(why, len, "%s", e.msg);
		return why;
	}
	return NULL;
}

static const char *ty_ifaddr4(const struct gnode *g, const char *tok,
			      char *why, size_t len)
{
	(void)g;
	return ty_ifaddr(tok, AF_INET, why, len);
}

static const char *ty_ifaddr6(const struct gnode *g, const char *tok,
			      char *why, size_t len)
{
	(void)g;
	return ty_ifaddr(tok, AF_INET6, why, len);
}

static const char *ty_ipv6(const struct gnode *g, const char *tok, char *why,
			   size_t len)
{
	struct in6_addr a;

	(void)g;
	if (!strchr(tok, ':') || inet_pton(AF_INET6, tok, &a) != 1) {
		snprintf(why, len, "'%.80s' is not an IPv6 address (X:X::X:X)",
			 tok);
		return why;
	}
	return NULL;
}

static const char *ty_ipv6pfx(const struct gnode *g, const char *tok,
			      char *why, size_t len)
{
	unsigned char a[16];
	unsigned plen;

	(void)g;
	return ty_prefix(tok, AF_INET6, why, len, a, &plen);
}

static const char *ty_range(const struct gnode *g, const char *tok, char *why,
			    size_t len)
{
	char *end;
	long long v;

	errno = 0;
	if (!isdigit((unsigned char)tok[0]) && tok[0] != '-')
		goto bad;
	v = strtoll(tok, &end, 10);
	if (*end)
		goto bad;
	if (errno == ERANGE || v < g->lo || v > g->hi) {
		snprintf(why, len, "%.40s is out of range (%lld-%lld)", tok,
			 g->lo, g->hi);
		return why;
	}
	return NULL;
bad:
	snprintf(why, len, "'%.80s' is not a number (%lld-%lld)", tok, g->lo,
		 g->hi);
	return why;
}

static const char *ty_list(const struct gnode *g, const char *tok, char *why,
			   size_t len)
{
	size_t n = strlen(tok);

	(void)g;
	if (!n || tok[0] == ',' || tok[n - 1] == ',' || strstr(tok, ",,")) {
		snprintf(why, len, "'%.80s' is not a comma-separated list", tok);
		return why;
	}
	return NULL;
}

static const struct cli_type cli_types[] = {
	{ .name = "WORD",       .argname = "word",    .rank = 1, .check = ty_any },
	{ .name = "STRING",     .argname = "string",  .rank = 1, .check = ty_any },
	{ .name = "FILE",       .argname = "file",    .rank = 1, .check = ty_any },
	{ .name = "LINE",       .argname = "line",    .rank = 0, .check = ty_any },
	{ .name = "LIST",       .argname = "list",    .rank = 1, .check = ty_list },
	{ .name = "NAME",       .argname = "name",    .rank = 2, .check = ty_name },
	{ .name = "IFNAME",     .argname = "ifname",  .rank = 2, .check = ty_ifname },
	{ .name = "A.B.C.D",    .argname = "a.b.c.d",      .rank = 3, .check = ty_ipv4 },
	{ .name = "A.B.C.D/M",  .argname = "a.b.c.d/m",  .rank = 3, .check = ty_ipv4pfx },
	{ .name = "X:X::X:X",   .argname = "x:x::x:x",    .rank = 3, .check = ty_ipv6 },
	{ .name = "X:X::X:X/M", .argname = "x:x::x:x/m", .rank = 3, .check = ty_ipv6pfx },
	/* an interface's own address (A.B.C.D/M, X:X::X:X/M: routes) */
	{ .name = "IFADDR4",    .argname = "ifaddr4", .rank = 3, .check = ty_ifaddr4 },
	{ .name = "IFADDR6",    .argname = "ifaddr6", .rank = 3, .check = ty_ifaddr6 },
	{ .name = "(lo-hi)",    .argname = "num",     .rank = 3, .check = ty_range },
};

const struct cli_type *type_find(const char *text)
{
	size_t n = sizeof(cli_types) / sizeof(cli_types[0]);

	if (text[0] == '(')
		return &cli_types[n - 1];
	for (size_t i = 0; i < n - 1; i++)
		if (!strcmp(cli_types[i].name, text))
			return &cli_types[i];
	return NULL;
}

bool type_is_placeholder(const char *text)
{
	if (text[0] == '(')
		return true;
	for (const char *p = text; *p; p++)
		if (islower((unsigned char)*p))
			return false;
	return isupper((unsigned char)text[0]) != 0;
}
