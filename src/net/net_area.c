/* net_area.c - the lab areas of this module for "clear lab":
 * hypervisors (namespaces and the lab's links in the others) and tunnels,
 * called in the areas' clear order.  (The running-config is written by
 * the command areas from net_lab.c's data.) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net_int.h"

/* A node gone meanwhile, or no namespace at all, is skipped; one this
 * process may not enter or read fails the walk: the lab may well be in
 * it. */
static int net_lab_visit(const struct node *n, net_lab_fn fn, void *arg,
			 struct ovt_err *e)
{
	struct net_link_info *l = NULL;
	struct net_nl *nl = NULL;
	struct ovt_err le = { 0 };
	bool any = false, lo_tag = false;
	int cnt = 0, i, r;

	r = net_open(n, &nl, &le);
	if (r == 0)
		r = net_link_list(nl, &l, &cnt, &le);
	if (r == -EPERM || r == -EACCES) {
		r = ovt_err_set(e, r, "%s", le.msg);
		goto out;
	}
	if (r == 0)
		for (i = 0; i < cnt; i++) {
			if (!net_alias_is_lab(l[i].alias))
				continue;
			if (!strcmp(l[i].name, "lo"))
				lo_tag = n->kind == &net_hv_kind;
			else
				any = true;
		}
	r = any || lo_tag ? fn(nl, l, cnt, lo_tag, arg) : 0;
out:
	free(l);
	net_close(nl);
	return r;
}

/* The hypervisors by name, then the host; stops when fn fails.  Each
 * namespace is entered and its links listed once. */
int net_lab_walk(net_lab_fn fn, void *arg, struct ovt_err *e)
{
	char **names = NULL;
	int cnt = 0, i, r;
	struct node n;

	r = net_netns_list(&names, &cnt, e);
	if (r < 0)
		return r;
	for (i = 0; r == 0 && i < cnt; i++)
		if (node_make(&n, &net_hv_kind, names[i], NULL) == 0)
			r = net_lab_visit(&n, fn, arg, e);
	net_names_free(names, cnt);
	node_make(&n, &node_host_kind, NULL, NULL);
	return r < 0 ? r : net_lab_visit(&n, fn, arg, e);
}

/* Every node is cleared; the first failure is the one reported.  The
 * lab's namespaces are only collected on the walk: deleting a link costs
 * the kernel a grace period (20-40 ms) each, deleting a namespace tears
 * all its links down in one batch. */
struct net_hv_clr {
	struct ovt_err *e;
	int first;
	char **ns;          /* the lab's namespaces, unlinked after the walk */
	int nns, cap;
};

static void net_hv_clr_fail(struct net_hv_clr *hc, int q,
			    const struct ovt_err *e)
{
	if (q < 0 && !hc->first) {
		hc->first = q;
		*hc->e = *e;
	}
}

static int net_hv_clear_one(struct net_nl *nl, struct net_link_info *l,
			    int cnt, bool tagged, void *arg)
{
	struct net_hv_clr *hc = arg;
	struct ovt_err e = { 0 };
	char *name;

	if (!tagged) {
		/* a namespace that stays: its lab links one by one, so that
		 * veth peers in the lab's namespaces go now, not at reaping */
		net_hv_clr_fail(hc, net_clear_links(nl, l, cnt, &e), &e);
		return 0;
	}
	if (hc->nns == hc->cap) {
		char **nv = realloc(hc->ns, (size_t)(hc->cap * 2 + 16) *
				    sizeof(*nv));

		if (!nv)
			return ovt_err_set(hc->e, ENOMEM, "out of memory");
		hc->ns = nv;
		hc->cap = hc->cap * 2 + 16;
	}
	name = strdup(net_node(nl)->name);
	if (!name)
		return ovt_err_set(hc->e, ENOMEM, "out of memory");
	hc->ns[hc->nns++] = name;
	return 0;
}

/* After the containers (their namespaces took their veth ends): the lab
 * links of surviving namespaces first, then the lab's namespaces, whose
 * devices the kernel destroys when it reaps them. */
static int net_hv_clear(struct ovt_err *e)
{
	struct net_hv_clr hc = { .e = e, .first = 0 };
	int r, i;

	net_netns_recover_all();    /* what killed creations left */
	r = net_lab_walk(net_hv_clear_one, &hc, e);
	for (i = 0; i < hc.nns; i++) {
		struct ovt_err le = { 0 };
		int q = net_netns_unlink(hc.ns[i], &le);

		if (r == 0)     /* else the walk's own error is the one told */
			net_hv_clr_fail(&hc, q, &le);
		free(hc.ns[i]);
	}
	free(hc.ns);
	return r < 0 ? r : hc.first;
}

/* After the hypervisors, whose clear took every lab link in the
 * namespaces it walks: what remains are ends in namespaces it does not
 * walk (containers that are not the lab's). */
static int net_tun_clear(struct ovt_err *e)
{
	int r = net_tunnel_clear(e);

	return r < 0 ? r : 0;
}

/* What clear would remove: the lab's namespaces, its links in the
 * others (host) but tunnel ends, and its tunnels by name wherever an end
 * is (an end in a lab namespace goes with it, the tunnel is still one
 * removed). */
struct net_cnt {
	int *n;
	char (*tun)[NET_TUN_NAME_MAX];
	int ntun, cap;
};

static int net_cnt_tunnel(struct net_cnt *c, const char *name)
{
	for (int i = 0; i < c->ntun; i++)
		if (!strcmp(c->tun[i], name))
			return 0;
	if (c->ntun == c->cap) {
		int cap = c->cap * 2 + 16;
		char (*v)[NET_TUN_NAME_MAX] = realloc(c->tun, (size_t)cap *
						      sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->tun = v;
		c->cap = cap;
	}
	snprintf(c->tun[c->ntun++], NET_TUN_NAME_MAX, "%s", name);
	c->n[LAB_K_TUNNEL]++;
	return 0;
}

static int net_count_one(struct net_nl *nl, struct net_link_info *l, int cnt,
			 bool tagged, void *arg)
{
	struct net_cnt *c = arg;
	char tn[NET_TUN_NAME_MAX];

	(void)nl;
	if (tagged)
		c->n[LAB_K_HYPERVISOR]++;
	for (int i = 0; i < cnt; i++) {
		if (!net_alias_is_lab(l[i].alias) || !strcmp(l[i].name, "lo"))
			continue;
		if (net_alias_get(l[i].alias, "tunnel", tn, sizeof(tn))) {
			if (net_cnt_tunnel(c, tn) < 0)
				return -ENOMEM;
		} else if (!tagged) {
			c->n[LAB_K_INTERFACE]++;
		}
	}
	return 0;
}

static int net_hv_count(int n[LAB_K_COUNT], struct ovt_err *e)
{
	struct net_cnt c = { .n = n };
	int r = net_lab_walk(net_count_one, &c, e);

	free(c.tun);
	if (r == -ENOMEM)
		return ovt_err_set(e, ENOMEM, "out of memory");
	return r;
}

static const struct lab_area net_tunnels_area = {
	.name = "tunnels",
	.order = 40,
	.clear = net_tun_clear,
};
LAB_AREA(net_tunnels_area);

static const struct lab_area net_hypervisors_area = {
	.name = "hypervisors",
	.order = 30,
	.clear = net_hv_clear,
	.count = net_hv_count,    /* the tunnels' too: one walk */
};
LAB_AREA(net_hypervisors_area);
