/* gencompl.c - bash and zsh completion scripts generated from the grammar
 * ("make completions" writes completions/; the lint checks they are
 * current).  The words offered after -c are the top-level keywords; inside
 * the shell, TAB and '?' use the full grammar. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

static int gencompl_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* First keyword of g's tree ("no" for "[no] ..."), or NULL. */
static void gencompl_first(const struct gnode *g, const char **words, int *n,
			   int max)
{
	switch (g->kind) {
	case G_KW:
		for (int i = 0; i < *n; i++)
			if (!strcmp(words[i], g->text))
				return;
		if (*n < max)
			words[(*n)++] = g->text;
		return;
	case G_SEQ:
		if (g->nkids) {
			gencompl_first(g->kids[0], words, n, max);
			if (g->kids[0]->kind == G_OPT && g->nkids > 1)
				gencompl_first(g->kids[1], words, n, max);
		}
		return;
	case G_ALT:
	case G_ANY:
		for (int i = 0; i < g->nkids; i++)
			gencompl_first(g->kids[i], words, n, max);
		return;
	case G_OPT:
		gencompl_first(g->kids[0], words, n, max);
		return;
	case G_VAR:
		return;
	}
}

/* Each script is a head, the top-level keywords, and a tail.  The option
 * lists follow main()'s getopt table. */
static const struct {
	const char *shell, *head, *tail;
} gencompl_shells[] = {
	{
		.shell = "bash",
		.head = "# bash completion for ovtsh\n"
			"# Generated from the command grammar by "
			"\"ovtsh --completions bash\"; do not edit.\n"
			"_ovtsh() {\n"
			"\tlocal cur=${COMP_WORDS[COMP_CWORD]}\n"
			"\tlocal prev=${COMP_WORDS[COMP_CWORD-1]}\n"
			"\tcase $prev in\n"
			"\t-f) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
			"\t--completions) COMPREPLY=($(compgen -W \"bash zsh\" -- \"$cur\")); return ;;\n"
			"\t--lab|--lock-wait) return ;;\n"
			"\t-c) COMPREPLY=($(compgen -W \"",
		.tail = "\" -- \"$cur\")); return ;;\n"
			"\tesac\n"
			"\tCOMPREPLY=($(compgen -W \"-f -c -x -i -k --force --lab "
			"--lock-wait --lint-grammar --completions --complete --version "
			"--help\" -- \"$cur\"))\n"
			"}\n"
			"complete -F _ovtsh ovtsh\n",
	},
	{
		.shell = "zsh",
		.head = "#compdef ovtsh\n"
			"# zsh completion for ovtsh\n"
			"# Generated from the command grammar by "
			"\"ovtsh --completions zsh\"; do not edit.\n"
			"_arguments \\\n"
			"\t'-f[replay a script]:script:_files' \\\n"
			"\t'*-c[run a command]:command:(",
		.tail = ")' \\\n"
			"\t'-x[echo each line after its prompt]' \\\n"
			"\t'-i[show errors as the interactive shell does]' \\\n"
			"\t'(-k --force)'{-k,--force}'[go on after a failing line]' \\\n"
			"\t'--lab[lab name]:lab:' \\\n"
			"\t'--lock-wait[seconds to wait for the lab lock]:seconds:' \\\n"
			"\t'--lint-grammar[check the command definitions]' \\\n"
			"\t'--completions[print a completion script]:shell:(bash zsh)' \\\n"
			"\t'--complete[candidates for the last word]:line:' \\\n"
			"\t'(-V --version)'{-V,--version}'[print the version]'\n",
	},
};

/* Text for groff: backslashes and hyphens escaped. */
static void genman_text(const char *p, size_t n, FILE *fp)
{
	for (size_t i = 0; i < n && p[i]; i++) {
		if (p[i] == '\\')
			fputs("\\e", fp);
		else if (p[i] == '-')
			fputs("\\-", fp);
		else
			fputc(p[i], fp);
	}
}

/* A syntax string as the manual shows it: keywords bold, placeholders
 * italic under their argument's name ("NAME$hv" -> hv). */
static void genman_syntax(const char *syn, FILE *fp)
{
	const char *p = syn;

	while (*p) {
		size_t n = strcspn(p, " []<>{}|");
		const char *dollar = memchr(p, '$', n);
		char word[128];

		if (n == 0) {
			fputc(*p++, fp);
			continue;
		}
		snprintf(word, sizeof(word), "%.*s",
			 (int)(dollar ? (size_t)(dollar - p) : n), p);
		if (dollar && (!strcmp(word, "WORD") || !strcmp(word, "STRING") ||
			       !strcmp(word, "LIST"))) {
			/* a generic placeholder says more by its name */
			fputs("\\fI", fp);
			for (const char *q = dollar + 1; q < p + n; q++)
				fputc(toupper((unsigned char)*q), fp);
		} else if (type_is_placeholder(word)) {
			fputs("\\fI", fp);
			genman_text(word, strlen(word), fp);
		} else {
			fputs("\\fB", fp);
			genman_text(word, strlen(word), fp);
		}
		fputs("\\fR", fp);
		p += n;
	}
}

/* The first help line, groff-escaped. */
static void genman_help(const char *help, FILE *fp)
{
	const char *p = help;

	if (*p == '.' || *p == '\'')
		fputs("\\&", fp);
	for (; *p && *p != '\n'; p++) {
		if (*p == '\\')
			fputs("\\e", fp);
		else if (*p == '-')
			fputs("\\-", fp);
		else
			fputc(*p, fp);
	}
	fputc('\n', fp);
}

/* The leading keywords of a syntax ("[no] ip address ..." -> no ip
 * address): up to max of them into kw[], their help line numbers into
 * line[]; returns how many. */
static int genman_lead(const char *syn, char kw[][32], int *line, int max)
{
	const char *p = syn;
	int n = 0, tok = 0;

	if (!strncmp(p, "[no] ", 5)) {
		snprintf(kw[n], sizeof(kw[n]), "no");
		line[n++] = tok++;
		p += 5;
	}
	while (*p && n < max) {
		size_t len = strcspn(p, " []<>{}|$");
		char word[32];

		if (len == 0 || len >= sizeof(word) || (p[len] && p[len] != ' '))
			break;
		snprintf(word, sizeof(word), "%.*s", (int)len, p);
		if (type_is_placeholder(word))
			break;
		snprintf(kw[n], sizeof(kw[n]), "%s", word);
		line[n++] = tok++;
		p += len;
		while (*p == ' ')
			p++;
	}
	return n;
}

/* A command's help line: that of the keyword that tells it from every
 * other command ("write topology FILE" is described by "topology", not
 * by "write", which all writes share). */
static const char *genman_pick_help(struct gcmd *const *cmds, int ncmds,
				    const struct gcmd *g)
{
	char kw[8][32], okw[8][32];
	int line[8], oline[8], n, pick, idx;
	const char *h = g->def->help;

	n = genman_lead(g->def->syntax, kw, line, 8);
	for (pick = 0; pick < n; pick++) {
		bool shared = false;

		for (int i = 0; i < ncmds && !shared; i++) {
			int m;

			if (cmds[i] == g || (cmds[i]->def->flags & CLI_F_HIDDEN))
				continue;
			m = genman_lead(cmds[i]->def->syntax, okw, oline, 8);
			if (m <= pick)
				continue;
			shared = true;
			for (int k = 0; k <= pick && shared; k++)
				shared = !strcmp(kw[k], okw[k]);
		}
		if (!shared)
			break;
	}
	if (n == 0)
		return h;
	idx = line[pick < n ? pick : n - 1];
	for (int i = 0; i < idx && strchr(h, '\n'); i++)
		h = strchr(h, '\n') + 1;
	return h;
}

static void genman_cmd(struct gcmd *const *cmds, int ncmds,
		       const struct gcmd *g, FILE *fp)
{
	fputs(".TP\n", fp);
	genman_syntax(g->def->syntax, fp);
	fputc('\n', fp);
	genman_help(genman_pick_help(cmds, ncmds, g), fp);
}

/* The manual's command reference: every command of the grammar, by mode
 * (commands valid in every mode once), with its help line. */
static int genman_print(FILE *fp)
{
	struct gcmd *const *cmds;
	unsigned every = 0;
	int n;

	for (int m = 0; m < CLI_MODE_COUNT; m++)
		every |= CLI_M(m);
	cmds = grammar_all(&n);
	fputs(".\\\" Generated from the command grammar by \"ovtsh "
	      "--completions man\" (make completions); do not edit.\n", fp);
	for (int m = -1; m < CLI_MODE_COUNT; m++) {
		if (m < 0)
			fputs(".SS In every mode\n", fp);
		else if (m == CLI_MODE_EXEC)
			fputs(".SS The top level\n", fp);
		else
			fprintf(fp, ".SS %c%s mode\n",
				mode_def((enum cli_mode)m)->name[0] - 'a' + 'A',
				mode_def((enum cli_mode)m)->name + 1);
		for (int i = 0; i < n; i++) {
			unsigned modes = cmds[i]->def->modes;

			if (cmds[i]->def->flags & CLI_F_HIDDEN)
				continue;
			if (m < 0 ? (modes & every) == every :
			    (modes & every) != every && (modes & CLI_M(m)))
				genman_cmd(cmds, n, cmds[i], fp);
		}
	}
	return 0;
}

int gencompl_print(const char *shell, FILE *fp)
{
	struct gcmd *const *cmds;
	const char *words[256];
	int n, nw = 0;

	if (!strcmp(shell, "man"))
		return genman_print(fp);
	cmds = grammar_all(&n);
	for (int i = 0; i < n; i++)
		if ((cmds[i]->def->modes & CLI_M_EXEC) &&
		    !(cmds[i]->def->flags & CLI_F_HIDDEN))
			gencompl_first(cmds[i]->root, words, &nw, 256);
	qsort(words, (size_t)nw, sizeof(*words), gencompl_cmp);

	for (size_t k = 0; k < sizeof(gencompl_shells) /
			       sizeof(gencompl_shells[0]); k++) {
		if (strcmp(shell, gencompl_shells[k].shell))
			continue;
		fputs(gencompl_shells[k].head, fp);
		for (int i = 0; i < nw; i++)
			fprintf(fp, "%s%s", i ? " " : "", words[i]);
		fputs(gencompl_shells[k].tail, fp);
		return 0;
	}
	fprintf(stderr, "ovtsh: --completions takes bash, zsh or man\n");
	return 1;
}
