/* net_tunnel.c - a tunnel block: VXLAN, GRE or gretap devices at one or
 * two endpoints, each end's remote the other's local.  Each end carries
 * the alias "ovtsh:<lab> tunnel=NAME end=N[ peer=NODE/IFNAME]" so the
 * running-config can rebuild the block from either end. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net_int.h"

/* The longest alias ovtsh writes is a two-ended tunnel's (a connect's
 * "connect=REF/IFNAME" is shorter); with the longest lab, tunnel, node
 * and interface names it must fit the kernel's IFALIASZ - 1 bytes, or
 * the tag would be cut (lab.h's LAB_NAME_MAX is chosen for this). */
#define NET_REF_MAX (sizeof("hv:") - 1 + NODE_NAME_MAX - 1)
_Static_assert(sizeof(LAB_ALIAS_PREFIX) - 1 + LAB_NAME_MAX +
	       sizeof(" tunnel=") - 1 + NET_TUN_NAME_MAX - 1 +
	       sizeof(" end=1 at=") - 1 + NET_REF_MAX +
	       sizeof(" peer=") - 1 + NET_REF_MAX + 1 + IFNAMSIZ - 1
	       <= NET_ALIAS_MAX - 1, "a tunnel's alias may not fit IFALIASZ");

int net_tunnel_check(const struct net_tunnel *t, struct ovt_err *e)
{
	const char *miss = NULL;
	int i;

	if (t->kind == NET_K_OTHER)
		miss = "no type";
	else if (t->kind == NET_K_VXLAN && !t->has_vni)
		miss = "no vni";
	else if (t->nends == 0)
		miss = "no endpoint";
	else if (t->nends == 1 && !t->end[0].remote.s_addr)
		miss = "a single endpoint needs 'remote A.B.C.D'";
	if (miss)
		return ovt_err_set(e, EINVAL, "tunnel %s is incomplete: %s",
				   t->name, miss);
	if (t->kind != NET_K_VXLAN && t->has_vni)
		return ovt_err_set(e, EINVAL, "tunnel %s: vni is for vxlan, "
				   "not %s", t->name, net_kind_name(t->kind));
	if (t->kind == NET_K_VXLAN && (t->has_key))
		return ovt_err_set(e, EINVAL, "tunnel %s: key is for gre and "
				   "gretap, not vxlan", t->name);
	if (t->kind != NET_K_VXLAN && t->port)
		return ovt_err_set(e, EINVAL, "tunnel %s: dstport is for "
				   "vxlan, not %s", t->name,
				   net_kind_name(t->kind));
	for (i = 0; i < t->nends; i++) {
		const char *ifn = t->end[i].ifname[0] ? t->end[i].ifname
						       : t->name;
		int r = val_ifname(ifn, e);

		if (r < 0)
			return ovt_err_prefix(e, "tunnel %s", t->name);
	}
	return 0;
}

static const char *net_tun_ifname(const struct net_tunnel *t, int i)
{
	return t->end[i].ifname[0] ? t->end[i].ifname : t->name;
}

/* Everything that can be checked before creating anything; br[i] the
 * ifindex of end i's bridge, when it has one. */
static int net_tun_prepare(const struct net_tunnel *t, struct net_nl **nl,
			   struct net_link_spec *s, int *br, struct ovt_err *e)
{
	struct net_link_info li;
	char ref[80], at[80];
	int i, r;

	for (i = 0; i < t->nends; i++) {
		const struct net_tun_end *x = &t->end[i];
		const struct net_tun_end *o = &t->end[t->nends - 1 - i];

		r = net_open(&x->node, &nl[i], e);
		if (r < 0)
			return r;
		memset(&s[i], 0, sizeof(s[i]));
		s[i].kind = t->kind;
		s[i].peer_fd = -1;
		r = val_ifname_set(s[i].name, net_tun_ifname(t, i), e);
		if (r < 0)
			return r;
		s[i].id = t->vni;
		s[i].port = t->port;
		s[i].local = x->local;
		s[i].remote = x->remote.s_addr || t->nends == 1 ? x->remote
								: o->local;
		s[i].has_key = t->has_key;
		s[i].ikey = s[i].okey = t->key;
		s[i].ttl = t->ttl;
		if (x->dev[0]) {
			r = net_ifindex(nl[i], x->dev, e);
			if (r < 0 && net_plan_index(nl[i], x->dev) >= 0)
				r = net_plan_index(nl[i], x->dev);
			if (r < 0)
				return r;
			s[i].dev_ifindex = r;
		}
		if (x->bridge[0]) {
			r = net_bridge_get(nl[i], x->bridge, false, &li, e);
			if (r < 0)
				return r;
			br[i] = li.ifindex;
		}
		/* at=: where this end is, for a reader that found it by
		 * walking namespaces (a container has no name there) */
		net_node_ref(&x->node, at, sizeof(at));
		if (t->nends == 2)
			snprintf(s[i].alias, sizeof(s[i].alias),
				 "%s tunnel=%s end=%d at=%s peer=%s/%s",
				 lab_alias(), t->name, i + 1, at,
				 net_node_ref(&o->node, ref, sizeof(ref)),
				 net_tun_ifname(t, t->nends - 1 - i));
		else
			snprintf(s[i].alias, sizeof(s[i].alias),
				 "%s tunnel=%s end=1 at=%s", lab_alias(),
				 t->name, at);
	}
	return 0;
}

int net_tunnel_apply(const struct net_tunnel *t, struct ovt_err *e)
{
	struct net_nl *nl[2] = { NULL, NULL };
	struct net_link_spec s[2];
	bool created[2] = { false, false };
	int br[2] = { 0, 0 }, i, r;

	r = net_tunnel_check(t, e);
	if (r < 0)
		return r;
	r = net_tun_prepare(t, nl, s, br, e);
	for (i = 0; r == 0 && i < t->nends; i++) {
		const struct net_tun_end *x = &t->end[i];

		r = net_link_add(nl[i], &s[i], &created[i], e);
		if (r == 0 && br[i])
			r = net_link_enslave(nl[i], s[i].name, br[i], e);
		if (r == 0)
			r = net_link_set_up(nl[i], s[i].name, true, e);
		if (r == 0 && x->has_addr)
			r = net_addr_add(nl[i], s[i].name, &x->addr, e);
	}
	if (r < 0)
		for (i = 0; i < t->nends; i++)
			if (created[i])
				net_link_del(nl[i], s[i].name, NULL);
	for (i = 0; i < t->nends; i++)
		net_close(nl[i]);
	return r;
}

struct net_tun_del {
	const char *name;        /* NULL: every tunnel of the lab */
};

/* Delete the lab's ends of the tunnel in one namespace. */
static int net_tun_del_in(struct net_nl *nl, void *arg)
{
	const struct net_tun_del *d = arg;
	struct net_link_info *l = NULL;
	char tn[NET_TUN_NAME_MAX];
	int i, cnt = 0, found = 0;

	if (net_link_list(nl, &l, &cnt, NULL) == 0)
		for (i = 0; i < cnt; i++)
			if (net_alias_get(l[i].alias, "tunnel", tn,
					  sizeof(tn)) &&
			    (!d->name || !strcmp(tn, d->name)) &&
			    net_link_del(nl, l[i].name, NULL) == 0)
				found++;
	free(l);
	return found;
}

int net_tunnel_clear(struct ovt_err *e)
{
	struct net_tun_del d = { .name = NULL };

	/* the host and hypervisors are the hypervisors area's: "clear lab"
	 * took their lab links before (lab.h's order) */
	return net_netns_foreach_pids(net_tun_del_in, &d, e);
}

int net_tunnel_del(const char *name, struct ovt_err *e)
{
	struct net_tun_del d = { .name = name };
	int r = net_netns_foreach(net_tun_del_in, &d, e);

	if (r < 0)
		return r;
	if (r == 0)
		return ovt_err_set(e, ENOENT, "no tunnel '%s' in lab '%s'",
				   name, lab_name());
	return 0;
}

/* One end from its link: local, remote, underlay, bridge, address.  The
 * underlay and the bridge are named by index, not by a link dump. */
static void net_tun_read_end(struct net_nl *nl, const struct net_link_info *li,
			     const char *tname, struct net_tun_end *x)
{
	struct net_addr_info *a = NULL;
	int n = 0;

	x->node = *net_node(nl);
	x->local = li->local;
	x->remote = li->remote;
	if (strcmp(li->name, tname))
		snprintf(x->ifname, sizeof(x->ifname), "%s", li->name);
	if (li->link)
		net_link_name(nl, li->link, x->dev, sizeof(x->dev));
	if (li->master_name[0])
		memcpy(x->bridge, li->master_name, IFNAMSIZ);
	else if (li->master)
		net_link_name(nl, li->master, x->bridge, sizeof(x->bridge));
	if (net_addr_list(nl, li->ifindex, AF_INET, &a, &n, NULL) == 0 &&
	    n > 0) {
		x->has_addr = true;
		x->addr = a[0].p;
	}
	free(a);
}

int net_tunnel_read(struct net_nl *nl, const struct net_link_info *li,
		    struct net_tunnel *t, struct ovt_err *e)
{
	struct net_nl *pnl = NULL;
	struct net_link_info pli;
	char ref[128], *slash;
	struct node pn;

	memset(t, 0, sizeof(*t));
	if (!net_alias_get(li->alias, "tunnel", t->name, sizeof(t->name)))
		return ovt_err_set(e, EINVAL, "%s is not a tunnel end",
				   li->name);
	t->kind = li->kind;
	t->has_vni = li->kind == NET_K_VXLAN;
	t->vni = li->id;
	t->port = li->kind == NET_K_VXLAN && li->port != 4789 ? li->port : 0;
	t->has_key = li->has_key;
	t->key = li->okey;
	t->ttl = li->ttl;
	t->nends = 1;
	net_tun_read_end(nl, li, t->name, &t->end[0]);
	if (net_alias_get(li->alias, "at", ref, sizeof(ref)))
		net_node_from_ref(ref, &t->end[0].node, NULL);
	if (net_alias_get(li->alias, "peer", ref, sizeof(ref)) &&
	    (slash = strrchr(ref, '/'))) {
		*slash = '\0';
		if (net_node_from_ref(ref, &pn, NULL) == 0 &&
		    net_open(&pn, &pnl, NULL) == 0 &&
		    net_link_get(pnl, slash + 1, &pli, NULL) == 0) {
			t->nends = 2;
			net_tun_read_end(pnl, &pli, t->name, &t->end[1]);
		}
	}
	/* With two ends, remotes that mirror the other local are implied. */
	if (t->nends == 2 &&
	    t->end[0].remote.s_addr == t->end[1].local.s_addr &&
	    t->end[1].remote.s_addr == t->end[0].local.s_addr)
		t->end[0].remote.s_addr = t->end[1].remote.s_addr = 0;
	net_close(pnl);
	return 0;
}
