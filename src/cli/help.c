/* help.c - '?' listings and TAB candidates, from the same matcher that
 * runs the commands. */
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

/* Match the finished words of line; *partial gets the unfinished one. */
static int help_prepare(struct cli_ctx *c, const char *line,
			struct lex_line *l, struct match_result *r,
			const char **partial)
{
	int n;

	if (lex_split(line, strlen(line), l) < 0)
		return -1;
	n = l->n;
	*partial = "";
	if (n > 0 && !l->trailing_space) {
		n--;
		*partial = l->tok[n].text;
	}
	match_line(l, n, cli_mode_cur(c), true, r);
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
