/* net_lab.c - the lab's network state read back from the kernel: the
 * running-config of hypervisors and tunnels, written per phase, and
 * "clear lab".  What belongs to the lab is what carries its tag: the
 * alias of lo in a hypervisor ovtsh created, the alias of every link it
 * created, and (through those links) the routes it added. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net_int.h"

/* "hypervisor hv1", "container lc1", "host" from an alias reference. */
static const char *net_ref_words(const char *ref, char *buf, size_t len)
{
	struct node n;

	if (net_node_from_ref(ref, &n, NULL) < 0)
		node_make(&n, &node_host_kind, NULL, NULL);
	return node_str(&n, buf, len);
}

static bool net_is_tunnel_end(const struct net_link_info *li)
{
	char tn[NET_TUN_NAME_MAX];

	return net_alias_get(li->alias, "tunnel", tn, sizeof(tn));
}

static void net_conf_connects(FILE *fp, const struct net_link_info *l, int n)
{
	char ref[160], words[200], *slash;
	int i;

	for (i = 0; i < n; i++) {
		if (l[i].kind != NET_K_VETH ||
		    !net_alias_get(l[i].alias, "connect", ref, sizeof(ref)) ||
		    !(slash = strrchr(ref, '/')))
			continue;
		*slash = '\0';
		fprintf(fp, " connect %s %s peer %s\n", l[i].name,
			net_ref_words(ref, words, sizeof(words)), slash + 1);
	}
}

static void net_conf_iface(FILE *fp, const struct net_link_info *li,
			   const struct net_addr_info *a, int na)
{
	char pb[64];
	bool head = false;
	int i;

#define NET_HEAD() do { if (!head) fprintf(fp, " interface %s\n", li->name); \
			head = true; } while (0)
	for (i = 0; i < na; i++) {
		/* a configured link-local address (fe80::1) is written */
		if (a[i].ifindex != li->ifindex ||
		    net_addr_kernel_made(a, na, i, li->mac))
			continue;
		NET_HEAD();
		fprintf(fp, "  %s address %s\n",
			a[i].p.family == AF_INET ? "ip" : "ipv6",
			val_prefix_str(&a[i].p, pb, sizeof(pb)));
	}
	/* a bridge's MTU follows its ports (VXLAN's 1450): not written */
	if (li->mtu && li->mtu != 1500 && li->kind != NET_K_VXLAN &&
	    li->kind != NET_K_BRIDGE) {
		NET_HEAD();
		fprintf(fp, "  mtu %u\n", li->mtu);
	}
	if (li->master_name[0]) {
		NET_HEAD();
		fprintf(fp, "  master %s\n", li->master_name);
	}
	if (!li->up) {
		NET_HEAD();
		fprintf(fp, "  shutdown\n");
	}
#undef NET_HEAD
	if (head)
		fprintf(fp, " exit\n");
}

static int net_conf_ifaces(FILE *fp, struct net_nl *nl,
			   const struct net_link_info *l, int n,
			   struct ovt_err *e)
{
	struct net_addr_info *a = NULL;
	int na = 0, i, r;

	r = net_addr_list(nl, 0, AF_UNSPEC, &a, &na, e);
	if (r < 0)
		return r;
	for (i = 0; i < n; i++)
		if (net_alias_is_lab(l[i].alias) && strcmp(l[i].name, "lo") &&
		    !net_is_tunnel_end(&l[i]))
			net_conf_iface(fp, &l[i], a, na);
	free(a);
	return 0;
}

static int net_conf_routes(FILE *fp, struct net_nl *nl,
			   const struct net_link_info *l, int n, bool lab_ns,
			   struct ovt_err *e)
{
	struct net_route_info *rt = NULL;
	char db[64], gb[64];
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
		if (rt[i].dst.len == 0)
			snprintf(db, sizeof(db), "default");
		else
			val_prefix_str(&rt[i].dst, db, sizeof(db));
		if (rt[i].has_gw)
			fprintf(fp, " route %s via %s%s%s\n", db,
				net_route_gw_str(&rt[i], gb, sizeof(gb)),
				rt[i].dev[0] ? " dev " : "", rt[i].dev);
		else
			fprintf(fp, " route %s dev %s\n", db, rt[i].dev);
	}
	free(rt);
	return 0;
}

static int net_link_name_cmp(const void *a, const void *b)
{
	const struct net_link_info *x = a, *y = b;

	return strcmp(x->name, y->name);
}

int net_runconf_links(FILE *fp, struct net_nl *nl, struct net_link_info *l,
		      int cnt, enum lab_phase ph, struct ovt_err *e)
{
	const struct node *n = net_node(nl);
	bool fwd = false, lab_ns;
	int r = 0, i;

	lab_ns = n->kind == &net_hv_kind && cnt > 0 && !strcmp(l[0].name, "lo") &&
		 net_alias_is_lab(l[0].alias);
	/* by name, so the text does not depend on creation order */
	qsort(l, (size_t)cnt, sizeof(*l), net_link_name_cmp);
	switch (ph) {
	case LAB_PHASE_NODES:
		for (i = 0; i < cnt; i++)
			if (l[i].kind == NET_K_BRIDGE &&
			    net_alias_is_lab(l[i].alias))
				fprintf(fp, " bridge %s\n", l[i].name);
		break;
	case LAB_PHASE_LINKS:
		net_conf_connects(fp, l, cnt);
		break;
	case LAB_PHASE_ADDRS:
		r = net_conf_ifaces(fp, nl, l, cnt, e);
		break;
	case LAB_PHASE_ROUTES:
		r = net_conf_routes(fp, nl, l, cnt, lab_ns, e);
		/* Said either way: a new namespace (hypervisor or container)
		 * starts with a copy of the host's setting (sysctl
		 * net.core.devconf_inherit_init_net=0, the default), so a
		 * node left unsaid would forward or not by the host it is
		 * rebuilt on.  The host's own is not the lab's to write. */
		if (r == 0 && !node_is_host(n))
			r = net_forwarding_get(n, &fwd, e);
		if (r == 0 && !node_is_host(n))
			fprintf(fp, " %sip forwarding\n", fwd ? "" : "no ");
		break;
	default:
		break;
	}
	return r;
}

int net_runconf_node(FILE *fp, const struct node *n, enum lab_phase ph,
		     struct ovt_err *e)
{
	struct net_link_info *l = NULL;
	struct net_nl *nl = NULL;
	int cnt = 0, r;

	if (ph != LAB_PHASE_NODES && ph != LAB_PHASE_LINKS &&
	    ph != LAB_PHASE_ADDRS && ph != LAB_PHASE_ROUTES)
		return 0;
	r = net_open(n, &nl, e);
	if (r < 0)
		return r;
	r = net_link_list(nl, &l, &cnt, e);
	if (r == 0)
		r = net_runconf_links(fp, nl, l, cnt, ph, e);
	free(l);
	net_close(nl);
	return r;
}

static void net_conf_tunnel(FILE *fp, const struct net_tunnel *t)
{
	char a[INET_ADDRSTRLEN], pb[64], nb[96];
	int i;

	fprintf(fp, "tunnel %s\n type %s\n", t->name, net_kind_name(t->kind));
	if (t->has_vni)
		fprintf(fp, " vni %u\n", t->vni);
	if (t->port)
		fprintf(fp, " dstport %u\n", t->port);
	if (t->has_key)
		fprintf(fp, " key %u\n", t->key);
	if (t->ttl)
		fprintf(fp, " ttl %u\n", t->ttl);
	for (i = 0; i < t->nends; i++) {
		const struct net_tun_end *x = &t->end[i];

		inet_ntop(AF_INET, &x->local, a, sizeof(a));
		fprintf(fp, " endpoint %s local %s",
			node_str(&x->node, nb, sizeof(nb)), a);
		if (x->dev[0])
			fprintf(fp, " dev %s", x->dev);
		if (x->remote.s_addr) {
			inet_ntop(AF_INET, &x->remote, a, sizeof(a));
			fprintf(fp, " remote %s", a);
		}
		if (x->bridge[0])
			fprintf(fp, " bridge %s", x->bridge);
		if (x->has_addr)
			fprintf(fp, " address %s",
				val_prefix_str(&x->addr, pb, sizeof(pb)));
		if (x->ifname[0])
			fprintf(fp, " ifname %s", x->ifname);
		fprintf(fp, "\n");
	}
	fprintf(fp, "exit\n");
}

struct net_conf_blocks {
	char **v;
	int n, cap;
};

/* In one namespace: a block per tunnel whose end 1 is here, or whose
 * end here has lost its peer. */
static int net_conf_tunnels_in(struct net_nl *nl, void *arg)
{
	struct net_conf_blocks *b = arg;
	struct net_link_info *l = NULL;
	char end[8];
	int cnt = 0, i;

	if (net_link_list(nl, &l, &cnt, NULL) < 0)
		return 0;
	for (i = 0; i < cnt; i++) {
		struct net_tunnel t;
		size_t len = 0;
		char *text = NULL;
		FILE *mf;

		if (!net_is_tunnel_end(&l[i]) ||
		    net_tunnel_read(nl, &l[i], &t, NULL) < 0)
			continue;
		if (net_alias_get(l[i].alias, "end", end, sizeof(end)) &&
		    strcmp(end, "1") && t.nends == 2)
			continue;
		if (b->n == b->cap) {
			char **nv = realloc(b->v, (size_t)(b->cap * 2 + 8) *
					    sizeof(*nv));

			if (!nv)
				break;
			b->v = nv;
			b->cap = b->cap * 2 + 8;
		}
		mf = open_memstream(&text, &len);
		if (!mf)
			break;
		net_conf_tunnel(mf, &t);
		fclose(mf);
		b->v[b->n++] = text;
	}
	free(l);
	return 0;
}

static void net_conf_blocks_out(FILE *fp, struct net_conf_blocks *b)
{
	int i;

	/* creation order (ifindex within a node, nodes in a stable order):
	 * a replay makes them in the same order again */
	for (i = 0; i < b->n; i++) {
		fputs(b->v[i], fp);
		free(b->v[i]);
	}
	free(b->v);
}

int net_runconf_tunnels(FILE *fp, const struct node *n, struct ovt_err *e)
{
	struct net_conf_blocks b = { 0 };
	struct net_nl *nl = NULL;
	int r;

	r = net_open(n, &nl, e);
	if (r < 0)
		return r;
	net_conf_tunnels_in(nl, &b);
	net_close(nl);
	net_conf_blocks_out(fp, &b);
	return 0;
}

/* Hypervisors and host only: containers are the container area's. */
static int net_conf_tunnels_nodes(struct net_nl *nl, void *arg)
{
	const struct node *n = net_node(nl);

	return n->kind == &net_hv_kind || node_is_host(n) ?
	       net_conf_tunnels_in(nl, arg) : 0;
}

int net_runconf_tunnels_lab(FILE *fp, struct ovt_err *e)
{
	struct net_conf_blocks b = { 0 };
	int r = net_netns_foreach(net_conf_tunnels_nodes, &b, e);

	net_conf_blocks_out(fp, &b);
	return r < 0 ? r : 0;
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
