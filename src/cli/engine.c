/* engine.c - the command context: run a line, modes, errors, help.
 *
 * A line is matched in the current mode; if nothing matches there it is
 * retried in the enclosing levels, innermost first, and a match at level L
 * leaves the levels above L first (so a script's indentation does not
 * matter: "container lc1" inside a hypervisor block starts a new block).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "ovtsh/cancel.h"
#include "ovtsh/lab.h"
#include "ovtsh/node.h"
#include "ovtsh/plan.h"

void cli_ctx_init(struct cli_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->lvl[0].mode = CLI_MODE_EXEC;
	c->depth = 1;
	c->term_len = -1;
}

void cli_ctx_fini(struct cli_ctx *c)
{
	if (cli_mode_pop_to(c, 1) != CLI_OK)
		cli_mode_discard_to(c, 1);
	if (c->locked)
		lab_lock_drop(&c->lock);
	c->locked = false;
	for (int i = 0; i < c->nhist; i++)
		free(c->hist[(c->hist_head + i) % CLI_HIST_MAX]);
	c->nhist = 0;
	script_free(c);
}

struct out *cli_out(struct cli_ctx *c)
{
	return c->out;
}

/* ---- errors ---- */

/* FILE:LINE: messages, or the REPL's "% " and caret (-i shows a script
 * the way a student typing it would see it). */
bool cli_file_errors(const struct cli_ctx *c)
{
	return c->batch && c->file && !c->screen;
}

static void cli_verr(struct cli_ctx *c, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Inside a foreach block, the iteration: " (i=17)". */
static const char *cli_iter(const struct cli_ctx *c, char *buf, size_t len)
{
	const char *it = script_iter(c);

	buf[0] = '\0';
	if (!it)
		return buf;
	snprintf(buf, len, " (%s)", it);
	return buf;
}

static void cli_verr(struct cli_ctx *c, const char *fmt, va_list ap)
{
	char it[280];

	if (expect_take_error(c, fmt, ap))
		return;
	fflush(stdout);
	if (cli_file_errors(c))
		fprintf(stderr, "%s:%d%s: ", c->file, c->line,
			cli_iter(c, it, sizeof(it)));
	else
		fprintf(stderr, "%%%s ", cli_iter(c, it, sizeof(it)));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
}

int cli_err(struct cli_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_verr(c, fmt, ap);
	va_end(ap);
	return CLI_ERR;
}

void cli_info(struct cli_ctx *c, const char *fmt, ...)
{
	FILE *fp = c->outfp ? c->outfp : stdout;   /* filtered too */
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	fputs("% ", fp);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	va_end(ap);
	fflush(fp);
}

/* Blanks as wide as s[0..n) on the screen: a tab stays a tab (the
 * terminal and libedit expand it to the same stop), a UTF-8 character
 * is one column. */
static void cli_pad(FILE *fp, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\t')
			fputc('\t', fp);
		else if (((unsigned char)s[i] & 0xc0) != 0x80)
			fputc(' ', fp);
}

/* col is within the running part of the line; the message and caret
 * place it in the whole line as typed (after "do" it starts later). */
int cli_err_at(struct cli_ctx *c, const char *line, int col,
	       const char *fmt, ...)
{
	char prompt[160], msg[512], it[280];
	const char *whole = c->run_whole;
	size_t whole_len = c->run_whole_len;
	va_list ap;

	(void)line;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (col >= 0)
		col += c->run_base;
	cli_iter(c, it, sizeof(it));
	/* an expanded line: FILE:LINE:COL and a typed line's caret name the
	 * column where the word was typed; a block's line was not typed as
	 * it ran, so its caret goes under the expanded line, shown */
	if (col >= 0 && c->colmap && (cli_file_errors(c) || !it[0])) {
		col = c->colmap[(size_t)col < c->colmap_len ? (size_t)col :
				c->colmap_len];
		whole = c->src_whole;
		whole_len = c->src_whole_len;
	}
	fflush(stdout);
	if (!cli_file_errors(c) && it[0] && col >= 0 && !c->echo && whole)
		fprintf(stderr, "%s%.*s\n", cli_prompt(c, prompt,
							sizeof(prompt)),
			(int)strnlen(whole, whole_len), whole);
	if (cli_file_errors(c)) {
		if (col >= 0)
			fprintf(stderr, "%s:%d:%d%s: %s\n", c->file, c->line,
				col + 1, it, msg);
		else
			fprintf(stderr, "%s:%d%s: %s\n", c->file, c->line, it,
				msg);
	} else {
		if (col >= 0) {
			size_t n = (size_t)col;

			cli_prompt(c, prompt, sizeof(prompt));
			cli_pad(stderr, prompt, strlen(prompt));
			if (whole)
				cli_pad(stderr, whole,
					n < whole_len ? n : whole_len);
			fputs("^\n", stderr);
		}
		fprintf(stderr, "%%%s %s\n", it, msg);
	}
	fflush(stderr);
	return CLI_ERR;
}

/* ---- the lab lock ---- */

/* Take the lab lock for a change unless held; *took: this call took it. */
static int cli_lock(struct cli_ctx *c, bool *took)
{
	struct ovt_err e = { 0 };

	*took = false;
	if (c->locked)
		return CLI_OK;
	if (lab_lock_take(&c->lock, lab_name(), !c->lock_gave_up, &e) < 0) {
		c->lock_gave_up = c->lock_scope > 0 && e.code == EWOULDBLOCK;
		return cli_err(c, "%s", e.msg);
	}
	c->locked = *took = true;
	c->lock_level = c->lock_scope;
	return CLI_OK;
}

/* After the command that took it: released unless a replay keeps it. */
static void cli_unlock(struct cli_ctx *c, bool took)
{
	if (took && c->locked && c->lock_scope == 0) {
		lab_lock_drop(&c->lock);
		c->locked = false;
	}
}

void cli_lock_scope(struct cli_ctx *c, bool begin)
{
	if (begin) {
		c->lock_scope++;
		return;
	}
	if (--c->lock_scope == 0)
		c->lock_gave_up = false;
	if (c->locked && c->lock_level > c->lock_scope) {
		lab_lock_drop(&c->lock);
		c->locked = false;
	}
}

/* ---- modes ---- */

const char *cli_prompt(const struct cli_ctx *c, char *buf, size_t len)
{
	size_t o = 0;

	o += (size_t)snprintf(buf, len, "ovtsh");
	/* the REPL names a lab other than the default, as a student works
	 * in several; a replay's -x echo stays the same in every lab */
	if (c->repl && strcmp(lab_name(), "default") && o < len)
		o += (size_t)snprintf(buf + o, len - o, "[%s]", lab_name());
	for (int i = 1; i < c->depth && o < len; i++) {
		const struct mode_def *d = mode_def(c->lvl[i].mode);
		const struct node_kind *k = node_kind_by_keyword(d->name);

		o += (size_t)snprintf(buf + o, len - o, "%s", i == 1 ? "(" : "-");
		if (o < len && k) {
			o += (size_t)snprintf(buf + o, len - o, "%s:%s",
					      k->prefix, c->lvl[i].name);
		} else if (o < len) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			o += (size_t)snprintf(buf + o, len - o, d->prompt,
					      c->lvl[i].name);
#pragma GCC diagnostic pop
		}
	}
	if (o < len)
		o += (size_t)snprintf(buf + o, len - o, "%s",
				      c->depth > 1 ? ")" : "");
	/* lines typed now are a foreach block's, run at its endfor */
	if (o < len && script_collecting(c))
		o += (size_t)snprintf(buf + o, len - o, "(foreach)");
	if (o < len)
		snprintf(buf + o, len - o, "# ");
	return buf;
}

int cli_mode_check(struct cli_ctx *c, enum cli_mode m)
{
	const struct mode_def *d = mode_def(m);

	if (c->in_do)
		return cli_err(c, "\"do\" cannot enter a mode: leave this one "
			       "first (exit or end)");
	if (!d || !(d->parents & CLI_M(c->lvl[c->depth - 1].mode)) ||
	    c->depth >= CLI_MAX_DEPTH)
		return cli_err(c, "cannot enter %s mode from here",
			       d ? d->name : "?");
	return CLI_OK;
}

int cli_mode_push(struct cli_ctx *c, enum cli_mode m, const char *name,
		  cli_exit_fn on_exit, void *data, void (*free_data)(void *))
{
	struct cli_level *l;

	if (cli_mode_check(c, m) != CLI_OK) {
		if (free_data)
			free_data(data);
		return CLI_ERR;
	}
	l = &c->lvl[c->depth++];
	l->mode = m;
	snprintf(l->name, sizeof(l->name), "%s", name ? name : "");
	l->on_exit = on_exit;
	l->data = data;
	l->free_data = free_data;
	l->fwd = NULL;
	l->fwd_line = NULL;
	return CLI_OK;
}

void cli_mode_forward(struct cli_ctx *c, enum cli_mode as, cli_fwd_fn fwd)
{
	c->lvl[c->depth - 1].fwd = fwd;
	c->lvl[c->depth - 1].fwd_mode = as;
}

int cli_err_col(struct cli_ctx *c, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cli_err_at(c, NULL, col, "%s", msg);
}

int cli_mode_pop_to(struct cli_ctx *c, int d)
{
	bool hooks = false, took = false;
	int rc = CLI_OK;

	if (d < 1)
		d = 1;
	/* an exit hook applies what its block collected (a tunnel): a
	 * change, under the lock like any other */
	for (int i = d; i < c->depth; i++)
		hooks = hooks || c->lvl[i].on_exit;
	/* explained (a plan active), a hook changes nothing */
	if (hooks && !plan_active() && cli_lock(c, &took) != CLI_OK)
		return CLI_ERR;
	while (c->depth > d) {
		struct cli_level *l = &c->lvl[c->depth - 1];

		/* the hook runs while its level is still current */
		if (l->on_exit && l->on_exit(c, l->data) != CLI_OK)
			rc = CLI_ERR;
		if (l->free_data)
			l->free_data(l->data);
		free(l->fwd_line);
		l->fwd_line = NULL;
		c->depth--;
	}
	cli_unlock(c, took);
	return rc;
}

void cli_mode_discard_to(struct cli_ctx *c, int d)
{
	if (d < 1)
		d = 1;
	while (c->depth > d) {
		struct cli_level *l = &c->lvl[--c->depth];

		if (l->free_data)
			l->free_data(l->data);
		free(l->fwd_line);
		l->fwd_line = NULL;
	}
}

int cli_mode_exit(struct cli_ctx *c)
{
	if (c->depth <= 1) {
		c->quit = true;
		return CLI_OK;
	}
	return cli_mode_pop_to(c, c->depth - 1);
}

int cli_mode_end(struct cli_ctx *c)
{
	return cli_mode_pop_to(c, 1);
}

bool cli_in_do(const struct cli_ctx *c)
{
	return c->in_do;
}

enum cli_mode cli_mode_cur(const struct cli_ctx *c)
{
	return c->lvl[c->depth - 1].mode;
}

static const struct cli_level *cli_level_of(const struct cli_ctx *c,
					    enum cli_mode m)
{
	for (int i = c->depth - 1; i >= 1; i--)
		if (c->lvl[i].mode == m)
			return &c->lvl[i];
	return NULL;
}

const char *cli_mode_name(const struct cli_ctx *c, enum cli_mode m)
{
	const struct cli_level *l = cli_level_of(c, m);

	return l ? l->name : NULL;
}

void *cli_mode_data(const struct cli_ctx *c, enum cli_mode m)
{
	const struct cli_level *l = cli_level_of(c, m);

	return l ? l->data : NULL;
}

enum cli_mode cli_mode_node(const struct cli_ctx *c, const char **name)
{
	for (int i = c->depth - 1; i >= 1; i--)
		if (c->lvl[i].mode == CLI_MODE_HV ||
		    c->lvl[i].mode == CLI_MODE_CT ||
		    c->lvl[i].mode == CLI_MODE_VM) {
			if (name)
				*name = c->lvl[i].name;
			return c->lvl[i].mode;
		}
	if (name)
		*name = NULL;
	return CLI_MODE_EXEC;
}

/* ---- history ---- */

void cli_hist_add(struct cli_ctx *c, const char *line)
{
	char *dup = strdup(line);
	int slot;

	if (!dup)
		return;
	if (c->nhist == CLI_HIST_MAX) {
		free(c->hist[c->hist_head]);
		c->hist[c->hist_head] = dup;
		c->hist_head = (c->hist_head + 1) % CLI_HIST_MAX;
		return;
	}
	slot = (c->hist_head + c->nhist) % CLI_HIST_MAX;
	c->hist[slot] = dup;
	c->nhist++;
}

int cli_hist_count(const struct cli_ctx *c)
{
	return c->nhist;
}

const char *cli_hist_line(const struct cli_ctx *c, int i)
{
	if (i < 0 || i >= c->nhist)
		return NULL;
	return c->hist[(c->hist_head + i) % CLI_HIST_MAX];
}

/* ---- running a line ---- */

/* "could be: ..." for a line that fits several commands equally well
 * (their syntaxes) or holds an abbreviation of several keywords. */
static int cli_report_ambiguous(struct cli_ctx *c, const char *line,
				const struct lex_line *l,
				const struct match_result *r, bool prefix)
{
	const struct lex_tok *t = &l->tok[prefix ? r->amb_tok : 0];
	char list[256] = "";
	size_t o = 0;

	for (int i = 0; i < (prefix ? r->namb_kw : r->namb) &&
	     o < sizeof(list); i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o,
				      prefix ? "%s%s" : "%s\"%s\"",
				      i ? (prefix ? " " : ", ") : "",
				      prefix ? r->amb_kw[i] :
					       r->amb[i]->def->syntax);
	if (cli_file_errors(c))
		return cli_err_at(c, line, t->col,
				  "ambiguous command: '%s' could be: %s",
				  t->text, list);
	return cli_err_at(c, line, -1,
			  "Ambiguous command: \"%s\" could be: %s", t->text,
			  list);
}

/* Why a line ran nothing, in this order: it fits several commands or
 * abbreviates several keywords (before anything failed), a word no
 * command accepts (the caret, with the nearest keywords that fit there),
 * or it stops short (incomplete). */
static int cli_report_nomatch(struct cli_ctx *c, const char *line,
			      const struct lex_line *l,
			      const struct match_result *r)
{
	bool prefix = !r->cmd && r->amb_tok >= 0 &&
		      (r->fail_tok < 0 || r->amb_tok <= r->fail_tok);
	const struct lex_tok *t;
	char hint[160];

	if (prefix || r->namb > 1)
		return cli_report_ambiguous(c, line, l, r, prefix);
	if (r->fail_tok < 0 || r->fail_tok >= l->n || r->need_more) {
		if (cli_file_errors(c))
			return cli_err_at(c, line, (int)strlen(line),
					  "incomplete command");
		return cli_err_at(c, line, -1, "Incomplete command.");
	}
	t = &l->tok[r->fail_tok];
	cli_suggest(c, l, r->fail_tok, hint, sizeof(hint));
	if (cli_file_errors(c)) {
		if (r->why[0])
			return cli_err_at(c, line, t->col, "invalid input: %s%s",
					  r->why, hint);
		return cli_err_at(c, line, t->col, "%s '%s'%s",
				  r->fail_tok == 0 ? "unknown command" :
				  "invalid input", t->text, hint);
	}
	if (r->why[0])
		return cli_err_at(c, line, t->col,
				  "Invalid input detected at '^' marker: %s%s",
				  r->why, hint);
	return cli_err_at(c, line, t->col,
			  "Invalid input detected at '^' marker%s.", hint);
}

static int cli_exec_match(struct cli_ctx *c, const struct match_result *r)
{
	const struct gcmd *g = r->cmd;
	struct out *saved = c->out;
	bool json = false;
	int rc;

	for (int i = 0; i < r->args.n; i++)
		if (r->args.v[i].kw && !strcmp(r->args.v[i].value, "json"))
			json = true;
	c->out = out_new(c->outfp ? c->outfp : stdout, json);
	if (!c->out) {
		c->out = saved;
		return cli_err(c, "out of memory");
	}
	/* Ctrl-C now requests cancellation (ovtsh/cancel.h) */
	cancel_arm();
	rc = g->def->handler(c, &r->args);
	cancel_disarm();
	out_free(c->out);
	c->out = saved;
	return rc == CLI_OK ? CLI_OK : CLI_ERR;
}

/* The level whose forwarder runs level d's lines (d itself for a
 * forwarding level, the one below a forwarded level), or -1. */
static int cli_fwd_level(const struct cli_ctx *c, int d)
{
	for (; d >= 1; d--) {
		if (c->lvl[d].fwd)
			return d;
		if (!c->lvl[d].fwd_line)
			return -1;
	}
	return -1;
}

/* Run the matched line through level f's forwarder, with the lines
 * that entered the forwarded levels above f; a command that enters a
 * mode pushes a forwarded level of it. */
static int cli_forward(struct cli_ctx *c, int f, const struct match_result *r,
		       const char *line, size_t len)
{
	const char *pre[CLI_MAX_DEPTH];
	const char *name = "";
	struct cli_level *l;
	int npre = 0, rc;

	for (int d = f + 1; d < c->depth; d++)
		pre[npre++] = c->lvl[d].fwd_line;
	cancel_arm();
	if ((r->cmd->def->flags & CLI_F_PLAN) || plan_active()) {
		rc = c->lvl[f].fwd(c, c->lvl[f].data, pre, npre, line, len);
	} else {        /* not configuration: nothing for a journal */
		struct plan *jn = plan_suspend();

		rc = c->lvl[f].fwd(c, c->lvl[f].data, pre, npre, line, len);
		plan_resume(jn);
	}
	cancel_disarm();
	if (rc != CLI_OK || r->cmd->def->enters == CLI_MODE_EXEC)
		return rc == CLI_OK ? CLI_OK : CLI_ERR;
	if (c->depth >= CLI_MAX_DEPTH)
		return cli_err(c, "too many nested modes");
	for (int i = 0; i < r->args.n && !name[0]; i++)
		if (!r->args.v[i].kw)
			name = r->args.v[i].value;
	/* not cli_mode_push: the mode's parents are the guest's */
	l = &c->lvl[c->depth];
	memset(l, 0, sizeof(*l));
	l->mode = r->cmd->def->enters;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->fwd_line = strndup(line, len);
	if (!l->fwd_line)
		return cli_err(c, "out of memory");
	c->depth++;
	return CLI_OK;
}

int cli_forward_lines(struct cli_ctx *c, const char *const *lines, int n)
{
	int f = c->depth - 1, rc;

	while (f >= 1 && !c->lvl[f].fwd)
		f--;
	if (f < 1 || n < 1)
		return -1;
	cancel_arm();
	rc = c->lvl[f].fwd(c, c->lvl[f].data, lines, n - 1, lines[n - 1],
			   strlen(lines[n - 1]));
	cancel_disarm();
	return rc == CLI_OK ? CLI_OK : CLI_ERR;
}

/* Match l in the mode stack; on success *level is the depth to keep and
 * *fwd the forwarding level that runs it elsewhere (-1: run here).  A
 * forwarding level matches its own mode first, then its forward mode;
 * a forwarded level matches its mode only, to be forwarded. */
static int cli_match_levels(struct cli_ctx *c, const struct lex_line *l,
			    struct match_result *r, int *level, int *fwd)
{
	static struct match_result alt;
	int best_fail = -1;

	*fwd = -1;
	/* "do": a top-level command, run where we are (the mode stack stays,
	 * so "do show interfaces" still means this node) */
	match_line(l, l->n, c->in_do ? CLI_MODE_EXEC : cli_mode_cur(c), false,
		   r);
	*level = c->depth;
	if (r->cmd && r->namb == 0) {
		if (!c->in_do && c->lvl[c->depth - 1].fwd_line)
			*fwd = cli_fwd_level(c, c->depth - 1);
		return 0;
	}
	best_fail = r->fail_tok;
	if (c->in_do)
		return -1;
	for (int d = c->depth - 1; d >= 0; d--) {
		bool as_fwd = c->lvl[d].fwd != NULL;

		if (d == c->depth - 1 && !as_fwd)
			continue;       /* matched above */
		match_line(l, l->n, as_fwd ? c->lvl[d].fwd_mode :
			   c->lvl[d].mode, false, &alt);
		if (!as_fwd && c->lvl[d].fwd_line && alt.cmd && alt.namb == 0) {
			*r = alt;
			*level = d + 1;
			*fwd = cli_fwd_level(c, d);
			return 0;
		}
		if (as_fwd && alt.cmd && alt.namb == 0) {
			*r = alt;
			*level = d + 1;
			*fwd = d;
			return 0;
		}
		if (as_fwd && d < c->depth - 1) {
			/* the forwarding level's own mode, after its forward */
			match_line(l, l->n, c->lvl[d].mode, false, &alt);
		}
		if (alt.cmd && alt.namb == 0) {
			*r = alt;
			*level = d + 1;
			return 0;
		}
		/* report the level that understood the most of the line */
		if (alt.fail_tok > best_fail) {
			best_fail = alt.fail_tok;
			*r = alt;
		}
	}
	return -1;
}

int cli_run_line(struct cli_ctx *c, const char *line)
{
	return cli_run_buf(c, line, strlen(line));
}

static int cli_run_part(struct cli_ctx *c, const char *line, size_t len);

/* The stream for a line's output: its filter (after the '|' at offset
 * at, -1: none) over the enclosing line's stream, and the REPL's pager
 * for the outermost line.  *fp stays NULL when neither applies. */
static int cli_open_filter(struct cli_ctx *c, const char *line, int at,
			   size_t len, FILE **fp)
{
	static struct cli_filter f;   /* copied by outpipe_open */
	const struct outpipe_pager *pg = NULL;
	struct ovt_err e = { 0 };

	*fp = NULL;
	if (at >= 0 && filter_parse(c, line, (size_t)at, len, &f) != CLI_OK)
		return CLI_ERR;
	if (!c->outfp && c->pager.rows > 0)
		pg = &c->pager;
	if (at < 0 && !pg)
		return CLI_OK;
	*fp = outpipe_open(c->outfp ? c->outfp : stdout,
			   at >= 0 ? &f.spec : NULL, pg, &e);
	if (!*fp)
		return cli_err(c, "%s", e.msg);
	return CLI_OK;
}

int cli_run_buf(struct cli_ctx *c, const char *line, size_t len)
{
	const char *saved_whole = c->run_whole, *saved_src = c->src_whole;
	size_t saved_len = c->run_whole_len, saved_src_len = c->src_whole_len;
	size_t saved_map_len = c->colmap_len, cmdlen;
	const int *saved_map = c->colmap;
	int saved_base = c->run_base, rc, ecol, at;
	char *xbuf = NULL, why[200];
	int *xmap = NULL;
	FILE *saved_fp = c->outfp, *fp;
	ssize_t n;

	if (script_collecting(c))     /* a foreach block runs at endfor */
		return script_collect(c, line, len);
	/* a line of its own (typed, a script's, "source"): columns from 0 */
	c->run_whole = line;
	c->run_whole_len = len;
	c->run_base = 0;
	c->colmap = NULL;
	if (memchr(line, '$', len)) {
		xbuf = malloc(CLI_MAX_LINE + 1);
		xmap = malloc((CLI_MAX_LINE + 1) * sizeof(*xmap));
		if (!xbuf || !xmap) {
			rc = cli_err(c, "out of memory");
			goto out;
		}
		n = script_expand(c->script, line, len, xbuf, CLI_MAX_LINE + 1,
				  xmap, &ecol, why, sizeof(why));
		if (n < 0) {
			rc = cli_err_at(c, line, ecol, "%s", why);
			goto out;
		}
		c->src_whole = line;
		c->src_whole_len = len;
		c->colmap = xmap;
		c->colmap_len = (size_t)n;
		c->run_whole = line = xbuf;
		c->run_whole_len = len = (size_t)n;
	}
	if (c->echo && script_iter(c)) {
		/* -x shows a block's lines as they run, expanded */
		char prompt[160];

		printf("%s%.*s\n", cli_prompt(c, prompt, sizeof(prompt)),
		       (int)strnlen(line, len), line);
		fflush(stdout);
	}
	/* the filter after a '|' (of the line as expanded) */
	cmdlen = len;
	at = lex_pipe_at(line, len);
	if (at >= 0) {
		size_t end = len;

		while (end > (size_t)at && strchr(" \t\r\n", line[end - 1]))
			end--;
		if (line[end - 1] == '?') {     /* "show x | inc?" */
			cli_help_line(c, line, stdout);
			rc = CLI_OK;
			goto out;
		}
		for (cmdlen = (size_t)at; cmdlen > 0 &&
		     (line[cmdlen - 1] == ' ' || line[cmdlen - 1] == '\t');)
			cmdlen--;
		if (strspn(line, " \t") == cmdlen) {
			rc = cli_err_at(c, line, at, cli_file_errors(c) ?
					"a filter needs a command before '|'" :
					"Invalid input detected at '^' marker: "
					"a filter needs a command before '|'");
			goto out;
		}
		/* the command's own columns end before the '|' */
		c->run_whole_len = cmdlen;
	}
	rc = cli_open_filter(c, line, at, len, &fp);
	if (rc != CLI_OK)
		goto out;
	if (fp)
		c->outfp = fp;
	rc = cli_run_part(c, line, cmdlen);
	if (fp) {
		fflush(stdout);
		outpipe_close(fp);
		c->outfp = saved_fp;
	}
out:
	c->run_whole = saved_whole;
	c->run_whole_len = saved_len;
	c->run_base = saved_base;
	c->src_whole = saved_src;
	c->src_whole_len = saved_src_len;
	c->colmap = saved_map;
	c->colmap_len = saved_map_len;
	free(xbuf);
	free(xmap);
	return rc;
}

/* Run line[0..len), which starts at column c->run_base of the whole line. */
static int cli_run_part(struct cli_ctx *c, const char *line, size_t len)
{
	const struct lex_line *saved_lex = c->run_lex;
	struct lex_line *lp;       /* heap: handlers may nest (do, source) */
	struct match_result *rp;
	bool took = false;
	int level, rc, fwd;

	lp = malloc(sizeof(*lp));
	rp = malloc(sizeof(*rp));
	if (!lp || !rp) {
		free(lp);
		free(rp);
		return cli_err(c, "out of memory");
	}
	c->run_lex = lp;
	if (lex_split(line, len, lp) < 0) {
		if (cli_file_errors(c))
			/* "Unterminated quote" -> "unterminated quote", but
			 * "NUL byte" stays */
			rc = cli_err_at(c, line, lp->err_col, "%c%s",
					islower((unsigned char)lp->err[1]) ?
					tolower((unsigned char)lp->err[0]) :
					lp->err[0], lp->err + 1);
		else
			rc = cli_err_at(c, line, lp->err_col, "%s.", lp->err);
		goto out;
	}
	if (lp->help) {
		cli_help_line(c, line, stdout);
		rc = CLI_OK;
		goto out;
	}
	rc = CLI_OK;
	if (lp->n == 0)
		goto out;
	if (!c->in_do && !plan_active())   /* "explain X" is in already */
		cli_hist_add(c, line);
	if (cli_match_levels(c, lp, rp, &level, &fwd) < 0) {
		rc = cli_report_nomatch(c, line, lp, rp);
		goto out;
	}
	if (rp->cmd->def->flags & CLI_F_PLAN)
		c->line_config = true;      /* counted in the recap */
	if (plan_active() && c->dry &&
	    !(rp->cmd->def->flags & (CLI_F_PLAN | CLI_F_SCRIPT))) {
		rc = recap_skip(c, lp->tok[0].text);    /* --dry-run */
		goto out;
	}
	if (plan_active() && !c->dry && !(rp->cmd->def->flags & CLI_F_PLAN)) {
		rc = cli_err_at(c, line, lp->tok[0].col, "explain: '%s' is "
				"not a configuration line: nothing to explain",
				lp->tok[0].text);
		goto out;
	}
	if (!(rp->cmd->def->flags & CLI_F_READONLY) && !plan_active() &&
	    cli_lock(c, &took) != CLI_OK) {
		rc = CLI_ERR;
		goto out;
	}
	if (level < c->depth && cli_mode_pop_to(c, level) != CLI_OK) {
		rc = CLI_ERR;
		goto out;
	}
	rc = fwd >= 0 ? cli_forward(c, fwd, rp, line, len) :
	     cli_exec_match(c, rp);
out:
	cli_unlock(c, took);
	c->run_lex = saved_lex;
	free(lp);
	free(rp);
	return rc;
}

/* The rest of the running line from the token whose text is first: the
 * line as typed, quotes and all, so its columns are the whole line's.
 * in_do: as an exec-mode command that changes no mode ("do"); else in
 * the current mode, modes and all ("explain"). */
static int cli_run_rest(struct cli_ctx *c, const char *first, bool in_do,
			const char *what)
{
	const struct lex_line *l = c->run_lex;
	bool saved_do = c->in_do;
	int saved_base = c->run_base, rc, col = -1;

	for (int i = 0; l && i < l->n; i++)
		if (l->tok[i].text == first)
			col = l->tok[i].col;
	if (col < 0 || (size_t)(saved_base + col) > c->run_whole_len)
		return cli_err(c, "%s: no command", what);
	c->in_do = in_do;
	c->run_base = saved_base + col;
	rc = cli_run_part(c, c->run_whole + c->run_base,
			  c->run_whole_len - (size_t)c->run_base);
	c->run_base = saved_base;
	c->in_do = saved_do;
	return rc;
}

int cli_run_do(struct cli_ctx *c, const char *first)
{
	return cli_run_rest(c, first, true, "do");
}

int cli_run_here(struct cli_ctx *c, const char *first, const char *what)
{
	return cli_run_rest(c, first, c->in_do, what);
}

int cli_run_file(struct cli_ctx *c, const char *path)
{
	FILE *fp;
	int rc;

	if (c->src_depth >= 8)
		return cli_err(c, "source: nested too deeply (8 levels)");
	fp = fopen(path, "r");
	if (!fp)
		return cli_err(c, "cannot open '%s': %s", path, strerror(errno));
	c->src_depth++;
	rc = batch_run(c, fp, path);
	c->src_depth--;
	fclose(fp);
	return rc ? CLI_ERR : CLI_OK;
}
