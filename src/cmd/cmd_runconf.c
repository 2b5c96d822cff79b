/* cmd_runconf.c - writing the running-config: indented lines and lazy
 * blocks, the registered area and node writers, and the whole text in
 * phase order (see cmd_runconf.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_runconf.h"

const struct cmd_rc_kind cmd_rc_exit = { .kind = "exit" };
const struct cmd_rc_kind cmd_rc_endk = { .kind = "end" };

void cmd_rc_init(struct cmd_rc *w, FILE *fp)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
}

/* One line at depth d, read in mode m. */
static void cmd_rc_put(struct cmd_rc *w, int d, enum cli_mode m,
		       const struct cmd_rc_kind *k, const char *text)
{
	fprintf(w->fp, "%*s%s\n", d, "", text);
	if (w->seen)
		w->seen(w->seen_arg, k, m, text);
}

static enum cli_mode cmd_rc_mode(const struct cmd_rc *w, int d)
{
	return d > 0 ? w->blk[d - 1].mode : CLI_MODE_EXEC;
}

/* The heads of the blocks not written yet, outermost first. */
static void cmd_rc_show(struct cmd_rc *w)
{
	for (int d = 0; d < w->depth; d++)
		if (!w->blk[d].shown) {
			w->blk[d].shown = true;
			cmd_rc_put(w, d, cmd_rc_mode(w, d), w->blk[d].kind,
				   w->blk[d].head);
		}
}

/* "KIND" or "KIND " + fmt's text into buf. */
static void cmd_rc_text(char *buf, size_t len, const struct cmd_rc_kind *k,
			const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void cmd_rc_text(char *buf, size_t len, const struct cmd_rc_kind *k,
			const char *fmt, va_list ap)
{
	size_t n = (size_t)snprintf(buf, len, "%s%s", k->kind, fmt ? " " : "");

	if (fmt && n < len)
		vsnprintf(buf + n, len - n, fmt, ap);
}

void cmd_rc_line(struct cmd_rc *w, const struct cmd_rc_kind *k,
		 const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	cmd_rc_text(buf, sizeof(buf), k, fmt, ap);
	va_end(ap);
	cmd_rc_show(w);
	cmd_rc_put(w, w->depth, cmd_rc_mode(w, w->depth), k, buf);
}

void cmd_rc_raw(struct cmd_rc *w, const char *text)
{
	cmd_rc_show(w);
	cmd_rc_put(w, w->depth, cmd_rc_mode(w, w->depth), NULL, text);
}

void cmd_rc_comment(struct cmd_rc *w, const char *fmt, ...)
{
	char buf[512] = "! ";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + 2, sizeof(buf) - 2, fmt, ap);
	va_end(ap);
	cmd_rc_show(w);
	cmd_rc_put(w, w->depth, cmd_rc_mode(w, w->depth), NULL, buf);
}

void cmd_rc_block(struct cmd_rc *w, const struct cmd_rc_kind *k,
		  enum cli_mode m, bool shown, const char *fmt, ...)
{
	struct cmd_rc_blk *b;
	va_list ap;

	if (w->depth == CMD_RC_DEPTH)
		abort();        /* a writer's bug: blocks nest 2 deep */
	b = &w->blk[w->depth++];
	b->mode = m;
	b->kind = k;
	b->shown = false;
	va_start(ap, fmt);
	cmd_rc_text(b->head, sizeof(b->head), k, fmt, ap);
	va_end(ap);
	if (shown)
		cmd_rc_show(w);
}

void cmd_rc_end(struct cmd_rc *w)
{
	struct cmd_rc_blk *b = &w->blk[--w->depth];

	if (b->shown)
		cmd_rc_put(w, w->depth, b->mode, &cmd_rc_exit, "exit");
}

extern const struct cmd_runconf *const __start_ovtsh_runconf[]
	__attribute__((weak));
extern const struct cmd_runconf *const __stop_ovtsh_runconf[]
	__attribute__((weak));
extern const struct cmd_nodeconf *const __start_ovtsh_nodeconf[]
	__attribute__((weak));
extern const struct cmd_nodeconf *const __stop_ovtsh_nodeconf[]
	__attribute__((weak));

const struct cmd_runconf *const *cmd_runconf_all(int *n)
{
	*n = __start_ovtsh_runconf ?
	     (int)(__stop_ovtsh_runconf - __start_ovtsh_runconf) : 0;
	return __start_ovtsh_runconf;
}

const struct cmd_nodeconf *const *cmd_nodeconf_all(int *n)
{
	*n = __start_ovtsh_nodeconf ?
	     (int)(__stop_ovtsh_nodeconf - __start_ovtsh_nodeconf) : 0;
	return __start_ovtsh_nodeconf;
}

/* Is part p written in a node block of mode m?  Where the command of
 * its first line is read: bridges in hypervisors only. */
static bool cmd_nodeconf_in(const struct cmd_nodeconf *p, enum lab_phase ph,
			    enum cli_mode m)
{
	return p->phase == ph && (p->kinds[0].cmd->modes & CLI_M(m));
}

unsigned cmd_nodeconf_what(enum lab_phase ph, enum cli_mode m)
{
	const struct cmd_nodeconf *const *v;
	unsigned what = 0;
	int n;

	v = cmd_nodeconf_all(&n);
	for (int i = 0; i < n; i++)
		if (cmd_nodeconf_in(v[i], ph, m))
			what |= v[i]->what;
	return what;
}

void cmd_rc_node(struct cmd_rc *w, const struct cmd_rc_kind *k,
		 enum cli_mode m, const char *name, bool shown,
		 enum lab_phase ph, const struct net_lab_node *n)
{
	const struct cmd_nodeconf *const *v;
	int cnt;

	v = cmd_nodeconf_all(&cnt);
	cmd_rc_block(w, k, m, shown, "%s", name);
	/* in link order within a phase (one part per phase today) */
	for (int i = 0; i < cnt; i++)
		if (cmd_nodeconf_in(v[i], ph, m))
			v[i]->write(w, n);
	cmd_rc_end(w);
}

static int cmd_runconf_cmp(const void *a, const void *b)
{
	const struct cmd_runconf *x = *(const struct cmd_runconf *const *)a;
	const struct cmd_runconf *y = *(const struct cmd_runconf *const *)b;

	return x->order != y->order ? x->order - y->order :
	       strcmp(x->name, y->name);
}

/* The areas by order, then name (ascending). */
static int cmd_runconf_sorted(const struct cmd_runconf **v, int max)
{
	const struct cmd_runconf *const *all;
	int n;

	all = cmd_runconf_all(&n);
	n = n < max ? n : max;
	memcpy(v, all, (size_t)n * sizeof(*v));
	qsort(v, (size_t)n, sizeof(*v), cmd_runconf_cmp);
	return n;
}

int cmd_runconf_write(struct cmd_rc *w, struct ovt_err *e)
{
	const struct cmd_runconf *v[32];
	int n = cmd_runconf_sorted(v, 32), r;

	cmd_rc_comment(w, "ovtsh running-config of lab %s", lab_name());
	for (int ph = 0; ph < LAB_PHASE_COUNT; ph++)
		/* nodes from the outermost area (hypervisors) inwards */
		for (int i = n - 1; i >= 0; i--) {
			r = v[i]->write(w, (enum lab_phase)ph, e);
			if (r < 0)
				return ovt_err_prefix(e, "%s", v[i]->name);
		}
	cmd_rc_line(w, &cmd_rc_endk, NULL);
	return 0;
}
