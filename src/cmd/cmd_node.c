/* cmd_node.c - node and CPU arguments shared by the command areas.  The
 * node kinds come from the table (ovtsh/node.h): a kind's argument is
 * named after its prefix ("$hv", "$ct", "$shv" with a role prefix). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovtsh/cmd.h"
#include "ovtsh/lab.h"
#include "ovtsh/memfd.h"
#include "ovtsh/net.h"
#include "ovtsh/outpipe.h"
#include "ovtsh/plan.h"
#include "ovtsh/trace.h"
#include "ovtsh/vm.h"

int cmd_fail(struct cli_ctx *c, const struct ovt_err *e)
{
	return cli_err(c, "%s", e->msg[0] ? e->msg : "unknown error");
}

/* The kind whose argument role + prefix the line has, its name in *name;
 * NULL (the host) when none has. */
static const struct node_kind *cmd_node_kind_arg(const struct cli_args *a,
						 const char *role,
						 const char **name)
{
	const struct node_kind *const *k;
	char arg[32];
	int nk;

	k = node_kinds(&nk);
	for (int i = 0; i < nk; i++) {
		snprintf(arg, sizeof(arg), "%s%s", role, k[i]->prefix);
		if ((*name = cli_arg(a, arg)))
			return k[i];
	}
	*name = NULL;
	return NULL;
}

int cmd_node_named(struct cli_ctx *c, const struct cli_args *a,
		   const char *role, struct node *n)
{
	struct ovt_err e = { 0 };
	const struct node_kind *k;
	const char *name;

	k = cmd_node_kind_arg(a, role, &name);
	return node_make(n, k, name, &e) < 0 ? cmd_fail(c, &e) : CLI_OK;
}

int cmd_node_of_mode(const struct cli_ctx *c, struct node *n,
		     struct ovt_err *e)
{
	const char *name = NULL;
	enum cli_mode m = cli_mode_node(c, &name);

	return node_make(n, m == CLI_MODE_EXEC ? NULL :
			 node_kind_by_keyword(cli_mode_keyword(m)), name, e);
}

bool cmd_node_given(const struct cli_args *a)
{
	const char *name;

	return cmd_node_kind_arg(a, "", &name) || cli_arg_has(a, "host");
}

int cmd_node_from_role(struct cli_ctx *c, const struct cli_args *a,
		       const char *role, struct node *n)
{
	struct ovt_err e = { 0 };
	const char *name;
	char host[32];

	snprintf(host, sizeof(host), "%shost", role);
	if (cmd_node_kind_arg(a, role, &name) || cli_arg_has(a, host))
		return cmd_node_named(c, a, role, n);
	/* no node named: the one of the current mode, else the host */
	return cmd_node_of_mode(c, n, &e) < 0 ? cmd_fail(c, &e) : CLI_OK;
}

int cmd_node_from_args(struct cli_ctx *c, const struct cli_args *a,
		       struct node *n)
{
	return cmd_node_from_role(c, a, "", n);
}

int cmd_node_for_change(struct cli_ctx *c, const struct cli_args *a,
			struct node *n)
{
	const char *name;

	if (cmd_node_from_args(c, a, n) != CLI_OK)
		return CLI_ERR;
	if (!cmd_node_kind_arg(a, "", &name))
		return CLI_OK;
	/* a missing node is the later open's error, where it always was */
	return cmd_node_enter_check(c, n);
}

int cmd_node_enter_check(struct cli_ctx *c, const struct node *n)
{
	struct ovt_err e = { 0 };
	int r = node_lab_check(n, &e);

	return r < 0 && r != -ENOENT ? cmd_fail(c, &e) : CLI_OK;
}

enum trace_method cmd_method_from_args(const struct cli_args *a)
{
	return cli_arg_has(a, "m_ebpf") ? TRACE_M_EBPF :
	       cli_arg_has(a, "m_auto") ? TRACE_M_AUTO : TRACE_M_PTRACE;
}

bool cmd_cpu_given(const struct cli_args *a)
{
	return cli_arg_has(a, "cpu") || cli_arg_has(a, "cpu_any");
}

int cmd_cpu_from_args(struct cli_ctx *c, const struct cli_args *a, int *cpu)
{
	struct ovt_err e = { 0 };
	int want = cli_arg_has(a, "cpu_any") ? TRACE_CPU_ANY :
		   (int)cli_arg_num(a, "cpu", TRACE_CPU_AUTO);

	return trace_cpu_pick(want, cpu, &e) < 0 ? cmd_fail(c, &e) : CLI_OK;
}

#define NODE_EXEC_ARGS 64

/* A program's output under an output filter ("exec ps | include x")
 * passes through the filter's stream: it is kept in a memory file while
 * the program runs, then copied.  Its descriptor, or -1. */
static int cmd_node_exec_fd(FILE *fp, int *tmp)
{
	int fd = fileno(fp);

	*tmp = -1;
	if (fd < 0)
		fd = outpipe_fd(fp);     /* paged only: the terminal itself */
	if (fd < 0)
		fd = *tmp = memfd_create("ovtsh-exec", MFD_CLOEXEC);
	return fd;
}

static void cmd_node_exec_copy(FILE *fp, int tmp)
{
	char buf[8192];
	ssize_t n;

	if (tmp < 0)
		return;
	lseek(tmp, 0, SEEK_SET);
	while ((n = read(tmp, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, fp);
	close(tmp);
}

/* "exec LINE" in a node's mode (or naming a node): the program runs in
 * the node (node_exec: a namespace, or a VM's agent) with ovtsh's own
 * stdout and stderr; its failure fails the line, worded as a container's
 * exec. */
int cmd_node_exec(struct cli_ctx *c, const struct cli_args *a)
{
	const char *argv[NODE_EXEC_ARGS + 1] = { 0 };
	struct node_exec_res res;
	struct ovt_err e = { 0 };
	FILE *fp = out_file(cli_out(c));
	struct node n;
	int cnt, fd, tmp, r;

	if (cmd_node_from_args(c, a, &n) != CLI_OK)
		return CLI_ERR;
	cnt = cli_arg_all(a, "line", argv, NODE_EXEC_ARGS);
	if (cnt <= 0)
		return cli_err(c, "exec: no command given");
	if (cnt >= NODE_EXEC_ARGS)
		return cli_err(c, "exec: more than %d arguments",
			       NODE_EXEC_ARGS - 1);
	argv[cnt] = NULL;
	fflush(fp);
	fflush(stderr);
	fd = cmd_node_exec_fd(fp, &tmp);
	if (fd < 0)
		return cli_err(c, "exec: %s", strerror(errno));
	r = node_exec(&n, (char *const *)argv, fd, STDERR_FILENO, &res, &e);
	cmd_node_exec_copy(fp, tmp);
	if (r < 0)
		return cli_err(c, "exec: %s", e.msg);
	if (res.interrupted)
		return cli_err(c, "exec: '%s' interrupted", argv[0]);
	if (WIFSIGNALED(res.status))
		return cli_err(c, "exec: '%s' killed by signal %d", argv[0],
			       WTERMSIG(res.status));
	if (WEXITSTATUS(res.status) != 0)
		return cli_err(c, "exec: '%s' exited with status %d", argv[0],
			       WEXITSTATUS(res.status));
	return CLI_OK;
}

/* One error line of the node's ovtsh ("-c:N:COL: msg", "-c:N: msg"):
 * for line N == mine, at its column of this line. */
static void cmd_node_shell_err(struct cli_ctx *c, const char *l, int mine,
			       bool *said)
{
	const char *msg;
	int n, col;

	if (ovt_err_recap_line(l))
		return;         /* its recap: this replay has its own */
	if (ovt_err_line_parse(l, &n, &col, &msg) < 0) {
		fprintf(stderr, "%s\n", l);      /* a note ("% ...") */
		return;
	}
	if (n == mine && col > 0)
		cli_err_col(c, col - 1, "%s", msg);
	else
		cli_err(c, "%s", msg);
	*said = true;
}

/* A line the node's ovtsh runs, as a plan's action: "vm v1: LINE" (its
 * words, not the script's indent). */
static void cmd_node_shell_plan(const struct node *nd, enum plan_what w,
				const char *line)
{
	char nb[96];

	plan_add(w, "%s: %s", node_str(nd, nb, sizeof(nb)),
		 line + strspn(line, " \t"));
}

/* A dry plan's actions from the node's own --dry-run (its stdout, text):
 * its "-c:K: + ip link add ..." lines for line K == mine (any line when
 * mine is 0: a block's actions come at its end). */
static void cmd_node_shell_dry(const struct node *nd, char *text, int mine)
{
	char *save = NULL;

	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		const char *act;
		int k, col, w;

		if (ovt_err_line_parse(l, &k, &col, &act) == 0 &&
		    (!mine || k == mine) && !col && act[0] && act[1] == ' ' &&
		    (w = plan_what_of(act[0])) >= 0)
			cmd_node_shell_plan(nd, (enum plan_what)w, act + 2);
	}
}

int cmd_node_shell(struct cli_ctx *c, const struct node *nd,
		   const char *const *lines, int n, int mine)
{
	const char *argv[5 + 2 * CMD_SHELL_LINES + 1];
	char *text, *save = NULL, nb[96];
	bool dry = plan_active() != NULL, jn = !dry && plan_recording();
	const char *what = lines[mine >= 0 ? mine : 0];
	struct node_exec_res res = { 0 };
	struct ovt_err e = { 0 };
	int k = 0, r, out = STDOUT_FILENO, err;
	bool said = false;

	if (!nd->kind || !nd->kind->own_shell)
		return cli_err(c, "%s has no ovtsh of its own",
			       node_str(nd, nb, sizeof(nb)));
	if (n > CMD_SHELL_LINES)
		return cli_err(c, "%s: more than %d lines for its ovtsh",
			       node_str(nd, nb, sizeof(nb)), CMD_SHELL_LINES);
	if (dry && plan_node_marked(net_node_ref(nd, nb, sizeof(nb)))) {
		/* a dry plan's node: no one to ask */
		cmd_node_shell_plan(nd, PLAN_CREATE, what);
		return CLI_OK;
	}
	/* its errors kept whole (a pipe would hold 64 KiB); a dry run asks
	 * the node's own (its plan on stdout), and a journal learns from its
	 * exit status whether the lines changed anything */
	err = memfd_create("ovtsh-node-err", MFD_CLOEXEC);
	if (err >= 0 && dry &&
	    (out = memfd_create("ovtsh-node-plan", MFD_CLOEXEC)) < 0) {
		close(err);
		err = -1;
	}
	if (err < 0)
		return cli_err(c, "memfd: %s", strerror(errno));
	argv[k++] = "ovtsh";
	if (dry || jn)
		argv[k++] = dry ? "--dry-run" : "--detailed-exitcode";
	argv[k++] = "--lab";
	argv[k++] = lab_name();
	for (int i = 0; i < n; i++) {
		argv[k++] = "-c";
		argv[k++] = lines[i];
	}
	argv[k] = NULL;
	fflush(stdout);
	r = node_exec(nd, (char *const *)argv, out, err, &res, &e);
	text = memfd_text(err, 0, NULL);
	for (char *l = text ? strtok_r(text, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save))
		cmd_node_shell_err(c, l, mine + 1, &said);
	free(text);
	close(err);
	if (dry) {
		if (r == 0 && res.status == 0 &&
		    (text = memfd_text(out, 0, NULL))) {
			cmd_node_shell_dry(nd, text, mine + 1);
			free(text);
		}
		close(out);
	}
	if (r < 0)
		return cmd_fail(c, &e);
	/* --detailed-exitcode: 2 changed, 0 nothing to change */
	if (jn && (res.status == 0 || (WIFEXITED(res.status) &&
				       WEXITSTATUS(res.status) == 2))) {
		cmd_node_shell_plan(nd, res.status ? PLAN_CHANGE :
				    PLAN_UNCHANGED, what);
		res.status = 0;
	}
	if (res.status != 0 && !said)
		return cli_err(c, "%s: its ovtsh failed (status %d)",
			       node_str(nd, nb, sizeof(nb)), res.status);
	return res.status ? CLI_ERR : CLI_OK;
}
