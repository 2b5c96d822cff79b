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

/* Where the lines come from: a file, or the -c arguments. */
struct batch_src {
	FILE *fp;
	const char *const *lines;
	int nlines, next;
	char *buf;
	size_t cap;
};

/* The next line without its end-of-line; -1 at the end.  A file's line
 * may hold NULs, so its length is returned. */
static ssize_t batch_next(struct batch_src *s, const char **line)
{
	ssize_t len;

	if (!s->fp) {
		if (s->next >= s->nlines)
			return -1;
		*line = s->lines[s->next++];
		return (ssize_t)strlen(*line);
	}
	len = getline(&s->buf, &s->cap, s->fp);
	if (len < 0)
		return -1;
	while (len > 0 && (s->buf[len - 1] == '\n' || s->buf[len - 1] == '\r'))
		s->buf[--len] = '\0';
	*line = s->buf;
	return len;
}

static int batch_replay(struct cli_ctx *c, struct batch_src *src,
			const char *name)
{
	const char *saved_file = c->file, *line;
	int saved_line = c->line, depth0 = c->depth;
	bool saved_batch = c->batch;
	char prompt[160];
	ssize_t len;
	int failed = 0;

	c->batch = true;
	c->file = name;
	c->line = 0;
	cli_lock_scope(c, true);    /* a replay changes the lab as a whole */
	while (!c->quit && (len = batch_next(src, &line)) >= 0) {
		c->line++;
		if (c->echo) {
			/* show the line the way a student would type it */
			printf("%s%.*s\n", cli_prompt(c, prompt, sizeof(prompt)),
			       (int)strnlen(line, (size_t)len), line);
			fflush(stdout);
		}
		if (cli_run_buf(c, line, (size_t)len) != CLI_OK) {
			failed = 1;
			if (!c->force)
				break;
		}
	}
	if (src->fp && ferror(src->fp)) {
		int err = errno;

		fflush(stdout);
		fprintf(stderr, "ovtsh: cannot read '%s': %s\n", name,
			strerror(err));
		failed = 1;
	}
	/* leave the modes this replay opened: normally through their exit
	 * hooks (a finished tunnel block is applied), after a stop without
	 * them, so a half-written block creates nothing */
	if (failed && !c->force)
		cli_mode_discard_to(c, depth0);
	else if (c->depth > depth0 && cli_mode_pop_to(c, depth0) != CLI_OK)
		failed = 1;
	cli_mode_discard_to(c, depth0);    /* a pop refused for the lock */
	cli_lock_scope(c, false);
	free(src->buf);
	c->file = saved_file;
	c->line = saved_line;
	c->batch = saved_batch;
	return failed;
}

int batch_run(struct cli_ctx *c, FILE *fp, const char *name)
{
	struct batch_src src = { .fp = fp };

	return batch_replay(c, &src, name);
}

int batch_run_lines(struct cli_ctx *c, const char *const *lines, int n,
		    const char *name)
{
	struct batch_src src = { .lines = lines, .nlines = n };

	return batch_replay(c, &src, name);
}
