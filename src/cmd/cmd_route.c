/* cmd_route.c - routes and IPv4 forwarding of a node. */
#include "cmd_net.h"
#include "cmd_runconf.h"

static int cmd_route_op(struct net_nl *nl, const char *name,
			const struct cli_args *a, struct ovt_err *e)
{
	struct val_prefix p, g;
	bool has_p = cli_arg_prefix(a, "prefix", &p);
	bool has_g = cli_arg_addr(a, "gw", &g);
	const char *dev = cli_arg_ifname(a, "dev");

	(void)name;
	if (cli_arg_has(a, "no"))
		return net_route_del(nl, has_p ? &p : NULL, has_g ? &g : NULL,
				     dev, e);
	return net_route_add(nl, has_p ? &p : NULL, has_g ? &g : NULL, dev,
			     e);
}

static int cmd_route(struct cli_ctx *c, const struct cli_args *a)
{
	return cmd_net_run(c, a, NULL, cmd_route_op);
}

static int cmd_forwarding(struct cli_ctx *c, const struct cli_args *a)
{
	struct ovt_err e = { 0 };
	struct node n;

	if (cmd_node_for_change(c, a, &n) != CLI_OK)
		return CLI_ERR;
	if (net_forwarding_set(&n, !cli_arg_has(a, "no"), &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

static const struct cli_cmd cmd_route_cmds[] = {
	{
		.syntax = "[no] route <A.B.C.D/M$prefix|default> "
			  "<via A.B.C.D$gw [dev IFNAME$dev]|dev IFNAME$dev>",
		.help = H_NO "A static route of this node\n"
			"Destination prefix\n"
			"The default route\n"
			"Through a gateway\n"
			"Gateway address\n"
			"Out of a given interface\n" H_IFNAME
			"Straight out of an interface (on-link, no gateway)\n"
			H_IFNAME,
		.modes = CLI_M_NODE,
		.handler = cmd_route,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "[no] ip forwarding",
		.help = H_NO "IPv4 settings\n"
			"Forward IPv4 packets between interfaces\n",
		.modes = CLI_M_NODE,
		.handler = cmd_forwarding,
		.flags = CLI_F_PLAN,
	},
	{
		/* as IOS: the prefix alone names the route to delete */
		.syntax = "no route <A.B.C.D/M$prefix|default>",
		.help = H_NO "A static route of this node\n"
			"Destination prefix\n"
			"The default route\n",
		.modes = CLI_M_NODE,
		.handler = cmd_route,
	},
	{ 0 }
};

CLI_TABLE("route", cmd_route_cmds);

/* ---- the running-config: routes and forwarding ---- */

enum { CMD_RT_K_ROUTE, CMD_RT_K_FWD, CMD_RT_K_NOFWD };
static const struct cmd_rc_kind cmd_route_rc_kinds[] = {
	[CMD_RT_K_ROUTE] = { .kind = "route", .cmd = &cmd_route_cmds[0] },
	[CMD_RT_K_FWD] = { .kind = "ip forwarding", .cmd = &cmd_route_cmds[1] },
	[CMD_RT_K_NOFWD] = { .kind = "no ip forwarding",
			     .cmd = &cmd_route_cmds[1] },
	{ 0 }
};

static void cmd_route_conf(struct cmd_rc *w, const struct net_lab_node *n)
{
	const struct cmd_rc_kind *k = cmd_route_rc_kinds;
	char db[64], gb[64];

	for (int i = 0; i < n->nroute; i++) {
		const struct net_route_info *rt = &n->route[i];

		if (rt->dst.len == 0)
			snprintf(db, sizeof(db), "default");
		else
			val_prefix_str(&rt->dst, db, sizeof(db));
		if (rt->has_gw)
			cmd_rc_line(w, &k[CMD_RT_K_ROUTE], "%s via %s%s%s", db,
				    net_route_gw_str(rt, gb, sizeof(gb)),
				    rt->dev[0] ? " dev " : "", rt->dev);
		else
			cmd_rc_line(w, &k[CMD_RT_K_ROUTE], "%s dev %s", db,
				    rt->dev);
	}
	/* said either way for every node but the host (net_lab_node) */
	if (n->has_fwd)
		cmd_rc_line(w, &k[n->fwd ? CMD_RT_K_FWD : CMD_RT_K_NOFWD],
			    NULL);
}

CMD_NODECONF("routes", LAB_PHASE_ROUTES, NET_LAB_ROUTES,
	     cmd_route_rc_kinds, cmd_route_conf);
