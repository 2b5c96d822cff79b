/* cmd_tunnel.c - the tunnel block: "tunnel IFNAME" collects type, vni,
 * dstport, key, ttl and one or two endpoints; leaving the block (exit,
 * end, a parent command, end of script) applies it once complete.
 *
 * An end in a node that has an ovtsh of its own (a VM's guest, node.h's
 * own_shell) is made by that ovtsh: a one-ended block, the node written
 * "host", its remote the other end's local.  In such a node's mode (vm
 * NAME) the block is the node's own: it goes there as typed. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"
#include "cmd_runconf.h"

/* A block being collected: the tunnel, and the node whose mode it was
 * opened in when that node has its own ovtsh (where it all goes). */
struct cmd_tun_blk {
	struct net_tunnel t;
	bool inside;
	struct node in;
	bool unasked;      /* the type line left the host's kernel alone */
};

static struct net_tunnel *cmd_tun_cur(struct cli_ctx *c)
{
	struct cmd_tun_blk *b = cli_mode_data(c, CLI_MODE_TUN);

	return b ? &b->t : NULL;
}

static bool cmd_tun_own(const struct node *n)
{
	return n->kind && n->kind->own_shell;
}

/* Tunnel t (its ends' nodes as they are read there) run by the ovtsh in
 * node nd, as the block the running-config would write for it; nd NULL:
 * the block is the mode's node's own, it goes through that mode (which
 * starts a VM not started yet). */
static int cmd_tun_shell(struct cli_ctx *c, const struct node *nd,
			 const struct net_tunnel *t)
{
	const char *lines[CMD_SHELL_LINES + 1];
	char *text = NULL, *save = NULL;
	struct cmd_rc w;
	size_t sz = 0;
	FILE *fp;
	int n = 0, rc;

	fp = open_memstream(&text, &sz);
	if (!fp)
		return cli_err(c, "out of memory");
	cmd_rc_init(&w, fp);
	cmd_tun_conf(&w, t);
	fclose(fp);
	/* one more than the node's shell takes: it refuses a longer block */
	for (char *l = strtok_r(text, "\n", &save); l &&
	     n <= CMD_SHELL_LINES; l = strtok_r(NULL, "\n", &save))
		lines[n++] = l + strspn(l, " ");
	rc = nd ? cmd_node_shell(c, nd, lines, n, -1) :
		 cli_forward_lines(c, lines, n);
	free(text);
	return rc < 0 ? cli_err(c, "tunnel %s: no node to run it", t->name)
		      : rc;
}

/* End i alone, as its node's ovtsh makes it: there it is "host". */
static int cmd_tun_apply_own(struct cli_ctx *c, const struct net_tunnel *t,
			     int i)
{
	struct net_tunnel one = *t;
	struct net_tun_end *x = &one.end[0];

	*x = t->end[i];
	if (!x->remote.s_addr && t->nends == 2)
		x->remote = t->end[1 - i].local;
	node_make(&x->node, NULL, NULL, NULL);    /* the host, there */
	one.nends = 1;
	return cmd_tun_shell(c, &t->end[i].node, &one);
}

static int cmd_tun_apply(struct cli_ctx *c, void *data)
{
	struct cmd_tun_blk *b = data;
	struct net_tunnel here = b->t;
	struct ovt_err e = { 0 };
	int i;

	if (b->inside)
		return cmd_tun_shell(c, NULL, &b->t);
	if (net_tunnel_check(&b->t, &e) < 0)
		return cmd_fail(c, &e);
	/* the ends in nodes with their own ovtsh there, the rest here */
	here.nends = 0;
	for (i = 0; i < b->t.nends; i++) {
		struct net_tun_end *x = &here.end[here.nends];

		if (cmd_tun_own(&b->t.end[i].node)) {
			if (cmd_tun_apply_own(c, &b->t, i) != CLI_OK)
				return CLI_ERR;
			continue;
		}
		*x = b->t.end[i];
		if (!x->remote.s_addr && b->t.nends == 2)
			x->remote = b->t.end[1 - i].local;
		here.nends++;
	}
	if (here.nends == 2)       /* both here: the remotes are implied */
		here = b->t;
	if (here.nends && net_tunnel_apply(&here, &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

static int cmd_tun_enter(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg_ifname(a, "name");
	struct ovt_err e = { 0 };
	struct cmd_tun_blk *b;

	b = calloc(1, sizeof(*b));
	if (!b)
		return cli_err(c, "out of memory");
	if (val_copy(b->t.name, sizeof(b->t.name), name, "tunnel name",
		     &e) < 0 ||
	    cmd_node_of_mode(c, &b->in, &e) < 0) {
		free(b);
		return cmd_fail(c, &e);
	}
	b->inside = cmd_tun_own(&b->in);
	return cli_mode_push(c, CLI_MODE_TUN, name, cmd_tun_apply, b, free);
}

/* "no tunnel NAME": in a node with its own ovtsh (its mode), there. */
static int cmd_tun_delete(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg_ifname(a, "name");
	struct ovt_err e = { 0 };
	char line[64];
	struct node n;

	if (cmd_node_of_mode(c, &n, &e) < 0)
		return cmd_fail(c, &e);
	if (cmd_tun_own(&n)) {
		const char *l = line;
		int r;

		snprintf(line, sizeof(line), "no tunnel %s", name);
		r = cli_forward_lines(c, &l, 1);
		return r < 0 ? cmd_node_shell(c, &n, &l, 1, -1) : r;
	}
	if (net_tunnel_del(name, &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

/* Does the host's kernel make an end of this block?  Not when the block
 * is a node's own, nor when every end named so far is in a node with
 * its own ovtsh (that node's kernel decides, when the end is made). */
static bool cmd_tun_here(struct cli_ctx *c, const struct net_tunnel *t)
{
	struct cmd_tun_blk *b = cli_mode_data(c, CLI_MODE_TUN);

	if (b->inside)
		return false;
	for (int i = 0; i < t->nends; i++)
		if (!cmd_tun_own(&t->end[i].node))
			return true;
	return t->nends == 0;
}

/* A kind this kernel lacks (GRE here) is refused at this line, not when
 * the block is applied (or at the first end made here, see above). */
static int cmd_tun_type(struct cli_ctx *c, const struct cli_args *a)
{
	struct cmd_tun_blk *b = cli_mode_data(c, CLI_MODE_TUN);
	enum net_kind k = net_kind_from_name(cli_arg(a, "kind"));
	struct ovt_err e = { 0 };

	b->unasked = !cmd_tun_here(c, &b->t);
	if (!b->unasked && net_kind_available(k, &e) < 0)
		return cmd_fail(c, &e);
	b->t.kind = k;
	return CLI_OK;
}

static int cmd_tun_param(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_tunnel *t = cmd_tun_cur(c);

	if (cli_arg_has(a, "vni")) {
		t->has_vni = true;
		t->vni = cli_arg_u32(a, "vni_num", 0);
	} else if (cli_arg_has(a, "dstport")) {
		t->port = (uint16_t)cli_arg_u32(a, "port", 0);   /* 1-65535 */
	} else if (cli_arg_has(a, "key")) {
		t->has_key = true;
		t->key = cli_arg_u32(a, "key_num", 0);
	} else if (cli_arg_has(a, "ttl")) {
		t->ttl = (uint8_t)cli_arg_u32(a, "ttl_num", 0);   /* 1-255 */
	}
	return CLI_OK;
}

static int cmd_tun_endpoint(struct cli_ctx *c, const struct cli_args *a)
{
	struct cmd_tun_blk *b = cli_mode_data(c, CLI_MODE_TUN);
	struct net_tunnel *t = &b->t;
	struct ovt_err e = { 0 };
	struct net_tun_end x = { 0 };
	int i;

	if (cmd_node_for_change(c, a, &x.node) != CLI_OK)
		return CLI_ERR;
	/* an end made here, of a kind the type line did not ask this
	 * kernel for (the ends before it were in nodes with their own
	 * ovtsh) */
	if (b->unasked && !b->inside && !cmd_tun_own(&x.node) &&
	    net_kind_available(t->kind, &e) < 0)
		return cmd_fail(c, &e);
	cli_arg_addr4(a, "local", &x.local);
	cli_arg_addr4(a, "remote", &x.remote);
	x.has_addr = cli_arg_prefix(a, "addr", &x.addr);
	/* IFNAME values: they fit, never cut */
	if (val_ifname_set(x.dev, cli_arg_ifname(a, "dev"), &e) < 0 ||
	    val_ifname_set(x.bridge, cli_arg_ifname(a, "bridge"), &e) < 0 ||
	    val_ifname_set(x.ifname, cli_arg_ifname(a, "tunif"), &e) < 0)
		return cmd_fail(c, &e);
	/* the same node again replaces its endpoint */
	for (i = 0; i < t->nends; i++)
		if (node_eq(&t->end[i].node, &x.node))
			break;
	if (i == 2)
		return cli_err(c, "tunnel %s already has two endpoints",
			       t->name);
	t->end[i] = x;
	if (i == t->nends)
		t->nends++;
	return CLI_OK;
}

static const struct cli_cmd cmd_tun_cmds[] = {
	{
		.syntax = "tunnel IFNAME$name",
		.help = "Configure a tunnel (applied when the block is left)\n"
			"Tunnel name (also its interface name, 1-15 bytes)\n",
		.modes = CLI_M_EXEC | CLI_M_VM,
		.handler = cmd_tun_enter,
		.flags = CLI_F_READONLY | CLI_F_PLAN,   /* collects; exit applies */
	},
	{
		.syntax = "no tunnel IFNAME$name",
		.help = H_NO "Delete a tunnel, every end of it\n"
			"Tunnel name (1-15 bytes)\n",
		.modes = CLI_M_EXEC | CLI_M_VM,
		.handler = cmd_tun_delete,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "type <vxlan|gre|gretap>$kind",
		.help = "Tunnel type\n"
			"VXLAN: Ethernet in UDP\n"
			"GRE: IP in GRE\n"
			"GRE tap: Ethernet in GRE\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_type,
		.flags = CLI_F_READONLY | CLI_F_PLAN,
	},
	{
		.syntax = "vni (0-16777215)$vni_num",
		.help = "VXLAN network identifier\nVNI\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_param,
		.flags = CLI_F_READONLY | CLI_F_PLAN,
	},
	{
		.syntax = "dstport (1-65535)$port",
		.help = "VXLAN UDP destination port (default 4789)\n"
			"UDP port\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_param,
		.flags = CLI_F_READONLY | CLI_F_PLAN,
	},
	{
		.syntax = "key (0-4294967295)$key_num",
		.help = "GRE key (both directions)\nKey\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_param,
		.flags = CLI_F_READONLY | CLI_F_PLAN,
	},
	{
		.syntax = "ttl (1-255)$ttl_num",
		.help = "TTL of the outer IP header\nTTL\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_param,
		.flags = CLI_F_READONLY | CLI_F_PLAN,
	},
	{
		.syntax = "endpoint " CMD_NODE_SYNTAX " local A.B.C.D$local "
			  "{dev IFNAME$dev|remote A.B.C.D$remote"
			  "|bridge IFNAME$bridge|address IFADDR4$addr"
			  "|ifname IFNAME$tunif}",
		.help = "An end of the tunnel (one or two)\n"
			CMD_NODE_HELP
			"Local (underlay) address of this end\n"
			"IPv4 address\n"
			"Underlay device\n" H_IFNAME
			"Remote address (default: the other end's local)\n"
			"IPv4 address\n"
			"Put the tunnel device into a bridge\n" H_BRNAME
			"Address of the tunnel device\n" H_V4PFX
			"Name of the tunnel device (default: the tunnel's)\n"
			H_IFNAME,
		.modes = CLI_M_TUN,
		.handler = cmd_tun_endpoint,
		.flags = CLI_F_READONLY | CLI_F_PLAN,
	},
	{ 0 }
};

CLI_TABLE("tunnel", cmd_tun_cmds);

/* ---- the running-config: tunnel blocks ---- */

enum { CMD_TUN_K_TUNNEL, CMD_TUN_K_TYPE, CMD_TUN_K_VNI, CMD_TUN_K_PORT,
       CMD_TUN_K_KEY, CMD_TUN_K_TTL, CMD_TUN_K_END };
static const struct cmd_rc_kind cmd_tun_rc_kinds[] = {
	[CMD_TUN_K_TUNNEL] = { .kind = "tunnel", .cmd = &cmd_tun_cmds[0] },
	[CMD_TUN_K_TYPE] = { .kind = "type", .cmd = &cmd_tun_cmds[2] },
	[CMD_TUN_K_VNI] = { .kind = "vni", .cmd = &cmd_tun_cmds[3] },
	[CMD_TUN_K_PORT] = { .kind = "dstport", .cmd = &cmd_tun_cmds[4] },
	[CMD_TUN_K_KEY] = { .kind = "key", .cmd = &cmd_tun_cmds[5] },
	[CMD_TUN_K_TTL] = { .kind = "ttl", .cmd = &cmd_tun_cmds[6] },
	[CMD_TUN_K_END] = { .kind = "endpoint", .cmd = &cmd_tun_cmds[7] },
	{ 0 }
};

/* " endpoint NODE local A.B.C.D[ dev D][ remote R]..." for end x. */
static void cmd_tun_conf_end(struct cmd_rc *w, const struct net_tun_end *x)
{
	char loc[INET_ADDRSTRLEN], rem[INET_ADDRSTRLEN], pb[64], nb[96];
	char opt[256];
	size_t n = 0;

	opt[0] = '\0';
#define CMD_TUN_OPT(...) \
	(n += (size_t)snprintf(opt + n, n < sizeof(opt) ? sizeof(opt) - n : 0, \
			       __VA_ARGS__))
	if (x->dev[0])
		CMD_TUN_OPT(" dev %s", x->dev);
	if (x->remote.s_addr)
		CMD_TUN_OPT(" remote %s",
			    inet_ntop(AF_INET, &x->remote, rem, sizeof(rem)));
	if (x->bridge[0])
		CMD_TUN_OPT(" bridge %s", x->bridge);
	if (x->has_addr)
		CMD_TUN_OPT(" address %s",
			    val_prefix_str(&x->addr, pb, sizeof(pb)));
	if (x->ifname[0])
		CMD_TUN_OPT(" ifname %s", x->ifname);
#undef CMD_TUN_OPT
	cmd_rc_line(w, &cmd_tun_rc_kinds[CMD_TUN_K_END], "%s local %s%s",
		    node_str(&x->node, nb, sizeof(nb)),
		    inet_ntop(AF_INET, &x->local, loc, sizeof(loc)), opt);
}

void cmd_tun_conf(struct cmd_rc *w, const struct net_tunnel *t)
{
	const struct cmd_rc_kind *k = cmd_tun_rc_kinds;

	cmd_rc_block(w, &k[CMD_TUN_K_TUNNEL], CLI_MODE_TUN, true, "%s",
		     t->name);
	cmd_rc_line(w, &k[CMD_TUN_K_TYPE], "%s", net_kind_name(t->kind));
	if (t->has_vni)
		cmd_rc_line(w, &k[CMD_TUN_K_VNI], "%u", t->vni);
	if (t->port)
		cmd_rc_line(w, &k[CMD_TUN_K_PORT], "%u", t->port);
	if (t->has_key)
		cmd_rc_line(w, &k[CMD_TUN_K_KEY], "%u", t->key);
	if (t->ttl)
		cmd_rc_line(w, &k[CMD_TUN_K_TTL], "%u", t->ttl);
	for (int i = 0; i < t->nends; i++)
		cmd_tun_conf_end(w, &t->end[i]);
	cmd_rc_end(w);
}

/* Tunnels whose first end is in the host or a hypervisor, in creation
 * order (a replay makes them in that order again); containers' are the
 * container area's. */
static int cmd_tun_runconf(struct cmd_rc *w, enum lab_phase ph,
			   struct ovt_err *e)
{
	struct net_tunnel *t = NULL;
	int n = 0, r;

	if (ph != LAB_PHASE_TUNNELS)
		return 0;
	r = net_lab_tunnels_all(&t, &n, e);
	for (int i = 0; r == 0 && i < n; i++)
		cmd_tun_conf(w, &t[i]);
	free(t);
	return r;
}

CMD_RUNCONF("tunnels", 40, cmd_tun_rc_kinds, cmd_tun_runconf);
