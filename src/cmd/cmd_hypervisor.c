/* cmd_hypervisor.c - hypervisors (named network namespaces) and their
 * bridges. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"

int cmd_net_open(struct cli_ctx *c, const struct node *n, struct net_nl **nl)
{
	struct ovt_err e = { 0 };

	if (net_open(n, nl, &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

int cmd_net_run(struct cli_ctx *c, const struct cli_args *a,
		const char *name, cmd_net_op op)
{
	struct net_nl *nl = NULL;
	struct ovt_err e = { 0 };
	struct node n;
	int r;

	if (cmd_node_for_change(c, a, &n) != CLI_OK ||
	    cmd_net_open(c, &n, &nl))
		return CLI_ERR;
	r = op(nl, name, a, &e);
	net_close(nl);
	return r < 0 ? cmd_fail(c, &e) : CLI_OK;
}

static int cmd_hv_enter(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "hv");
	struct ovt_err e = { 0 };
	bool created;

	if (cli_mode_check(c, CLI_MODE_HV) != CLI_OK)
		return CLI_ERR;
	if (strcmp(name, CMD_NET_HOSTWORD) &&
	    net_netns_add(name, &created, &e) < 0)
		return cmd_fail(c, &e);
	return cli_mode_push(c, CLI_MODE_HV, name, NULL, NULL, NULL);
}

static int cmd_hv_delete(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "hv");
	struct ovt_err e = { 0 };

	if (!strcmp(name, CMD_NET_HOSTWORD))
		return cli_err(c, "the host's namespace cannot be deleted");
	if (net_netns_del(name, &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

static int cmd_hv_bridge_op(struct net_nl *nl, const char *name,
			    const struct cli_args *a, struct ovt_err *e)
{
	struct net_link_info li;
	bool created;
	int r;

	if (cli_arg_has(a, "no")) {
		r = net_bridge_get(nl, name, false, &li, e);
		if (r == 0)
			r = net_link_del(nl, name, e);
		return r;
	}
	return net_bridge_add(nl, name, &created, e);
}

static int cmd_hv_bridge(struct cli_ctx *c, const struct cli_args *a)
{
	return cmd_net_run(c, a, cli_arg_ifname(a, "bridge"),
			   cmd_hv_bridge_op);
}

static void cmd_hv_complete(struct cli_ctx *c, const struct cli_args *a,
			    struct cli_complete *cc)
{
	char **names = NULL;
	int n = 0, i;

	(void)c;
	(void)a;
	if (net_netns_list(&names, &n, NULL) < 0)
		return;
	for (i = 0; i < n; i++)
		cli_complete_add(cc, names[i]);
	net_names_free(names, n);
}
CLI_COMPLETER("hv", cmd_hv_complete);

static const struct cli_cmd cmd_hv_cmds[] = {
	{
		.syntax = "hypervisor NAME$hv",
		.help = "Enter a hypervisor, creating its namespace if missing\n"
			"Hypervisor (namespace) name, or 'host' for the host's "
			"own namespace\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_hv_enter,
	},
	{
		.syntax = "no hypervisor NAME$hv",
		.help = H_NO H_HV H_HVNAME,
		.modes = CLI_M_EXEC,
		.handler = cmd_hv_delete,
	},
	{
		.syntax = "[no] bridge IFNAME$bridge",
		.help = H_NO H_BRIDGE H_BRNAME,
		.modes = CLI_M_HV,
		.handler = cmd_hv_bridge,
	},
	{ 0 }
};

CLI_TABLE("hypervisor", cmd_hv_cmds);
