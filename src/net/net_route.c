/* net_route.c - routes of a node's main table, and IPv4 forwarding. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/route/route.h>

#include "net_int.h"

#define NET_TABLE_MAIN 254

static void net_route_fill(struct rtnl_route *rt, struct net_route_info *ri)
{
	struct nl_addr *d = rtnl_route_get_dst(rt);
	struct rtnl_nexthop *nh;

	memset(ri, 0, sizeof(*ri));
	ri->dst.family = rtnl_route_get_family(rt);
	if (d && nl_addr_get_len(d) <= sizeof(ri->dst.addr)) {
		memcpy(ri->dst.addr, nl_addr_get_binary_addr(d),
		       nl_addr_get_len(d));
		ri->dst.len = nl_addr_get_prefixlen(d);
	}
	ri->protocol = rtnl_route_get_protocol(rt);
	ri->scope = rtnl_route_get_scope(rt);
	ri->type = rtnl_route_get_type(rt);
	ri->table = rtnl_route_get_table(rt);
	if (rtnl_route_get_nnexthops(rt) < 1)
		return;
	nh = rtnl_route_nexthop_n(rt, 0);
	ri->oif = rtnl_route_nh_get_ifindex(nh);
	d = rtnl_route_nh_get_gateway(nh);
	if (d && nl_addr_get_len(d) <= sizeof(ri->gw)) {
		ri->has_gw = true;
		memcpy(ri->gw, nl_addr_get_binary_addr(d), nl_addr_get_len(d));
	}
}

const char *net_route_gw_str(const struct net_route_info *r, char *buf,
			     size_t len)
{
	if (!r->has_gw || !inet_ntop(r->dst.family, r->gw, buf, (socklen_t)len))
		snprintf(buf, len, "-");
	return buf;
}

/* The main table's unicast routes, devices not yet named: one dump. */
static int net_route_dump(struct net_nl *nl, int family,
			  struct net_route_info **out, int *count,
			  struct ovt_err *e)
{
	struct nl_cache *cache = NULL;
	struct net_route_info *v = NULL;
	struct nl_object *o;
	int n = 0, r;

	*out = NULL;
	*count = 0;
	net_nl_reset(nl);
	if (nl->phantom) {              /* a planned node: no routes yet */
		*out = calloc(1, sizeof(**out));
		return *out ? 0 : ovt_err_set(e, ENOMEM, "out of memory");
	}
	r = rtnl_route_alloc_cache(nl->sk, family, 0, &cache);
	if (r < 0)
		return net_nl_fail(nl, r, e, "listing routes");
	v = calloc((size_t)nl_cache_nitems(cache) + 1, sizeof(*v));
	if (!v) {
		nl_cache_free(cache);
		return ovt_err_set(e, ENOMEM, "out of memory");
	}
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_route *rt = (struct rtnl_route *)o;
		int fam = rtnl_route_get_family(rt);

		if (rtnl_route_get_table(rt) != NET_TABLE_MAIN ||
		    (fam != AF_INET && fam != AF_INET6) ||
		    rtnl_route_get_type(rt) != RTN_UNICAST)
			continue;
		net_route_fill(rt, &v[n++]);
	}
	nl_cache_free(cache);
	*out = v;
	*count = n;
	return 0;
}

int net_route_list_named(struct net_nl *nl, int family,
			 const struct net_link_info *links, int nlinks,
			 struct net_route_info **out, int *count,
			 struct ovt_err *e)
{
	int r, i, k;

	r = net_route_dump(nl, family, out, count, e);
	for (i = 0; r == 0 && i < *count; i++)
		for (k = 0; k < nlinks; k++)
			if (links[k].ifindex == (*out)[i].oif)
				memcpy((*out)[i].dev, links[k].name, IFNAMSIZ);
	return r;
}

int net_route_list(struct net_nl *nl, int family,
		   struct net_route_info **out, int *count, struct ovt_err *e)
{
	struct net_link_info *links = NULL;
	int nlinks = 0, r;

	*out = NULL;
	*count = 0;
	r = net_link_list(nl, &links, &nlinks, e);
	if (r == 0)
		r = net_route_list_named(nl, family, links, nlinks, out, count,
					 e);
	free(links);
	return r;
}

static bool net_route_same(const struct net_route_info *r,
			   const struct val_prefix *d)
{
	size_t alen = d->family == AF_INET ? 4 : 16;

	return r->dst.family == d->family && r->dst.len == d->len &&
	       !memcmp(r->dst.addr, d->addr, alen);
}

/* Find the main-table route to d: *idx its index in v, or -1.  Only
 * that route's device is named: one RTM_GETLINK, not a link dump. */
static int net_route_find(struct net_nl *nl, const struct val_prefix *d,
			  struct net_route_info **v, int *n, int *idx,
			  struct ovt_err *e)
{
	struct net_route_info *f;
	int i, r;

	*idx = -1;
	r = net_route_dump(nl, d->family, v, n, e);
	for (i = 0; r == 0 && i < *n; i++)
		if (net_route_same(&(*v)[i], d)) {
			*idx = i;
			break;
		}
	if (*idx < 0)
		return r;
	f = &(*v)[*idx];
	if (f->oif)
		net_link_name(nl, f->oif, f->dev, sizeof(f->dev));
	return r;
}

static int net_route_obj(const struct val_prefix *d, const uint8_t *g,
			 int oif, struct rtnl_route **out, struct ovt_err *e)
{
	size_t alen = d->family == AF_INET ? 4 : 16;
	struct rtnl_route *rt = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *dst = nl_addr_build(d->family, d->addr, alen);
	struct nl_addr *gw = g ? nl_addr_build(d->family, g, alen) : NULL;

	*out = NULL;
	if (!rt || !nh || !dst || (g && !gw)) {
		rtnl_route_put(rt);
		if (nh)
			rtnl_route_nh_free(nh);
		nl_addr_put(dst);
		nl_addr_put(gw);
		return ovt_err_set(e, ENOMEM, "out of memory");
	}
	nl_addr_set_prefixlen(dst, (int)d->len);
	rtnl_route_set_family(rt, (uint8_t)d->family);
	rtnl_route_set_dst(rt, dst);
	rtnl_route_set_table(rt, NET_TABLE_MAIN);
	rtnl_route_set_protocol(rt, NET_RTPROT);
	/* without a gateway the destination is on the link */
	rtnl_route_set_scope(rt, g ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
	rtnl_route_set_type(rt, RTN_UNICAST);
	if (gw)
		rtnl_route_nh_set_gateway(nh, gw);
	if (oif)
		rtnl_route_nh_set_ifindex(nh, oif);
	rtnl_route_add_nexthop(rt, nh);
	nl_addr_put(dst);
	nl_addr_put(gw);
	*out = rt;
	return 0;
}

/* "via G dev D", "via G" or "dev D", for messages. */
static const char *net_route_via(bool has_gw, const char *gw, const char *dev,
				 char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", has_gw ? "via " : "", has_gw ? gw : "",
		 dev && has_gw ? " " : "", dev ? "dev " : "");
	if (dev)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", dev);
	return buf;
}

/* The way an existing route goes, as net_route_via says it. */
static const char *net_route_how(const struct net_route_info *r, char *buf,
				 size_t len)
{
	char gb[64];

	return net_route_via(r->has_gw, net_route_gw_str(r, gb, sizeof(gb)),
			     r->dev[0] ? r->dev : NULL, buf, len);
}

/* Does route r go the way of (g, oif)? oif 0 = any device. */
static bool net_route_goes(const struct net_route_info *r, bool has_gw,
			   const uint8_t *g, size_t alen, int oif)
{
	if (r->has_gw != has_gw || (has_gw && memcmp(r->gw, g, alen)))
		return false;
	return !oif || r->oif == oif;
}

/* A route request as add and del check it: the destination d (dst NULL
 * = default), the gateway g (gw NULL = straight out of a device), and
 * both as text for messages. */
struct net_route_req {
	struct val_prefix d;
	uint8_t g[16];
	bool has_gw;
	size_t alen;
	char db[64], wv[96], gb[INET6_ADDRSTRLEN];
};

static int net_route_req(const struct val_prefix *dst,
			 const struct val_prefix *gw, const char *dev,
			 bool del, struct net_route_req *q, struct ovt_err *e)
{
	char *gb = q->gb;
	int fam;

	gb[0] = '\0';
	/* "no route PREFIX" deletes whichever way the route goes (IOS) */
	if (!gw && !dev && !del)
		return ovt_err_set(e, EINVAL, "a route needs 'via A.B.C.D' or "
				   "'dev IFNAME'");
	q->has_gw = gw != NULL;
	if (dst) {
		q->d = *dst;
	} else {
		memset(&q->d, 0, sizeof(q->d));
		q->d.family = gw ? gw->family : AF_INET;
	}
	fam = q->d.family;
	q->alen = fam == AF_INET ? 4 : 16;
	if (gw)
		val_addr_str(gw, gb, sizeof(q->gb));
	if (gw && gw->family != fam)
		return ovt_err_set(e, EINVAL, "invalid gateway '%s' for an "
				   "%s route", gb,
				   fam == AF_INET ? "IPv4" : "IPv6");
	if (gw)
		memcpy(q->g, gw->addr, q->alen);
	val_prefix_str(&q->d, q->db, sizeof(q->db));
	net_route_via(q->has_gw, gw ? gb : NULL, dev, q->wv, sizeof(q->wv));
	return 0;
}

/* "ip route VERB DST via GW dev DEV" for request q. */
static void net_route_plan(struct net_nl *nl, enum plan_what w,
			   const char *verb, const struct net_route_req *q)
{
	net_plan_ip(&nl->node, w, "route %s %s %s", verb,
		    q->d.len ? q->db : "default", q->wv);
}

/* The kernel refuses a gateway outside every connected subnet with
 * "Nexthop has invalid gateway" (ENETUNREACH); ovtsh can say which
 * subnets the node (or dev) has: "gateway 10.9.0.1 is in none of
 * hypervisor h1's connected subnets (10.0.0.0/24 on eth0)". */
static int net_route_bad_gw(struct net_nl *nl, const struct net_route_req *q,
			    int oif, const char *dev_name, struct ovt_err *e)
{
	struct net_addr_info *a = NULL;
	char list[320] = "", nb[NODE_NAME_MAX + 32], pb[64], dev[IFNAMSIZ];
	size_t o = 0;
	int na = 0;

	if (net_addr_list(nl, oif, q->d.family, &a, &na, e) < 0)
		na = 0;
	for (int i = 0; i < na && o < sizeof(list); i++) {
		struct val_prefix p = a[i].p;

		/* the subnet: host bits cleared; lo and link-local left out */
		if (a[i].scope >= RT_SCOPE_LINK)
			continue;
		for (unsigned b = p.len; b < q->alen * 8; b++)
			p.addr[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
		if (net_link_name(nl, a[i].ifindex, dev, sizeof(dev)) < 0)
			snprintf(dev, sizeof(dev), "?");
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s on %s",
				      o ? ", " : "",
				      val_prefix_str(&p, pb, sizeof(pb)), dev);
	}
	free(a);
	if (oif)
		snprintf(nb, sizeof(nb), "%s", dev_name);
	else
		node_str(&nl->node, nb, sizeof(nb));
	return ovt_err_set(e, ENETUNREACH, "adding route %s %s: gateway %s is "
			   "in none of %s's connected subnets (%s)", q->db,
			   q->wv, q->gb, nb, list[0] ? list : "it has none: "
			   "give an interface an address first");
}

int net_route_add(struct net_nl *nl, const struct val_prefix *dst,
		  const struct val_prefix *gw, const char *dev,
		  struct ovt_err *e)
{
	struct net_route_info *v = NULL;
	struct rtnl_route *rt = NULL;
	struct net_route_req q;
	char hv[96];
	int oif = 0, n = 0, i, r;

	r = net_route_req(dst, gw, dev, false, &q, e);
	if (r < 0)
		return r;
	if (dev) {
		oif = net_ifindex(nl, dev, e);
		if (oif < 0 && net_plan_has(nl, dev))
			oif = 0;        /* the plan makes it: no route yet */
		if (oif < 0)
			return oif;
	}
	r = net_route_find(nl, &q.d, &v, &n, &i, e);
	if (r < 0)
		goto out;
	if (i >= 0) {
		if (!net_route_goes(&v[i], q.has_gw, q.g, q.alen, oif))
			r = ovt_err_set(e, EEXIST, "a route to %s exists %s, "
					"not %s", q.db, net_route_how(&v[i], hv,
					sizeof(hv)), q.wv);
		else
			net_route_plan(nl, PLAN_UNCHANGED, "add", &q);
		goto out;
	}
	net_route_plan(nl, PLAN_CREATE, "add", &q);
	if (net_planning())
		goto out;
	r = net_route_obj(&q.d, q.has_gw ? q.g : NULL, oif, &rt, e);
	if (r < 0)
		goto out;
	net_nl_reset(nl);
	r = rtnl_route_add(nl->sk, rt, NLM_F_EXCL);
	if (r < 0 && q.has_gw && net_nl_errno(nl, r) == ENETUNREACH)
		r = net_route_bad_gw(nl, &q, oif, dev, e);
	else if (r < 0)
		r = net_nl_fail(nl, r, e, "adding route %s %s", q.db, q.wv);
out:
	rtnl_route_put(rt);
	free(v);
	return r;
}

int net_route_del(struct net_nl *nl, const struct val_prefix *dst,
		  const struct val_prefix *gw, const char *dev,
		  struct ovt_err *e)
{
	struct net_route_info *v = NULL;
	struct rtnl_route *rt = NULL;
	struct net_route_req q;
	char hv[96];
	int n = 0, i, r;

	r = net_route_req(dst, gw, dev, true, &q, e);
	if (r < 0)
		return r;
	r = net_route_find(nl, &q.d, &v, &n, &i, e);
	if (r < 0)
		goto out;
	if (i < 0) {
		r = ovt_err_set(e, ESRCH, "no route to %s", q.db);
		goto out;
	}
	/* a gateway or device the line leaves out matches any (add wants
	 * no gateway then) */
	if ((q.has_gw && (!v[i].has_gw || memcmp(v[i].gw, q.g, q.alen))) ||
	    (dev && strcmp(v[i].dev, dev))) {
		r = ovt_err_set(e, ESRCH, "the route to %s goes %s, not %s",
				q.db, net_route_how(&v[i], hv, sizeof(hv)),
				q.wv);
		goto out;
	}
	net_route_plan(nl, PLAN_DELETE, "del", &q);
	if (net_planning())
		goto out;
	r = net_route_obj(&q.d, v[i].has_gw ? v[i].gw : NULL, v[i].oif, &rt,
			  e);
	if (r < 0)
		goto out;
	rtnl_route_set_protocol(rt, v[i].protocol);
	rtnl_route_set_scope(rt, v[i].scope);
	net_nl_reset(nl);
	r = rtnl_route_delete(nl->sk, rt, 0);
	if (r < 0)
		r = net_nl_fail(nl, r, e, "deleting route %s", q.db);
out:
	rtnl_route_put(rt);
	free(v);
	return r;
}

static int net_forward_io(const struct node *n, bool write_it, bool *on,
			  struct ovt_err *e)
{
	static const char path[] = "/proc/sys/net/ipv4/ip_forward";
	struct node_ns save;
	char c = '0';
	int fd, r;

	r = node_enter(n, &save, e);
	if (r < 0)
		return r;
	/* /proc/sys/net shows the namespace of the opener: open it inside. */
	fd = open(path, (write_it ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
	node_leave(&save);
	if (fd < 0)
		return ovt_err_set(e, errno, "cannot open %s: %s", path,
				   strerror(errno));
	if (write_it) {
		c = *on ? '1' : '0';
		r = write(fd, &c, 1) == 1 ? 0 :
		    ovt_err_set(e, errno, "cannot write %s: %s", path,
				strerror(errno));
	} else {
		r = read(fd, &c, 1) == 1 ? 0 :
		    ovt_err_set(e, errno ? errno : EIO, "cannot read %s", path);
		*on = c == '1';
	}
	close(fd);
	return r;
}

/* Under a plan: the sysctl, in place when the node has the value (a
 * node only planned has none yet: a new namespace's default depends on
 * the kernel's net.core.devconf_inherit_init_net, so it is said). */
static int net_forwarding_plan(const struct node *n, bool on,
			       struct ovt_err *e)
{
	bool cur = false;
	int r = net_forward_io(n, false, &cur, e);

	if (r < 0 && net_plan_node(n)) {   /* set on a new node: "+" */
		net_plan_run(n, PLAN_CREATE, "sysctl",
			     "-w net.ipv4.ip_forward=%d", on);
		return 0;
	}
	if (r == 0 && cur != on) {
		net_plan_run(n, PLAN_CHANGE, "sysctl",
			     "-w net.ipv4.ip_forward=%d", on);
		plan_old("net.ipv4.ip_forward=%d", cur);
	} else if (r == 0)
		net_plan_run(n, PLAN_UNCHANGED, "sysctl",
			     "-w net.ipv4.ip_forward=%d", on);
	return r;
}

int net_forwarding_set(const struct node *n, bool on, struct ovt_err *e)
{
	int r;

	if (!plan_recording())
		return net_forward_io(n, true, &on, e);
	r = net_forwarding_plan(n, on, e);
	if (r < 0 || net_planning())
		return r;
	return net_forward_io(n, true, &on, e);
}

int net_forwarding_get(const struct node *n, bool *on, struct ovt_err *e)
{
	return net_forward_io(n, false, on, e);
}
