/* cmd_container.c - container mode: a Docker container as a lab node.
 *
 *   container NAME        enter container mode; reuse the lab's container
 *                         of that name (started if stopped) or prepare a
 *                         new one, created once "image" names its image
 *   no container NAME     remove the lab's container
 *   image NAME            (container mode) create it from that image and
 *                         start it; on an existing one, it must match
 *   start|stop|restart    (container mode)
 *   exec LINE             (container mode) run a command, show its output
 *   image import FILE NAME  build an image from a root filesystem tar
 *
 * The Docker label LAB_LABEL=<lab> marks what the lab owns: a container
 * of the same name without it is never touched.  Links, addresses and
 * routes inside containers are the net area's (CLI_M_CT handlers that
 * enter the container through node.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovtsh/cmd.h"
#include "ovtsh/docker.h"
#include "ovtsh/lab.h"
#include "ovtsh/plan.h"

#include "cmd_runconf.h"

#define CT_EXEC_ARGS 64

static bool ct_atexit;

static void ct_watch_starts(void);

#define CT_IMAGE_MAX 256

/* The state of one container-mode level. */
struct ct_mode {
	char name[NODE_NAME_MAX];
	bool exists;            /* created (by this level or before it) */
	char ahead[CT_IMAGE_MAX];  /* made ahead from this image ("": not) */
	bool explained;         /* entered by "explain": owes no image */
};

/* ---- containers made ahead of their lines ----
 *
 * A script of one block per container (container X / image I / connect
 * ... / exit, repeated) would wait at each connect for X's start (the
 * connect needs X's namespace) with nothing else going on, where the
 * grouped order (every container first, as the running-config writes
 * them) has all the starts in flight.  So once "image" has made its
 * container, the replay's next lines are read ahead and the containers
 * of the blocks that follow are created and started in the background
 * now; their own lines then find them made, and run as on an existing
 * container of the lab.  Every line still runs in order and reports its
 * own errors: a container that cannot be made ahead is left to its line.
 * Only a run of container blocks is read (any other command ends the
 * look), and what was made for lines that never ran (the replay stopped
 * at an error) is removed when the replay ends. */
#define CT_AHEAD_MAX   6        /* in flight, below docker's worker slots */
#define CT_AHEAD_LINES 64

struct ct_ahead {
	char name[NODE_NAME_MAX];
	char image[CT_IMAGE_MAX];
	bool made;              /* false: not made; its line will say why */
};

static struct ct_ahead ct_ahead_v[CT_AHEAD_MAX];
static int ct_ahead_n;

static int ct_ahead_find(const char *name)
{
	for (int i = 0; i < ct_ahead_n; i++)
		if (!strcmp(ct_ahead_v[i].name, name))
			return i;
	return -1;
}

/* Take name's entry out of the list: its line has come.  The image it
 * was made from, or "" when it was not made ahead. */
static void ct_ahead_claim(const char *name, char *image, size_t len)
{
	int i = ct_ahead_find(name);

	image[0] = '\0';
	if (i < 0)
		return;
	if (ct_ahead_v[i].made)
		snprintf(image, len, "%s", ct_ahead_v[i].image);
	ct_ahead_v[i] = ct_ahead_v[--ct_ahead_n];
}

/* The end of a replay: remove what its lines did not claim. */
static void ct_ahead_end(void)
{
	for (int i = 0; i < ct_ahead_n; i++)
		if (ct_ahead_v[i].made)
			docker_remove(ct_ahead_v[i].name, true, NULL);
	ct_ahead_n = 0;
}

static void ct_ahead_make(const char *name, const char *image)
{
	struct docker_create cr = { .name = name, .image = image,
				    .lab = lab_name() };
	struct ct_ahead *a = &ct_ahead_v[ct_ahead_n++];
	/* made for a later line: that line's record says so (journal) */
	struct plan *jn = plan_suspend();

	snprintf(a->name, sizeof(a->name), "%s", name);
	snprintf(a->image, sizeof(a->image), "%s", image);
	/* exists already, not ours, no such image...: its line says so */
	a->made = strlen(name) < sizeof(a->name) &&
		  strlen(image) < sizeof(a->image) &&
		  docker_create(&cr, NULL) == 0;
	if (a->made && docker_start_async(name, NULL) < 0) {
		docker_remove(name, true, NULL);
		a->made = false;
	}
	if (a->made)
		ct_watch_starts();     /* a start no line waits for is told */
	plan_resume(jn);
}

struct ct_scan {
	char name[NODE_NAME_MAX];   /* the block's "container NAME" */
};

/* Lines a container block may hold besides container/image/exit. */
static const char *const ct_block_words[] = {
	"connect", "interface", "ip", "ipv6", "mtu", "shutdown", "master",
	"route", NULL
};

/* One line read ahead; nonzero ends the look. */
static int ct_ahead_line(void *arg, const char *line)
{
	struct ct_scan *sc = arg;
	char buf[512], *w[3], *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	buf[strcspn(buf, "!#")] = '\0';
	for (char *t = strtok_r(buf, " \t", &save); t;
	     t = strtok_r(NULL, " \t", &save))
		w[n < 3 ? n : 2] = t, n++;    /* n: the number of words */
	if (n == 0)
		return 0;
	if (!strcmp(w[0], "exit") && n == 1) {
		sc->name[0] = '\0';
		return 0;
	}
	if (!strcmp(w[0], "container") && n == 2) {
		snprintf(sc->name, sizeof(sc->name), "%s", w[1]);
		return 0;
	}
	if (!strcmp(w[0], "image") && n == 2 && sc->name[0]) {
		if (ct_ahead_find(sc->name) < 0)
			ct_ahead_make(sc->name, w[1]);
		sc->name[0] = '\0';
		return ct_ahead_n == CT_AHEAD_MAX;
	}
	for (int i = 0; ct_block_words[i]; i++)
		if (!strcmp(w[0], ct_block_words[i]))
			return 0;
	return 1;
}

/* After "image": make the containers of the next blocks. */
static void ct_ahead_fill(struct cli_ctx *c)
{
	struct ct_scan sc = { .name = "" };

	/* explained (a plan active): nothing is made, ahead or not */
	if (ct_ahead_n == CT_AHEAD_MAX || plan_active())
		return;
	cli_batch_on_end(c, ct_ahead_end);
	cli_batch_peek(c, CT_AHEAD_LINES, ct_ahead_line, &sc);
}

static int ct_on_exit(struct cli_ctx *c, void *data)
{
	const struct ct_mode *m = data;

	if (!m->exists && !m->explained)
		return cli_err(c, "container '%s' was not created: no image "
			       "given (use 'image NAME' in container mode)",
			       m->name);
	return CLI_OK;
}

static int cmd_exec_container(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "ct");
	char ahead[CT_IMAGE_MAX];
	struct ovt_err e = { 0 };
	struct docker_ct ct = { 0 };
	struct ct_mode *m;
	struct node n;
	int r, k;

	if (node_make(&n, &docker_ct_kind, name, &e) < 0)
		return cmd_fail(c, &e);
	/* made ahead by this replay: the lab's, created, starting (an
	 * inspect would wait for the start) */
	k = cli_arg_has(a, "no") ? -1 : ct_ahead_find(name);
	if (!(k >= 0 && ct_ahead_v[k].made) &&
	    cmd_node_enter_check(c, &n) != CLI_OK)
		return CLI_ERR;
	r = k >= 0 && ct_ahead_v[k].made ? 0 :
	    docker_inspect_lab(name, &ct, &e);
	if (cli_arg_has(a, "no")) {
		if (r < 0)
			return cmd_fail(c, &e);
		/* force: its veth ends go with its namespace */
		if (docker_remove(name, true, &e) < 0)
			return cmd_fail(c, &e);
		return CLI_OK;
	}
	if (r < 0 && r != -ENOENT)
		return cmd_fail(c, &e);
	if (cli_mode_check(c, CLI_MODE_CT) != CLI_OK)
		return CLI_ERR;
	ct_ahead_claim(name, ahead, sizeof(ahead));
	if (r == 0 && !ahead[0] && !ct.running && docker_start(name, &e) < 0)
		return cmd_fail(c, &e);
	m = calloc(1, sizeof(*m));
	if (!m)
		return cli_err(c, "out of memory");
	snprintf(m->name, sizeof(m->name), "%s", name);
	snprintf(m->ahead, sizeof(m->ahead), "%s", ahead);
	m->exists = r == 0;
	m->explained = plan_active() != NULL;
	return cli_mode_push(c, CLI_MODE_CT, name, ct_on_exit, m, free);
}

/* At exit, a background start that failed and that no later line waited
 * for would go unsaid: say it, and make the exit status say it too. */
static void ct_exit_check(void)
{
	struct ovt_err e = { 0 };

	if (docker_wait_all(&e) < 0) {
		fflush(stdout);
		fprintf(stderr, "ovtsh: %s\n", e.msg);
		fflush(NULL);
		_exit(1);
	}
}

static void ct_watch_starts(void)
{
	if (!ct_atexit) {
		atexit(ct_exit_check);
		ct_atexit = true;
	}
}

static int cmd_ct_image(struct cli_ctx *c, const struct cli_args *a)
{
	struct ct_mode *m = cli_mode_data(c, CLI_MODE_CT);
	const char *img = cli_arg(a, "image");
	struct docker_create cr = { .image = img, .lab = lab_name() };
	struct ovt_err e = { 0 };
	struct docker_ct ct;

	if (!m)
		return cli_err(c, "not in container mode");
	if (m->ahead[0] && !strcmp(m->ahead, img)) {
		/* made ahead for this very line (a journal's record) */
		plan_add(PLAN_CREATE, "docker create --name %s %s  # and "
			 "docker start", m->name, img);
		ct_ahead_fill(c);
		return CLI_OK;
	}
	if (m->exists) {
		/* idempotent: the same image is success */
		if (docker_inspect_lab(m->name, &ct, &e) < 0)
			return cmd_fail(c, &e);
		if (!docker_image_same(ct.image, img))
			return cli_err(c, "container '%s' runs image '%s', not "
				       "'%s' (remove it with 'no container "
				       "%s' to change it)", m->name, ct.image,
				       img, m->name);
		plan_add(PLAN_UNCHANGED, "docker create --name %s %s",
			 m->name, img);
		ct_ahead_fill(c);
		return CLI_OK;
	}
	cr.name = m->name;      /* a missing image: create says "no image" */
	if (docker_create(&cr, &e) < 0)
		return cmd_fail(c, &e);
	m->exists = !plan_active();     /* explained: made by no one */
	/* started in the background: the next lines (more containers) go
	 * on meanwhile; anything that needs it running waits for it */
	if (docker_start_async(m->name, &e) < 0) {
		docker_remove(m->name, true, NULL);
		m->exists = false;
		return cmd_fail(c, &e);
	}
	ct_watch_starts();
	ct_ahead_fill(c);
	return CLI_OK;
}

/* The container of this mode, which must exist. */
static const char *ct_current(struct cli_ctx *c)
{
	const struct ct_mode *m = cli_mode_data(c, CLI_MODE_CT);

	if (!m)
		return NULL;
	if (!m->exists) {
		cli_err(c, "container '%s' has no image yet (use 'image NAME' "
			"first)", m->name);
		return NULL;
	}
	return m->name;
}

static int cmd_ct_state(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = ct_current(c);
	struct ovt_err e = { 0 };
	int r;

	if (!name)
		return CLI_ERR;
	if (cli_arg_has(a, "start"))
		r = docker_start(name, &e);
	else if (cli_arg_has(a, "stop"))
		r = docker_stop(name, &e);
	else
		r = docker_restart(name, &e);
	return r < 0 ? cmd_fail(c, &e) : CLI_OK;
}

/* The command's output as it comes (ping prints once a second). */
static int ct_exec_sink(void *arg, enum docker_stream s, const char *p,
			size_t n)
{
	FILE *fp = s == DOCKER_STDERR ? stderr : arg;

	fwrite(p, 1, n, fp);
	fflush(fp);
	return 0;
}

static int cmd_ct_exec(struct cli_ctx *c, const struct cli_args *a)
{
	const char *argv[CT_EXEC_ARGS + 1] = { 0 };
	const char *name = ct_current(c);
	struct docker_exec_res res;
	struct ovt_err e = { 0 };
	struct out *o = cli_out(c);
	int n, r, ret = CLI_OK;

	if (!name)
		return CLI_ERR;
	n = cli_arg_all(a, "line", argv, CT_EXEC_ARGS);
	if (n <= 0)
		return cli_err(c, "exec: no command given");
	if (n >= CT_EXEC_ARGS)
		return cli_err(c, "exec: more than %d arguments",
			       CT_EXEC_ARGS - 1);
	argv[n] = NULL;
	/* Ctrl-C stops a long exec (docker_exec kills its command) */
	r = docker_exec(name, argv, ct_exec_sink, out_file(o), &res, &e);
	if (r < 0)
		return cmd_fail(c, &e);
	if (res.status != 0)
		ret = cli_err(c, "exec: '%s' exited with status %d", argv[0],
			      res.status);
	docker_exec_res_free(&res);
	return ret;
}

static const char *const ct_labbox_cmd[] = { "/bin/sleep", "infinity",
					      NULL };

static int cmd_image_import(struct cli_ctx *c, const struct cli_args *a)
{
	const char *file = cli_arg(a, "file"), *img = cli_arg(a, "image");
	struct ovt_err e = { 0 };
	int fd, r;

	if (!strcmp(file, "-"))
		fd = dup(STDIN_FILENO);
	else
		fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cli_err(c, "image import: %s: %s", file,
			       strerror(errno));
	/* default command: a lab node idles until ovtsh execs into it */
	r = docker_image_import(img, fd, ct_labbox_cmd, &e);
	close(fd);
	return r < 0 ? cmd_fail(c, &e) : CLI_OK;
}

static const struct cli_cmd ct_cmds[] = {
	{
		.syntax = "[no] container NAME$ct",
		.help = H_NO H_CT H_CTNAME,
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_container,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "image WORD$image",
		.help = "Create the container from an image (new containers)\n"
			"Image name[:tag]\n",
		.modes = CLI_M_CT,
		.handler = cmd_ct_image,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "<start|stop|restart>",
		.help = "Start the container\n"
			"Stop the container\n"
			"Restart the container (its interfaces are lost)\n",
		.modes = CLI_M_CT,
		.handler = cmd_ct_state,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "exec LINE",
		.help = "Run a command inside the container\n"
			"The command and its arguments\n",
		.modes = CLI_M_CT,
		.handler = cmd_ct_exec,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "image import FILE WORD$image",
		.help = "Docker images\n"
			"Import a root filesystem tar as an image\n"
			"Tar file ('-': standard input)\n"
			"Image name[:tag]\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_image_import,
	},
	{ 0 }
};
CLI_TABLE("container", ct_cmds);

static void ct_complete(struct cli_ctx *c, const struct cli_args *a,
			struct cli_complete *cc)
{
	struct docker_ct_list l;

	(void)c;
	(void)a;
	if (docker_list_lab(lab_name(), &l, NULL) < 0)
		return;
	for (size_t i = 0; i < l.n; i++)
		cli_complete_add(cc, l.v[i].name);
	docker_ct_list_free(&l);
}
CLI_COMPLETER("ct", ct_complete);

/* Local images, for "image <TAB>": "labbox:latest" also as "labbox". */
static void ct_image_complete(struct cli_ctx *c, const struct cli_args *a,
			      struct cli_complete *cc)
{
	char **tags;
	size_t n;

	(void)c;
	(void)a;
	if (docker_image_list(&tags, &n, NULL) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(tags[i]);

		if (l > 7 && !strcmp(tags[i] + l - 7, ":latest")) {
			tags[i][l - 7] = '\0';
			cli_complete_add(cc, tags[i]);
			tags[i][l - 7] = ':';
		}
		cli_complete_add(cc, tags[i]);
	}
	docker_names_free(tags, n);
}
CLI_COMPLETER("image", ct_image_complete);

/* ---- the running-config: container blocks, read back from Docker
 * (the lab's label) and from their namespaces ---- */

static const struct cmd_rc_kind ct_rc_kinds[] = {
	{ .kind = "container", .cmd = &ct_cmds[0] },
	{ .kind = "image", .cmd = &ct_cmds[1] },
	{ .kind = "stop", .cmd = &ct_cmds[2] },
	{ 0 }
};

/* Phase NODES: "container NAME / image IMG / exit" per lab container,
 * with "stop" for one that is not running (its namespace, and with it
 * every veth it had, is gone: nothing else refers to it). */
void cmd_ct_conf_node(struct cmd_rc *w, const struct docker_ct *ct)
{
	cmd_rc_block(w, &ct_rc_kinds[0], CLI_MODE_CT, true, "%s", ct->name);
	cmd_rc_line(w, &ct_rc_kinds[1], "%s", ct->image);
	if (!ct->running)
		cmd_rc_line(w, &ct_rc_kinds[2], NULL);
	cmd_rc_end(w);
}

/* The other phases: the node parts, in "container NAME ... exit" when
 * there is one. */
void cmd_ct_conf(struct cmd_rc *w, enum lab_phase ph,
		 const struct net_lab_node *n)
{
	cmd_rc_node(w, &ct_rc_kinds[0], CLI_MODE_CT, n->node.name, false, ph,
		    n);
}

/* One running container's part of phase ph. */
static int ct_runconf_body(struct cmd_rc *w, const char *name,
			   enum lab_phase ph, struct ovt_err *e)
{
	struct net_lab_node ln;
	struct net_tunnel *t = NULL;
	unsigned what = cmd_nodeconf_what(ph, CLI_MODE_CT);
	struct node n;
	int nt = 0, r;

	r = node_make(&n, &docker_ct_kind, name, e);
	if (r < 0)
		return r;
	if (ph == LAB_PHASE_TUNNELS) {   /* complete blocks of their own */
		r = net_lab_tunnels(&n, &t, &nt, e);
		for (int i = 0; r == 0 && i < nt; i++)
			cmd_tun_conf(w, &t[i]);
		free(t);
		return r;
	}
	if (!what)
		return 0;
	r = net_lab_node_read(&n, what, &ln, e);
	if (r < 0)
		return r;
	cmd_ct_conf(w, ph, &ln);
	net_lab_node_free(&ln);
	return 0;
}

static int ct_runconf(struct cmd_rc *w, enum lab_phase ph, struct ovt_err *e)
{
	struct docker_ct_list l;
	int r;

	r = docker_list_lab(lab_name(), &l, e);
	if (r == -ECONNREFUSED) {
		/* no daemon (a guest, a host without Docker): no containers;
		 * the rest of the lab is still written, with a note */
		if (ph == LAB_PHASE_NODES)
			cmd_rc_comment(w, "no containers: %s", e->msg);
		ovt_err_clear(e);
		return 0;
	}
	if (r < 0)
		return r;
	for (size_t i = 0; i < l.n && r == 0; i++) {
		if (ph == LAB_PHASE_NODES)
			cmd_ct_conf_node(w, &l.v[i]);
		/* a stopped container has no namespace: nothing to read */
		else if (l.v[i].running)
			r = ct_runconf_body(w, l.v[i].name, ph, e);
	}
	docker_ct_list_free(&l);
	return r;
}

CMD_RUNCONF("containers", 10, ct_rc_kinds, ct_runconf);
