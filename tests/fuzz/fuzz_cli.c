/* fuzz_cli.c - libFuzzer: arbitrary bytes through the lexer, the matcher
 * in every mode, '?' help and TAB completion.  Handlers are not run (they
 * would touch the system); everything that decides which one runs is. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../src/cli/cli_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fz_cand(const char *cand, void *arg)
{
	(void)cand;
	(void)arg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lex_line l;
	static struct match_result r;
	static struct cli_ctx c;
	static FILE *null;
	char line[CLI_MAX_LINE + 1];
	int ws;

	if (!null) {
		null = fopen("/dev/null", "w");
		cli_ctx_init(&c);
	}
	if (lex_split((const char *)data, size, &l) < 0)
		return 0;
	for (int m = 0; m < CLI_MODE_COUNT; m++) {
		match_line(&l, l.n, (enum cli_mode)m, true, &r);
		if (l.n > 0)
			match_line(&l, l.n - 1, (enum cli_mode)m, true, &r);
	}
	/* valid input is now a C string without NULs */
	memcpy(line, data, size);
	line[size] = '\0';
	cli_help_line(&c, line, null);
	cli_complete_line(&c, line, fz_cand, NULL, &ws);
	return 0;
}
