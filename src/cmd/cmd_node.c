/* cmd_node.c - node arguments shared by the command areas. */
#include <string.h>

#include "ovtsh/cmd.h"

int cmd_fail(struct cli_ctx *c, const struct ovt_err *e)
{
	return cli_err(c, "%s", e->msg[0] ? e->msg : "unknown error");
}

int cmd_node_from_args(struct cli_ctx *c, const struct cli_args *a,
		       struct node *n)
{
	struct ovt_err e = { 0 };
	const char *name;
	int r;

	/* "hypervisor host" names the host's own namespace */
	if ((name = cli_arg(a, "hv")))
		r = strcmp(name, "host") ? node_make(n, NODE_HV, name, &e) :
					   node_make(n, NODE_HOST, NULL, &e);
	else if ((name = cli_arg(a, "ct")))
		r = node_make(n, NODE_CT, name, &e);
	else if (cli_arg_has(a, "host"))
		r = node_make(n, NODE_HOST, NULL, &e);
	else {
		switch (cli_mode_node(c, &name)) {
		case CLI_MODE_HV:
			r = strcmp(name, "host") ?
				    node_make(n, NODE_HV, name, &e) :
				    node_make(n, NODE_HOST, NULL, &e);
			break;
		case CLI_MODE_CT:
			r = node_make(n, NODE_CT, name, &e);
			break;
		default:
			r = node_make(n, NODE_HOST, NULL, &e);
			break;
		}
	}
	return r < 0 ? cmd_fail(c, &e) : CLI_OK;
}
