/* cmd_exec.c - the shell's own commands: modes, help, history, scripts. */
#include <ctype.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pcap/pcap.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "../cli/cli_int.h"

static int cmd_exec_exit(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	if (c->in_do)
		return cli_err(c, "\"do exit\": type exit without do");
	if (c->depth <= 1) {
		c->quit = true;
		return CLI_OK;
	}
	return cli_mode_pop_to(c, c->depth - 1);
}

static int cmd_exec_end(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	if (c->in_do)
		return cli_err(c, "\"do end\": type end without do");
	return cli_mode_pop_to(c, 1);
}

/* Join the words of LINE back into a line, quoting where needed (for a
 * line that is parsed again) or not (for text). */
static void cmd_join(const struct cli_args *a, const char *name, bool quote,
		     char *buf, size_t len)
{
	const char *w[CLI_MAX_ARGS];
	int n = cli_arg_all(a, name, w, CLI_MAX_ARGS);
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && i < CLI_MAX_ARGS && o < len; i++) {
		char q[CLI_MAX_LINE];

		if (quote)
			lex_quote(w[i], q, sizeof(q));
		else
			snprintf(q, sizeof(q), "%s", w[i]);
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "", q);
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

	cmd_join(a, "line", false, line, sizeof(line));
	out_text(cli_out(c), "%s\n", line);
	return CLI_OK;
}

static int cmd_exec_source(struct cli_ctx *c, const struct cli_args *a)
{
	return cli_run_file(c, cli_arg(a, "file"));
}

/* What a command does: the help of its second leading keyword, or of
 * the first when a placeholder follows it ("show history" -> history's
 * line, "hypervisor NAME" -> hypervisor's), past a leading "no". */
static const char *cmd_help_of(const struct gcmd *g)
{
	const char *h = "";
	int kws = 0;

	for (int i = 0; i < g->root->nkids && kws < 2; i++) {
		const struct gnode *k = g->root->kids[i];

		if (i == 0 && (k->kind == G_OPT ||
			       (k->kind == G_KW && !strcmp(k->text, "no"))))
			continue;       /* [no] or no */
		if (k->kind != G_KW)
			break;
		h = k->help;
		kws++;
	}
	return h;
}

/* The syntax as a user reads it: without the $names. */
static void cmd_syntax_plain(const char *syn, char *buf, size_t len)
{
	size_t o = 0;

	for (; *syn && o + 1 < len; syn++) {
		if (*syn == '$') {
			while (syn[1] && (isalnum((unsigned char)syn[1]) ||
					  syn[1] == '_'))
				syn++;
			continue;
		}
		buf[o++] = *syn;
	}
	buf[o] = '\0';
}

static int cmd_exec_help(struct cli_ctx *c, const struct cli_args *a)
{
	struct gcmd *const *cmds;
	enum cli_mode m = cli_mode_cur(c);
	char syn[1024];
	int n;

	(void)a;
	out_text(cli_out(c),
		 "Commands in %s mode.  Type '?' anywhere to see what may come\n"
		 "next, TAB to complete; any unique prefix of a keyword works\n"
		 "(\"sh ver\").  \"exit\" leaves a mode, \"end\" returns to the top,\n"
		 "\"do CMD\" runs a top-level command from any mode.\n\n",
		 mode_def(m)->name);
	cmds = grammar_all(&n);
	for (int i = 0; i < n; i++) {
		const struct cli_cmd *d = cmds[i]->def;

		if (!(d->modes & CLI_M(m)) || (d->flags & CLI_F_HIDDEN))
			continue;
		cmd_syntax_plain(d->syntax, syn, sizeof(syn));
		/* long syntaxes get their description on the next line */
		if (strlen(syn) > 40)
			out_text(cli_out(c), "  %s\n  %-40s  %s\n", syn, "",
				 cmd_help_of(cmds[i]));
		else
			out_text(cli_out(c), "  %-40s  %s\n", syn,
				 cmd_help_of(cmds[i]));
	}
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
	for (int i = 0; i < c->nhist; i++) {
		const char *h = c->hist[(c->hist_head + i) % CLI_HIST_MAX];

		out_text(o, "%5d  ", i + 1);
		out_str(o, NULL, "%s\n", h);
	}
	out_arr_end(o);
	return CLI_OK;
}

#define M_ALL (CLI_M_EXEC | CLI_M_HV | CLI_M_CT | CLI_M_TUN | CLI_M_IF)
#define M_SUB (CLI_M_HV | CLI_M_CT | CLI_M_TUN | CLI_M_IF)

static const struct cli_cmd cmd_exec_cmds[] = {
	{
		.syntax = "exit",
		.help = "Leave this mode (the shell, at the top)\n",
		.modes = M_ALL,
		.handler = cmd_exec_exit,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "end",
		.help = "Return to the top level\n",
		.modes = M_ALL,
		.handler = cmd_exec_end,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "do LINE",
		.help = "Run a top-level command without leaving this mode\n"
			"The command\n",
		.modes = M_SUB,
		.handler = cmd_exec_do,
		.flags = CLI_F_READONLY,
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
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show version [json]",
		.help = H_SHOW "ovtsh's version and its libraries\n" H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_show_version,
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
