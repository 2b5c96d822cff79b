/* net_lab.c - the lab's network state read back from the kernel, as
 * data: per node its bridges, veth pairs, interface settings, routes and
 * forwarding, and the tunnels; the command areas write the running-config
 * from it (src/cmd/).  What belongs to the lab is what carries its tag:
 * the alias of lo in a hypervisor ovtsh created, the alias of every link
 * it created, and (through those links) the routes it added.  Also the
 * per-node part of "clear lab". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net_int.h"

static bool net_is_tunnel_end(const struct net_link_info *li)
{
	char tn[NET_TUN_NAME_MAX];

	return net_alias_get(li->alias, "tunnel", tn, sizeof(tn));
}

/* Grow *v (of *n elements of size sz) by one zeroed element. */
static void *net_lab_grow(void *v, int *n, size_t sz, struct ovt_err *e)
{
	char *nv = realloc(v, (size_t)(*n + 1) * sz);

	if (!nv) {
		ovt_err_set(e, ENOMEM, "out of memory");
		return NULL;
	}
	memset(nv + (size_t)*n * sz, 0, sz);
	(*n)++;
	return nv;
}

#define NET_LAB_ADD(arr_, cnt_, e_)                                          \
	((arr_) = net_lab_grow((arr_), &(cnt_), sizeof(*(arr_)), (e_)))

static int net_lab_bridges(struct net_lab_node *o,
			   const struct net_link_info *l, int n,
			   struct ovt_err *e)
{
	for (int i = 0; i < n; i++) {
		void *nv;

		if (l[i].kind != NET_K_BRIDGE || !net_alias_is_lab(l[i].alias))
			continue;
		nv = net_lab_grow(o->bridge, &o->nbridge,
				  sizeof(*o->bridge), e);
		if (!nv)
			return -ENOMEM;
		o->bridge = nv;
		memcpy(o->bridge[o->nbridge - 1], l[i].name, IFNAMSIZ);
	}
	return 0;
}

static int net_lab_conns(struct net_lab_node *o,
			 const struct net_link_info *l, int n,
			 struct ovt_err *e)
{
	char ref[160], *slash;

	for (int i = 0; i < n; i++) {
		struct net_lab_conn *c;

		if (l[i].kind != NET_K_VETH ||
		    !net_alias_get(l[i].alias, "connect", ref, sizeof(ref)) ||
		    !(slash = strrchr(ref, '/')))
			continue;
		*slash = '\0';
		if (!NET_LAB_ADD(o->conn, o->nconn, e))
			return -ENOMEM;
		c = &o->conn[o->nconn - 1];
		memcpy(c->ifname, l[i].name, IFNAMSIZ);
		/* a reference that does not read is the host's */
		if (net_node_from_ref(ref, &c->peer, NULL) < 0)
			node_make(&c->peer, &node_host_kind, NULL, NULL);
		snprintf(c->peer_ifname, sizeof(c->peer_ifname), "%s",
			 slash + 1);
	}
	return 0;
}

static int net_lab_iface(struct net_lab_iface *f,
			 const struct net_link_info *li,
			 const struct net_addr_info *a, int na,
			 struct ovt_err *e)
{
	memcpy(f->name, li->name, IFNAMSIZ);
	for (int i = 0; i < na; i++) {
		/* a configured link-local address (fe80::1) is said */
		if (a[i].ifindex != li->ifindex ||
		    net_addr_kernel_made(a, na, i, li->mac))
			continue;
		if (!NET_LAB_ADD(f->addr, f->naddr, e))
			return -ENOMEM;
		f->addr[f->naddr - 1] = a[i].p;
	}
	/* a bridge's MTU follows its ports (VXLAN's 1450): not configured */
	if (li->mtu && li->mtu != 1500 && li->kind != NET_K_VXLAN &&
	    li->kind != NET_K_BRIDGE)
		f->mtu = li->mtu;
	memcpy(f->master, li->master_name, IFNAMSIZ);
	f->up = li->up;
	return 0;
}

static int net_lab_ifaces(struct net_nl *nl, struct net_lab_node *o,
			  const struct net_link_info *l, int n,
			  struct ovt_err *e)
{
	struct net_addr_info *a = NULL;
	int na = 0, r;

	r = net_addr_list(nl, 0, AF_UNSPEC, &a, &na, e);
	for (int i = 0; r == 0 && i < n; i++) {
		if (!net_alias_is_lab(l[i].alias) || !strcmp(l[i].name, "lo") ||
		    net_is_tunnel_end(&l[i]))
			continue;
		if (!NET_LAB_ADD(o->iface, o->niface, e))
			r = -ENOMEM;
		else
			r = net_lab_iface(&o->iface[o->niface - 1], &l[i], a,
					  na, e);
	}
	free(a);
	return r;
}

static int net_lab_routes(struct net_nl *nl, struct net_lab_node *o,
			  const struct net_link_info *l, int n, bool lab_ns,
			  struct ovt_err *e)
{
	struct net_route_info *rt = NULL;
	int nr = 0, i, k, r;

	r = net_route_list_named(nl, AF_UNSPEC, l, n, &rt, &nr, e);
	if (r < 0)
		return r;
	for (i = 0; i < nr; i++) {
		bool lab = lab_ns;

		if (rt[i].protocol != NET_RTPROT)
			continue;
		for (k = 0; k < n && !lab; k++)
			lab = l[k].ifindex == rt[i].oif &&
			      net_alias_is_lab(l[k].alias);
		if (!lab)
			continue;
		if (!NET_LAB_ADD(o->route, o->nroute, e)) {
			r = -ENOMEM;
			break;
		}
		o->route[o->nroute - 1] = rt[i];
	}
	free(rt);
	return r;
}

static int net_link_name_cmp(const void *a, const void *b)
{
	const struct net_link_info *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* o from node nl's links l (sorted here by name). */
static int net_lab_fill(struct net_nl *nl, struct net_link_info *l, int cnt,
			unsigned what, struct net_lab_node *o,
			struct ovt_err *e)
{
	const struct node *n = net_node(nl);
	bool lab_ns;
	int r = 0;

	memset(o, 0, sizeof(*o));
	o->node = *n;
	lab_ns = n->kind == &net_hv_kind && cnt > 0 && !strcmp(l[0].name, "lo") &&
		 net_alias_is_lab(l[0].alias);
	o->tagged = lab_ns;
	/* by name, so the text does not depend on creation order */
	qsort(l, (size_t)cnt, sizeof(*l), net_link_name_cmp);
	if (what & NET_LAB_BRIDGES)
		r = net_lab_bridges(o, l, cnt, e);
	if (r == 0 && (what & NET_LAB_CONNS))
		r = net_lab_conns(o, l, cnt, e);
	if (r == 0 && (what & NET_LAB_IFACES))
		r = net_lab_ifaces(nl, o, l, cnt, e);
	if (r == 0 && (what & NET_LAB_ROUTES))
		r = net_lab_routes(nl, o, l, cnt, lab_ns, e);
	/* Said either way: a new namespace (hypervisor or container) starts
	 * with a copy of the host's setting (sysctl
	 * net.core.devconf_inherit_init_net=0, the default), so a node left
	 * unsaid would forward or not by the host it is rebuilt on.  The
	 * host's own is not the lab's. */
	if (r == 0 && (what & NET_LAB_ROUTES) && !node_is_host(n)) {
		r = net_forwarding_get(n, &o->fwd, e);
		o->has_fwd = r == 0;
	}
	if (r < 0)
		net_lab_node_free(o);
	return r;
}

void net_lab_node_free(struct net_lab_node *o)
{
	for (int i = 0; i < o->niface; i++)
		free(o->iface[i].addr);
	free(o->iface);
	free(o->bridge);
	free(o->conn);
	free(o->route);
	memset(o, 0, sizeof(*o));
}

void net_lab_nodes_free(struct net_lab_node *v, int n)
{
	for (int i = 0; i < n; i++)
		net_lab_node_free(&v[i]);
	free(v);
}

int net_lab_node_read(const struct node *n, unsigned what,
		      struct net_lab_node *o, struct ovt_err *e)
{
	struct net_link_info *l = NULL;
	struct net_nl *nl = NULL;
	int cnt = 0, r;

	memset(o, 0, sizeof(*o));
	r = net_open(n, &nl, e);
	if (r < 0)
		return r;
	r = net_link_list(nl, &l, &cnt, e);
	if (r == 0)
		r = net_lab_fill(nl, l, cnt, what, o, e);
	free(l);
	net_close(nl);
	return r;
}

struct net_lab_acc {
	unsigned what;
	struct net_lab_node *v;
	int n;
	struct ovt_err *e;
};

static int net_lab_nodes_one(struct net_nl *nl, struct net_link_info *l,
			     int cnt, bool tagged, void *arg)
{
	struct net_lab_acc *acc = arg;
	int r;

	(void)tagged;
	if (!NET_LAB_ADD(acc->v, acc->n, acc->e))
		return -ENOMEM;
	r = net_lab_fill(nl, l, cnt, acc->what, &acc->v[acc->n - 1], acc->e);
	if (r < 0)
		acc->n--;
	return r;
}

int net_lab_nodes(unsigned what, struct net_lab_node **out, int *count,
		  struct ovt_err *e)
{
	struct net_lab_acc acc = { .what = what, .e = e };
	int r = net_lab_walk(net_lab_nodes_one, &acc, e);

	if (r < 0) {
		net_lab_nodes_free(acc.v, acc.n);
		return r;
	}
	*out = acc.v;
	*count = acc.n;
	return 0;
}

struct net_lab_tuns {
	struct net_tunnel *v;
	int n;
	bool no_ct;             /* skip containers' namespaces */
};

/* In one namespace: each tunnel whose end 1 is here, or whose end here
 * has lost its peer. */
static int net_lab_tunnels_in(struct net_nl *nl, void *arg)
{
	struct net_lab_tuns *b = arg;
	struct net_link_info *l = NULL;
	char end[8];
	int cnt = 0, i;

	if ((b->no_ct && net_node(nl)->kind != &net_hv_kind &&
	     !node_is_host(net_node(nl))) ||
	    net_link_list(nl, &l, &cnt, NULL) < 0)
		return 0;
	for (i = 0; i < cnt; i++) {
		struct net_tunnel t;

		if (!net_is_tunnel_end(&l[i]) ||
		    net_tunnel_read(nl, &l[i], &t, NULL) < 0)
			continue;
		if (net_alias_get(l[i].alias, "end", end, sizeof(end)) &&
		    strcmp(end, "1") && t.nends == 2)
			continue;
		if (!NET_LAB_ADD(b->v, b->n, NULL))
			break;
		b->v[b->n - 1] = t;
	}
	free(l);
	return 0;
}

int net_lab_tunnels(const struct node *n, struct net_tunnel **out,
		    int *count, struct ovt_err *e)
{
	struct net_lab_tuns b = { 0 };
	struct net_nl *nl = NULL;
	int r;

	r = net_open(n, &nl, e);
	if (r < 0)
		return r;
	net_lab_tunnels_in(nl, &b);
	net_close(nl);
	*out = b.v;
	*count = b.n;
	return 0;
}

int net_lab_tunnels_all(struct net_tunnel **out, int *count,
			struct ovt_err *e)
{
	struct net_lab_tuns b = { .no_ct = true };
	int r = net_netns_foreach(net_lab_tunnels_in, &b, e);

	if (r < 0) {
		free(b.v);
		return r;
	}
	*out = b.v;
	*count = b.n;
	return 0;
}

int net_clear_links(struct net_nl *nl, const struct net_link_info *l,
		    int cnt, struct ovt_err *e)
{
	struct ovt_err le;
	int i;

	/* Routes through these links go with them; a veth whose peer was
	 * deleted a moment ago is already gone (ENODEV). */
	for (i = 0; i < cnt; i++)
		if (net_alias_is_lab(l[i].alias) && strcmp(l[i].name, "lo") &&
		    net_link_del(nl, l[i].name, &le) < 0 && le.code != ENODEV)
			return ovt_err_set(e, le.code, "%s", le.msg);
	return 0;
}
