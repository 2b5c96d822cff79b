/* cmd_links.c - show links: every cable of the lab (a veth pair,
 * "node:if <-> node:if") with the addresses and bridge of each end, and
 * every tunnel between two ends, read back from the kernel: the veth
 * tags record their peer (net_lab_node's conns), the tunnel ends theirs
 * (net_lab_tunnels). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"

/* The tunnels whose first end is in one of the nodes read, appended. */
static int cmd_links_read_tunnels(struct cmd_links *s, struct ovt_err *e)
{
	int r = 0;

	for (int i = 0; r == 0 && i < s->n; i++) {
		struct net_tunnel *t = NULL, *nv;
		int nt = 0;

		r = net_lab_tunnels(&s->ln[i].node, &t, &nt, e);
		nv = r == 0 && nt ? realloc(s->tun, ((size_t)s->ntun +
				(size_t)nt) * sizeof(*nv)) : s->tun;
		if (r == 0 && nt && !nv)
			r = ovt_err_set(e, ENOMEM, "out of memory");
		else if (r == 0 && nt) {
			s->tun = nv;
			memcpy(s->tun + s->ntun, t, (size_t)nt * sizeof(*t));
			s->ntun += nt;
		}
		free(t);
	}
	return r;
}

int cmd_links_read(struct cmd_links *s, struct ovt_err *e)
{
	struct node *nodes = NULL;
	int nn = 0, r;

	memset(s, 0, sizeof(*s));
	r = cmd_show_nodes(&nodes, &nn, true, e);
	if (r < 0)
		return r;
	s->ln = calloc((size_t)nn + 1, sizeof(*s->ln));
	if (!s->ln)
		r = ovt_err_set(e, ENOMEM, "out of memory");
	for (int i = 0; r == 0 && i < nn; i++) {
		struct ovt_err ne = { 0 };

		if (!node_is_host(&nodes[i]) && !cmd_show_lab_node(&nodes[i]))
			continue;
		/* a node gone meanwhile has no cables; one this user may
		 * not enter may have some: the command fails */
		r = net_lab_node_read(&nodes[i], NET_LAB_BRIDGES |
				      NET_LAB_CONNS | NET_LAB_IFACES,
				      &s->ln[s->n], &ne);
		if (r == 0)
			s->n++;
		else if (ne.code == EPERM || ne.code == EACCES)
			*e = ne;
		else
			r = 0;
	}
	free(nodes);
	return r == 0 ? cmd_links_read_tunnels(s, e) : r;
}

void cmd_links_free(struct cmd_links *s)
{
	for (int i = 0; i < s->n; i++)
		net_lab_node_free(&s->ln[i]);
	free(s->ln);
	free(s->tun);
}

const struct net_lab_iface *cmd_links_iface(const struct cmd_links *s,
					    const struct node *n,
					    const char *ifname)
{
	for (int i = 0; i < s->n; i++) {
		if (!node_eq(&s->ln[i].node, n))
			continue;
		for (int k = 0; k < s->ln[i].niface; k++)
			if (!strcmp(s->ln[i].iface[k].name, ifname))
				return &s->ln[i].iface[k];
	}
	return NULL;
}

bool cmd_links_peer(const struct cmd_links *s, const struct node *n,
		    const char *ifname, const struct node **peer,
		    const char **peer_ifname)
{
	for (int i = 0; i < s->n; i++)
		for (int k = 0; k < s->ln[i].nconn; k++) {
			const struct net_lab_conn *c = &s->ln[i].conn[k];

			if (node_eq(&s->ln[i].node, n) &&
			    !strcmp(c->ifname, ifname)) {
				*peer = &c->peer;
				*peer_ifname = c->peer_ifname;
				return true;
			}
			if (node_eq(&c->peer, n) &&
			    !strcmp(c->peer_ifname, ifname)) {
				*peer = &s->ln[i].node;
				*peer_ifname = c->ifname;
				return true;
			}
		}
	return false;
}

const char *cmd_links_label(const struct node *n)
{
	return node_is_host(n) ? "host" : n->name;
}

struct in_addr cmd_links_remote(const struct net_tunnel *t, int i)
{
	/* an end's remote 0: the other end's local */
	return t->end[i].remote.s_addr || t->nends < 2 ? t->end[i].remote :
	       t->end[1 - i].local;
}

/* One end: text "node:if 10.0.0.1/24 [br0]", JSON an object. */
static void cmd_links_end(struct out *o, const char *key,
			  const struct cmd_links *s,
			  const struct node *n, const char *ifname,
			  const char *master_of_tunnel)
{
	const struct net_lab_iface *f = cmd_links_iface(s, n, ifname);
	const char *master = master_of_tunnel ? master_of_tunnel :
			     f ? f->master : "";
	char pb[64];

	out_obj_begin(o, key);
	out_str(o, "node", "%s:", cmd_links_label(n));
	out_str(o, "node_kind", NULL, node_kind_name(n->kind));
	out_str(o, "ifname", "%s", ifname);
	out_arr_begin(o, "addresses");
	for (int i = 0; f && i < f->naddr; i++)
		out_str(o, NULL, " %s", val_prefix_str(&f->addr[i], pb,
							 sizeof(pb)));
	out_arr_end(o);
	if (master[0])
		out_str(o, "master", " [%s]", master);
	out_obj_end(o);
}

static void cmd_links_cables(struct out *o, const struct cmd_links *s)
{
	out_text(o, "Cables\n");
	out_arr_begin(o, "links");
	for (int i = 0; i < s->n; i++) {
		const struct net_lab_node *ln = &s->ln[i];

		for (int k = 0; k < ln->nconn; k++) {
			out_obj_begin(o, NULL);
			out_text(o, "  ");
			cmd_links_end(o, "a", s, &ln->node,
				      ln->conn[k].ifname, NULL);
			out_text(o, " <-> ");
			cmd_links_end(o, "b", s, &ln->conn[k].peer,
				      ln->conn[k].peer_ifname, NULL);
			out_obj_end(o);
			out_nl(o);
		}
	}
	out_arr_end(o);
}

static void cmd_links_tunnel(struct out *o, const struct net_tunnel *t)
{
	char la[INET_ADDRSTRLEN], ra[INET_ADDRSTRLEN];

	out_obj_begin(o, NULL);
	out_str(o, "name", "  %s ", t->name);
	out_str(o, "type", "%s", net_kind_name(t->kind));
	if (t->has_vni)
		out_uint(o, "vni", " vni %llu", t->vni);
	if (t->has_key)
		out_uint(o, "key", " key %llu", t->key);
	out_text(o, ":");
	out_arr_begin(o, "ends");
	for (int i = 0; i < t->nends; i++) {
		const struct net_tun_end *x = &t->end[i];
		struct in_addr rem = cmd_links_remote(t, i);

		out_text(o, i ? " <=> " : " ");
		out_obj_begin(o, NULL);
		out_str(o, "node", "%s:", cmd_links_label(&x->node));
		out_str(o, "node_kind", NULL, node_kind_name(x->node.kind));
		out_str(o, "ifname", "%s", x->ifname[0] ? x->ifname : t->name);
		inet_ntop(AF_INET, &x->local, la, sizeof(la));
		inet_ntop(AF_INET, &rem, ra, sizeof(ra));
		out_str(o, "local", " %s", la);
		out_str(o, "remote", "->%s", ra);
		if (x->dev[0])
			out_str(o, "dev", " dev %s", x->dev);
		if (x->bridge[0])
			out_str(o, "master", " [%s]", x->bridge);
		out_obj_end(o);
	}
	out_arr_end(o);
	out_obj_end(o);
	out_nl(o);
}

static void cmd_links_tunnels(struct out *o, const struct cmd_links *s)
{
	out_text(o, "Tunnels\n");
	out_arr_begin(o, "tunnels");
	for (int i = 0; i < s->ntun; i++)
		cmd_links_tunnel(o, &s->tun[i]);
	out_arr_end(o);
}

int cmd_show_links(struct cli_ctx *c, const struct cli_args *a)
{
	struct cmd_links s;
	struct ovt_err e = { 0 };
	struct out *o = cli_out(c);
	int r;

	(void)a;
	r = cmd_links_read(&s, &e);
	if (r == 0) {
		cmd_links_cables(o, &s);
		cmd_links_tunnels(o, &s);
	}
	cmd_links_free(&s);
	return r < 0 || e.code ? cmd_fail(c, &e) : CLI_OK;
}
