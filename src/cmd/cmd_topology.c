/* cmd_topology.c - show topology and write topology: the lab as show
 * links reads it (cmd_links.c), per node: its bridges, its interfaces
 * with their addresses and what each is cabled to (node:if), and its
 * tunnel ends; as text that fits 80 columns, as JSON, or as a picture
 * laid out by Graphviz (ovtsh/graph.h) and written through the safe-file
 * module.  Node kinds differ only by their table entry (node.h: keyword,
 * prefix, shape). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"
#include "ovtsh/graph.h"
#include "ovtsh/lab.h"
#include "ovtsh/safefile.h"
#include "ovtsh/value.h"

#define TOPO_COLS 80            /* the text view's width */

enum topo_type { TOPO_BRIDGE, TOPO_VETH, TOPO_LINK, TOPO_TUNNEL };

static const char *const topo_type_name[] = {
	[TOPO_BRIDGE] = "bridge", [TOPO_VETH] = "veth",
	[TOPO_LINK] = "link", [TOPO_TUNNEL] = "tunnel",
};

/* One interface of a node, whatever its type. */
struct topo_row {
	enum topo_type type;
	const char *name;
	const struct net_lab_iface *f;    /* its settings; NULL: none read */
	const struct node *peer;          /* TOPO_VETH: the other end */
	const char *peer_if;
	const struct net_tunnel *t;       /* TOPO_TUNNEL: t->end[end] */
	int end;
};

static bool topo_is_bridge(const struct net_lab_node *ln, const char *name)
{
	for (int i = 0; i < ln->nbridge; i++)
		if (!strcmp(ln->bridge[i], name))
			return true;
	return false;
}

static const char *topo_tun_ifname(const struct net_tunnel *t, int i)
{
	return t->end[i].ifname[0] ? t->end[i].ifname : t->name;
}

static void topo_cat(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "vxlan vni 42", "gre key 7": what a tunnel is, its words joined by
 * join (the text view's tab keeps "vni 42" on one line). */
static void topo_tun_what(const struct net_tunnel *t, char join, char *buf,
			  size_t len)
{
	snprintf(buf, len, "%s", net_kind_name(t->kind));
	if (t->has_vni)
		topo_cat(buf, len, " vni%c%u", join, (unsigned)t->vni);
	if (t->has_key)
		topo_cat(buf, len, " key%c%u", join, (unsigned)t->key);
}

/* ln's interfaces: its bridges, its other links (by name), then its
 * tunnel ends; malloc'ed, *n set; NULL with *n 0 when there are none or
 * memory is short (-ENOMEM in *r). */
static struct topo_row *topo_rows(const struct cmd_links *s,
				  const struct net_lab_node *ln, int *n,
				  int *r)
{
	size_t max = (size_t)ln->nbridge + (size_t)ln->niface +
		     2 * (size_t)s->ntun;
	struct topo_row *v = calloc(max + 1, sizeof(*v));
	int k = 0;

	*n = 0;
	*r = v ? 0 : -ENOMEM;
	if (!v)
		return NULL;
	for (int i = 0; i < ln->nbridge; i++)
		v[k++] = (struct topo_row){ .type = TOPO_BRIDGE,
			.name = ln->bridge[i],
			.f = cmd_links_iface(s, &ln->node, ln->bridge[i]) };
	for (int i = 0; i < ln->niface; i++) {
		struct topo_row *x = &v[k];

		if (topo_is_bridge(ln, ln->iface[i].name))
			continue;
		*x = (struct topo_row){ .type = TOPO_LINK,
			.name = ln->iface[i].name, .f = &ln->iface[i] };
		if (cmd_links_peer(s, &ln->node, x->name, &x->peer,
				   &x->peer_if))
			x->type = TOPO_VETH;
		k++;
	}
	for (int i = 0; i < s->ntun; i++)
		for (int j = 0; j < s->tun[i].nends; j++)
			if (node_eq(&s->tun[i].end[j].node, &ln->node))
				v[k++] = (struct topo_row){ .type = TOPO_TUNNEL,
					.name = topo_tun_ifname(&s->tun[i], j),
					.t = &s->tun[i], .end = j };
	*n = k;
	return v;
}

/* ---- text and JSON ---- */

/* A row's text: "ADDR... [MASTER]" and what it leads to (a bridge: its
 * ports).  A tab joins words that stay on one line ("<->\tnode:if"). */
struct topo_text {
	char detail[512];
	char link[2048];
};

/* Append to the string in buf (cut at len). */
static void topo_cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	if (n < len)
		vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

static void topo_addrs(struct out *o, const struct val_prefix *a, int na,
		       struct topo_text *x)
{
	char pb[64];

	out_arr_begin(o, "addresses");
	for (int i = 0; i < na; i++) {
		val_prefix_str(&a[i], pb, sizeof(pb));
		out_str(o, NULL, NULL, pb);
		topo_cat(x->detail, sizeof(x->detail), x->detail[0] ? " %s" :
			 "%s", pb);
	}
	out_arr_end(o);
}

static void topo_master(struct out *o, const char *master,
			struct topo_text *x)
{
	if (!master[0])
		return;
	out_str(o, "master", NULL, master);
	topo_cat(x->detail, sizeof(x->detail), x->detail[0] ? " [%s]" :
		 "[%s]", master);
}

static void topo_peer(struct out *o, const struct node *n, const char *ifname,
		      struct topo_text *x)
{
	out_obj_begin(o, "peer");
	out_str(o, "node", NULL, cmd_links_label(n));
	out_str(o, "node_kind", NULL, node_kind_name(n->kind));
	out_str(o, "ifname", NULL, ifname);
	out_obj_end(o);
	topo_cat(x->link, sizeof(x->link), "%s:", cmd_links_label(n));
	topo_cat(x->link, sizeof(x->link), "%s", ifname);
}

/* A bridge's ports: its node's links and tunnel ends that it holds. */
static void topo_ports(struct out *o, const struct topo_row *v, int n,
		       const char *br, struct topo_text *x)
{
	out_arr_begin(o, "ports");
	topo_cat(x->link, sizeof(x->link), "%s", "bridge:");
	for (int i = 0; i < n; i++) {
		const char *m = v[i].type == TOPO_TUNNEL ?
				v[i].t->end[v[i].end].bridge :
				v[i].f ? v[i].f->master : "";

		if (v[i].type == TOPO_BRIDGE || strcmp(m, br))
			continue;
		out_str(o, NULL, NULL, v[i].name);
		topo_cat(x->link, sizeof(x->link), " %s", v[i].name);
	}
	out_arr_end(o);
}

static void topo_tunnel(struct out *o, const struct topo_row *w,
			struct topo_text *x)
{
	const struct net_tunnel *t = w->t;
	const struct net_tun_end *me = &t->end[w->end];
	struct in_addr rem = cmd_links_remote(t, w->end);
	char ab[INET_ADDRSTRLEN], pb[64], what[64];

	out_arr_begin(o, "addresses");
	if (me->has_addr) {
		val_prefix_str(&me->addr, pb, sizeof(pb));
		out_str(o, NULL, NULL, pb);
		topo_cat(x->detail, sizeof(x->detail), "%s", pb);
	}
	out_arr_end(o);
	topo_master(o, me->bridge, x);
	topo_cat(x->link, sizeof(x->link), "%s", "<=>\t");
	if (t->nends == 2)
		topo_peer(o, &t->end[1 - w->end].node,
			  topo_tun_ifname(t, 1 - w->end), x);
	out_obj_begin(o, "tunnel");
	out_str(o, "name", NULL, t->name);
	out_str(o, "type", NULL, net_kind_name(t->kind));
	topo_tun_what(t, '\t', what, sizeof(what));
	topo_cat(x->link, sizeof(x->link), t->nends == 2 ? " %s" : "%s",
		 what);
	if (t->has_vni)
		out_uint(o, "vni", NULL, t->vni);
	if (t->has_key)
		out_uint(o, "key", NULL, t->key);
	out_str(o, "local", NULL, inet_ntop(AF_INET, &me->local, ab,
					    sizeof(ab)));
	inet_ntop(AF_INET, &rem, ab, sizeof(ab));
	out_str(o, "remote", NULL, ab);
	topo_cat(x->link, sizeof(x->link), " remote\t%s", ab);
	if (me->dev[0])
		out_str(o, "dev", NULL, me->dev);
	out_obj_end(o);
}

/* The words of text (tabs join words), each after a blank, from column
 * at; a word that would pass 80 columns starts a new line at column
 * indent.  Returns the column reached. */
static size_t topo_words(struct out *o, const char *text, size_t at,
			 size_t indent)
{
	char word[sizeof(((struct topo_text *)0)->link)];

	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " ");

		/* text is at most a link's text long: a word fits whole */
		memcpy(word, p, n);
		word[n] = '\0';
		for (char *q = word; (q = strchr(q, '\t')); )
			*q = ' ';
		if (at + 1 + n > TOPO_COLS && at > indent) {
			out_text(o, "\n%*s", (int)indent, "");
			at = indent;
		}
		out_text(o, " %s", word);
		at += 1 + n;
		p += n;
		p += strspn(p, " ");
	}
	return at;
}

/* "  NAME  DETAIL LINK" in 80 columns: what does not fit goes on under
 * DETAIL, a word at a time. */
static void topo_line(struct out *o, int w, const char *name,
		      const struct topo_text *x)
{
	size_t at = 2 + (size_t)w;

	if (!x->detail[0] && !x->link[0]) {
		out_text(o, "  %s\n", name);
		return;
	}
	out_text(o, "  %-*s", w, name);
	at = topo_words(o, x->detail, at, at);
	topo_words(o, x->link, at, 2 + (size_t)w);
	out_nl(o);
}

static void topo_row_emit(struct out *o, const struct topo_row *v, int n,
			  int i, int w)
{
	const struct topo_row *r = &v[i];
	struct topo_text x = { "", "" };

	out_obj_begin(o, NULL);
	out_str(o, "ifname", NULL, r->name);
	out_str(o, "type", NULL, topo_type_name[r->type]);
	if (r->type == TOPO_TUNNEL) {
		topo_tunnel(o, r, &x);
	} else {
		topo_addrs(o, r->f ? r->f->addr : NULL, r->f ? r->f->naddr : 0,
			   &x);
		if (r->f)
			topo_master(o, r->f->master, &x);
	}
	if (r->type == TOPO_BRIDGE)
		topo_ports(o, v, n, r->name, &x);
	if (r->type == TOPO_VETH) {
		topo_cat(x.link, sizeof(x.link), "%s", "<->\t");
		topo_peer(o, r->peer, r->peer_if, &x);
	}
	out_obj_end(o);
	topo_line(o, w, r->name, &x);
}

/* One node: "KIND NAME" and its rows; the host only when the lab has
 * something there. */
static int topo_node(struct out *o, const struct cmd_links *s,
		     const struct net_lab_node *ln)
{
	struct topo_row *v;
	int n, r, w = 8;
	char nb[NODE_NAME_MAX + 32];

	v = topo_rows(s, ln, &n, &r);
	if (r < 0 || (n == 0 && node_is_host(&ln->node))) {
		free(v);
		return r;
	}
	for (int i = 0; i < n; i++)
		if ((int)strlen(v[i].name) > w)
			w = (int)strlen(v[i].name);
	out_obj_begin(o, NULL);
	out_str(o, "node", NULL, cmd_links_label(&ln->node));
	out_str(o, "node_kind", NULL, node_kind_name(ln->node.kind));
	out_text(o, "%s\n", node_str(&ln->node, nb, sizeof(nb)));
	out_arr_begin(o, "interfaces");
	for (int i = 0; i < n; i++)
		topo_row_emit(o, v, n, i, w);
	out_arr_end(o);
	out_obj_end(o);
	free(v);
	return 0;
}

static int cmd_show_topology(struct cli_ctx *c, const struct cli_args *a)
{
	struct cmd_links s;
	struct ovt_err e = { 0 };
	struct out *o = cli_out(c);
	int r;

	(void)a;
	r = cmd_links_read(&s, &e);
	out_obj_begin(o, NULL);
	out_arr_begin(o, "nodes");
	for (int i = 0; r == 0 && i < s.n; i++)
		r = topo_node(o, &s, &s.ln[i]);
	out_arr_end(o);
	out_obj_end(o);
	cmd_links_free(&s);
	if (r == -ENOMEM && !e.code)
		ovt_err_set(&e, ENOMEM, "out of memory");
	return r < 0 || e.code ? cmd_fail(c, &e) : CLI_OK;
}

/* ---- the picture ---- */

/* A node's graph id: its kind's prefix and name ("hv:ns1"), "host". */
static const char *topo_id(const struct node *n, char *buf, size_t len)
{
	if (node_is_host(n))
		snprintf(buf, len, "host");
	else
		snprintf(buf, len, "%s:%s", n->kind->prefix, n->name);
	return buf;
}

static int topo_gnode(struct graph *g, const struct node *n, char *id,
		      size_t len, struct ovt_err *e)
{
	int r = graph_node(g, topo_id(n, id, len), cmd_links_label(n),
			   n->kind->shape, e);

	return r < 0 ? r : 0;
}

/* Where an interface of n is drawn: on its bridge (a node of its own,
 * "hv:ns1/br0", bound to n by a bold edge) or on n itself; id filled. */
static int topo_gend(struct graph *g, const struct node *n,
		     const char *master, char *id, size_t len,
		     struct ovt_err *e)
{
	static const struct graph_edge_spec part = { .bold = true };
	char nid[NODE_NAME_MAX + 16];
	int r = topo_gnode(g, n, nid, sizeof(nid), e);

	if (r < 0 || !master || !master[0]) {
		snprintf(id, len, "%s", nid);
		return r;
	}
	snprintf(id, len, "%s/%s", nid, master);
	r = graph_node(g, id, master, NULL, e);
	if (r == 1)
		r = graph_edge(g, nid, id, &part, e);
	return r < 0 ? r : 0;
}

/* "IFNAME\nADDR\nADDR": an edge end's label (\n: Graphviz's line break). */
static void topo_glabel(char *buf, size_t len, const char *ifname,
			const struct val_prefix *a, int na)
{
	char pb[64];

	snprintf(buf, len, "%s", ifname);
	for (int i = 0; i < na; i++)
		topo_cat(buf, len, "\\n%s", val_prefix_str(&a[i], pb,
							 sizeof(pb)));
}

/* A cable end: where it is drawn and its label. */
static int topo_gcable_end(struct graph *g, const struct cmd_links *s,
			   const struct node *n, const char *ifname,
			   char *id, size_t len, char *label, size_t llen,
			   struct ovt_err *e)
{
	const struct net_lab_iface *f = cmd_links_iface(s, n, ifname);

	topo_glabel(label, llen, ifname, f ? f->addr : NULL, f ? f->naddr : 0);
	return topo_gend(g, n, f ? f->master : NULL, id, len, e);
}

static int topo_gcables(struct graph *g, const struct cmd_links *s,
			struct ovt_err *e)
{
	char ia[2 * NODE_NAME_MAX + 40], ib[sizeof(ia)];
	char la[512], lb[512];
	int r = 0;

	for (int i = 0; r == 0 && i < s->n; i++)
		for (int k = 0; r == 0 && k < s->ln[i].nconn; k++) {
			const struct net_lab_conn *c = &s->ln[i].conn[k];
			struct graph_edge_spec x = { .taillabel = la,
						     .headlabel = lb };

			r = topo_gcable_end(g, s, &s->ln[i].node, c->ifname,
					    ia, sizeof(ia), la, sizeof(la), e);
			if (r == 0)
				r = topo_gcable_end(g, s, &c->peer,
						    c->peer_ifname, ib,
						    sizeof(ib), lb,
						    sizeof(lb), e);
			if (r == 0)
				r = graph_edge(g, ia, ib, &x, e);
		}
	return r;
}

/* A tunnel: a dashed edge "vxlan vni 42" between its two ends (drawn on
 * their bridges), each end labelled with its device, local address and
 * its own address if it has one; a tunnel with one end in the lab goes
 * to its remote address, a node of its own. */
static int topo_gtunnel(struct graph *g, const struct net_tunnel *t,
			struct ovt_err *e)
{
	char id[2][2 * NODE_NAME_MAX + 40], lab[2][128], what[64], ab[16];
	struct graph_edge_spec x = { .label = what, .taillabel = lab[0],
				     .headlabel = lab[1], .dashed = true };
	int r = 0;

	if (t->nends < 1)
		return 0;
	topo_tun_what(t, ' ', what, sizeof(what));
	if (t->nends == 1) {
		inet_ntop(AF_INET, &t->end[0].remote, ab, sizeof(ab));
		snprintf(id[1], sizeof(id[1]), "remote:%s", ab);
		lab[1][0] = '\0';
		x.headlabel = NULL;
		r = graph_node(g, id[1], ab, "plaintext", e);
	}
	for (int i = 0; r >= 0 && i < t->nends && i < 2; i++) {
		const struct net_tun_end *x2 = &t->end[i];

		topo_glabel(lab[i], sizeof(lab[i]), topo_tun_ifname(t, i),
			    &x2->addr, x2->has_addr);
		topo_cat(lab[i], sizeof(lab[i]), "\\n%s",
			 inet_ntop(AF_INET, &x2->local, ab, sizeof(ab)));
		r = topo_gend(g, &x2->node, x2->bridge, id[i], sizeof(id[i]),
			      e);
	}
	return r < 0 ? r : graph_edge(g, id[0], id[1], &x, e);
}

/* The lab as a graph: every lab node (the host when a cable ends there),
 * its bridges, its cables, its tunnels. */
static int topo_graph(struct graph *g, const struct cmd_links *s,
		      struct ovt_err *e)
{
	char id[2 * NODE_NAME_MAX + 40];
	int r = 0;

	for (int i = 0; r == 0 && i < s->n; i++) {
		const struct net_lab_node *ln = &s->ln[i];

		if (node_is_host(&ln->node) && !ln->nbridge && !ln->niface)
			continue;
		r = topo_gnode(g, &ln->node, id, sizeof(id), e);
		for (int k = 0; r == 0 && k < ln->nbridge; k++)
			r = topo_gend(g, &ln->node, ln->bridge[k], id,
				      sizeof(id), e);
	}
	if (r == 0)
		r = topo_gcables(g, s, e);
	for (int i = 0; r == 0 && i < s->ntun; i++)
		r = topo_gtunnel(g, &s->tun[i], e);
	return r;
}

/* Read the lab, draw it in format; *buf malloc'ed. */
static int topo_draw(const char *format, char **buf, size_t *len,
		     struct ovt_err *e)
{
	struct cmd_links s;
	struct graph *g = NULL;
	int r = cmd_links_read(&s, e);

	if (r == 0 && e->code)
		r = -e->code;
	if (r == 0)
		r = graph_new(&g, lab_name(), e);
	if (r == 0)
		r = topo_graph(g, &s, e);
	if (r == 0)
		r = graph_render(g, format, buf, len, e);
	graph_free(g);
	cmd_links_free(&s);
	return r;
}

static int cmd_write_topology(struct cli_ctx *c, const struct cli_args *a)
{
	const char *path = cli_arg(a, "file");
	const char *format = graph_format_of(path);
	struct ovt_err e = { 0 };
	struct sfile f;
	char *buf = NULL;
	size_t len = 0;

	if (!format)
		return cli_err(c, "cannot write '%s': unknown picture format "
			       "(the name ends in .svg, .png or .dot)", path);
	if (topo_draw(format, &buf, &len, &e) < 0) {
		free(buf);
		return cmd_fail(c, &e);
	}
	/* a failure keeps the old file (ovtsh/safefile.h) */
	if (sfile_open(&f, path, 0666, &e) < 0) {
		free(buf);
		return cmd_fail(c, &e);
	}
	fwrite(buf, 1, len, f.fp);
	free(buf);
	if (sfile_commit(&f, &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

static const struct cli_cmd cmd_topology_cmds[] = {
	{
		.syntax = "show topology [json]",
		.help = H_SHOW "The lab per node: interfaces, addresses, "
			"bridges, what each is cabled to, tunnels\n" H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_topology,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "write topology FILE",
		.help = "Save the running-config to a file\n"
			"A picture of the lab, drawn by Graphviz\n"
			"File name: NAME.svg, NAME.png or NAME.dot\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_write_topology,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("topology", cmd_topology_cmds);
