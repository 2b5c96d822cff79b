/* mode.c - the modes, as data: name, prompt and where each may sit. */
#include "cli_int.h"

static const struct mode_def mode_defs[CLI_MODE_COUNT] = {
	[CLI_MODE_EXEC] = { .mode = CLI_MODE_EXEC, .name = "exec",
			    .prompt = NULL, .parents = 0 },
	/* a node mode's prompt is its kind's "PREFIX:NAME" (node.h) */
	[CLI_MODE_HV] = { .mode = CLI_MODE_HV, .name = "hypervisor",
			  .prompt = NULL, .parents = CLI_M_EXEC },
	[CLI_MODE_CT] = { .mode = CLI_MODE_CT, .name = "container",
			  .prompt = NULL, .parents = CLI_M_EXEC },
	[CLI_MODE_TUN] = { .mode = CLI_MODE_TUN, .name = "tunnel",
			   .prompt = "tun:%s",
			   .parents = CLI_M_EXEC | CLI_M_VM },
	[CLI_MODE_VM] = { .mode = CLI_MODE_VM, .name = "vm",
			  .prompt = NULL, .parents = CLI_M_EXEC },
	[CLI_MODE_IF] = { .mode = CLI_MODE_IF, .name = "interface",
			  .prompt = "if:%s", .parents = CLI_M_HV | CLI_M_CT },
};

const struct mode_def *mode_def(enum cli_mode m)
{
	return (unsigned)m < CLI_MODE_COUNT ? &mode_defs[m] : NULL;
}

const char *cli_mode_keyword(enum cli_mode m)
{
	return (unsigned)m < CLI_MODE_COUNT ? mode_defs[m].name : NULL;
}
