/* test_net_ping.c - which address of a node ping and pingall probe: the
 * first global IPv4 address on a subnet shared with the source, else the
 * first global one; never loopback or IPv6. */
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "ovtsh/net.h"
#include "t.h"

static struct net_addr_info ad(const char *s, unsigned len, uint8_t scope)
{
	struct net_addr_info a;

	memset(&a, 0, sizeof(a));
	a.p.family = strchr(s, ':') ? AF_INET6 : AF_INET;
	inet_pton(a.p.family, s, a.p.addr);
	a.p.len = len;
	a.scope = scope;
	return a;
}

static const char *pick(const struct net_addr_info *s, int ns,
			const struct net_addr_info *d, int nd)
{
	static char buf[INET_ADDRSTRLEN];
	struct in_addr ip;

	if (!net_addr_pick(s, ns, d, nd, &ip))
		return "none";
	return inet_ntop(AF_INET, &ip, buf, sizeof(buf));
}

int main(void)
{
	struct net_addr_info src[] = {
		ad("127.0.0.1", 8, RT_SCOPE_HOST),
		ad("10.1.0.1", 24, RT_SCOPE_UNIVERSE),
	};
	struct net_addr_info dst[] = {
		ad("127.0.0.1", 8, RT_SCOPE_HOST),
		ad("2001:db8::2", 64, RT_SCOPE_UNIVERSE),
		ad("192.168.5.2", 24, RT_SCOPE_UNIVERSE),
		ad("10.1.0.2", 24, RT_SCOPE_UNIVERSE),
		ad("10.1.0.3", 24, RT_SCOPE_UNIVERSE),
	};
	struct net_addr_info lo_only[] = { ad("127.0.0.1", 8, RT_SCOPE_HOST) };
	struct net_addr_info wide[] = { ad("10.0.0.1", 8, RT_SCOPE_UNIVERSE) };

	/* a shared subnet wins over the first global address */
	T_STREQ(pick(src, 2, dst, 5), "10.1.0.2");
	/* no shared subnet: the first global IPv4 address */
	T_STREQ(pick(NULL, 0, dst, 5), "192.168.5.2");
	T_STREQ(pick(lo_only, 1, dst, 5), "192.168.5.2");
	/* the shorter prefix of the two decides: 10/8 holds 10.1.0.2 */
	T_STREQ(pick(wide, 1, dst, 5), "10.1.0.2");
	/* only loopback (or IPv6): nothing to probe */
	T_STREQ(pick(src, 2, lo_only, 1), "none");
	T_STREQ(pick(src, 2, &dst[1], 1), "none");
	T_DONE();
}
