/* net_area.c - the lab areas of this module: hypervisors (namespaces,
 * bridges, connects, interfaces, routes) and tunnels.  The lab command
 * module calls them in phase order for "show running-config" and in
 * clear order for "clear lab". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net_int.h"

/* The nodes the lab has something in: hypervisors whose lo carries the
 * tag or that hold a tagged link, then the host when it holds one. */
struct net_lab_nodes {
	struct node *v;
	bool *tagged;
	int n;
};

static bool net_has_lab_links(const struct node *n, bool *lo_tag)
{
	struct net_link_info *l = NULL;
	struct net_nl *nl = NULL;
	bool any = false;
	int cnt = 0, i;

	*lo_tag = false;
	if (net_open(n, &nl, NULL) == 0 &&
	    net_link_list(nl, &l, &cnt, NULL) == 0)
		for (i = 0; i < cnt; i++) {
			if (!net_alias_is_lab(l[i].alias))
				continue;
			if (!strcmp(l[i].name, "lo"))
				*lo_tag = n->kind == NODE_HV;
			else
				any = true;
		}
	free(l);
	net_close(nl);
	return any || *lo_tag;
}

static int net_lab_nodes(struct net_lab_nodes *ln, struct ovt_err *e)
{
	char **names = NULL;
	int cnt = 0, i, r;
	struct node n;
	bool tag;

	memset(ln, 0, sizeof(*ln));
	r = net_netns_list(&names, &cnt, e);
	if (r < 0)
		return r;
	ln->v = calloc((size_t)cnt + 1, sizeof(*ln->v));
	ln->tagged = calloc((size_t)cnt + 1, sizeof(*ln->tagged));
	if (!ln->v || !ln->tagged) {
		r = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < cnt; i++)
		if (node_make(&n, NODE_HV, names[i], NULL) == 0 &&
		    net_has_lab_links(&n, &tag)) {
			ln->tagged[ln->n] = tag;
			ln->v[ln->n++] = n;
		}
	node_make(&n, NODE_HOST, NULL, NULL);
	if (net_has_lab_links(&n, &tag))
		ln->v[ln->n++] = n;
out:
	net_names_free(names, cnt);
	return r;
}

static void net_lab_nodes_free(struct net_lab_nodes *ln)
{
	free(ln->v);
	free(ln->tagged);
}

static int net_hv_runconf(FILE *fp, enum lab_phase ph, struct ovt_err *e)
{
	struct net_lab_nodes ln;
	int i, r;

	r = net_lab_nodes(&ln, e);
	for (i = 0; r == 0 && i < ln.n; i++) {
		const struct node *n = &ln.v[i];
		char *body = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&body, &len);

		if (!mf) {
			r = ovt_err_set(e, ENOMEM, "out of memory");
			break;
		}
		r = net_runconf_node(mf, n, ph, e);
		fclose(mf);
		/* A namespace is written even when empty: replay makes it. */
		if (r == 0 && (len || (ph == LAB_PHASE_NODES &&
				       n->kind == NODE_HV)))
			fprintf(fp, "hypervisor %s\n%sexit\n",
				n->kind == NODE_HV ? n->name : "host", body);
		free(body);
	}
	net_lab_nodes_free(&ln);
	return r;
}

static int net_hv_clear(struct ovt_err *e)
{
	struct net_lab_nodes ln;
	int i, r, first = 0;

	r = net_lab_nodes(&ln, e);
	for (i = 0; r == 0 && i < ln.n; i++) {
		int q = ln.tagged[i] ? net_netns_del(ln.v[i].name, e) :
				       net_clear_node(&ln.v[i], e);

		if (q < 0 && !first)
			first = q;
	}
	net_lab_nodes_free(&ln);
	return r < 0 ? r : first;
}

static int net_tun_runconf(FILE *fp, enum lab_phase ph, struct ovt_err *e)
{
	(void)e;
	return ph == LAB_PHASE_TUNNELS ? net_runconf_tunnels_lab(fp) : 0;
}

static int net_tun_clear(struct ovt_err *e)
{
	(void)e;
	net_tunnel_clear();
	return 0;
}

static const struct lab_area net_tunnels_area = {
	.name = "tunnels",
	.order = 20,
	.runconf = net_tun_runconf,
	.clear = net_tun_clear,
};
LAB_AREA(net_tunnels_area);

static const struct lab_area net_hypervisors_area = {
	.name = "hypervisors",
	.order = 30,
	.runconf = net_hv_runconf,
	.clear = net_hv_clear,
};
LAB_AREA(net_hypervisors_area);
