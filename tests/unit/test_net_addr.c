/* test_net_addr.c - which IPv6 addresses the kernel made itself (not
 * written by the running-config) and which a user configured: by
 * IFA_PROTO where the kernel labels its own, else by how addrconf makes
 * link-local addresses (EUI-64 of the MAC, stable-privacy flag). */
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <string.h>

#include "../../src/net/net_int.h"
#include "t.h"

static const uint8_t mac[6] = { 0x06, 0xa4, 0x72, 0xee, 0x3f, 0x17 };

static struct net_addr_info ad(const char *s, unsigned len, uint8_t proto,
			       uint32_t flags)
{
	struct net_addr_info a;

	memset(&a, 0, sizeof(a));
	a.ifindex = 4;
	a.p.family = strchr(s, ':') ? AF_INET6 : AF_INET;
	inet_pton(a.p.family, s, a.p.addr);
	a.p.len = len;
	a.proto = proto;
	a.flags = flags | IFA_F_PERMANENT;
	return a;
}

int main(void)
{
	/* a kernel that labels (5.18+): lo's ::1 and the LLs carry protos */
	struct net_addr_info lab[] = {
		ad("::1", 128, IFAPROT_KERNEL_LO, 0),
		ad("fe80::4a4:72ff:feee:3f17", 64, IFAPROT_KERNEL_LL, 0),
		ad("fe80::1", 64, 0, 0),
		ad("2001:db8::1", 64, 0, 0),
		ad("10.1.1.1", 24, 0, 0),
		ad("fe80::d3eb:6891:2fdf:e836", 64, IFAPROT_KERNEL_LL,
		   IFA_F_STABLE_PRIVACY),
		ad("2001:db8:1:0:4a4:72ff:feee:3f17", 64, IFAPROT_KERNEL_RA, 0),
	};
	/* an older kernel: nothing labelled */
	struct net_addr_info old[] = {
		ad("fe80::4a4:72ff:feee:3f17", 64, 0, 0),
		ad("fe80::1", 64, 0, 0),
		ad("fe80::d3eb:6891:2fdf:e836", 64, 0, IFA_F_STABLE_PRIVACY),
		ad("2001:db8::1", 64, 0, 0),
		ad("fe80::4a4:72ff:feee:3f17", 10, 0, 0),
		ad("fe80::6a4:72ff:feee:3f17", 64, 0, 0),
	};
	int nl = (int)(sizeof(lab) / sizeof(lab[0]));
	int no = (int)(sizeof(old) / sizeof(old[0]));

	T_CHECK(net_addr_kernel_made(lab, nl, 1, mac));
	T_CHECK(!net_addr_kernel_made(lab, nl, 2, mac));   /* fe80::1 */
	T_CHECK(!net_addr_kernel_made(lab, nl, 3, mac));
	T_CHECK(!net_addr_kernel_made(lab, nl, 4, mac));   /* IPv4 */
	T_CHECK(net_addr_kernel_made(lab, nl, 5, mac));    /* random mode */
	T_CHECK(net_addr_kernel_made(lab, nl, 6, mac));    /* from an RA */
	/* labelled kernel: a user's address equal to the EUI-64 is the user's */
	lab[1].proto = 0;
	T_CHECK(!net_addr_kernel_made(lab, nl, 1, mac));

	T_CHECK(net_addr_kernel_made(old, no, 0, mac));    /* EUI-64 */
	T_CHECK(!net_addr_kernel_made(old, no, 1, mac));   /* fe80::1 */
	T_CHECK(net_addr_kernel_made(old, no, 2, mac));    /* stable privacy */
	T_CHECK(!net_addr_kernel_made(old, no, 3, mac));   /* global */
	T_CHECK(!net_addr_kernel_made(old, no, 4, mac));   /* not a /64 */
	T_CHECK(!net_addr_kernel_made(old, no, 5, mac));   /* U/L bit kept */
	T_CHECK(!net_addr_kernel_made(old, no, 0, NULL));  /* no MAC */
	T_DONE();
}
