/* net_addr.c - IPv4/IPv6 addresses on a node's interfaces. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/route/addr.h>

#include "net_int.h"
#include "ovtsh/ifcheck.h"

int net_addr_list(struct net_nl *nl, int ifindex, int family,
		  struct net_addr_info **out, int *count, struct ovt_err *e)
{
	struct nl_cache *cache = NULL;
	struct net_addr_info *v;
	struct nl_object *o;
	int n = 0, r;

	*out = NULL;
	*count = 0;
	net_nl_reset(nl);
	r = rtnl_addr_alloc_cache(nl->sk, &cache);
	if (r < 0)
		return net_nl_fail(nl, r, e, "listing addresses");
	v = calloc((size_t)nl_cache_nitems(cache) + 1, sizeof(*v));
	if (!v) {
		nl_cache_free(cache);
		return ovt_err_set(e, ENOMEM, "out of memory");
	}
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *a = (struct rtnl_addr *)o;
		struct nl_addr *loc = rtnl_addr_get_local(a);
		int fam = rtnl_addr_get_family(a);
		unsigned blen;

		if (!loc || (family != AF_UNSPEC && fam != family) ||
		    (ifindex && rtnl_addr_get_ifindex(a) != ifindex))
			continue;
		if (fam != AF_INET && fam != AF_INET6)
			continue;
		blen = nl_addr_get_len(loc);
		if (blen > sizeof(v[n].p.addr))
			continue;
		v[n].ifindex = rtnl_addr_get_ifindex(a);
		v[n].p.family = fam;
		memcpy(v[n].p.addr, nl_addr_get_binary_addr(loc), blen);
		v[n].p.len = (unsigned)rtnl_addr_get_prefixlen(a);
		v[n].scope = (uint8_t)rtnl_addr_get_scope(a);
		n++;
	}
	nl_cache_free(cache);
	*out = v;
	*count = n;
	return 0;
}

int net_addr_where(struct net_nl *nl, int ifindex, const char *ifname,
			  const struct net_prefix *p, struct ovt_err *e)
{
	struct net_addr_info *v = NULL;
	size_t alen = p->family == AF_INET ? 4 : 16;
	char pb[64], ob[64], other[IFNAMSIZ + 16];
	int n = 0, i, r;

	r = net_addr_list(nl, 0, p->family, &v, &n, e);
	if (r < 0)
		return r;
	for (i = 0; i < n && r == 0; i++) {
		if (memcmp(v[i].p.addr, p->addr, alen))
			continue;
		net_prefix_str(p, pb, sizeof(pb));
		net_prefix_str(&v[i].p, ob, sizeof(ob));
		if (v[i].ifindex != ifindex) {
			if (net_link_name(nl, v[i].ifindex, other,
					  sizeof(other)) < 0)
				snprintf(other, sizeof(other), "ifindex %d",
					 v[i].ifindex);
			r = ovt_err_set(e, EEXIST, "address %s is already on "
					"%s", ob, other);
		} else if (v[i].p.len != p->len) {
			r = ovt_err_set(e, EEXIST, "%s already has %s, not "
					"%s", ifname, ob, pb);
		} else {
			r = 1;
		}
	}
	free(v);
	return r;
}

/* RTM_NEWADDR (del false) or RTM_DELADDR for p on ifindex idx. */
static int net_addr_send(struct net_nl *nl, int idx, const char *ifname,
			 const struct net_prefix *p, bool del,
			 struct ovt_err *e)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *loc;
	char pb[64];
	int r;

	loc = nl_addr_build(p->family, p->addr, p->family == AF_INET ? 4 : 16);
	if (!a || !loc) {
		rtnl_addr_put(a);
		nl_addr_put(loc);
		return ovt_err_set(e, ENOMEM, "out of memory");
	}
	nl_addr_set_prefixlen(loc, (int)p->len);
	rtnl_addr_set_ifindex(a, idx);
	rtnl_addr_set_family(a, p->family);
	rtnl_addr_set_local(a, loc);
	rtnl_addr_set_prefixlen(a, p->len);
	nl_addr_put(loc);
	net_nl_reset(nl);
	r = del ? rtnl_addr_delete(nl->sk, a, 0) : rtnl_addr_add(nl->sk, a, 0);
	rtnl_addr_put(a);
	if (r < 0)
		return net_nl_fail(nl, r, e, del ? "deleting %s from %s" :
				   "adding %s to %s",
				   net_prefix_str(p, pb, sizeof(pb)), ifname);
	return 0;
}

int net_addr_add(struct net_nl *nl, const char *ifname,
		 const struct net_prefix *p, struct ovt_err *e)
{
	int idx, r;

	/* the grammar refuses these already; every caller keeps its rule */
	r = ifcheck_addr(p->family, p->addr, p->len, e);
	if (r < 0)
		return r;
	idx = net_ifindex(nl, ifname, e);
	if (idx < 0)
		return idx;
	r = net_addr_where(nl, idx, ifname, p, e);
	if (r != 0)
		return r < 0 ? r : 0;
	return net_addr_send(nl, idx, ifname, p, false, e);
}

int net_addr_del(struct net_nl *nl, const char *ifname,
		 const struct net_prefix *p, struct ovt_err *e)
{
	char pb[64];
	int idx, r;

	idx = net_ifindex(nl, ifname, e);
	if (idx < 0)
		return idx;
	r = net_addr_where(nl, idx, ifname, p, e);
	if (r < 0 && r != -EEXIST)
		return r;
	if (r != 1)
		return ovt_err_set(e, EADDRNOTAVAIL, "%s is not on %s",
				   net_prefix_str(p, pb, sizeof(pb)), ifname);
	return net_addr_send(nl, idx, ifname, p, true, e);
}
