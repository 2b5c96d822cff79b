/* value.c - names, addresses, prefixes, numbers and lists, checked and
 * parsed once for the grammar and the backends (see ovtsh/value.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ovtsh/value.h"

/* isalnum() would follow the locale: names must not. */
static bool val_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

static bool val_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

const char *val_name_bad(const char *s)
{
	if (*s && !val_alnum(*s))
		return s;
	for (; *s; s++)
		if (!val_alnum(*s) && !strchr("_.-", *s))
			return s;
	return NULL;
}

int val_name(const char *s, struct ovt_err *e)
{
	size_t n = strlen(s);
	const char *bad;

	if (n == 0 || n > VAL_NAME_MAX)
		return ovt_err_set(e, n ? ENAMETOOLONG : EINVAL,
				   "name '%.80s' must be 1-%d bytes", s,
				   VAL_NAME_MAX);
	bad = val_name_bad(s);
	if (bad == s)
		return ovt_err_set(e, EINVAL, "name '%.80s' must start with "
				   "a letter or digit", s);
	if (bad)
		return ovt_err_set(e, EINVAL, "name '%.80s' may hold "
				   "only letters, digits, '_', '.', '-'", s);
	return 0;
}

int val_node_name(const char *what, const char *s, size_t size,
		  struct ovt_err *e)
{
	if (!s || !*s)
		return ovt_err_set(e, EINVAL, "%s name is empty", what);
	if (strlen(s) >= size)
		return ovt_err_set(e, ENAMETOOLONG,
				   "%s name '%s' is longer than %zu bytes",
				   what, s, size - 1);
	if (strchr(s, '/') || !strcmp(s, ".") || !strcmp(s, ".."))
		return ovt_err_set(e, EINVAL, "invalid %s name '%s'", what, s);
	return 0;
}

int val_ifname(const char *s, struct ovt_err *e)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0)
		return ovt_err_set(e, EINVAL, "interface name is empty");
	if (n > VAL_IFNAME_MAX)
		return ovt_err_set(e, ENAMETOOLONG,
				   "interface name '%.80s' is %zu bytes, at "
				   "most %d", s, n, VAL_IFNAME_MAX);
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return ovt_err_set(e, EINVAL, "invalid interface name '%s'",
				   s);
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		/* the kernel's isspace(): \t \n \v \f \r, blank, 0xa0 */
		if (ch == '/' || ch == ':')
			return ovt_err_set(e, EINVAL,
					   "invalid interface name '%s': "
					   "'%c' is not allowed", s, ch);
		if ((ch >= '\t' && ch <= '\r') || ch == ' ' || ch == 0xa0)
			return ovt_err_set(e, EINVAL,
					   "invalid interface name '%s': "
					   "white space is not allowed", s);
	}
	return 0;
}

int val_ifname_set(char dst[IFNAMSIZ], const char *s, struct ovt_err *e)
{
	int r;

	dst[0] = '\0';
	if (!s)
		return 0;
	r = val_ifname(s, e);
	if (r < 0)
		return r;
	memcpy(dst, s, strlen(s) + 1);   /* at most IFNAMSIZ: checked */
	return 0;
}

int val_copy(char *dst, size_t size, const char *s, const char *what,
	     struct ovt_err *e)
{
	size_t n = strlen(s);

	if (n >= size)
		return ovt_err_set(e, ENAMETOOLONG,
				   "%s '%s' is longer than %zu bytes", what, s,
				   size - 1);
	memcpy(dst, s, n + 1);
	return 0;
}

int val_addr_parse(const char *s, int family, struct val_prefix *p,
		   struct ovt_err *e)
{
	memset(p, 0, sizeof(*p));
	if (s && (family == AF_INET || family == AF_UNSPEC) &&
	    inet_pton(AF_INET, s, p->addr) == 1) {
		p->family = AF_INET;
		p->len = 32;
		return 0;
	}
	/* inet_pton() alone takes no IPv4 text as IPv6, but say so */
	if (s && (family == AF_INET6 || family == AF_UNSPEC) &&
	    strchr(s, ':') && inet_pton(AF_INET6, s, p->addr) == 1) {
		p->family = AF_INET6;
		p->len = 128;
		return 0;
	}
	if (family == AF_INET)
		return ovt_err_set(e, EINVAL, "'%.80s' is not an IPv4 address "
				   "(A.B.C.D)", s ? s : "");
	if (family == AF_INET6)
		return ovt_err_set(e, EINVAL, "'%.80s' is not an IPv6 address "
				   "(X:X::X:X)", s ? s : "");
	return ovt_err_set(e, EINVAL, "'%.80s' is not an IP address",
			   s ? s : "");
}

int val_prefix_parse(const char *s, int family, struct val_prefix *p,
		     struct ovt_err *e)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	size_t n = s ? strlen(s) : 0;
	long max, m;

	memset(p, 0, sizeof(*p));
	if (family == AF_UNSPEC)
		family = s && strchr(s, ':') ? AF_INET6 : AF_INET;
	max = family == AF_INET ? 32 : 128;
	if (!s || n >= sizeof(buf) || !(slash = strchr(s, '/')))
		goto bad;
	memcpy(buf, s, n + 1);
	slash = buf + (slash - s);
	*slash = '\0';
	if (inet_pton(family, buf, p->addr) != 1)
		goto bad;
	errno = 0;
	m = strtol(slash + 1, &end, 10);
	if (!val_digit(slash[1]) || *end || errno)
		goto bad;
	if (m < 0 || m > max)
		return ovt_err_set(e, EINVAL, "prefix length %ld out of range "
				   "(0-%ld)", m, max);
	p->family = family;
	p->len = (unsigned)m;
	return 0;
bad:
	memset(p, 0, sizeof(*p));
	return ovt_err_set(e, EINVAL, "'%.80s' is not an %s prefix (%s)",
			   s ? s : "", family == AF_INET ? "IPv4" : "IPv6",
			   family == AF_INET ? "A.B.C.D/M" : "X:X::X:X/M");
}

static int val_refuse(struct ovt_err *e, const struct val_prefix *p,
		      const char *what)
{
	char a[INET6_ADDRSTRLEN];

	return ovt_err_set(e, EINVAL,
			   "'%s/%u' is %s, not an interface address",
			   val_addr_str(p, a, sizeof(a)), p->len, what);
}

static int val_ifaddr4(const struct val_prefix *p, struct ovt_err *e)
{
	const uint8_t *b = p->addr;
	uint32_t a = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		     (uint32_t)b[2] << 8 | b[3];
	uint32_t host = p->len >= 32 ? 0 : 0xffffffffu >> p->len;
	char what[64], net[INET_ADDRSTRLEN];
	struct in_addr n;

	if (a == 0)
		return val_refuse(e, p, "the unspecified address");
	if (a == 0xffffffffu)
		return val_refuse(e, p, "the limited broadcast address");
	if (b[0] == 127)
		return val_refuse(e, p, "a loopback address (127.0.0.0/8)");
	if ((b[0] & 0xf0) == 224)
		return val_refuse(e, p, "a multicast address (224.0.0.0/4)");
	if ((b[0] & 0xf0) == 240)
		return val_refuse(e, p, "a reserved address (240.0.0.0/4)");
	/* /31 (RFC 3021) and /32 have no broadcast address */
	if (p->len < 31 && (a & host) == host) {
		n.s_addr = htonl(a & ~host);
		inet_ntop(AF_INET, &n, net, sizeof(net));
		snprintf(what, sizeof(what), "the broadcast address of %s/%u",
			 net, p->len);
		return val_refuse(e, p, what);
	}
	return 0;
}

static int val_ifaddr6(const struct val_prefix *p, struct ovt_err *e)
{
	static const uint8_t zero[15];
	const uint8_t *b = p->addr;

	if (!memcmp(b, zero, 15) && b[15] == 0)
		return val_refuse(e, p, "the unspecified address");
	if (!memcmp(b, zero, 15) && b[15] == 1)
		return val_refuse(e, p, "the loopback address");
	if (b[0] == 0xff)
		return val_refuse(e, p, "a multicast address (ff00::/8)");
	return 0;
}

int val_ifaddr(const struct val_prefix *p, struct ovt_err *e)
{
	if (p->family == AF_INET && p->len <= 32)
		return val_ifaddr4(p, e);
	if (p->family == AF_INET6 && p->len <= 128)
		return val_ifaddr6(p, e);
	return ovt_err_set(e, EINVAL, "not an IPv4 or IPv6 prefix");
}

const char *val_addr_str(const struct val_prefix *p, char *buf, size_t len)
{
	if (!inet_ntop(p->family, p->addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

const char *val_prefix_str(const struct val_prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", val_addr_str(p, a, sizeof(a)), p->len);
	return buf;
}

int val_range(const char *s, long long lo, long long hi, long long *v,
	      struct ovt_err *e)
{
	char *end;
	long long x;

	errno = 0;
	if (!val_digit(s[0]) && s[0] != '-')
		goto bad;
	x = strtoll(s, &end, 10);
	if (*end)
		goto bad;
	if (errno == ERANGE || x < lo || x > hi)
		return ovt_err_set(e, ERANGE, "%.40s is out of range "
				   "(%lld-%lld)", s, lo, hi);
	*v = x;
	return 0;
bad:
	return ovt_err_set(e, EINVAL, "'%.80s' is not a number (%lld-%lld)",
			   s, lo, hi);
}

int val_list(const char *s, struct ovt_err *e)
{
	size_t n = strlen(s);

	if (!n || s[0] == ',' || s[n - 1] == ',' || strstr(s, ",,"))
		return ovt_err_set(e, EINVAL, "'%.80s' is not a "
				   "comma-separated list", s);
	return 0;
}

int val_u32_list(const char *s, unsigned lo, unsigned hi, unsigned *v,
		 int max, int *n, struct ovt_err *e)
{
	const char *p = s;
	char *end;

	*n = 0;
	while (*p) {
		unsigned long x;

		errno = 0;
		x = strtoul(p, &end, 10);
		if (end == p || errno || x < lo || x > hi ||
		    (*end && *end != ','))
			return ovt_err_set(e, EINVAL, "bad element in '%s': "
					   "each must be %u-%u", s, lo, hi);
		if (*n == max)
			return ovt_err_set(e, E2BIG, "at most %d elements",
					   max);
		v[(*n)++] = (unsigned)x;
		p = *end ? end + 1 : end;
	}
	return 0;
}
