/* net_kind.c - link kinds as a small static table (iproute2's
 * iplink_*.c vtables): how to build each kind's message from a spec, how
 * to read it back, and how to say what differs. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <netlink/route/link/bridge.h>
#include <netlink/route/link/ipgre.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/vxlan.h>

#include "net_int.h"

#define NET_VXLAN_PORT 4789
#define NET_GRE_KEY    htons(0x2000)   /* linux/if_tunnel.h GRE_KEY */
#define NET_IFF_LOWER_UP (1u << 16)    /* linux/if.h, clashes with net/if.h */

static int net_veth_build(struct rtnl_link *l, const struct net_link_spec *s)
{
	struct rtnl_link *peer = rtnl_link_veth_get_peer(l);

	if (!peer)
		return -1;
	rtnl_link_set_name(peer, s->peer);
	if (s->peer_fd >= 0)
		rtnl_link_set_ns_fd(peer, s->peer_fd);
	rtnl_link_put(peer);
	return 0;
}

static int net_vxlan_build(struct rtnl_link *l, const struct net_link_spec *s)
{
	struct nl_addr *a;
	int r;

	r = rtnl_link_vxlan_set_id(l, s->id);
	if (r == 0)
		r = rtnl_link_vxlan_set_port(l, s->port ? s->port
						       : NET_VXLAN_PORT);
	if (r == 0 && s->local.s_addr) {
		a = nl_addr_build(AF_INET, &s->local, 4);
		r = a ? rtnl_link_vxlan_set_local(l, a) : -NLE_NOMEM;
		nl_addr_put(a);
	}
	if (r == 0 && s->remote.s_addr) {
		a = nl_addr_build(AF_INET, &s->remote, 4);
		r = a ? rtnl_link_vxlan_set_group(l, a) : -NLE_NOMEM;
		nl_addr_put(a);
	}
	if (r == 0 && s->dev_ifindex)
		r = rtnl_link_vxlan_set_link(l, (uint32_t)s->dev_ifindex);
	if (r == 0 && s->ttl)
		r = rtnl_link_vxlan_set_ttl(l, s->ttl);
	return r;
}

static int net_gre_build(struct rtnl_link *l, const struct net_link_spec *s)
{
	int r;

	r = rtnl_link_ipgre_set_local(l, s->local.s_addr);
	if (r == 0)
		r = rtnl_link_ipgre_set_remote(l, s->remote.s_addr);
	if (r == 0 && s->dev_ifindex)
		r = rtnl_link_ipgre_set_link(l, (uint32_t)s->dev_ifindex);
	if (r == 0 && s->ttl)
		r = rtnl_link_ipgre_set_ttl(l, s->ttl);
	if (r == 0 && s->has_key) {
		r = rtnl_link_ipgre_set_ikey(l, htonl(s->ikey));
		if (r == 0)
			r = rtnl_link_ipgre_set_okey(l, htonl(s->okey));
		if (r == 0)
			r = rtnl_link_ipgre_set_iflags(l, NET_GRE_KEY);
		if (r == 0)
			r = rtnl_link_ipgre_set_oflags(l, NET_GRE_KEY);
	}
	return r;
}

static void net_vxlan_read(struct rtnl_link *l, struct net_link_info *li)
{
	struct nl_addr *a = NULL;
	uint32_t v;

	if (rtnl_link_vxlan_get_id(l, &v) == 0)
		li->id = v;
	if (rtnl_link_vxlan_get_port(l, &v) == 0)
		li->port = (uint16_t)v;
	if (rtnl_link_vxlan_get_local(l, &a) == 0 && a &&
	    nl_addr_get_family(a) == AF_INET)
		memcpy(&li->local, nl_addr_get_binary_addr(a), 4);
	nl_addr_put(a);
	a = NULL;
	if (rtnl_link_vxlan_get_group(l, &a) == 0 && a &&
	    nl_addr_get_family(a) == AF_INET)
		memcpy(&li->remote, nl_addr_get_binary_addr(a), 4);
	nl_addr_put(a);
	if (rtnl_link_vxlan_get_link(l, &v) == 0)
		li->link = (int)v;
	v = (uint32_t)rtnl_link_vxlan_get_ttl(l);
	li->ttl = (int)v > 0 ? (uint8_t)v : 0;
}

static void net_gre_read(struct rtnl_link *l, struct net_link_info *li)
{
	li->local.s_addr = rtnl_link_ipgre_get_local(l);
	li->remote.s_addr = rtnl_link_ipgre_get_remote(l);
	li->link = (int)rtnl_link_ipgre_get_link(l);
	li->ttl = rtnl_link_ipgre_get_ttl(l);
	li->has_key = (rtnl_link_ipgre_get_iflags(l) & NET_GRE_KEY) != 0;
	li->ikey = ntohl(rtnl_link_ipgre_get_ikey(l));
	li->okey = ntohl(rtnl_link_ipgre_get_okey(l));
}

/* Append "what is X, not Y" for one mismatching field. */
static void net_diff_add(char *buf, size_t len, const char *field,
			 const char *have, const char *want)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s is %s, not %s", n ? ", " : "",
		 field, have, want);
}

static void net_diff_u32(char *buf, size_t len, const char *field,
			 unsigned long have, unsigned long want)
{
	char h[16], w[16];

	if (have == want)
		return;
	snprintf(h, sizeof(h), "%lu", have);
	snprintf(w, sizeof(w), "%lu", want);
	net_diff_add(buf, len, field, h, w);
}

static void net_diff_ip(char *buf, size_t len, const char *field,
			struct in_addr have, struct in_addr want)
{
	char h[INET_ADDRSTRLEN], w[INET_ADDRSTRLEN];

	if (have.s_addr == want.s_addr)
		return;
	inet_ntop(AF_INET, &have, h, sizeof(h));
	inet_ntop(AF_INET, &want, w, sizeof(w));
	net_diff_add(buf, len, field, h, w);
}

static int net_tun_diff(const struct net_link_info *li,
			const struct net_link_spec *s, char *buf, size_t len)
{
	buf[0] = '\0';
	net_diff_ip(buf, len, "local", li->local, s->local);
	net_diff_ip(buf, len, "remote", li->remote, s->remote);
	if (s->dev_ifindex)
		net_diff_u32(buf, len, "underlay ifindex",
			     (unsigned long)li->link,
			     (unsigned long)s->dev_ifindex);
	if (s->ttl)
		net_diff_u32(buf, len, "ttl", li->ttl, s->ttl);
	return buf[0] ? -1 : 0;
}

static int net_vxlan_diff(const struct net_link_info *li,
			  const struct net_link_spec *s, char *buf,
			  size_t len)
{
	char rest[256];

	net_tun_diff(li, s, rest, sizeof(rest));
	buf[0] = '\0';
	net_diff_u32(buf, len, "vni", li->id, s->id);
	net_diff_u32(buf, len, "dstport", li->port,
		     s->port ? s->port : NET_VXLAN_PORT);
	if (rest[0]) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, "%s%s", n ? ", " : "", rest);
	}
	return buf[0] ? -1 : 0;
}

static int net_gre_diff(const struct net_link_info *li,
			const struct net_link_spec *s, char *buf, size_t len)
{
	net_tun_diff(li, s, buf, len);
	if (li->has_key != s->has_key)
		net_diff_add(buf, len, "key", li->has_key ? "set" : "unset",
			     s->has_key ? "set" : "unset");
	else if (s->has_key)
		net_diff_u32(buf, len, "key", li->okey, s->okey);
	return buf[0] ? -1 : 0;
}

/* ---- explain's words after "type KIND" (iproute2's own syntax) ---- */

/* " WORD VALUE", appended. */
static void net_text_add(char *buf, size_t len, const char *word,
			 const char *value)
{
	size_t k = strlen(buf);

	snprintf(buf + k, len - k, " %s %s", word, value);
}

static void net_text_ip(char *buf, size_t len, const char *word,
			struct in_addr a)
{
	char b[INET_ADDRSTRLEN];

	if (a.s_addr && inet_ntop(AF_INET, &a, b, sizeof(b)))
		net_text_add(buf, len, word, b);
}

/* dev and ttl, which VXLAN and GRE say alike. */
static void net_text_dev_ttl(struct net_nl *nl, const struct net_link_spec *s,
			     char *buf, size_t len)
{
	char b[IFNAMSIZ];

	if (s->dev_ifindex) {
		net_plan_ifname(nl, s->dev_ifindex, b, sizeof(b));
		net_text_add(buf, len, "dev", b);
	}
	snprintf(b, sizeof(b), "%u", s->ttl);
	if (s->ttl)
		net_text_add(buf, len, "ttl", b);
}

static void net_veth_text(struct net_nl *nl, const struct net_link_spec *s,
			  char *buf, size_t len)
{
	char ns[160];

	(void)nl;
	net_text_add(buf, len, "peer name", s->peer);
	if (s->peer_node)
		net_text_add(buf, len, "netns",
			     net_plan_netns(s->peer_node, ns, sizeof(ns)));
}

static void net_vxlan_text(struct net_nl *nl, const struct net_link_spec *s,
			   char *buf, size_t len)
{
	char b[16];

	snprintf(b, sizeof(b), "%u", s->id);
	net_text_add(buf, len, "id", b);
	snprintf(b, sizeof(b), "%u", s->port ? s->port : NET_VXLAN_PORT);
	net_text_add(buf, len, "dstport", b);
	net_text_ip(buf, len, "local", s->local);
	net_text_ip(buf, len, "remote", s->remote);
	net_text_dev_ttl(nl, s, buf, len);
}

static void net_gre_text(struct net_nl *nl, const struct net_link_spec *s,
			 char *buf, size_t len)
{
	char b[16];

	net_text_ip(buf, len, "local", s->local);
	net_text_ip(buf, len, "remote", s->remote);
	net_text_dev_ttl(nl, s, buf, len);
	snprintf(b, sizeof(b), "%u", s->ikey);
	if (s->has_key)
		net_text_add(buf, len, "key", b);
}

static const struct net_kind_ops net_kinds[NET_K_COUNT] = {
	[NET_K_VETH] = {
		.kind = NET_K_VETH, .name = "veth", .module = "veth",
		.label = "veth", .alloc = rtnl_link_veth_alloc,
		.build = net_veth_build, .text = net_veth_text,
	},
	[NET_K_BRIDGE] = {
		.kind = NET_K_BRIDGE, .name = "bridge", .module = "bridge",
		.label = "bridge", .alloc = rtnl_link_bridge_alloc,
	},
	[NET_K_VXLAN] = {
		.kind = NET_K_VXLAN, .name = "vxlan", .module = "vxlan",
		.label = "VXLAN", .alloc = rtnl_link_vxlan_alloc,
		.build = net_vxlan_build, .read = net_vxlan_read,
		.diff = net_vxlan_diff, .text = net_vxlan_text,
	},
	[NET_K_GRE] = {
		.kind = NET_K_GRE, .name = "gre", .module = "ip_gre",
		.label = "GRE", .alloc = rtnl_link_ipgre_alloc,
		.build = net_gre_build, .read = net_gre_read,
		.diff = net_gre_diff, .text = net_gre_text,
	},
	[NET_K_GRETAP] = {
		.kind = NET_K_GRETAP, .name = "gretap", .module = "ip_gre",
		.label = "GRE", .alloc = rtnl_link_ipgretap_alloc,
		.build = net_gre_build, .read = net_gre_read,
		.diff = net_gre_diff, .text = net_gre_text,
	},
};

const struct net_kind_ops *net_kind_ops(enum net_kind k)
{
	return (unsigned)k < NET_K_COUNT && net_kinds[k].name ?
		       &net_kinds[k] : NULL;
}

const char *net_kind_name(enum net_kind k)
{
	const struct net_kind_ops *o = net_kind_ops(k);

	return o ? o->name : "other";
}

enum net_kind net_kind_from_name(const char *s)
{
	int k;

	for (k = 0; s && k < NET_K_COUNT; k++)
		if (net_kinds[k].name && !strcmp(net_kinds[k].name, s))
			return (enum net_kind)k;
	return NET_K_OTHER;
}

int net_link_build(const struct net_link_spec *s, struct rtnl_link **out,
		   struct ovt_err *e)
{
	const struct net_kind_ops *o = net_kind_ops(s->kind);
	struct rtnl_link *l;

	*out = NULL;
	if (!o)
		return ovt_err_set(e, EINVAL, "unknown link kind");
	l = o->alloc();
	if (!l)
		return ovt_err_set(e, ENOMEM, "out of memory");
	rtnl_link_set_name(l, s->name);
	if (o->build && o->build(l, s) < 0) {
		rtnl_link_put(l);
		return ovt_err_set(e, EINVAL, "cannot build %s link %s",
				   o->name, s->name);
	}
	*out = l;
	return 0;
}

void net_link_info_fill(struct rtnl_link *l, struct net_link_info *li)
{
	const struct net_kind_ops *o;
	const char *s;

	memset(li, 0, sizeof(*li));
	li->ifindex = rtnl_link_get_ifindex(l);
	snprintf(li->name, sizeof(li->name), "%s",
		 rtnl_link_get_name(l) ? rtnl_link_get_name(l) : "");
	s = rtnl_link_get_type(l);
	snprintf(li->kind_name, sizeof(li->kind_name), "%s", s ? s : "");
	li->kind = net_kind_from_name(s);
	s = rtnl_link_get_ifalias(l);
	snprintf(li->alias, sizeof(li->alias), "%s", s ? s : "");
	li->mtu = rtnl_link_get_mtu(l);
	li->up = (rtnl_link_get_flags(l) & IFF_UP) != 0;
	li->lower_up = (rtnl_link_get_flags(l) & NET_IFF_LOWER_UP) != 0;
	li->master = rtnl_link_get_master(l);
	li->link = rtnl_link_get_link(l);
	if (rtnl_link_get_addr(l) &&
	    nl_addr_get_len(rtnl_link_get_addr(l)) == 6)
		memcpy(li->mac, nl_addr_get_binary_addr(rtnl_link_get_addr(l)),
		       6);
	o = net_kind_ops(li->kind);
	if (o && o->read)
		o->read(l, li);
}
