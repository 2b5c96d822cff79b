/* cmd_explain.c - "explain LINE": the ip, sysctl and docker commands
 * that LINE stands for, in the form a student would type them, against
 * the live lab, changing nothing.
 *
 * Nothing is described twice: LINE runs through its own handler with a
 * plan active (ovtsh/plan.h), so the backends check the live state as
 * they always do and record what they would do instead of doing it.
 * What already exists comes out as a comment ("# in place: ...").
 * A line that enters a mode enters it (a node it would create is only
 * marked, so the lines of its mode explain against an empty node);
 * leaving a tunnel block explains the tunnel, which is then not made. */
#include <stdio.h>

#include "ovtsh/cli.h"
#include "ovtsh/cmd.h"
#include "ovtsh/plan.h"

static void cmd_explain_print(struct cli_ctx *c, const struct plan *p)
{
	struct out *o = cli_out(c);

	if (p->n == 0)
		out_text(o, "# nothing to run: this line changes nothing by "
			 "itself\n");
	for (int i = 0; i < p->n; i++)
		out_text(o, "%s%s\n", p->v[i].what == PLAN_UNCHANGED ?
			 "# in place: " : "", p->v[i].cmd);
}

static int cmd_explain(struct cli_ctx *c, const struct cli_args *a)
{
	struct plan p = { .text = true };
	const char *first = NULL;
	int rc;

	cli_arg_all(a, "line", &first, 1);
	if (plan_begin(&p) < 0)
		return cli_err(c, "explain: a line is being explained already");
	rc = cli_run_here(c, first, "explain");
	plan_end(&p);
	if (rc == CLI_OK && p.oom)
		rc = cli_err(c, "explain: out of memory");
	if (rc == CLI_OK)
		cmd_explain_print(c, &p);
	plan_free(&p);
	return rc;
}

/* The diff of a script against the live lab: its dry run. */
static int cmd_show_diff(struct cli_ctx *c, const struct cli_args *a)
{
	return cli_diff_file(c, cli_arg(a, "file"),
			     cli_arg_has(a, "prune") ? cmd_prune : NULL,
			     cli_arg_has(a, "json"));
}

static const struct cli_cmd cmd_explain_cmds[] = {
	{
		.syntax = "explain LINE",
		.help = "Print the ip/sysctl/docker commands a line stands "
			"for, changing nothing\n"
			"The line, explained against the live lab alone (not "
			"what earlier explained lines would make)\n",
		.modes = CLI_M_EXEC | CLI_M_HV | CLI_M_CT | CLI_M_TUN |
			 CLI_M_IF,
		.handler = cmd_explain,
		.flags = CLI_F_READONLY | CLI_F_SUBLINE,
	},
	{
		.syntax = "show diff FILE$file [prune] [json]",
		.help = H_SHOW "What a script would change in the live lab "
			"(as ovtsh -n -f FILE)\n"
			"Script file name\n"
			"And what the lab has that the script does not "
			"describe (-)\n" H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_diff,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("explain", cmd_explain_cmds);
