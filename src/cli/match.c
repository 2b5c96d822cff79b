/* match.c - match a tokenized line against the compiled grammar.
 *
 * A backtracking walk with explicit continuations: every way a command's
 * tree can consume the tokens is tried, so optional parts, alternatives and
 * any-order groups need no special cases.  Lines are short (a few dozen
 * tokens), so the walk is cheap.  Along the way it records
 *   - full matches, ranked token by token (exact keyword > partial keyword
 *     > typed placeholder > word), the best one wins, a tie is ambiguous;
 *   - the furthest token nothing could consume (the caret), with the
 *     placeholder's reason when one refused it;
 *   - keywords matched only by prefix, to name the candidates of an
 *     ambiguous abbreviation;
 *   - a word that is some keyword exactly is that keyword, not an
 *     abbreviation of a longer one ("ping" is not "pingall") nor a
 *     placeholder's value ("write topology" is not "write FILE" with a
 *     file called topology, but an incomplete "write topology FILE";
 *     quoted, it is a value again): where the first walk met both, a
 *     second walk takes the exact keyword only;
 *   - the possible next tokens, for '?' and TAB.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"

#define RANK_EXACT 10
#define RANK_PARTIAL 9
#define PART_MAX 16

struct mcont {
	const struct gnode *g;    /* G_SEQ or G_ANY being continued */
	int idx;                  /* G_SEQ: next kid */
	unsigned used;            /* G_ANY: kids already taken */
	const struct mcont *next;
};

struct mstate {
	const struct lex_line *l;
	int n;
	const struct gcmd *cmd;
	struct cli_args cur;
	int ranks[LEX_MAX_TOKENS];
	int best_ranks[LEX_MAX_TOKENS];
	bool have_best;
	int why_tok;
	const char *part[LEX_MAX_TOKENS][PART_MAX];
	int npart[LEX_MAX_TOKENS];
	bool exact[LEX_MAX_TOKENS];
	bool no_part[LEX_MAX_TOKENS]; /* second walk: exact keywords only */
	bool var_at[LEX_MAX_TOKENS];  /* a placeholder took the word here */
	bool kw_at[LEX_MAX_TOKENS];   /* this command took a keyword here */
	bool want_cand;
	unsigned need;              /* candidates: of commands with these flags */
	struct match_result *r;
};

static void m_node(struct mstate *s, const struct gnode *g, int pos,
		   const struct mcont *k);

static void m_fail(struct mstate *s, int pos, const char *why)
{
	if (pos > s->r->fail_tok) {
		s->r->fail_tok = pos;
		s->r->why[0] = '\0';
		s->why_tok = -1;
	}
	if (why && pos == s->r->fail_tok && s->why_tok != pos) {
		snprintf(s->r->why, sizeof(s->r->why), "%s", why);
		s->why_tok = pos;
	}
}

static void m_cand(struct mstate *s, const struct gnode *g)
{
	struct match_result *r = s->r;

	/* only the commands help asked for ("explain ?": configuration) */
	if (!s->want_cand || (s->cmd->def->flags & s->need) != s->need)
		return;
	for (int i = 0; i < r->ncand; i++)
		if (!strcmp(r->cand[i].g->text, g->text) &&
		    !strcmp(r->cand[i].g->help, g->help))
			return;
	if (r->ncand < MATCH_MAX_CAND) {
		r->cand[r->ncand].g = g;
		r->cand[r->ncand].cmd = s->cmd;
		r->ncand++;
	}
}

static int m_cmp_ranks(const int *a, const int *b, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] > b[i] ? 1 : -1;
	return 0;
}

static void m_end(struct mstate *s, int pos)
{
	struct match_result *r = s->r;
	int c;

	if (pos < s->n) {
		m_fail(s, pos, NULL);
		return;
	}
	r->complete_here = true;
	c = s->have_best ? m_cmp_ranks(s->ranks, s->best_ranks, s->n) : 1;
	if (c > 0) {
		s->have_best = true;
		memcpy(s->best_ranks, s->ranks, sizeof(int) * (size_t)s->n);
		r->cmd = s->cmd;
		r->args = s->cur;
		r->amb[0] = s->cmd;
		r->namb = 1;
	} else if (c == 0) {
		for (int i = 0; i < r->namb; i++)
			if (r->amb[i] == s->cmd)
				return;
		if (r->namb < 8)
			r->amb[r->namb++] = s->cmd;
	}
}

static void m_cont(struct mstate *s, int pos, const struct mcont *k);

static void m_any(struct mstate *s, const struct gnode *g, unsigned used,
		  int pos, const struct mcont *k)
{
	m_cont(s, pos, k);
	for (int i = 0; i < g->nkids; i++) {
		struct mcont nk = { .g = g, .used = used | (1u << i), .next = k };

		if (!(used & (1u << i)))
			m_node(s, g->kids[i], pos, &nk);
	}
}

static void m_cont(struct mstate *s, int pos, const struct mcont *k)
{
	if (!k) {
		m_end(s, pos);
	} else if (k->g->kind == G_SEQ) {
		if (k->idx < k->g->nkids) {
			struct mcont nk = { .g = k->g, .idx = k->idx + 1,
					    .next = k->next };

			m_node(s, k->g->kids[k->idx], pos, &nk);
		} else {
			m_cont(s, pos, k->next);
		}
	} else {
		m_any(s, k->g, k->used, pos, k->next);
	}
}

/* Record an argument: a keyword, a word, or a value its type parsed
 * (parsed: type and val, else text). */
static void m_push(struct mstate *s, const struct gnode *g, const char *v,
		   bool kw, const struct cli_arg *parsed)
{
	struct cli_arg *a = &s->cur.v[s->cur.n++];

	if (parsed)
		*a = *parsed;
	else
		memset(a, 0, sizeof(*a));
	a->name = g->name;
	a->value = v;
	a->kw = kw;
}

static void m_part(struct mstate *s, int pos, const char *kw)
{
	for (int i = 0; i < s->npart[pos]; i++)
		if (!strcmp(s->part[pos][i], kw))
			return;
	if (s->npart[pos] < PART_MAX)
		s->part[pos][s->npart[pos]++] = kw;
}

static void m_kw(struct mstate *s, const struct gnode *g, int pos,
		 const struct mcont *k)
{
	const struct lex_tok *t = &s->l->tok[pos];
	size_t tl = strlen(t->text);

	if (!t->quoted && !strcasecmp(t->text, g->text)) {
		s->ranks[pos] = RANK_EXACT;
		s->exact[pos] = true;
		s->kw_at[pos] = true;
	} else if (!t->quoted && tl > 0 && tl < strlen(g->text) &&
		   !s->no_part[pos] && !strncasecmp(t->text, g->text, tl)) {
		s->ranks[pos] = RANK_PARTIAL;
		m_part(s, pos, g->text);
	} else {
		m_fail(s, pos, NULL);
		return;
	}
	m_push(s, g, g->text, true, NULL);
	m_cont(s, pos + 1, k);
	s->cur.n--;
}

static void m_var(struct mstate *s, const struct gnode *g, int pos,
		  const struct mcont *k)
{
	struct cli_arg parsed = { 0 };
	char why[160];
	const char *bad;

	if (!strcmp(g->type->name, "LINE")) {
		int n0 = s->cur.n;

		/* A word the same command took as its keyword here ("trace
		 * exec cpu 5000 ls") starts no LINE: the keyword's own error
		 * (5000 out of range) stands, not "cpu: command not found".
		 * Options come before LINE and an optional part tries its
		 * keyword before skipping it, so kw_at is set by then.
		 * Quoting the word makes it a LINE word again. */
		if (s->kw_at[pos] && !s->l->tok[pos].quoted)
			return;

		for (int i = pos; i < s->n; i++) {
			if (s->cur.n >= CLI_MAX_ARGS) {
				m_fail(s, i, "too many arguments");
				s->cur.n = n0;
				return;
			}
			s->ranks[i] = 0;
			m_push(s, g, s->l->tok[i].text, false, NULL);
		}
		m_cont(s, s->n, k);
		s->cur.n = n0;
		return;
	}
	if (s->no_part[pos] && !s->l->tok[pos].quoted) {
		m_fail(s, pos, NULL);
		return;
	}
	bad = g->type->check(g, s->l->tok[pos].text, &parsed, why,
			     sizeof(why));
	if (bad) {
		m_fail(s, pos, bad);
		return;
	}
	s->ranks[pos] = g->type->rank;
	s->var_at[pos] = true;
	m_push(s, g, s->l->tok[pos].text, false, &parsed);
	m_cont(s, pos + 1, k);
	s->cur.n--;
}

static void m_node(struct mstate *s, const struct gnode *g, int pos,
		   const struct mcont *k)
{
	switch (g->kind) {
	case G_KW:
	case G_VAR:
		if (pos >= s->n) {
			s->r->need_more = true;
			m_cand(s, g);
			return;
		}
		if (s->cur.n >= CLI_MAX_ARGS)
			return;
		if (g->kind == G_KW)
			m_kw(s, g, pos, k);
		else
			m_var(s, g, pos, k);
		return;
	case G_SEQ:
		if (g->nkids == 0) {
			m_cont(s, pos, k);
		} else {
			struct mcont nk = { .g = g, .idx = 1, .next = k };

			m_node(s, g->kids[0], pos, &nk);
		}
		return;
	case G_ALT:
		for (int i = 0; i < g->nkids; i++)
			m_node(s, g->kids[i], pos, k);
		return;
	case G_OPT:
		m_node(s, g->kids[0], pos, k);
		m_cont(s, pos, k);
		return;
	case G_ANY:
		m_any(s, g, 0, pos, k);
		return;
	}
}

static int match_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One walk of every command of mode over the line. */
static void match_walk(struct mstate *s, enum cli_mode mode)
{
	struct gcmd *const *cmds;
	int ncmds;

	cmds = grammar_all(&ncmds);
	for (int i = 0; i < ncmds; i++) {
		if (!(cmds[i]->def->modes & CLI_M(mode)))
			continue;
		s->cmd = cmds[i];
		s->cur.n = 0;
		memset(s->kw_at, 0, sizeof(s->kw_at));
		m_node(s, cmds[i]->root, 0, NULL);
	}
}

void match_line(const struct lex_line *l, int n, enum cli_mode mode,
		bool want_cand, struct match_result *r)
{
	match_line_cands(l, n, mode, want_cand, 0, r);
}

void match_line_cands(const struct lex_line *l, int n, enum cli_mode mode,
		      bool want_cand, unsigned need, struct match_result *r)
{
	static struct mstate s;   /* large; the engine is single-threaded */
	bool again = false;

	memset(&s, 0, sizeof(s));
	for (;;) {
		memset(r, 0, sizeof(*r));
		r->fail_tok = -1;
		r->amb_tok = -1;
		s.l = l;
		s.n = n;
		s.want_cand = want_cand;
		s.need = need;
		s.r = r;
		s.why_tok = -1;
		match_walk(&s, mode);
		if (again)
			break;
		for (int i = 0; i < n; i++)
			if (s.exact[i] && (s.npart[i] > 0 || s.var_at[i])) {
				s.no_part[i] = again = true;
				s.npart[i] = 0;
			}
		if (!again)
			break;
		s.have_best = false;
	}
	if (r->namb <= 1)
		r->namb = 0;
	/* an abbreviation that fits several keywords, none exactly */
	for (int i = 0; i < n; i++)
		if (s.npart[i] >= 2 && !s.exact[i]) {
			r->amb_tok = i;
			r->namb_kw = s.npart[i] < 16 ? s.npart[i] : 16;
			memcpy(r->amb_kw, s.part[i],
			       sizeof(char *) * (size_t)r->namb_kw);
			/* alphabetical, whatever order the tables linked in */
			qsort(r->amb_kw, (size_t)r->namb_kw, sizeof(char *),
			      match_cmp_str);
			break;
		}
}

bool match_cand_accepts(const struct gnode *g, const char *prefix)
{
	if (g->kind == G_KW)
		return !strncasecmp(g->text, prefix, strlen(prefix));
	return true;
}
