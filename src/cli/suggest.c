/* suggest.c - "did you mean": the keywords the grammar accepts where a
 * line went wrong, nearest first by edit distance (adjacent letters
 * swapped count as one edit: "shwo" is one edit from "show").  The
 * candidates are those '?' would list at that word, in every mode the
 * line was tried in (the current one and its parents, as matching does). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

#define SUGGEST_MAX 3          /* suggestions named at most */
#define SUGGEST_WORD 64        /* longer words are not compared */

int cli_edit_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b);
	/* three rows of the optimal-string-alignment table */
	int r0[SUGGEST_WORD + 1], r1[SUGGEST_WORD + 1], r2[SUGGEST_WORD + 1];
	int *pp = r0, *p = r1, *cur = r2;

	if (la > SUGGEST_WORD || lb > SUGGEST_WORD)
		return la > lb ? la : lb;
	for (int j = 0; j <= lb; j++)
		p[j] = j;
	for (int i = 1; i <= la; i++) {
		int *t;

		cur[0] = i;
		for (int j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			int d = p[j - 1] + (ca != cb);

			if (p[j] + 1 < d)
				d = p[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    pp[j - 2] + 1 < d)
				d = pp[j - 2] + 1;
			cur[j] = d;
		}
		t = pp;
		pp = p;
		p = cur;
		cur = t;
	}
	return p[lb];
}

/* How far a word may be from a keyword to be suggested: one edit for a
 * short word, two for a longer one, never the whole word. */
static int suggest_limit(const char *word)
{
	size_t n = strlen(word);

	return n < 3 ? 0 : n < 6 ? 1 : 2;
}

static void suggest_add(const char **v, int *n, int *best, const char *kw,
			int d)
{
	if (d > *best)
		return;
	if (d < *best) {
		*best = d;
		*n = 0;
	}
	for (int i = 0; i < *n; i++)
		if (!strcmp(v[i], kw))
			return;
	if (*n < SUGGEST_MAX)
		v[(*n)++] = kw;
}

static int suggest_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void cli_suggest(const struct cli_ctx *c, const struct lex_line *l, int pos,
		 char *buf, size_t len)
{
	struct match_result *r = malloc(sizeof(*r));
	const char *v[SUGGEST_MAX];
	const char *word = l->tok[pos].text;
	int n = 0, best = suggest_limit(word), top = c->in_do ? 0 : c->depth - 1;
	size_t o;

	buf[0] = '\0';
	if (!r || l->tok[pos].quoted || best == 0) {
		free(r);
		return;
	}
	for (int d = top; d >= 0; d--) {
		match_line(l, pos, c->in_do ? CLI_MODE_EXEC : c->lvl[d].mode,
			   true, r);
		for (int i = 0; i < r->ncand; i++)
			if (r->cand[i].g->kind == G_KW)
				suggest_add(v, &n, &best, r->cand[i].g->text,
					    cli_edit_distance(word,
						r->cand[i].g->text));
	}
	free(r);
	if (n == 0)
		return;
	qsort(v, (size_t)n, sizeof(*v), suggest_cmp);
	o = (size_t)snprintf(buf, len, " (did you mean ");
	for (int i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s'%s'",
				      i == 0 ? "" : i == n - 1 ? " or " : ", ",
				      v[i]);
	if (o < len)
		snprintf(buf + o, len - o, "?)");
}
