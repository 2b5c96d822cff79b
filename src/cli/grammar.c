/* grammar.c - compile syntax strings into trees, and lint them.
 *
 *   seq   := item*
 *   item  := '[' alts ']' | '<' alts '>' ['$'name] | '{' alts '}' | word
 *   alts  := seq ('|' seq)*
 *
 * Help lines are handed out to keywords and placeholders in the order they
 * appear; a count that does not match is a compile error, which the lint
 * turns into a failing test.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

struct gparse {
	const char *s;        /* syntax, advancing */
	char *why;
	size_t whylen;
	const char **help;    /* help lines */
	int nhelp, usedhelp;
	bool bad;
};

static struct gnode *gnode_new(enum gkind k)
{
	struct gnode *g = calloc(1, sizeof(*g));

	if (!g)
		abort();
	g->kind = k;
	return g;
}

static void gnode_add(struct gnode *p, struct gnode *kid)
{
	p->kids = realloc(p->kids, sizeof(*p->kids) * (size_t)(p->nkids + 1));
	if (!p->kids)
		abort();
	p->kids[p->nkids++] = kid;
}

static void gnode_free(struct gnode *g)
{
	if (!g)
		return;
	for (int i = 0; i < g->nkids; i++)
		gnode_free(g->kids[i]);
	free(g->kids);
	free(g->text);
	free(g->name);
	free(g);
}

static void gp_fail(struct gparse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void gp_fail(struct gparse *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->bad) {
		va_start(ap, fmt);
		vsnprintf(p->why, p->whylen, fmt, ap);
		va_end(ap);
	}
	p->bad = true;
}

static void gp_blank(struct gparse *p)
{
	while (*p->s == ' ')
		p->s++;
}

static const char *gp_help(struct gparse *p, const char *tok)
{
	if (p->usedhelp >= p->nhelp) {
		gp_fail(p, "no help line for token '%s'", tok);
		return "";
	}
	return p->help[p->usedhelp++];
}

static struct gnode *gp_alts(struct gparse *p, char close);

static bool gp_valid_keyword(const char *w)
{
	if (!strcmp(w, ","))    /* a list separator: "IF NODE , IF NODE" */
		return true;
	if (!islower((unsigned char)w[0]))
		return false;
	for (; *w; w++)
		if (!islower((unsigned char)*w) && !isdigit((unsigned char)*w) &&
		    *w != '-' && *w != '_' && *w != '.')
			return false;
	return true;
}

/* "$name" after a token; returns malloc'd name or NULL */
static char *gp_dollar(struct gparse *p)
{
	const char *b;

	if (*p->s != '$')
		return NULL;
	b = ++p->s;
	while (isalnum((unsigned char)*p->s) || *p->s == '_')
		p->s++;
	if (p->s == b) {
		gp_fail(p, "empty $name");
		return NULL;
	}
	return strndup(b, (size_t)(p->s - b));
}

static struct gnode *gp_word(struct gparse *p, const char *prev_kw)
{
	const char *b = p->s;
	struct gnode *g;
	char *w;

	while (*p->s && !strchr(" []<>{}|$", *p->s))
		p->s++;
	w = strndup(b, (size_t)(p->s - b));
	if (!w)
		abort();
	if (type_is_placeholder(w)) {
		g = gnode_new(G_VAR);
		g->text = w;
		g->type = type_find(w);
		if (!g->type)
			gp_fail(p, "unknown placeholder '%s'", w);
		if (w[0] == '(' &&
		    (sscanf(w, "(%lld-%lld)", &g->lo, &g->hi) != 2 ||
		     g->lo > g->hi || w[strlen(w) - 1] != ')'))
			gp_fail(p, "bad range '%s'", w);
		g->name = gp_dollar(p);
		if (!g->name)
			g->name = strdup(w[0] == '(' && prev_kw ? prev_kw :
					 g->type ? g->type->argname : "x");
	} else {
		g = gnode_new(G_KW);
		g->text = w;
		if (!gp_valid_keyword(w))
			gp_fail(p, "bad keyword '%s' (lower case, digits, -_.)",
				w);
		g->name = gp_dollar(p);
		if (!g->name)
			g->name = strdup(w);
	}
	g->help = gp_help(p, w);
	return g;
}

static struct gnode *gp_seq(struct gparse *p)
{
	struct gnode *seq = gnode_new(G_SEQ), *g;
	const char *prev_kw = NULL;

	for (;;) {
		gp_blank(p);
		char ch = *p->s;

		if (!ch || ch == '|' || ch == ']' || ch == '>' || ch == '}')
			break;
		if (ch == '[' || ch == '<' || ch == '{') {
			char close = ch == '[' ? ']' : ch == '<' ? '>' : '}';

			p->s++;
			g = gp_alts(p, close);
			if (*p->s != close) {
				gp_fail(p, "missing '%s'", close == ']' ? "]" :
					close == '>' ? ">" : "}");
				gnode_add(seq, g);
				return seq;
			}
			p->s++;
			if (ch == '[') {
				struct gnode *o = gnode_new(G_OPT);

				gnode_add(o, g);
				g = o;
			} else if (ch == '{') {
				g->kind = G_ANY;
				if (g->nkids > 30)
					gp_fail(p, "too many choices in {}");
			}
			if (ch == '<' && *p->s == '$') {
				char *nm = gp_dollar(p);

				/* "<a|b>$type": the chosen keyword is "type" */
				for (int i = 0; nm && i < g->nkids; i++) {
					struct gnode *k = g->kids[i];

					if (k->kind == G_SEQ && k->nkids == 1)
						k = k->kids[0];
					if (k->kind == G_KW) {
						free(k->name);
						k->name = strdup(nm);
					}
				}
				free(nm);
			}
			prev_kw = NULL;
		} else {
			g = gp_word(p, prev_kw);
			prev_kw = g->kind == G_KW ? g->text : NULL;
		}
		gnode_add(seq, g);
		if (p->bad)
			break;
	}
	return seq;
}

static struct gnode *gp_alts(struct gparse *p, char close)
{
	struct gnode *alt = gnode_new(G_ALT);

	for (;;) {
		struct gnode *s = gp_seq(p);

		if (s->nkids == 0)
			gp_fail(p, "empty alternative");
		gnode_add(alt, s);
		gp_blank(p);
		if (*p->s != '|' || p->bad)
			break;
		p->s++;
	}
	if (!close && *p->s)
		gp_fail(p, "unexpected '%.1s'", p->s);
	return alt;
}

void grammar_free(struct gcmd *g)
{
	if (!g)
		return;
	gnode_free(g->root);
	free(g->helpbuf);
	free(g);
}

struct gcmd *grammar_compile(const struct cli_cmd *def, const char *area,
			     char *why, size_t len)
{
	const char *lines[256];
	struct gparse p = { .why = why, .whylen = len, .help = lines };
	struct gcmd *g = calloc(1, sizeof(*g));
	struct gnode *alt;
	char *h;

	if (!g)
		abort();
	g->def = def;
	g->area = area;
	if (!def->syntax || !def->help || !def->handler) {
		snprintf(why, len, "definition lacks syntax, help or handler");
		free(g);
		return NULL;
	}
	g->helpbuf = strdup(def->help);
	for (h = g->helpbuf; *h && p.nhelp < 256;) {
		char *nl = strchr(h, '\n');

		if (!nl) {
			snprintf(why, len, "help line '%.60s' lacks its '\\n'", h);
			grammar_free(g);
			return NULL;
		}
		*nl = '\0';
		lines[p.nhelp++] = h;
		h = nl + 1;
	}
	p.s = def->syntax;
	alt = gp_alts(&p, 0);
	/* the top level is one sequence */
	if (alt->nkids == 1) {
		g->root = alt->kids[0];
		alt->nkids = 0;
		gnode_free(alt);
	} else {
		g->root = gnode_new(G_SEQ);
		gnode_add(g->root, alt);
	}
	if (!p.bad && p.usedhelp != p.nhelp) {
		snprintf(why, len, "%d help lines for %d tokens", p.nhelp,
			 p.usedhelp);
		p.bad = true;
	}
	if (!p.bad && (g->root->nkids == 0 || !def->modes)) {
		snprintf(why, len, "empty syntax or no modes");
		p.bad = true;
	}
	if (p.bad) {
		grammar_free(g);
		return NULL;
	}
	return g;
}

/* ---- the registry: tables collected from the ovtsh_cli_tables section */

extern const struct cli_table *const __start_ovtsh_cli_tables[];
extern const struct cli_table *const __stop_ovtsh_cli_tables[];

static struct gcmd **grammar_cmds;
static int grammar_ncmds;

struct gcmd *const *grammar_all(int *n)
{
	char why[256];

	if (!grammar_cmds) {
		for (const struct cli_table *const *t = __start_ovtsh_cli_tables;
		     t < __stop_ovtsh_cli_tables; t++)
			for (const struct cli_cmd *d = (*t)->cmds; d->syntax; d++) {
				struct gcmd *g = grammar_compile(d, (*t)->area,
								 why, sizeof(why));

				if (!g) {
					/* the lint reports it; skip it here */
					continue;
				}
				grammar_cmds = realloc(grammar_cmds,
					sizeof(*grammar_cmds) *
					(size_t)(grammar_ncmds + 1));
				if (!grammar_cmds)
					abort();
				grammar_cmds[grammar_ncmds++] = g;
			}
	}
	*n = grammar_ncmds;
	return grammar_cmds;
}
