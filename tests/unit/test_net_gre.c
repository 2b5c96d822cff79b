/* test_net_gre.c - the netlink messages ovtsh builds for gre, gretap,
 * vxlan and veth links, serialized with rtnl_link_build_add_request()
 * and parsed back attribute by attribute: no kernel needed. */
#include "ovtsh/net.h"      /* net/if.h first: linux/if.h then defers */

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/veth.h>
#include <stdlib.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/route/link.h>

#include "t.h"

/* The attributes of the request built for spec s. */
struct parsed {
	struct nl_msg *msg;
	struct nlattr *tb[IFLA_MAX + 1];
	struct nlattr *info[IFLA_INFO_MAX + 1];
	struct nlattr *data[IFLA_VXLAN_MAX + IFLA_GRE_MAX + 1];
};

static int build(const struct net_link_spec *s, struct parsed *p, int dmax)
{
	struct rtnl_link *l = NULL;
	struct ovt_err e = { 0 };
	int r;

	memset(p, 0, sizeof(*p));
	r = net_link_build(s, &l, &e);
	if (r < 0) {
		fprintf(stderr, "build: %s\n", e.msg);
		return r;
	}
	r = rtnl_link_build_add_request(l, NLM_F_CREATE | NLM_F_EXCL, &p->msg);
	rtnl_link_put(l);
	if (r < 0)
		return r;
	r = nlmsg_parse(nlmsg_hdr(p->msg), sizeof(struct ifinfomsg), p->tb,
			IFLA_MAX, NULL);
	if (r < 0 || !p->tb[IFLA_LINKINFO])
		return -1;
	r = nla_parse_nested(p->info, IFLA_INFO_MAX, p->tb[IFLA_LINKINFO],
			     NULL);
	if (r < 0)
		return r;
	if (p->info[IFLA_INFO_DATA])
		r = nla_parse_nested(p->data, dmax, p->info[IFLA_INFO_DATA],
				     NULL);
	return r;
}

static void check_gre(enum net_kind kind, const char *kname)
{
	struct net_link_spec s = { .kind = kind, .peer_fd = -1, .ttl = 64,
				   .has_key = true, .ikey = 42, .okey = 42,
				   .dev_ifindex = 7 };
	struct parsed p;

	snprintf(s.name, sizeof(s.name), "gretun1");
	inet_pton(AF_INET, "101.0.0.2", &s.local);
	inet_pton(AF_INET, "102.0.0.2", &s.remote);
	T_INTEQ(build(&s, &p, IFLA_GRE_MAX), 0);
	T_INTEQ(nlmsg_hdr(p.msg)->nlmsg_type, RTM_NEWLINK);
	T_CHECK(nlmsg_hdr(p.msg)->nlmsg_flags & NLM_F_CREATE);
	T_CHECK(p.tb[IFLA_IFNAME] != NULL);
	if (p.tb[IFLA_IFNAME])
		T_STREQ(nla_get_string(p.tb[IFLA_IFNAME]), "gretun1");
	T_CHECK(p.info[IFLA_INFO_KIND] != NULL);
	if (p.info[IFLA_INFO_KIND])
		T_STREQ(nla_get_string(p.info[IFLA_INFO_KIND]), kname);
	T_CHECK(p.data[IFLA_GRE_LOCAL] && p.data[IFLA_GRE_REMOTE] &&
		p.data[IFLA_GRE_TTL] && p.data[IFLA_GRE_IKEY] &&
		p.data[IFLA_GRE_OKEY] && p.data[IFLA_GRE_IFLAGS] &&
		p.data[IFLA_GRE_OFLAGS] && p.data[IFLA_GRE_LINK]);
	if (p.data[IFLA_GRE_LOCAL] && p.data[IFLA_GRE_REMOTE]) {
		T_INTEQ(nla_get_u32(p.data[IFLA_GRE_LOCAL]), s.local.s_addr);
		T_INTEQ(nla_get_u32(p.data[IFLA_GRE_REMOTE]),
			s.remote.s_addr);
	}
	if (p.data[IFLA_GRE_IKEY] && p.data[IFLA_GRE_OKEY]) {
		/* keys travel in network byte order */
		T_INTEQ(ntohl(nla_get_u32(p.data[IFLA_GRE_IKEY])), 42);
		T_INTEQ(ntohl(nla_get_u32(p.data[IFLA_GRE_OKEY])), 42);
	}
	if (p.data[IFLA_GRE_IFLAGS] && p.data[IFLA_GRE_OFLAGS]) {
		T_INTEQ(nla_get_u16(p.data[IFLA_GRE_IFLAGS]), GRE_KEY);
		T_INTEQ(nla_get_u16(p.data[IFLA_GRE_OFLAGS]), GRE_KEY);
	}
	if (p.data[IFLA_GRE_TTL])
		T_INTEQ(nla_get_u8(p.data[IFLA_GRE_TTL]), 64);
	if (p.data[IFLA_GRE_LINK])
		T_INTEQ(nla_get_u32(p.data[IFLA_GRE_LINK]), 7);
	nlmsg_free(p.msg);
}

/* Without a key no key attributes or flags may be set to GRE_KEY. */
static void check_gre_nokey(void)
{
	struct net_link_spec s = { .kind = NET_K_GRE, .peer_fd = -1 };
	struct parsed p;

	snprintf(s.name, sizeof(s.name), "g0");
	inet_pton(AF_INET, "10.0.0.1", &s.local);
	inet_pton(AF_INET, "10.0.0.2", &s.remote);
	T_INTEQ(build(&s, &p, IFLA_GRE_MAX), 0);
	T_CHECK(!p.data[IFLA_GRE_IFLAGS] ||
		!(nla_get_u16(p.data[IFLA_GRE_IFLAGS]) & GRE_KEY));
	T_CHECK(!p.data[IFLA_GRE_TTL] || nla_get_u8(p.data[IFLA_GRE_TTL]) == 0);
	nlmsg_free(p.msg);
}

static void check_vxlan(void)
{
	struct net_link_spec s = { .kind = NET_K_VXLAN, .peer_fd = -1,
				   .id = 42, .dev_ifindex = 3 };
	struct parsed p;
	uint32_t v;

	snprintf(s.name, sizeof(s.name), "vx42");
	inet_pton(AF_INET, "110.0.0.2", &s.local);
	inet_pton(AF_INET, "111.0.0.2", &s.remote);
	T_INTEQ(build(&s, &p, IFLA_VXLAN_MAX), 0);
	if (p.info[IFLA_INFO_KIND])
		T_STREQ(nla_get_string(p.info[IFLA_INFO_KIND]), "vxlan");
	T_CHECK(p.data[IFLA_VXLAN_ID] && p.data[IFLA_VXLAN_PORT] &&
		p.data[IFLA_VXLAN_LOCAL] && p.data[IFLA_VXLAN_GROUP] &&
		p.data[IFLA_VXLAN_LINK]);
	if (p.data[IFLA_VXLAN_ID])
		T_INTEQ(nla_get_u32(p.data[IFLA_VXLAN_ID]), 42);
	if (p.data[IFLA_VXLAN_PORT])   /* default IANA port, big endian */
		T_INTEQ(ntohs(nla_get_u16(p.data[IFLA_VXLAN_PORT])), 4789);
	if (p.data[IFLA_VXLAN_GROUP]) {
		v = nla_get_u32(p.data[IFLA_VXLAN_GROUP]);
		T_INTEQ(v, s.remote.s_addr);
	}
	if (p.data[IFLA_VXLAN_LINK])
		T_INTEQ(nla_get_u32(p.data[IFLA_VXLAN_LINK]), 3);
	nlmsg_free(p.msg);
}

static void check_veth(void)
{
	struct net_link_spec s = { .kind = NET_K_VETH, .peer_fd = 9 };
	struct nlattr *peer[IFLA_MAX + 1];
	struct parsed p;
	struct nlattr *pi;

	snprintf(s.name, sizeof(s.name), "eth1");
	snprintf(s.peer, sizeof(s.peer), "lc1-eth1");
	T_INTEQ(build(&s, &p, VETH_INFO_MAX), 0);
	if (p.info[IFLA_INFO_KIND])
		T_STREQ(nla_get_string(p.info[IFLA_INFO_KIND]), "veth");
	pi = p.data[VETH_INFO_PEER];
	T_CHECK(pi != NULL);
	/* VETH_INFO_PEER: an ifinfomsg, then the peer's own attributes */
	if (pi && nla_len(pi) >= (int)sizeof(struct ifinfomsg)) {
		T_INTEQ(nla_parse(peer, IFLA_MAX,
				  (struct nlattr *)((char *)nla_data(pi) +
				  NLMSG_ALIGN(sizeof(struct ifinfomsg))),
				  nla_len(pi) - (int)NLMSG_ALIGN(
					  sizeof(struct ifinfomsg)), NULL), 0);
		T_CHECK(peer[IFLA_IFNAME] != NULL);
		if (peer[IFLA_IFNAME])
			T_STREQ(nla_get_string(peer[IFLA_IFNAME]),
				"lc1-eth1");
		T_CHECK(peer[IFLA_NET_NS_FD] != NULL);
		if (peer[IFLA_NET_NS_FD])
			T_INTEQ(nla_get_u32(peer[IFLA_NET_NS_FD]), 9);
	}
	nlmsg_free(p.msg);
}

int main(void)
{
	check_gre(NET_K_GRE, "gre");
	check_gre(NET_K_GRETAP, "gretap");
	check_gre_nokey();
	check_vxlan();
	check_veth();
	T_INTEQ(net_kind_from_name("gretap"), NET_K_GRETAP);
	T_STREQ(net_kind_name(NET_K_GRE), "gre");
	T_INTEQ(net_kind_from_name("dummy"), NET_K_OTHER);
	T_DONE();
}
