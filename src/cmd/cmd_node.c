/* cmd_node.c - node and CPU arguments shared by the command areas. */
#include <errno.h>

#include "ovtsh/cmd.h"
#include "ovtsh/net.h"
#include "ovtsh/trace.h"

int cmd_fail(struct cli_ctx *c, const struct ovt_err *e)
{
	return cli_err(c, "%s", e->msg[0] ? e->msg : "unknown error");
}

int cmd_node_named(struct cli_ctx *c, const struct cli_args *a,
		   const char *hv, const char *ct, struct node *n)
{
	struct ovt_err e = { 0 };
	const char *name;
	int r;

	if ((name = cli_arg(a, hv)))
		r = node_make(n, NODE_HV, name, &e);
	else if ((name = cli_arg(a, ct)))
		r = node_make(n, NODE_CT, name, &e);
	else
		r = node_make(n, NODE_HOST, NULL, &e);
	return r < 0 ? cmd_fail(c, &e) : CLI_OK;
}

int cmd_node_from_args(struct cli_ctx *c, const struct cli_args *a,
		       struct node *n)
{
	struct ovt_err e = { 0 };
	const char *name;
	enum cli_mode m;

	if (cli_arg_has(a, "hv") || cli_arg_has(a, "ct") ||
	    cli_arg_has(a, "host"))
		return cmd_node_named(c, a, "hv", "ct", n);
	/* no node named: the one of the current mode, else the host */
	m = cli_mode_node(c, &name);
	if (node_make(n, m == CLI_MODE_CT ? NODE_CT : m == CLI_MODE_HV ?
		      NODE_HV : NODE_HOST, name, &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

int cmd_node_for_change(struct cli_ctx *c, const struct cli_args *a,
			struct node *n)
{
	struct ovt_err e = { 0 };
	int r = 0;

	if (cmd_node_from_args(c, a, n) != CLI_OK)
		return CLI_ERR;
	if (!cli_arg_has(a, "hv") && !cli_arg_has(a, "ct"))
		return CLI_OK;
	if (n->kind == NODE_HV)
		r = net_netns_lab_check(n->name, &e);
	else if (n->kind == NODE_CT)
		r = cmd_ct_lab_check(n->name, &e);
	/* a missing node is the later open's error, where it always was */
	return r < 0 && r != -ENOENT ? cmd_fail(c, &e) : CLI_OK;
}

int cmd_cpu_from_args(struct cli_ctx *c, const struct cli_args *a, int *cpu)
{
	struct ovt_err e = { 0 };
	int want = cli_arg_has(a, "cpu_any") ? TRACE_CPU_ANY :
		   (int)cli_arg_num(a, "cpu", TRACE_CPU_AUTO);

	return trace_cpu_pick(want, cpu, &e) < 0 ? cmd_fail(c, &e) : CLI_OK;
}
