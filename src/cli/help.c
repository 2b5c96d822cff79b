/* help.c - '?' listings and TAB candidates, from the same matcher that
 * runs the commands, and the "help" listing of a mode's commands. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"

struct cli_complete {
	char **v;
	int n, cap;
	const char *prefix;
};

extern const struct cli_completer_def *const __start_ovtsh_cli_compl[]
	__attribute__((weak));
extern const struct cli_completer_def *const __stop_ovtsh_cli_compl[]
	__attribute__((weak));

void cli_complete_add(struct cli_complete *cc, const char *cand)
{
	if (strncmp(cand, cc->prefix, strlen(cc->prefix)))
		return;
	for (int i = 0; i < cc->n; i++)
		if (!strcmp(cc->v[i], cand))
			return;
	if (cc->n == cc->cap) {
		int cap = cc->cap ? cc->cap * 2 : 16;
		char **v = realloc(cc->v, sizeof(*v) * (size_t)cap);

		if (!v)
			return;
		cc->v = v;
		cc->cap = cap;
	}
	cc->v[cc->n] = strdup(cand);
	if (cc->v[cc->n])
		cc->n++;
}

static int help_cmp_cand(const void *a, const void *b)
{
	const struct match_cand *x = a, *y = b;

	/* keywords first, then placeholders, each alphabetically */
	if ((x->g->kind == G_KW) != (y->g->kind == G_KW))
		return x->g->kind == G_KW ? -1 : 1;
	return strcmp(x->g->text, y->g->text);
}

/* Does l's first word take the rest as a line of this mode (a command
 * flagged CLI_F_SUBLINE, whose only next word is its LINE)? */
static bool help_subline(struct cli_ctx *c, const struct lex_line *l)
{
	struct match_result *r = malloc(sizeof(*r));
	bool sub;

	if (!r)
		return false;
	match_line(l, 1, cli_mode_cur(c), true, r);
	sub = r->ncand > 0;
	for (int i = 0; i < r->ncand; i++)
		sub = sub && r->cand[i].g->kind == G_VAR &&
		      !strcmp(r->cand[i].g->text, "LINE") &&
		      (r->cand[i].cmd->def->flags & CLI_F_SUBLINE);
	free(r);
	return sub;
}

/* Match the finished words of line; *partial gets the unfinished one. */
static int help_prepare(struct cli_ctx *c, const char *line,
			struct lex_line *l, struct match_result *r,
			const char **partial)
{
	bool sub = false;
	int n;

	if (lex_split(line, strlen(line), l) < 0)
		return -1;
	n = l->n;
	*partial = "";
	if (n > 0 && !l->trailing_space) {
		n--;
		*partial = l->tok[n].text;
	}
	/* the first word takes a line of this mode ("explain LINE"): help
	 * with that line, from its first word on */
	while (n > 0 && help_subline(c, l)) {
		memmove(&l->tok[0], &l->tok[1], (size_t)(l->n - 1) *
			sizeof(l->tok[0]));
		l->n--;
		n--;
		sub = true;
	}
	/* such a line is configuration: only those commands run there */
	match_line_cands(l, n, cli_mode_cur(c), true, sub ? CLI_F_PLAN : 0, r);
	if (sub)
		r->complete_here = r->complete_here && r->cmd &&
				   (r->cmd->def->flags & CLI_F_PLAN);
	/* an empty line is never a command, whatever {} groups allow */
	r->complete_here = r->complete_here && n > 0;
	return n;
}

void cli_help_line(struct cli_ctx *c, const char *line, FILE *fp)
{
	struct lex_line *l = malloc(sizeof(*l));
	struct match_result *r = malloc(sizeof(*r));
	const char *partial;
	int w = 0, shown = 0;
	char buf[CLI_MAX_LINE + 2];
	size_t len = strlen(line);

	if (!l || !r)
		goto out;
	if (lex_pipe_at(line, len) >= 0) {
		filter_help(line + lex_pipe_at(line, len) + 1, fp);
		goto out;
	}
	/* drop the '?' (and what lex would call help) */
	if (len > CLI_MAX_LINE)
		len = CLI_MAX_LINE;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (len && buf[len - 1] == '?')
		buf[len - 1] = '\0';
	if (help_prepare(c, buf, l, r, &partial) < 0) {
		cli_err(c, "%s", l->err);
		goto out;
	}
	qsort(r->cand, (size_t)r->ncand, sizeof(r->cand[0]), help_cmp_cand);
	for (int i = 0; i < r->ncand; i++)
		if (match_cand_accepts(r->cand[i].g, partial) &&
		    (int)strlen(r->cand[i].g->text) > w)
			w = (int)strlen(r->cand[i].g->text);
	if (w < 4)
		w = 4;
	for (int i = 0; i < r->ncand; i++) {
		if (!match_cand_accepts(r->cand[i].g, partial))
			continue;
		fprintf(fp, "  %-*s  %s\n", w, r->cand[i].g->text,
			r->cand[i].g->help);
		shown++;
	}
	if (r->complete_here && !*partial) {
		fprintf(fp, "  %-*s\n", w, "<cr>");
		shown++;
	}
	if (!shown)
		fprintf(fp, "%% There is no matched command.\n");
	fflush(fp);
out:
	free(l);
	free(r);
}

/* What a command does: the help of its second leading keyword, or of
 * the first when a placeholder follows it ("show history" -> history's
 * line, "hypervisor NAME" -> hypervisor's), past a leading "no". */
static const char *help_of(const struct gcmd *g)
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
static void help_syntax_plain(const char *syn, char *buf, size_t len)
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

void cli_help_commands(struct cli_ctx *c, struct out *o)
{
	struct gcmd *const *cmds;
	enum cli_mode m = cli_mode_cur(c);
	char syn[1024];
	int n;

	out_text(o,
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
		help_syntax_plain(d->syntax, syn, sizeof(syn));
		/* long syntaxes get their description on the next line */
		if (strlen(syn) > 40)
			out_text(o, "  %s\n  %-40s  %s\n", syn, "",
				 help_of(cmds[i]));
		else
			out_text(o, "  %-40s  %s\n", syn, help_of(cmds[i]));
	}
}

static int help_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_complete_line(struct cli_ctx *c, const char *line,
		      void (*fn)(const char *cand, void *arg), void *arg,
		      int *word_start)
{
	struct lex_line *l = malloc(sizeof(*l));
	struct match_result *r = malloc(sizeof(*r));
	struct cli_complete cc = { 0 };
	struct cli_args none = { 0 };
	const char *partial;
	int n, count = 0;

	*word_start = (int)strlen(line);
	if (!l || !r)
		goto out;
	if (lex_pipe_at(line, strlen(line)) >= 0) {
		int at = lex_pipe_at(line, strlen(line)) + 1;

		count = filter_complete(line + at, fn, arg, word_start);
		*word_start += at;
		goto out;
	}
	n = help_prepare(c, line, l, r, &partial);
	if (n < 0)
		goto out;
	if (*partial)
		*word_start = l->tok[n].col;
	cc.prefix = partial;
	c->cc = &cc;
	for (int i = 0; i < r->ncand; i++) {
		const struct gnode *g = r->cand[i].g;

		if (g->kind == G_KW) {
			cli_complete_add(&cc, g->text);
			continue;
		}
		for (const struct cli_completer_def *const *d =
			     __start_ovtsh_cli_compl;
		     d && d < __stop_ovtsh_cli_compl; d++)
			if (!strcmp((*d)->name, g->name))
				(*d)->fn(c, &none, &cc);
	}
	c->cc = NULL;
	qsort(cc.v, (size_t)cc.n, sizeof(*cc.v), help_cmp_str);
	for (int i = 0; i < cc.n; i++) {
		fn(cc.v[i], arg);
		free(cc.v[i]);
	}
	count = cc.n;
	free(cc.v);
out:
	free(l);
	free(r);
	return count;
}
