/* cmd_route.c - routes and IPv4 forwarding of a node. */
#include "cmd_net.h"

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
	},
	{
		.syntax = "[no] ip forwarding",
		.help = H_NO "IPv4 settings\n"
			"Forward IPv4 packets between interfaces\n",
		.modes = CLI_M_NODE,
		.handler = cmd_forwarding,
	},
	{ 0 }
};

CLI_TABLE("route", cmd_route_cmds);
