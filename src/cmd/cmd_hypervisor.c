/* cmd_hypervisor.c - hypervisors (named network namespaces) and their
 * bridges. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd_net.h"
#include "cmd_runconf.h"

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
	struct node n;
	bool created;

	if (cli_mode_check(c, CLI_MODE_HV) != CLI_OK)
		return CLI_ERR;
	if (node_make(&n, &net_hv_kind, name, &e) < 0)
		return cmd_fail(c, &e);
	/* the kind's lab check (node_lab_check's rule) runs inside the
	 * add, after it finished what a killed creation left */
	if (!node_is_host(&n) && net_netns_add(name, &created, &e) < 0)
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
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "no hypervisor NAME$hv",
		.help = H_NO H_HV H_HVNAME,
		.modes = CLI_M_EXEC,
		.handler = cmd_hv_delete,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "[no] bridge IFNAME$bridge",
		.help = H_NO H_BRIDGE H_BRNAME,
		.modes = CLI_M_HV,
		.handler = cmd_hv_bridge,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "exec LINE",
		.help = "Run a program in the hypervisor's namespace\n"
			"The program and its arguments\n",
		.modes = CLI_M_HV,
		.handler = cmd_node_exec,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("hypervisor", cmd_hv_cmds);

/* ---- the running-config: hypervisor blocks and their bridges ---- */

static const struct cmd_rc_kind cmd_hv_rc_kinds[] = {
	{ .kind = "hypervisor", .cmd = &cmd_hv_cmds[0] },
	{ 0 }
};
static const struct cmd_rc_kind cmd_hv_bridge_kinds[] = {
	{ .kind = "bridge", .cmd = &cmd_hv_cmds[2] },
	{ 0 }
};

void cmd_hv_conf(struct cmd_rc *w, enum lab_phase ph,
		 const struct net_lab_node *n)
{
	/* a namespace is written even when empty: replay makes it */
	cmd_rc_node(w, &cmd_hv_rc_kinds[0], CLI_MODE_HV,
		    n->node.kind == &net_hv_kind ? n->node.name : CMD_NET_HOSTWORD,
		    ph == LAB_PHASE_NODES && n->node.kind == &net_hv_kind, ph, n);
}

/* The hypervisors by name, then the host (its lab links, routes). */
static int cmd_hv_runconf(struct cmd_rc *w, enum lab_phase ph,
			  struct ovt_err *e)
{
	unsigned what = cmd_nodeconf_what(ph, CLI_MODE_HV);
	struct net_lab_node *v = NULL;
	int n = 0, r;

	if (!what)
		return 0;
	r = net_lab_nodes(what, &v, &n, e);
	for (int i = 0; r == 0 && i < n; i++)
		cmd_hv_conf(w, ph, &v[i]);
	net_lab_nodes_free(v, n);
	return r;
}

CMD_RUNCONF("hypervisors", 30, cmd_hv_rc_kinds, cmd_hv_runconf);

static void cmd_hv_bridges_conf(struct cmd_rc *w, const struct net_lab_node *n)
{
	for (int i = 0; i < n->nbridge; i++)
		cmd_rc_line(w, &cmd_hv_bridge_kinds[0], "%s", n->bridge[i]);
}

CMD_NODECONF("bridges", LAB_PHASE_NODES, NET_LAB_BRIDGES,
	     cmd_hv_bridge_kinds, cmd_hv_bridges_conf);
