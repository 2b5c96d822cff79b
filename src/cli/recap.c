/* recap.c - what a replay changed: "--dry-run", the recap line, --json.
 *
 * The outermost replay runs under ONE plan (ovtsh/plan.h): a dry one for
 * --dry-run (later lines see what earlier ones would create), else a
 * journal, which records what the backends did while they act, so a
 * line's checks run once.  After each script line the actions it added
 * are that line's: "+"/"~" make it changed, "-" (only) removed, "="
 * (only) unchanged; a failing line is failed.  Lines that record
 * nothing (exit, set, show...) are not counted.  A foreach block's
 * actions belong to its endfor line, a sourced file's to the source
 * line, the exit hooks run at the end of the file (a tunnel block left
 * open) to the "(end of file)" line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "ovtsh/jw.h"
#include "ovtsh/plan.h"

enum recap_status { RC_CHANGED, RC_UNCHANGED, RC_REMOVED, RC_FAILED };

static const char *const recap_status_name[] = {
	[RC_CHANGED] = "changed", [RC_UNCHANGED] = "unchanged",
	[RC_REMOVED] = "removed", [RC_FAILED] = "failed",
};

#define RECAP_SKIP_MAX 16

struct recap_line {
	const char *file;        /* the replay's name (outlives the recap) */
	int line;
	char *text;
	enum recap_status st;
	int first, n;            /* its actions in the plan */
};

struct cli_recap {
	struct plan plan;
	bool active;             /* plan_begin() took it */
	int depth;               /* src_depth of its replay */
	struct recap_line *v;
	int n, cap;
	int mark;                /* plan.n when the line began */
	int cnt[RC_FAILED + 1];
	char skipped[RECAP_SKIP_MAX][32];
	int nskipped;
};

void recap_begin(struct cli_ctx *c)
{
	struct cli_recap *r;

	if (c->recap || !c->recap_on)
		return;
	r = calloc(1, sizeof(*r));
	if (!r)
		return;
	r->plan.journal = !c->dry;
	r->depth = c->src_depth;
	r->active = plan_begin(&r->plan) == 0;
	c->recap = r;
}

static enum recap_status recap_judge(const struct plan *p, int first, int n)
{
	bool del = false;

	for (int i = first; i < first + n; i++) {
		if (p->v[i].what == PLAN_CREATE || p->v[i].what == PLAN_CHANGE)
			return RC_CHANGED;
		del = del || p->v[i].what == PLAN_DELETE;
	}
	return del ? RC_REMOVED : RC_UNCHANGED;
}

/* One counted entry: actions first..first+n of the plan. */
static void recap_add(struct cli_ctx *c, struct cli_recap *r,
		      const char *text, size_t len, int first, int n, bool ok)
{
	struct recap_line *l;
	char lnum[16];

	if (r->n == r->cap) {
		void *nv = realloc(r->v, (size_t)(r->cap ? r->cap * 2 : 16) *
				   sizeof(*r->v));

		if (!nv)
			return;
		r->v = nv;
		r->cap = r->cap ? r->cap * 2 : 16;
	}
	l = &r->v[r->n];
	l->text = strndup(text, strnlen(text, len));
	if (!l->text)
		return;
	r->n++;
	l->file = c->file ? c->file : "-";
	l->line = text[0] == '(' ? 0 : c->line;   /* (end of file), (prune) */
	l->first = first;
	l->n = n;
	l->st = ok ? recap_judge(&r->plan, first, n) : RC_FAILED;
	r->cnt[l->st]++;
	snprintf(lnum, sizeof(lnum), "%d", l->line);
	if (c->dry)
		for (int i = first; i < first + n; i++)
			printf("%s:%s: %s %s%s%s%s\n", l->file, l->line ?
			       lnum : l->text,
			       plan_what_sign(r->plan.v[i].what),
			       r->plan.v[i].cmd, r->plan.v[i].old[0] ?
			       "  (was: " : "", r->plan.v[i].old,
			       r->plan.v[i].old[0] ? ")" : "");
}

void recap_line(struct cli_ctx *c, const char *text, size_t len, bool ok)
{
	struct cli_recap *r = c->recap;
	bool config;
	int n;

	if (!r || c->src_depth > r->depth)    /* sourced: its source line */
		return;
	n = r->plan.n - r->mark;
	config = c->line_config;
	c->line_config = false;
	/* counted: what recorded a change, and failed configuration; the
	 * prune counts each object it removes */
	if (!strcmp(text, "(prune)")) {
		for (int i = 0; i < n; i++)
			recap_add(c, r, text, len, r->mark + i, 1, true);
		if (!ok)
			recap_add(c, r, text, len, r->plan.n, 0, false);
	} else if (n > 0 || (!ok && config))
		recap_add(c, r, text, len, r->mark, n, ok);
	r->mark = r->plan.n;
}

int recap_skip(struct cli_ctx *c, const char *word)
{
	struct cli_recap *r = c->recap;

	if (!r)
		return CLI_OK;
	for (int i = 0; i < r->nskipped; i++)
		if (!strcmp(r->skipped[i], word))
			return CLI_OK;
	if (r->nskipped < RECAP_SKIP_MAX)
		snprintf(r->skipped[r->nskipped++], sizeof(r->skipped[0]),
			 "%s", word);
	printf("%s:%d: # skipped in a dry run: %s (not a configuration "
	       "line; later %s lines too)\n", c->file ? c->file : "-",
	       c->line, word, word);
	return CLI_OK;
}

static void recap_json(const struct cli_recap *r)
{
	size_t size = 256;
	struct jw w;
	char *buf;

	for (int i = 0; i < r->n; i++) {
		size += 96 + 6 * (strlen(r->v[i].text) + strlen(r->v[i].file));
		for (int k = r->v[i].first; k < r->v[i].first + r->v[i].n; k++)
			size += 48 + 6 * (strlen(r->plan.v[k].cmd) +
					 strlen(r->plan.v[k].old));
	}
	buf = malloc(size);
	if (!buf) {
		fputs("ovtsh: --json: out of memory\n", stderr);
		return;
	}
	jw_init(&w, buf, size);
	jw_obj_begin(&w, NULL);
	jw_obj_begin(&w, "recap");
	for (int s = RC_CHANGED; s <= RC_FAILED; s++)
		jw_uint(&w, recap_status_name[s], (unsigned)r->cnt[s]);
	jw_obj_end(&w);
	jw_arr_begin(&w, "lines");
	for (int i = 0; i < r->n; i++) {
		const struct recap_line *l = &r->v[i];

		jw_obj_begin(&w, NULL);
		jw_str(&w, "file", l->file);
		jw_uint(&w, "line", (unsigned)l->line);
		jw_str(&w, "text", l->text);
		jw_str(&w, "status", recap_status_name[l->st]);
		jw_arr_begin(&w, "changes");
		for (int k = l->first; k < l->first + l->n; k++) {
			jw_obj_begin(&w, NULL);
			jw_str(&w, "sign", plan_what_sign(r->plan.v[k].what));
			jw_str(&w, "cmd", r->plan.v[k].cmd);
			if (r->plan.v[k].old[0])
				jw_str(&w, "old", r->plan.v[k].old);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	if (jw_ok(&w)) {
		fwrite(buf, 1, jw_len(&w), stdout);
		putchar('\n');
	} else
		fputs("ovtsh: --json: the recap did not fit\n", stderr);
	free(buf);
}

bool recap_end(struct cli_ctx *c)
{
	struct cli_recap *r = c->recap;
	bool changed;

	if (!r)
		return false;
	if (r->active)
		plan_end(&r->plan);
	if (r->plan.oom)
		fputs("ovtsh: out of memory: the recap misses changes\n",
		      stderr);
	changed = r->cnt[RC_CHANGED] + r->cnt[RC_REMOVED] > 0;
	c->recap_changed = changed;
	/* asked for (--dry-run, --json, --prune, --detailed-exitcode), or
	 * a script (-f, stdin) that ran a configuration line: never on a
	 * plain "ovtsh -c" nor a script of show lines */
	if (c->recap_json) {
		fflush(stderr);
		recap_json(r);
	} else if (c->recap_always || (r->n > r->cnt[RC_FAILED] &&
					c->recap_scripts)) {
		fflush(stdout);
		fprintf(stderr, "%s%d changed, %d unchanged, %d removed, "
			"%d failed\n", c->dry ? "dry run: " : "",
			r->cnt[RC_CHANGED], r->cnt[RC_UNCHANGED],
			r->cnt[RC_REMOVED], r->cnt[RC_FAILED]);
	}
	fflush(NULL);
	for (int i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	plan_free(&r->plan);
	free(r);
	c->recap = NULL;
	return changed;
}

int cli_diff_file(struct cli_ctx *c, const char *path,
		  int (*prune)(struct cli_ctx *c), bool json)
{
	struct cli_ctx saved = *c;
	struct plan *outer;
	int rc;

	if (c->dry)
		return cli_err(c, "show diff: a dry run is running already");
	/* in a replay: its journal waits (this changes nothing) */
	outer = plan_suspend();
	c->recap = NULL;
	c->dry = c->recap_on = c->recap_always = true;
	c->recap_json = json;
	c->prune = prune;
	rc = cli_run_file(c, path);
	c->dry = saved.dry;
	c->recap_on = saved.recap_on;
	c->recap_always = saved.recap_always;
	c->recap_json = saved.recap_json;
	c->prune = saved.prune;
	c->recap = saved.recap;
	plan_resume(outer);
	return rc;
}
