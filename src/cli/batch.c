/* batch.c - replay a script: "ovtsh -f FILE", "source FILE", stdin.
 *
 * Each line runs as if typed.  Errors read FILE:LINE[:COL]: message.  The
 * replay stops at the first failing line unless -k; at the end of the file
 * the modes it opened are left, so their exit hooks (a tunnel block) run.
 * A Ctrl-C that no command took (ovtsh/cancel.h) stops it, -k or not, as
 * a failing line does.  A failed "expect" does not stop it: the outermost
 * replay ends with "expect: N passed, M failed" and fails when M > 0.
 * The outermost replay keeps what each line changed (recap.c): the
 * per-line "+ ..." of --dry-run, the closing "N changed, ..." line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli_int.h"
#include "ovtsh/cancel.h"

/* A script line longer than this is not skipped to its end (the rest of
 * the file is not read): "-f /dev/zero" stops after 1 MiB, not never. */
#define BATCH_SKIP_MAX  (1 << 20)

#define BATCH_BUF       (CLI_MAX_LINE + 8)    /* room for a CR or few */

/* batch_next() results besides a length */
enum {
	BATCH_EOF = -1,
	BATCH_LONG = -2,        /* over CLI_MAX_LINE, skipped to its end */
	BATCH_HUGE = -3,        /* over BATCH_SKIP_MAX: the replay stops */
	BATCH_EREAD = -4,       /* a read error, errno in src->err */
};

/* Where the lines come from: a file, or the -c arguments. */
struct batch_src {
	FILE *fp;
	const char *const *lines;
	int nlines, next;
	int err;                /* errno of a failed read */
	size_t len;             /* length of an over-long line */
	char buf[BATCH_BUF];
	bool lost;              /* a peek could not seek back */
};

/* Read one line of fp into buf[size] (size > CLI_MAX_LINE): memory stays
 * bounded whatever the file holds.  The line may hold NULs (the lexer
 * refuses them with their column), so its length is returned, also in
 * *lenp for an over-long one; *errp is the errno of a failed read. */
static ssize_t batch_getline(FILE *fp, char *buf, size_t size, size_t *lenp,
			     int *errp)
{
	size_t n = 0;
	int ch;

	errno = 0;
	for (;;) {
		ch = getc_unlocked(fp);
		/* a Ctrl-C that does not stop the replay (SIGINT ignored when
		 * ovtsh started) must not end it either: read on */
		if (ch == EOF && ferror(fp) && errno == EINTR && !cancel_stops()) {
			clearerr(fp);
			errno = 0;
			continue;
		}
		if (ch == EOF || ch == '\n')
			break;
		if (n < size)
			buf[n] = (char)ch;
		if (++n > size + BATCH_SKIP_MAX)
			break;
	}
	if (ch == EOF && ferror(fp) && errno == EINTR)
		return BATCH_EOF;       /* the replay's end stops on Ctrl-C */
	if (ch == EOF && ferror(fp)) {
		*errp = errno ? errno : EIO;
		return BATCH_EREAD;
	}
	if (ch == EOF && n == 0)
		return BATCH_EOF;
	while (n > 0 && n <= size && buf[n - 1] == '\r')
		n--;
	*lenp = n;
	if (n > size + BATCH_SKIP_MAX)
		return BATCH_HUGE;
	if (n > CLI_MAX_LINE)
		return BATCH_LONG;
	buf[n] = '\0';
	return (ssize_t)n;
}

/* The next line without its end-of-line, or a BATCH_ result. */
static ssize_t batch_next(struct batch_src *s, const char **line)
{
	ssize_t len;

	if (s->lost)
		return -1;
	if (!s->fp) {
		if (s->next >= s->nlines)
			return BATCH_EOF;
		*line = s->lines[s->next++];
		return (ssize_t)strlen(*line);
	}
	if (s->lost)
		return BATCH_EOF;       /* said by the replay's end */
	len = batch_getline(s->fp, s->buf, sizeof(s->buf), &s->len, &s->err);
	*line = s->buf;
	return len;
}

/* A line batch_next() could not return: 0 to go on (with -k), else stop. */
static int batch_bad_line(struct cli_ctx *c, struct batch_src *src,
			  ssize_t why, const char *name, int *failed)
{
	*failed = 1;
	if (why == BATCH_EREAD) {
		fflush(stdout);
		fprintf(stderr, "ovtsh: cannot read '%s': %s\n", name,
			strerror(src->err));
		return -1;
	}
	if (why == BATCH_HUGE) {
		cli_err_at(c, NULL, -1, "line too long (over %d bytes, at "
			   "most %d): not a script, the rest is not read",
			   BATCH_SKIP_MAX, CLI_MAX_LINE);
		return -1;
	}
	cli_err_at(c, NULL, -1, "line too long (%zu bytes, at most %d)",
		   src->len, CLI_MAX_LINE);
	return c->force ? 0 : -1;
}

int cli_batch_peek(struct cli_ctx *c, int max,
		   int (*fn)(void *arg, const char *line), void *arg)
{
	struct batch_src *s = c->src;
	char *buf;
	size_t len;
	off_t pos;
	int n = 0, err;

	if (!s || s->lost)
		return 0;
	if (!s->fp) {
		while (n < max && s->next + n < s->nlines &&
		       !fn(arg, s->lines[s->next + n]))
			n++;
		return n;
	}
	/* read on (bounded, as the replay reads: an over-long line ends the
	 * look), then seek back to where the replay is; the line running now
	 * is in s->buf, so the look has a buffer of its own */
	pos = ftello(s->fp);
	buf = malloc(BATCH_BUF);
	if (pos < 0 || !buf) {
		free(buf);
		return 0;
	}
	while (n < max &&
	       batch_getline(s->fp, buf, BATCH_BUF, &len, &err) >= 0) {
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

/* After the outermost replay: the expectations' count, if any ran;
 * true when one failed. */
static bool batch_expect_summary(struct cli_ctx *c)
{
	if (c->expect_pass + c->expect_fail == 0)
		return false;
	fflush(stderr);
	printf("expect: %d passed, %d failed\n", c->expect_pass,
	       c->expect_fail);
	fflush(stdout);
	return c->expect_fail > 0;
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
	bool stop = false;          /* a failed line (no -k), or Ctrl-C */
	bool ok, own;

	if (!saved_src)         /* the outermost replay counts afresh */
		c->expect_pass = c->expect_fail = 0;
	own = !c->recap && c->recap_on;     /* the outermost, "show diff" */
	if (own)
		recap_begin(c);
	c->batch = true;
	c->src = src;
	c->file = name;
	c->line = 0;
	cli_lock_scope(c, true);    /* a replay changes the lab as a whole */
	while (!c->quit && (len = batch_next(src, &line)) != BATCH_EOF) {
		c->line++;
		if (len < 0) {
			if (batch_bad_line(c, src, len, name, &failed) < 0)
				break;
			continue;
		}
		if (c->echo) {
			/* show the line the way a student would type it */
			printf("%s%.*s\n", cli_prompt(c, prompt, sizeof(prompt)),
			       (int)strnlen(line, (size_t)len), line);
			fflush(stdout);
		}
		ok = cli_run_buf(c, line, (size_t)len) == CLI_OK;
		recap_line(c, line, (size_t)len, ok);
		if (!ok)
			failed = 1;
		stop = (failed && !c->force) || cancel_stops();
		if (stop) {
			failed = 1;
			break;
		}
	}
	if (!stop && cancel_stops()) {
		stop = true;
		failed = 1;
	}
	if (script_abandon(c) != CLI_OK)    /* a foreach without endfor */
		failed = 1;
	if (src->lost) {
		fflush(stdout);
		fprintf(stderr, "ovtsh: cannot read '%s': %s\n", name,
			strerror(ESPIPE));
		failed = 1;
	}
	/* leave the modes this replay opened: normally through their exit
	 * hooks (a finished tunnel block is applied), after a stop without
	 * them, so a half-written block creates nothing */
	if (stop || (failed && !c->force))
		cli_mode_discard_to(c, depth0);
	else if (c->depth > depth0) {
		ok = cli_mode_pop_to(c, depth0) == CLI_OK;
		recap_line(c, "(end of file)", 13, ok);
		if (!ok)
			failed = 1;
	}
	cli_mode_discard_to(c, depth0);    /* a pop refused for the lock */
	if (own && c->prune && !failed && c->recap) {
		ok = c->prune(c) == CLI_OK;     /* --prune: the rest goes */
		recap_line(c, "(prune)", 7, ok);
		if (!ok)
			failed = 1;
	}
	if (c->batch_end)
		c->batch_end();         /* under the lock: it may remove */
	if (!saved_src && batch_expect_summary(c))
		failed = 1;
	if (own)
		recap_end(c);
	cli_lock_scope(c, false);
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
