/* lint.c - the grammar lint ("ovtsh --lint-grammar", run by make check).
 *
 * Rejects definitions that do not compile (unknown placeholders, help
 * lines that do not match the tokens, bad keywords), LINE anywhere but
 * last, and collisions: for every definition a shortest and a longest
 * sample line are built from its own tree and must match that definition
 * alone in every mode it claims.  A "show" must be CLI_F_READONLY (it
 * never waits for the lab lock).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

extern const struct cli_table *const __start_ovtsh_cli_tables[];
extern const struct cli_table *const __stop_ovtsh_cli_tables[];

static const char *lint_sample_value(const struct gnode *g, char *buf,
				     size_t len)
{
	static const struct {
		const char *type, *sample;
	} samples[] = {
		{ "WORD", "w0rd" }, { "STRING", "s" }, { "FILE", "f.txt" },
		{ "LINE", "l1ne" }, { "LIST", "a,b" }, { "NAME", "n1" },
		{ "IFNAME", "if0" }, { "A.B.C.D", "1.2.3.4" },
		{ "A.B.C.D/M", "1.2.3.4/24" }, { "X:X::X:X", "2001:db8::1" },
		{ "X:X::X:X/M", "2001:db8::/64" }, { "IFADDR4", "1.2.3.4/24" },
		{ "IFADDR6", "2001:db8::1/64" },
	};

	if (g->text[0] == '(') {
		snprintf(buf, len, "%lld", g->lo);
		return buf;
	}
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		if (!strcmp(samples[i].type, g->type->name))
			return samples[i].sample;
	return "x";
}

static void lint_sample(const struct gnode *g, bool longest, char *out,
			size_t len)
{
	char v[32];

	switch (g->kind) {
	case G_KW:
	case G_VAR:
		if (strlen(out) + 40 < len) {
			strcat(out, " ");
			strcat(out, g->kind == G_KW ? g->text :
			       lint_sample_value(g, v, sizeof(v)));
		}
		return;
	case G_SEQ:
		for (int i = 0; i < g->nkids; i++)
			lint_sample(g->kids[i], longest, out, len);
		return;
	case G_ALT:
		lint_sample(g->kids[0], longest, out, len);
		return;
	case G_OPT:
		if (longest)
			lint_sample(g->kids[0], longest, out, len);
		return;
	case G_ANY:
		for (int i = 0; longest && i < g->nkids; i++)
			lint_sample(g->kids[i], longest, out, len);
		return;
	}
}

/* LINE must end the syntax: only "]", "$name" or blanks may follow. */
static bool lint_line_last(const char *syntax)
{
	const char *p = strstr(syntax, "LINE");

	if (!p)
		return true;
	p += 4;
	if (*p == '$')
		while (*++p && *p != ' ' && *p != ']')
			;
	return strspn(p, " ]") == strlen(p);
}

static int lint_collisions(const struct gcmd *g, FILE *fp)
{
	static struct lex_line l;
	static struct match_result r;
	int bad = 0;

	for (int longest = 0; longest < 2; longest++) {
		char line[1024] = "";

		lint_sample(g->root, longest, line, sizeof(line));
		if (lex_split(line, strlen(line), &l) < 0)
			continue;
		for (int m = 0; m < CLI_MODE_COUNT; m++) {
			if (!(g->def->modes & CLI_M(m)))
				continue;
			match_line(&l, l.n, (enum cli_mode)m, false, &r);
			if (r.cmd == g && r.namb == 0)
				continue;
			fprintf(fp, "%s: \"%s\": sample \"%s\" in %s mode %s%s%s\n",
				g->area, g->def->syntax, line + 1,
				mode_def((enum cli_mode)m)->name,
				r.cmd ? "is taken by \"" : "does not match",
				r.cmd ? (r.namb > 1 && r.amb[0] == g ?
					 r.amb[1]->def->syntax :
					 r.cmd->def->syntax) : "",
				r.cmd ? "\"" : "");
			bad++;
		}
	}
	return bad;
}

int grammar_lint_table(const struct cli_cmd *tab, FILE *fp)
{
	char why[256];
	int bad = 0;

	for (const struct cli_cmd *d = tab; d->syntax; d++) {
		struct gcmd *g = grammar_compile(d, "test", why, sizeof(why));

		if (!g) {
			fprintf(fp, "\"%s\": %s\n", d->syntax, why);
			bad++;
			continue;
		}
		if (!lint_line_last(d->syntax)) {
			fprintf(fp, "\"%s\": LINE must come last\n", d->syntax);
			bad++;
		}
		/* a show waiting for another ovtsh's lab lock is a bug */
		if (!strncmp(d->syntax, "show ", 5) &&
		    !(d->flags & CLI_F_READONLY)) {
			fprintf(fp, "\"%s\": a show command changes nothing: "
				"flag it CLI_F_READONLY\n", d->syntax);
			bad++;
		}
		grammar_free(g);
	}
	return bad;
}

int grammar_lint(FILE *fp)
{
	struct gcmd *const *cmds;
	int n, bad = 0, total = 0;

	for (const struct cli_table *const *t = __start_ovtsh_cli_tables;
	     t < __stop_ovtsh_cli_tables; t++) {
		const struct cli_cmd *d;

		for (d = (*t)->cmds; d->syntax; d++)
			total++;
		bad += grammar_lint_table((*t)->cmds, fp);
	}
	cmds = grammar_all(&n);
	for (int i = 0; i < n; i++)
		bad += lint_collisions(cmds[i], fp);
	fprintf(fp, "%d definitions, %d problems\n", total, bad);
	return bad;
}
