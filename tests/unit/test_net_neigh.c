/* test_net_neigh.c - RTM_NEWNEIGH messages as the kernel sends them for
 * "bridge fdb" and "ip neigh" dumps, decoded into net_neigh_info: a
 * VXLAN port's entry with its remote VTEP, a bridge-learned entry with
 * its master, an ARP entry; other families and truncated attributes
 * left out; the names of states and flags. */
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "../../src/net/net_int.h"
#include "t.h"

static const uint8_t mac[6] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };

static struct nl_msg *msg(uint8_t family, int ifindex, uint16_t state,
			  uint8_t flags)
{
	struct ndmsg nd = { .ndm_family = family, .ndm_ifindex = ifindex,
			    .ndm_state = state, .ndm_flags = flags };
	struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWNEIGH, 0);

	if (m)
		nlmsg_append(m, &nd, sizeof(nd), NLMSG_ALIGNTO);
	return m;
}

static void put4(struct nl_msg *m, int type, const char *ip)
{
	struct in_addr a;

	inet_pton(AF_INET, ip, &a);
	nla_put(m, type, 4, &a);
}

int main(void)
{
	struct net_neigh_info x;
	const char *f[8];
	char ab[64];
	struct nl_msg *m;
	int n;

	/* vx42's own entry: learned from 110.0.0.2 (self) */
	m = msg(AF_BRIDGE, 7, NUD_REACHABLE, NTF_SELF);
	nla_put(m, NDA_LLADDR, 6, mac);
	put4(m, NDA_DST, "110.0.0.2");
	nla_put_u32(m, NDA_VNI, 42);
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_BRIDGE, &x), 1);
	T_INTEQ(x.ifindex, 7);
	T_CHECK(x.has_lladdr && !memcmp(x.lladdr, mac, 6));
	T_CHECK(x.has_dst && x.dst.family == AF_INET && x.dst.len == 32);
	T_STREQ(inet_ntop(AF_INET, x.dst.addr, ab, sizeof(ab)), "110.0.0.2");
	T_CHECK(x.has_vni && x.vni == 42);
	T_CHECK(!x.has_vlan && x.master == 0);
	n = net_fdb_flag_names(&x, f, 8);
	T_INTEQ(n, 1);
	T_STREQ(f[0], "self");
	/* not an ARP/ND entry */
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_UNSPEC, &x), 0);
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_INET, &x), 0);
	nlmsg_free(m);

	/* br0's entry on port vx42, vlan 1, the port's own MAC permanent */
	m = msg(AF_BRIDGE, 7, NUD_PERMANENT, NTF_MASTER | NTF_EXT_LEARNED);
	nla_put(m, NDA_LLADDR, 6, mac);
	nla_put_u32(m, NDA_MASTER, 5);
	nla_put_u16(m, NDA_VLAN, 1);
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_BRIDGE, &x), 1);
	T_INTEQ(x.master, 5);
	T_CHECK(x.has_vlan && x.vlan == 1);
	T_CHECK(!x.has_dst && !x.has_vni);
	n = net_fdb_flag_names(&x, f, 8);
	T_INTEQ(n, 3);
	T_STREQ(f[0], "master");
	T_STREQ(f[1], "extern_learn");
	T_STREQ(f[2], "permanent");
	/* a short array gets the first names only */
	T_INTEQ(net_fdb_flag_names(&x, f, 1), 1);
	nlmsg_free(m);

	/* a static entry (bridge fdb add ... static) */
	m = msg(AF_BRIDGE, 3, NUD_NOARP, 0);
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_BRIDGE, &x), 1);
	T_CHECK(!x.has_lladdr);
	n = net_fdb_flag_names(&x, f, 8);
	T_INTEQ(n, 1);
	T_STREQ(f[0], "static");
	nlmsg_free(m);

	/* an ARP entry; a MAC of the wrong length is not taken */
	m = msg(AF_INET, 2, NUD_STALE, 0);
	put4(m, NDA_DST, "32.0.0.5");
	nla_put(m, NDA_LLADDR, 4, mac);
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_UNSPEC, &x), 1);
	T_INTEQ(x.family, AF_INET);
	T_CHECK(x.has_dst && !x.has_lladdr);
	T_STREQ(inet_ntop(AF_INET, x.dst.addr, ab, sizeof(ab)), "32.0.0.5");
	T_STREQ(net_neigh_state_name(x.state), "STALE");
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_INET6, &x), 0);
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_BRIDGE, &x), 0);
	nlmsg_free(m);

	/* an ND entry with a 16-byte address; a 5-byte NDA_DST is none */
	m = msg(AF_INET6, 2, NUD_REACHABLE, NTF_ROUTER);
	nla_put(m, NDA_DST, 16, "\xfe\x80\0\0\0\0\0\0\0\0\0\0\0\0\0\x01");
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_UNSPEC, &x), 1);
	T_CHECK(x.has_dst && x.dst.family == AF_INET6 && x.dst.len == 128);
	T_STREQ(inet_ntop(AF_INET6, x.dst.addr, ab, sizeof(ab)), "fe80::1");
	T_STREQ(net_neigh_state_name(x.state), "REACHABLE");
	nlmsg_free(m);
	m = msg(AF_INET, 2, NUD_FAILED, 0);
	nla_put(m, NDA_DST, 5, "\1\2\3\4\5");
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_INET, &x), 1);
	T_CHECK(!x.has_dst);
	T_STREQ(net_neigh_state_name(x.state), "FAILED");
	nlmsg_free(m);

	/* another message type is not a neighbour */
	m = nlmsg_alloc_simple(RTM_NEWADDR, 0);
	T_INTEQ(net_neigh_decode(nlmsg_hdr(m), AF_UNSPEC, &x), 0);
	nlmsg_free(m);
	T_STREQ(net_neigh_state_name(0), "NONE");
	T_STREQ(net_neigh_state_name(NUD_PERMANENT), "PERMANENT");
	T_DONE();
}
