/* batch.c - replay a script: "ovtsh -f FILE", "source FILE", stdin.
 *
 * Each line runs as if typed.  Errors read FILE:LINE[:COL]: message.  The
 * replay stops at the first failing line unless -k; at the end of the file
 * the modes it opened are left, so their exit hooks (a tunnel block) run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"

int batch_run(struct cli_ctx *c, FILE *fp, const char *name)
{
	const char *saved_file = c->file;
	int saved_line = c->line, depth0 = c->depth;
	bool saved_batch = c->batch;
	char *buf = NULL, prompt[160];
	size_t cap = 0;
	ssize_t len;
	int failed = 0;

	c->batch = true;
	c->file = name;
	c->line = 0;
	while (!c->quit && (len = getline(&buf, &cap, fp)) >= 0) {
		size_t n = (size_t)len;

		c->line++;
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		if (c->echo) {
			/* show the line the way a student would type it */
			printf("%s%.*s\n", cli_prompt(c, prompt, sizeof(prompt)),
			       (int)strnlen(buf, n), buf);
			fflush(stdout);
		}
		if (cli_run_buf(c, buf, n) != CLI_OK) {
			failed = 1;
			if (!c->force)
				break;
		}
	}
	if (ferror(fp)) {
		int err = errno;

		fflush(stdout);
		fprintf(stderr, "ovtsh: cannot read '%s': %s\n", name,
			strerror(err));
		failed = 1;
	}
	/* leave the modes this file opened: normally through their exit hooks
	 * (a finished tunnel block is applied), after a stop without them, so
	 * a half-written block creates nothing */
	if (failed && !c->force)
		cli_mode_discard_to(c, depth0);
	else if (c->depth > depth0 && cli_mode_pop_to(c, depth0) != CLI_OK)
		failed = 1;
	free(buf);
	c->file = saved_file;
	c->line = saved_line;
	c->batch = saved_batch;
	return failed;
}
