/* test_outpipe.c - the output filters and the pager, on memory streams:
 * lines are kept or dropped whole (a line written in pieces, one without
 * its newline), the count is the filter's, and the pager stops after a
 * page and obeys space, return and q (keys from a pipe). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovtsh/outpipe.h"
#include "t.h"

static const char *const text =
	"alpha 1\nbeta 2\ngamma 3\nalphabet 4\ndelta 5\nomega";

/* text through filter f (and pager pg), in odd-sized pieces */
static char *run(const struct outpipe_spec *f, const struct outpipe_pager *pg)
{
	struct ovt_err e = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *dst = open_memstream(&buf, &len), *fp;

	fp = outpipe_open(dst, f, pg, &e);
	if (!fp) {
		fprintf(stderr, "outpipe_open: %s\n", e.msg);
		fclose(dst);
		free(buf);
		return strdup("(error)");
	}
	for (size_t i = 0; i < strlen(text); i += 3)
		fprintf(fp, "%.3s", text + i);
	outpipe_close(fp);
	fclose(dst);
	return buf;
}

static void check(enum outpipe_kind k, const char *re, const char *want)
{
	struct outpipe_spec f = { k, re };
	char *got = run(&f, NULL);

	T_STREQ(got, want);
	free(got);
}

/* the pager over keys; rows 3: two lines a page */
static void check_pager(const char *keys, const char *want)
{
	struct outpipe_pager pg = { .rows = 3, .cols = 80 };
	int p[2];
	char *got;

	if (pipe(p) < 0)
		return;
	if (write(p[1], keys, strlen(keys)) < 0)
		perror("write");
	close(p[1]);
	pg.tty = p[0];
	got = run(NULL, &pg);
	T_STREQ(got, want);
	free(got);
	close(p[0]);
}

int main(void)
{
	struct outpipe_spec bad = { OUTPIPE_INCLUDE, "(" };
	struct ovt_err e = { 0 };

	check(OUTPIPE_NONE, NULL, text);
	check(OUTPIPE_INCLUDE, "^alpha", "alpha 1\nalphabet 4\n");
	check(OUTPIPE_INCLUDE, "beta|mega", "beta 2\nomega");
	check(OUTPIPE_EXCLUDE, "a [0-9]", "alphabet 4\nomega");
	check(OUTPIPE_BEGIN, "^gam", "gamma 3\nalphabet 4\ndelta 5\nomega");
	check(OUTPIPE_BEGIN, "nothing", "");
	check(OUTPIPE_COUNT, NULL, "Number of lines which match regexp = 6\n");
	check(OUTPIPE_COUNT, "alpha",
	      "Number of lines which match regexp = 2\n");
	T_CHECK(outpipe_open(stdout, &bad, NULL, &e) == NULL);
	T_CHECK(strstr(e.msg, "Invalid regular expression '('") != NULL);

	/* space: a page; return: a line; q: nothing more; the prompt is
	 * erased after each key */
#define P " --More-- \r          \r"
	check_pager("  ", "alpha 1\nbeta 2\n" P "gamma 3\nalphabet 4\n" P
		    "delta 5\nomega");
	check_pager("\r\r\r\r", "alpha 1\nbeta 2\n" P "gamma 3\n" P
		    "alphabet 4\n" P "delta 5\n" P "omega");
	check_pager("q", "alpha 1\nbeta 2\n" P);
	/* no key (end of input) is a quit too */
	check_pager("", "alpha 1\nbeta 2\n" P);
	T_DONE();
}
