/* cmd_exec.c - the shell's own commands: modes, help, history, scripts. */
#include <curl/curl.h>
#include <jansson.h>
#include <pcap/pcap.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "ovtsh/cli.h"

static int cmd_exec_exit(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	if (cli_in_do(c))
		return cli_err(c, "\"do exit\": type exit without do");
	return cli_mode_exit(c);
}

static int cmd_exec_end(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	if (cli_in_do(c))
		return cli_err(c, "\"do end\": type end without do");
	return cli_mode_end(c);
}

/* Join the words of LINE back into a line of text. */
static void cmd_join(const struct cli_args *a, const char *name, char *buf,
		     size_t len)
{
	const char *w[CLI_MAX_ARGS];
	int n = cli_arg_all(a, name, w, CLI_MAX_ARGS);
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && i < CLI_MAX_ARGS && o < len; i++) {
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "",
				      w[i]);
	}
}

/* The words after "do" run as typed, so errors keep their columns. */
static int cmd_exec_do(struct cli_ctx *c, const struct cli_args *a)
{
	const char *first = NULL;

	cli_arg_all(a, "line", &first, 1);
	return cli_run_do(c, first);
}

static int cmd_exec_echo(struct cli_ctx *c, const struct cli_args *a)
{
	char line[CLI_MAX_LINE + 1];

	cmd_join(a, "line", line, sizeof(line));
	out_text(cli_out(c), "%s\n", line);
	return CLI_OK;
}

static int cmd_exec_source(struct cli_ctx *c, const struct cli_args *a)
{
	return cli_run_file(c, cli_arg(a, "file"));
}

static int cmd_exec_help(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	cli_help_commands(c, cli_out(c));
	return CLI_OK;
}

static int cmd_exec_show_version(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);
	const struct scmp_version *sv = seccomp_version();
	char sbuf[32];

	(void)a;
	snprintf(sbuf, sizeof(sbuf), "%u.%u.%u", sv->major, sv->minor,
		 sv->micro);
	out_obj_begin(o, NULL);
	out_str(o, "version", "ovtsh %s\n", OVTSH_VERSION);
	out_obj_begin(o, "libraries");
	out_str(o, "libpcap", "  %s\n", pcap_lib_version());
	out_str(o, "libcurl", "  libcurl %s\n", curl_version_info(CURLVERSION_NOW)->version);
	out_str(o, "jansson", "  jansson %s\n", jansson_version_str());
	out_str(o, "libseccomp", "  libseccomp %s\n", sbuf);
	out_obj_end(o);
	out_obj_end(o);
	return CLI_OK;
}

static int cmd_exec_show_history(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);

	(void)a;
	out_arr_begin(o, NULL);
	for (int i = 0; i < cli_hist_count(c); i++) {
		out_text(o, "%5d  ", i + 1);
		out_str(o, NULL, "%s\n", cli_hist_line(c, i));
	}
	out_arr_end(o);
	return CLI_OK;
}

static int cmd_exec_terminal_length(struct cli_ctx *c,
				    const struct cli_args *a)
{
	cli_term_length_set(c, cli_arg_has(a, "no") ? -1 :
			    (int)cli_arg_num(a, "length", -1));
	return CLI_OK;
}

static int cmd_exec_show_terminal(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);
	bool pages, from_tty;
	int cols, rows = cli_term_rows(c, &cols, &pages, &from_tty);

	(void)a;
	out_obj_begin(o, NULL);
	out_int(o, "length", "Length: %lld lines", rows);
	out_text(o, "%s", from_tty ? ", from the terminal" :
		 rows == 0 ? " (no paging)" : "");
	out_bool(o, "from_terminal", NULL, from_tty);
	out_int(o, "width", ", width %lld columns\n", cols);
	out_bool(o, "paging", NULL, pages);
	out_text(o, "Paging: %s\n", pages ? "on" : "off (only the interactive "
		 "shell on a terminal pages)");
	out_obj_end(o);
	return CLI_OK;
}

#define M_ALL (CLI_M_EXEC | M_SUB)
#define M_SUB (CLI_M_HV | CLI_M_CT | CLI_M_TUN | CLI_M_IF | CLI_M_VM)

static const struct cli_cmd cmd_exec_cmds[] = {
	{
		.syntax = "exit",
		.help = "Leave this mode (the shell, at the top)\n",
		.modes = M_ALL,
		.handler = cmd_exec_exit,
		.flags = CLI_F_READONLY | CLI_F_PLAN,
	},
	{
		.syntax = "end",
		.help = "Return to the top level\n",
		.modes = M_ALL,
		.handler = cmd_exec_end,
		.flags = CLI_F_READONLY | CLI_F_PLAN,
	},
	{
		.syntax = "do LINE",
		.help = "Run a top-level command without leaving this mode\n"
			"The command\n",
		.modes = M_SUB,
		.handler = cmd_exec_do,
		.flags = CLI_F_READONLY | CLI_F_SCRIPT,
	},
	{
		.syntax = "help",
		.help = "Describe the commands of this mode\n",
		.modes = M_ALL,
		.handler = cmd_exec_help,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "echo [LINE]",
		.help = "Print a message (for lab scripts)\n"
			"The message\n",
		.modes = M_ALL,
		.handler = cmd_exec_echo,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "source FILE",
		.help = "Run the commands of a script file\n"
			"Script file name\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_source,
		.flags = CLI_F_READONLY | CLI_F_SCRIPT,
	},
	{
		.syntax = "show version [json]",
		.help = H_SHOW "ovtsh's version and its libraries\n" H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_show_version,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "terminal length (0-512)",
		.help = "Set this session's terminal\n"
			"Lines per page of long output (--More--)\n"
			"Lines, 0 for no paging\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_terminal_length,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "terminal no length",
		.help = "Set this session's terminal\n"
			"Back to the default\n"
			"Page by the terminal's own height\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_terminal_length,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show terminal [json]",
		.help = H_SHOW "This session's terminal: page length, paging\n"
			H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_show_terminal,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show history [json]",
		.help = H_SHOW "The lines run in this session\n" H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_show_history,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("exec", cmd_exec_cmds);
