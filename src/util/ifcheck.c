/* ifcheck.c - interface names and interface addresses (see
 * ovtsh/ifcheck.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ovtsh/ifcheck.h"

int ifcheck_name(const char *name, struct ovt_err *e)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0)
		return ovt_err_set(e, EINVAL, "interface name is empty");
	if (n > IFCHECK_NAME_MAX)
		return ovt_err_set(e, ENAMETOOLONG,
				   "interface name '%.80s' is %zu bytes, at "
				   "most %d", name, n, IFCHECK_NAME_MAX);
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return ovt_err_set(e, EINVAL, "invalid interface name '%s'",
				   name);
	for (const char *p = name; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		/* the kernel's isspace(): \t \n \v \f \r, blank, 0xa0 */
		if (ch == '/' || ch == ':')
			return ovt_err_set(e, EINVAL,
					   "invalid interface name '%s': "
					   "'%c' is not allowed", name, ch);
		if ((ch >= '\t' && ch <= '\r') || ch == ' ' || ch == 0xa0)
			return ovt_err_set(e, EINVAL,
					   "invalid interface name '%s': "
					   "white space is not allowed", name);
	}
	return 0;
}

static int ifcheck_refuse(struct ovt_err *e, int family, const void *addr,
			  unsigned plen, const char *what)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(family, addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	return ovt_err_set(e, EINVAL,
			   "'%s/%u' is %s, not an interface address", a, plen,
			   what);
}

static int ifcheck_addr4(const uint8_t *b, unsigned plen, struct ovt_err *e)
{
	uint32_t a = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		     (uint32_t)b[2] << 8 | b[3];
	uint32_t host = plen >= 32 ? 0 : 0xffffffffu >> plen;
	char what[64], net[INET_ADDRSTRLEN];
	struct in_addr n;

	if (a == 0)
		return ifcheck_refuse(e, AF_INET, b, plen,
				      "the unspecified address");
	if (a == 0xffffffffu)
		return ifcheck_refuse(e, AF_INET, b, plen,
				      "the limited broadcast address");
	if (b[0] == 127)
		return ifcheck_refuse(e, AF_INET, b, plen,
				      "a loopback address (127.0.0.0/8)");
	if ((b[0] & 0xf0) == 224)
		return ifcheck_refuse(e, AF_INET, b, plen,
				      "a multicast address (224.0.0.0/4)");
	if ((b[0] & 0xf0) == 240)
		return ifcheck_refuse(e, AF_INET, b, plen,
				      "a reserved address (240.0.0.0/4)");
	/* /31 (RFC 3021) and /32 have no broadcast address */
	if (plen < 31 && (a & host) == host) {
		n.s_addr = htonl(a & ~host);
		inet_ntop(AF_INET, &n, net, sizeof(net));
		snprintf(what, sizeof(what), "the broadcast address of %s/%u",
			 net, plen);
		return ifcheck_refuse(e, AF_INET, b, plen, what);
	}
	return 0;
}

static int ifcheck_addr6(const uint8_t *b, unsigned plen, struct ovt_err *e)
{
	static const uint8_t zero[15];

	if (!memcmp(b, zero, 15) && b[15] == 0)
		return ifcheck_refuse(e, AF_INET6, b, plen,
				      "the unspecified address");
	if (!memcmp(b, zero, 15) && b[15] == 1)
		return ifcheck_refuse(e, AF_INET6, b, plen,
				      "the loopback address");
	if (b[0] == 0xff)
		return ifcheck_refuse(e, AF_INET6, b, plen,
				      "a multicast address (ff00::/8)");
	return 0;
}

int ifcheck_addr(int family, const void *addr, unsigned plen,
		 struct ovt_err *e)
{
	if (family == AF_INET && plen <= 32)
		return ifcheck_addr4(addr, plen, e);
	if (family == AF_INET6 && plen <= 128)
		return ifcheck_addr6(addr, plen, e);
	return ovt_err_set(e, EINVAL, "not an IPv4 or IPv6 prefix");
}
