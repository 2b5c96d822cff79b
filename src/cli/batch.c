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
#include <sys/types.h>

#include "cli_int.h"

/* Where the lines come from: a file, or the -c arguments. */
struct batch_src {
	FILE *fp;
	const char *const *lines;
	int nlines, next;
	char *buf;
	size_t cap;
	bool lost;              /* a peek could not seek back */
};

/* The next line without its end-of-line; -1 at the end.  A file's line
 * may hold NULs, so its length is returned. */
static ssize_t batch_next(struct batch_src *s, const char **line)
{
	ssize_t len;

	if (s->lost)
		return -1;
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

int cli_batch_peek(struct cli_ctx *c, int max,
		   int (*fn)(void *arg, const char *line), void *arg)
{
	struct batch_src *s = c->src;
	char *buf = NULL;
	size_t cap = 0;
	off_t pos;
	int n = 0;

	if (!s || s->lost)
		return 0;
	if (!s->fp) {
		while (n < max && s->next + n < s->nlines &&
		       !fn(arg, s->lines[s->next + n]))
			n++;
		return n;
	}
	/* read on, then seek back to where the replay is */
	pos = ftello(s->fp);
	if (pos < 0)
		return 0;
	while (n < max) {
		ssize_t len = getline(&buf, &cap, s->fp);

		if (len < 0)
			break;
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		n++;
		if (fn(arg, buf))
			break;
	}
	free(buf);
	clearerr(s->fp);
	if (fseeko(s->fp, pos, SEEK_SET) < 0)
		s->lost = true;    /* the replay must not go on elsewhere */
	return n;
}

void cli_batch_on_end(struct cli_ctx *c, void (*fn)(void))
{
	c->batch_end = fn;
}

static int batch_replay(struct cli_ctx *c, struct batch_src *src,
			const char *name)
{
	struct batch_src *saved_src = c->src;
	const char *saved_file = c->file, *line;
	int saved_line = c->line, depth0 = c->depth;
	bool saved_batch = c->batch;
	char prompt[160];
	ssize_t len;
	int failed = 0;

	c->batch = true;
	c->src = src;
	c->file = name;
	c->line = 0;
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
	if (src->lost || (src->fp && ferror(src->fp))) {
		int err = src->lost ? ESPIPE : errno;

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
	if (c->batch_end)
		c->batch_end();
	free(src->buf);
	c->src = saved_src;
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
