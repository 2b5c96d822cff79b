/* expect.c - what the engine does for "expect" (src/cmd/cmd_expect.c):
 * count verdicts for the replay's summary, report a failure at the line
 * and column of its "expect", and run a line with its output captured.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_int.h"

static void expect_vfail(struct cli_ctx *c, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void expect_vfail(struct cli_ctx *c, const char *fmt, va_list ap)
{
	const struct lex_line *l = c->run_lex;
	char msg[1024];

	c->expect_fail++;
	c->expect_judging = false;
	c->expect_judged = true;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* a file's failure points at its "expect" (after "do" too); the
	 * REPL's needs no caret: the line is the one just typed */
	cli_err_at(c, NULL, c->batch && c->file && !c->screen && l && l->n ?
		   l->tok[0].col : -1, "expect failed: %s", msg);
}

int cli_expect(struct cli_ctx *c, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		c->expect_pass++;
		c->expect_judging = false;
		c->expect_judged = true;
		if (!c->batch)
			cli_info(c, "expect passed");
		return CLI_OK;
	}
	va_start(ap, fmt);
	expect_vfail(c, fmt, ap);
	va_end(ap);
	return CLI_OK;
}

void cli_expect_begin(struct cli_ctx *c)
{
	c->expect_judging = true;
	c->expect_judged = false;
}

int cli_expect_end(struct cli_ctx *c, int rc)
{
	c->expect_judging = false;
	return c->expect_judged ? CLI_OK : rc;
}

bool expect_take_error(struct cli_ctx *c, const char *fmt, va_list ap)
{
	if (!c->expect_judging)
		return false;
	expect_vfail(c, fmt, ap);
	return true;
}

/* Point fds 1 and 2 at fd, keeping the old ones in saved[2]. */
static int expect_redirect(int fd, int saved[2])
{
	fflush(stdout);
	fflush(stderr);
	saved[0] = dup(STDOUT_FILENO);
	saved[1] = dup(STDERR_FILENO);
	if (saved[0] < 0 || saved[1] < 0 ||
	    dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) {
		int err = errno;

		if (saved[0] >= 0) {
			dup2(saved[0], STDOUT_FILENO);
			close(saved[0]);
		}
		if (saved[1] >= 0) {
			dup2(saved[1], STDERR_FILENO);
			close(saved[1]);
		}
		return -err;
	}
	return 0;
}

static void expect_restore(const int saved[2])
{
	fflush(stdout);
	fflush(stderr);
	dup2(saved[0], STDOUT_FILENO);
	dup2(saved[1], STDERR_FILENO);
	close(saved[0]);
	close(saved[1]);
}

/* The first max bytes of fp, from its start. */
static int expect_slurp(FILE *fp, size_t max, char **buf, size_t *len)
{
	char *b = malloc(max + 1);
	size_t n;

	if (!b)
		return -ENOMEM;
	rewind(fp);
	n = fread(b, 1, max, fp);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int cli_run_captured(struct cli_ctx *c, const char *line, size_t max,
		     char **buf, size_t *len)
{
	FILE *tmp = tmpfile();
	bool saved_do = c->in_do, saved_judging = c->expect_judging;
	int saved[2], r, rc;

	if (!tmp)
		return cli_err(c, "cannot capture output: %s",
			       strerror(errno));
	r = expect_redirect(fileno(tmp), saved);
	if (r < 0) {
		fclose(tmp);
		return cli_err(c, "cannot capture output: %s", strerror(-r));
	}
	c->in_do = true;        /* no mode changes, the exec-mode grammar */
	c->expect_judging = false;  /* its errors are output, not verdicts */
	rc = cli_run_line(c, line);
	c->in_do = saved_do;
	c->expect_judging = saved_judging;
	expect_restore(saved);
	r = expect_slurp(tmp, max, buf, len);
	fclose(tmp);
	if (r < 0)
		return cli_err(c, "out of memory");
	return rc;
}
