/* test_manpage.c - ovtsh.1 names every keyword of the grammar (what
 * "help" and "?" show, in every mode) in bold, so the manual cannot fall
 * behind a new command or option.  The options of --help are checked by
 * tests/lint/manpage.sh. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/cli_int.h"
#include "t.h"

static char *man;
static int missing;

/* "\fBkw" followed by a character that cannot continue a keyword. */
static int man_has(const char *word)
{
	char kw[128];
	size_t n = 0;

	/* groff writes a hyphen as \- */
	for (const char *p = word; *p && n + 3 < sizeof(kw); p++) {
		if (*p == '-')
			kw[n++] = '\\';
		kw[n++] = *p;
	}
	kw[n] = '\0';

	for (const char *p = strstr(man, "\\fB"); p; p = strstr(p + 1, "\\fB")) {
		const char *w = p + 3;

		/* the keyword may come after other bold words: "\fBshow bridge" */
		for (const char *q = w; *q && strncmp(q, "\\f", 2) &&
		     *q != '\n'; q++) {
			if ((q == w || q[-1] == ' ' || q[-1] == '[' ||
			     q[-1] == '|') && !strncmp(q, kw, n) &&
			    !isalnum((unsigned char)q[n]) && q[n] != '-')
				return 1;
		}
	}
	return 0;
}

static void walk(const struct gcmd *cmd, const struct gnode *g)
{
	if (g->kind == G_KW) {
		t_checked++;
		if (!man_has(g->text)) {
			t_failed++;
			missing++;
			fprintf(stderr, "ovtsh.1 lacks the keyword '%s' (%s)\n",
				g->text, cmd->def->syntax);
		}
	}
	for (int i = 0; i < g->nkids; i++)
		walk(cmd, g->kids[i]);
}

int main(void)
{
	const char *top = getenv("OVTSH_TOP");
	char path[4096];
	struct gcmd *const *all;
	FILE *fp;
	long len;
	int n;

	snprintf(path, sizeof(path), "%s/ovtsh.1", top ? top : ".");
	fp = fopen(path, "r");
	if (!fp) {
		perror(path);
		return 1;
	}
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	man = calloc(1, (size_t)len + 1);
	if (!man || fread(man, 1, (size_t)len, fp) != (size_t)len)
		return 1;
	fclose(fp);
	all = grammar_all(&n);
	for (int i = 0; i < n; i++)
		if (!(all[i]->def->flags & CLI_F_HIDDEN))
			walk(all[i], all[i]->root);
	printf("test_manpage: %d keywords, %d missing from ovtsh.1\n",
	       t_checked, missing);
	free(man);
	return t_failed ? 1 : 0;
}
