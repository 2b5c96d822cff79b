/* gencompl.c - bash and zsh completion scripts generated from the grammar
 * ("make completions" writes completions/; the lint checks they are
 * current).  The words offered after -c are the top-level keywords; inside
 * the shell, TAB and '?' use the full grammar. */
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

int gencompl_print(const char *shell, FILE *fp)
{
	struct gcmd *const *cmds;
	const char *words[256];
	int n, nw = 0;

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
	fprintf(stderr, "ovtsh: --completions takes bash or zsh\n");
	return 1;
}
