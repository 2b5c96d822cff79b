/* cmd_neighshow.c - show bridge fdb and show neighbors: the kernel's
 * neighbour tables of one node or of every node of the lab, so that a
 * student sees which MAC a bridge learned on which port (on a VXLAN
 * port: from which remote VTEP) and what ARP/ND resolved. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/neighbour.h>

#include "cmd_net.h"

/* One node's table, printed from its links (names) and entries. */
typedef void (*cmd_neigh_show_fn)(struct out *o,
				  const struct net_neigh_info *x,
				  const struct net_link_info *l, int cnt);

struct cmd_neigh_table {
	int family;             /* what net_neigh_list reads */
	const char *title;      /* "Forwarding database of %s\n" */
	const char *head;       /* the column heads */
	const char *arr;        /* JSON key of the entries */
	cmd_neigh_show_fn show;
};

static const char *cmd_neigh_ifname(const struct net_link_info *l, int cnt,
				    int ifindex)
{
	for (int k = 0; k < cnt; k++)
		if (l[k].ifindex == ifindex)
			return l[k].name;
	return NULL;
}

static void cmd_neigh_mac(const uint8_t m[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

static const char *cmd_neigh_ip(const struct val_prefix *p, char *buf,
				socklen_t len)
{
	return inet_ntop(p->family, p->addr, buf, len) ? buf : "?";
}

static void cmd_fdb_show(struct out *o, const struct net_neigh_info *x,
			 const struct net_link_info *l, int cnt)
{
	const char *dev = cmd_neigh_ifname(l, cnt, x->ifindex);
	const char *master = cmd_neigh_ifname(l, cnt, x->master);
	const char *flags[8];
	char mac[24], ab[64];
	int nf, i;

	/* what "bridge fdb" lists less every device's own multicast
	 * filters (33:33:..., 01:00:5e:...): noise in a lesson */
	if (!dev || !x->has_lladdr ||
	    ((x->lladdr[0] & 1) && (x->flags & NTF_SELF) &&
	     (x->state & NUD_PERMANENT)))
		return;
	cmd_neigh_mac(x->lladdr, mac, sizeof(mac));
	out_obj_begin(o, NULL);
	out_str(o, "mac", "%-17s ", mac);
	out_str(o, "dev", "%-15s ", dev);
	if (master)
		out_str(o, "master", "%-15s ", master);
	else
		out_text(o, "%-15s ", "-");
	if (x->has_vlan)
		out_uint(o, "vlan", "%-5llu ", x->vlan);
	else
		out_text(o, "%-5s ", "-");
	if (x->has_dst)
		out_str(o, "dst", "%-15s ", cmd_neigh_ip(&x->dst, ab, sizeof(ab)));
	else
		out_text(o, "%-15s ", "-");
	if (x->has_vni)
		out_uint(o, "vni", NULL, x->vni);
	nf = net_fdb_flag_names(x, flags, 8);
	out_arr_begin(o, "flags");
	for (i = 0; i < nf; i++)
		out_str(o, NULL, i + 1 < nf ? "%s " : "%s", flags[i]);
	out_arr_end(o);
	out_obj_end(o);
	out_nl(o);
}

static void cmd_neigh_show(struct out *o, const struct net_neigh_info *x,
			   const struct net_link_info *l, int cnt)
{
	const char *dev = cmd_neigh_ifname(l, cnt, x->ifindex);
	char mac[24], ab[64];

	/* as "ip neigh": not the NOARP entries (multicast, loopback) */
	if (!dev || !x->has_dst || (x->state & NUD_NOARP))
		return;
	out_obj_begin(o, NULL);
	out_str(o, "address", "%-26s ", cmd_neigh_ip(&x->dst, ab, sizeof(ab)));
	if (x->has_lladdr) {
		cmd_neigh_mac(x->lladdr, mac, sizeof(mac));
		out_str(o, "lladdr", "%-17s ", mac);
	} else {
		out_text(o, "%-17s ", "-");
	}
	out_str(o, "dev", "%-15s ", dev);
	out_str(o, "state", "%s\n", net_neigh_state_name(x->state));
	out_obj_end(o);
}

/* A node's table as read: its links (for the names) and entries. */
struct cmd_neigh_read {
	struct net_neigh_info *v;
	struct net_link_info *l;
	int nv, cnt;
};

static void cmd_neigh_read_free(struct cmd_neigh_read *d)
{
	free(d->v);
	free(d->l);
	memset(d, 0, sizeof(*d));
}

static int cmd_neigh_read(const struct node *n, int family,
			  struct cmd_neigh_read *d, struct ovt_err *e)
{
	struct net_nl *nl = NULL;
	int r;

	memset(d, 0, sizeof(*d));
	r = net_open(n, &nl, e);
	if (r == 0)
		r = net_link_list(nl, &d->l, &d->cnt, e);
	if (r == 0)
		r = net_neigh_list(nl, family, &d->v, &d->nv, e);
	net_close(nl);
	if (r < 0)
		cmd_neigh_read_free(d);
	return r;
}

/* Table t of node n as one JSON object: {node, node_kind, ARR: [...]}. */
static void cmd_neigh_print(struct out *o, const struct node *n,
			    const struct cmd_neigh_table *t,
			    const struct cmd_neigh_read *d)
{
	out_obj_begin(o, NULL);
	out_str(o, "node", t->title, node_is_host(n) ? "host" : n->name);
	out_str(o, "node_kind", NULL, node_kind_name(n->kind));
	out_text(o, "%s", t->head);
	out_arr_begin(o, t->arr);
	for (int i = 0; i < d->nv; i++)
		t->show(o, &d->v[i], d->l, d->cnt);
	out_arr_end(o);
	out_obj_end(o);
}

/* The named node (its error is the command's, with nothing shown), else
 * every node of the lab but the host (the host's tables are its own
 * network, not the lab's), each under its title; a node that cannot be
 * read is left out, and the first this user may not enter fails the
 * command once the others are shown. */
static int cmd_neigh_run(struct cli_ctx *c, const struct cli_args *a,
			 const struct cmd_neigh_table *t)
{
	struct out *o = cli_out(c);
	struct ovt_err e = { 0 }, ne;
	struct cmd_neigh_read *d;
	struct node *nodes = NULL, one;
	int nn = 0, i, r;

	if (cmd_node_given(a)) {
		if (cmd_node_from_args(c, a, &one) != CLI_OK)
			return CLI_ERR;
		nodes = &one;
		nn = 1;
	} else if (cmd_show_nodes(&nodes, &nn, true, &e) < 0) {
		return cmd_fail(c, &e);
	}
	d = calloc((size_t)nn + 1, sizeof(*d));
	for (i = 0, r = d ? 0 : -ENOMEM; r == 0 && i < nn; i++) {
		memset(&ne, 0, sizeof(ne));
		if (nodes != &one && !cmd_show_lab_node(&nodes[i]))
			continue;
		if (cmd_neigh_read(&nodes[i], t->family, &d[i], &ne) < 0 &&
		    (nodes == &one || ne.code == EPERM || ne.code == EACCES)) {
			if (!e.code)
				e = ne;
			r = nodes == &one ? -1 : 0;
		}
	}
	if (!d)
		ovt_err_set(&e, ENOMEM, "out of memory");
	if (d && r == 0) {
		out_arr_begin(o, "nodes");
		for (i = 0; i < nn; i++)
			if (d[i].l)
				cmd_neigh_print(o, &nodes[i], t, &d[i]);
		out_arr_end(o);
	}
	for (i = 0; d && i < nn; i++)
		cmd_neigh_read_free(&d[i]);
	free(d);
	if (nodes != &one)
		free(nodes);
	return e.code ? cmd_fail(c, &e) : CLI_OK;
}

/* show bridge fdb, then show neighbors */
static const struct cmd_neigh_table cmd_neigh_tables[2] = {
	{ .family = AF_BRIDGE, .title = "Forwarding database of %s\n",
	  .head = "MAC               Dev             Master          Vlan  "
		  "Dst             Flags\n",
	  .arr = "fdb", .show = cmd_fdb_show },
	{ .family = AF_UNSPEC, .title = "Neighbors of %s\n",
	  .head = "Address                    Lladdr            Dev             "
		  "State\n",
	  .arr = "neighbors", .show = cmd_neigh_show },
};

/* show bridge fdb, show neighbors: one table each */
static int cmd_show_neigh(struct cli_ctx *c, const struct cli_args *a)
{
	return cmd_neigh_run(c, a,
			     &cmd_neigh_tables[cli_arg_has(a, "fdb") ? 0 : 1]);
}

static const struct cli_cmd cmd_neighshow_cmds[] = {
	{
		.syntax = "show bridge fdb [" CMD_NODE_SYNTAX "] [json]",
		.help = H_SHOW "Bridge tables\n"
			"Forwarding database: MACs per port, the remote VTEP "
			"of a VXLAN port (default: every node of the lab)\n"
			CMD_NODE_HELP H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE | CLI_M_IF,
		.handler = cmd_show_neigh,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show neighbors [" CMD_NODE_SYNTAX "] [json]",
		.help = H_SHOW "ARP and ND tables (default: every node of the "
			"lab)\n" CMD_NODE_HELP H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE | CLI_M_IF,
		.handler = cmd_show_neigh,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("neighshow", cmd_neighshow_cmds);
