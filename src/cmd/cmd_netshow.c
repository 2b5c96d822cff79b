/* cmd_netshow.c - show hypervisors, interfaces, bridges, routes and
 * tunnels, read from the kernel, in text or JSON (one emitter). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"

/* The host, then the nodes of every kind (all: else the hypervisors
 * only) in the kind table's order, as each kind lists them (containers:
 * the lab's running ones, by Docker: they are in no /run/netns).  A kind
 * whose service is not there (no daemon) has none; another error fails
 * the listing. */
int cmd_show_nodes(struct node **out, int *count, bool all,
		   struct ovt_err *e)
{
	static const struct node_kind *const hv_only[] = { &net_hv_kind };
	const struct node_kind *const *kinds = hv_only;
	struct node *v = NULL, *nv;
	int nk = 1, k = 0, r = 0;

	if (all)
		kinds = node_kinds(&nk);
	for (int i = -1; r == 0 && i < nk; i++) {      /* -1: the host */
		char **names = NULL;
		int n = 0;

		/* a kind without list has no host-side namespace to walk */
		if (i >= 0 && !kinds[i]->list)
			continue;
		if (i >= 0 && (r = kinds[i]->list(&names, &n, e)) < 0) {
			if (r != -ECONNREFUSED)
				break;
			ovt_err_clear(e);
			r = 0;
			continue;
		}
		nv = realloc(v, ((size_t)k + (size_t)n + 1) * sizeof(*v));
		if (!nv) {
			r = ovt_err_set(e, ENOMEM, "out of memory");
			node_names_free(names, n);
			break;
		}
		v = nv;
		if (i < 0)
			node_make(&v[k++], NULL, NULL, NULL);
		for (int j = 0; j < n; j++)
			if (node_make(&v[k], kinds[i], names[j], NULL) == 0)
				k++;
		node_names_free(names, n);
	}
	if (r < 0) {
		free(v);
		return r;
	}
	*out = v;
	*count = k;
	return 0;
}

bool cmd_show_lab_node(const struct node *n)
{
	struct ovt_err e = { 0 };

	return !node_is_host(n) &&
	       (!n->kind->lab_check || n->kind->lab_check(n->name, &e) == 0);
}

static const char *cmd_node_label(const struct node *n)
{
	return node_is_host(n) ? "host" : n->name;
}

/* Open node n and list its links (none when that fails: -errno); the
 * first node this user may not enter is kept in e, to fail the command
 * once the others are shown: "not a lab's" would be a guess. */
static int cmd_show_read(const struct node *n, struct net_nl **nl,
			 struct net_link_info **l, int *cnt,
			 struct ovt_err *e)
{
	struct ovt_err le = { 0 };
	int r = net_open(n, nl, &le);

	if (r == 0)
		r = net_link_list(*nl, l, cnt, &le);
	if ((r == -EPERM || r == -EACCES) && !e->code)
		*e = le;
	return r;
}

/* The lab of an object by its alias: its tag's lab, "-" for none. */
static const char *cmd_show_lab_of(const char *alias, char *buf, size_t len)
{
	return net_alias_lab(alias, buf, len) ? buf : "-";
}

/* Is an object of this alias listed: any with "all", else the lab's. */
static bool cmd_show_listed(const char *alias, bool all)
{
	return all || net_alias_is_lab(alias);
}

/* The lab of a listed object: a column with "all", a key in JSON (null
 * for an untagged one). */
static void cmd_show_lab(struct out *o, const char *alias, bool all)
{
	char lab[LAB_NAME_MAX + 1];
	const char *lb = cmd_show_lab_of(alias, lab, sizeof(lab));

	out_str(o, "lab", NULL, strcmp(lb, "-") ? lb : NULL);
	if (all)
		out_text(o, "%-16s ", lb);
}

/* The lab's hypervisors (a namespace whose lo carries its tag); "all":
 * every namespace, with its lab.  One that cannot be read is shown with
 * "?" (it may be the lab's) and fails the command. */
static int cmd_show_hypervisors(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);
	bool all = cli_arg_has(a, "all");
	char **names = NULL;
	int n = 0, i;
	struct ovt_err e = { 0 };

	if (net_netns_list(&names, &n, &e) < 0)
		return cmd_fail(c, &e);
	out_text(o, "%-20s ", "Hypervisor");
	if (all)
		out_text(o, "%-16s ", "Lab");
	out_text(o, "%s\n", "Links");
	out_arr_begin(o, "hypervisors");
	for (i = 0; i < n; i++) {
		struct net_link_info *l = NULL;
		struct net_nl *nl = NULL;
		const char *alias = NULL;
		struct node nd;
		int cnt = 0;
		bool known;

		if (node_make(&nd, &net_hv_kind, names[i], NULL) < 0)
			continue;
		known = cmd_show_read(&nd, &nl, &l, &cnt, &e) == 0;
		for (int k = 0; known && k < cnt; k++)
			if (!strcmp(l[k].name, "lo"))
				alias = l[k].alias;
		if (!known || cmd_show_listed(alias ? alias : "", all)) {
			out_obj_begin(o, NULL);
			out_str(o, "name", "%-20s ", names[i]);
			if (known) {
				cmd_show_lab(o, alias ? alias : "", all);
				out_int(o, "links", "%lld\n", cnt);
			} else {  /* unknown: no "lab" and "links" keys */
				out_text(o, all ? "%-16s ?\n" : "?\n", "?");
			}
			out_obj_end(o);
		}
		free(l);
		net_close(nl);
	}
	out_arr_end(o);
	net_names_free(names, n);
	return e.code ? cmd_fail(c, &e) : CLI_OK;
}

static void cmd_show_iface(struct out *o, const struct net_link_info *li,
			   const struct net_addr_info *a, int na)
{
	char pb[64];
	int i;

	out_obj_begin(o, NULL);
	out_str(o, "name", "%-15s ", li->name);
	out_str(o, "kind", "%-7s ", li->kind_name[0] ? li->kind_name : "-");
	out_str(o, "state", "%-5s ", li->up ? (li->lower_up ? "up" : "no-carrier") :
		"down");
	out_uint(o, "mtu", "%-6llu ", li->mtu);
	out_str(o, "master", "%-15s ", li->master_name[0] ? li->master_name : "-");
	out_bool(o, "lab", NULL, net_alias_is_lab(li->alias));
	out_str(o, "alias", NULL, li->alias);
	out_arr_begin(o, "addresses");
	for (i = 0; i < na; i++)
		if (a[i].ifindex == li->ifindex)
			out_str(o, NULL, "%s ",
				val_prefix_str(&a[i].p, pb, sizeof(pb)));
	out_arr_end(o);
	out_obj_end(o);
	out_nl(o);
}

static int cmd_show_interfaces(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_link_info *l = NULL;
	struct net_addr_info *ad = NULL;
	struct out *o = cli_out(c);
	struct net_nl *nl = NULL;
	struct ovt_err e = { 0 };
	int cnt = 0, na = 0, i, rc = CLI_OK;
	char nb[96];
	struct node n;

	if (cmd_node_from_args(c, a, &n) != CLI_OK || cmd_net_open(c, &n, &nl))
		return CLI_ERR;
	if (net_link_list(nl, &l, &cnt, &e) < 0 ||
	    net_addr_list(nl, 0, AF_UNSPEC, &ad, &na, &e) < 0) {
		rc = cmd_fail(c, &e);
		goto out;
	}
	out_obj_begin(o, NULL);
	out_str(o, "node", "Interfaces of %s\n", node_str(&n, nb, sizeof(nb)));
	out_text(o, "%-15s %-7s %-5s %-6s %-15s %s\n", "Interface", "Kind",
		 "State", "MTU", "Master", "Addresses");
	out_arr_begin(o, "interfaces");
	for (i = 0; i < cnt; i++)
		cmd_show_iface(o, &l[i], ad, na);
	out_arr_end(o);
	out_obj_end(o);
out:
	free(l);
	free(ad);
	net_close(nl);
	return rc;
}

/* The links of one node, shown by a "show X" of every node. */
typedef void (*cmd_show_links_fn)(struct out *o, const struct node *n,
				  const struct net_link_info *l, int cnt,
				  bool all);

/* Under the header head, the JSON array arr of what show() prints for the
 * links of every node (the host, each hypervisor, with cts the lab's
 * containers), the lab's links or with "all" every lab's; a node that
 * cannot be read shows nothing, and fails the command when this user
 * may not enter it. */
static int cmd_show_every(struct cli_ctx *c, const struct cli_args *a,
			  const char *head, const char *arr,
			  cmd_show_links_fn show, bool cts)
{
	bool all = cli_arg_has(a, "all");
	struct out *o = cli_out(c);
	struct node *nodes = NULL;
	struct ovt_err e = { 0 };
	int nn = 0, i;

	if (cmd_show_nodes(&nodes, &nn, cts, &e) < 0)
		return cmd_fail(c, &e);
	out_text(o, "%s", head);      /* the first column, its blank */
	if (all)
		out_text(o, "%-16s ", "Lab");
	out_text(o, "%s\n", head + strlen(head) + 1);
	out_arr_begin(o, arr);
	for (i = 0; i < nn; i++) {
		struct net_link_info *l = NULL;
		struct net_nl *nl = NULL;
		int cnt = 0;

		cmd_show_read(&nodes[i], &nl, &l, &cnt, &e);
		show(o, &nodes[i], l, cnt, all);
		free(l);
		net_close(nl);
	}
	out_arr_end(o);
	free(nodes);
	return e.code ? cmd_fail(c, &e) : CLI_OK;
}

static void cmd_show_node_bridges(struct out *o, const struct node *n,
				  const struct net_link_info *l, int cnt,
				  bool all)
{
	int k, j;

	for (k = 0; k < cnt; k++) {
		if (l[k].kind != NET_K_BRIDGE ||
		    !cmd_show_listed(l[k].alias, all))
			continue;
		out_obj_begin(o, NULL);
		out_str(o, "node", "%-20s ", cmd_node_label(n));
		cmd_show_lab(o, l[k].alias, all);
		out_str(o, "name", "%-15s ", l[k].name);
		out_arr_begin(o, "ports");
		for (j = 0; j < cnt; j++)
			if (l[j].master == l[k].ifindex)
				out_str(o, NULL, "%s ", l[j].name);
		out_arr_end(o);
		out_obj_end(o);
		out_nl(o);
	}
}

static int cmd_show_bridges(struct cli_ctx *c, const struct cli_args *a)
{
	char head[64];

	/* two strings: the first column, then the rest */
	snprintf(head, sizeof(head), "%-20s %c%-15s %s", "Node", '\0',
		 "Bridge", "Ports");
	return cmd_show_every(c, a, head, "bridges", cmd_show_node_bridges,
			      false);
}

static int cmd_show_routes(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_route_info *rt = NULL;
	struct out *o = cli_out(c);
	struct net_nl *nl = NULL;
	struct ovt_err e = { 0 };
	char db[64], gb[64], nb[96];
	int n = 0, i, rc = CLI_OK;
	struct node nd;

	if (cmd_node_from_args(c, a, &nd) != CLI_OK || cmd_net_open(c, &nd, &nl))
		return CLI_ERR;
	if (net_route_list(nl, AF_UNSPEC, &rt, &n, &e) < 0) {
		rc = cmd_fail(c, &e);
		goto out;
	}
	out_obj_begin(o, NULL);
	out_str(o, "node", "Routes of %s\n", node_str(&nd, nb, sizeof(nb)));
	out_text(o, "%-20s %-16s %-15s %s\n", "Destination", "Gateway", "Dev",
		 "By");
	out_arr_begin(o, "routes");
	for (i = 0; i < n; i++) {
		if (rt[i].dst.len == 0)
			snprintf(db, sizeof(db), "default");
		else
			val_prefix_str(&rt[i].dst, db, sizeof(db));
		out_obj_begin(o, NULL);
		out_str(o, "dst", "%-20s ", db);
		out_str(o, "gateway", "%-16s ",
			net_route_gw_str(&rt[i], gb, sizeof(gb)));
		out_str(o, "dev", "%-15s ", rt[i].dev[0] ? rt[i].dev : "-");
		out_str(o, "by", "%s\n", rt[i].protocol == NET_RTPROT ? "ovtsh" :
			rt[i].protocol == 2 ? "kernel" : "other");
		out_obj_end(o);
	}
	out_arr_end(o);
	out_obj_end(o);
out:
	free(rt);
	net_close(nl);
	return rc;
}

static void cmd_show_tunnel(struct out *o, const struct node *n,
			    const struct net_link_info *li,
			    const struct net_link_info *l, int cnt, bool all)
{
	char la[INET_ADDRSTRLEN], ra[INET_ADDRSTRLEN], tn[NET_TUN_NAME_MAX];
	char ref[NODE_NAME_MAX + 4];
	const char *dev = "-";
	int k;

	for (k = 0; k < cnt; k++)
		if (li->link && l[k].ifindex == li->link)
			dev = l[k].name;
	inet_ntop(AF_INET, &li->local, la, sizeof(la));
	inet_ntop(AF_INET, &li->remote, ra, sizeof(ra));
	out_obj_begin(o, NULL);
	out_str(o, "tunnel", "%-12s ", net_alias_get_any(li->alias, "tunnel",
							  tn, sizeof(tn)) ?
		tn : "-");
	cmd_show_lab(o, li->alias, all);
	/* text: ct:NAME / hv:NAME / host; JSON: the name as before, and
	 * the node's kind beside it */
	out_text(o, "%-20s ", net_node_ref(n, ref, sizeof(ref)));
	out_str(o, "node", NULL, cmd_node_label(n));
	out_str(o, "node_kind", NULL, node_kind_name(n->kind));
	out_str(o, "ifname", "%-15s ", li->name);
	out_str(o, "type", "%-7s ", li->kind_name);
	if (li->kind == NET_K_VXLAN) {
		out_uint(o, "vni", "vni %-8llu ", li->id);
		out_uint(o, "dstport", "%-7llu ", li->port);
	} else if (li->has_key) {
		out_uint(o, "key", "key %-8llu ", li->okey);
		out_text(o, "%-7s ", "-");
	} else {
		out_text(o, "%-12s %-7s ", "-", "-");
	}
	out_str(o, "local", "%-15s ", la);
	out_str(o, "remote", "%-15s ", ra);
	out_str(o, "dev", "%-12s ", dev);
	out_str(o, "master", "%s\n", li->master_name[0] ? li->master_name : "-");
	out_obj_end(o);
}

static void cmd_show_node_tunnels(struct out *o, const struct node *n,
				  const struct net_link_info *l, int cnt,
				  bool all)
{
	int k;

	for (k = 0; k < cnt; k++)
		if ((l[k].kind == NET_K_VXLAN || l[k].kind == NET_K_GRE ||
		     l[k].kind == NET_K_GRETAP) &&
		    cmd_show_listed(l[k].alias, all))
			cmd_show_tunnel(o, n, &l[k], l, cnt, all);
}

static int cmd_show_tunnels(struct cli_ctx *c, const struct cli_args *a)
{
	char head[160];

	snprintf(head, sizeof(head),
		 "%-12s %c%-20s %-15s %-7s %-12s %-7s %-15s %-15s %-12s %s",
		 "Tunnel", '\0', "Node", "Interface", "Type", "Id", "Dstport",
		 "Local", "Remote", "Dev", "Bridge");
	return cmd_show_every(c, a, head, "tunnels", cmd_show_node_tunnels,
			      true);
}

static const struct cli_cmd cmd_netshow_cmds[] = {
	{
		.syntax = "show hypervisors [all] [json]",
		.help = H_SHOW "The lab's hypervisors (network namespaces)\n"
			H_ALL H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_hypervisors,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show interfaces [" CMD_NODE_SYNTAX "] [json]",
		.help = H_SHOW "Interfaces of a node (default: this one)\n"
			CMD_NODE_HELP H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE | CLI_M_IF,
		.handler = cmd_show_interfaces,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show bridges [all] [json]",
		.help = H_SHOW "The lab's bridges and their ports, in every "
			"namespace\n" H_ALL H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_bridges,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show routes [" CMD_NODE_SYNTAX "] [json]",
		.help = H_SHOW "Routes of a node (default: this one)\n"
			CMD_NODE_HELP H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE | CLI_M_IF,
		.handler = cmd_show_routes,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show tunnels [all] [json]",
		.help = H_SHOW "The lab's VXLAN and GRE devices in the host, "
			"hypervisors and lab containers\n" H_ALL H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_tunnels,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show links [json]",
		.help = H_SHOW "Every cable of the lab (node:if <-> node:if) "
			"and every tunnel, with addresses and bridges\n"
			H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_links,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("netshow", cmd_netshow_cmds);
