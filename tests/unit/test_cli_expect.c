/* test_cli_expect.c - the engine's side of "expect": a failed verdict is
 * reported at FILE:LINE:COL of its "expect" and the replay goes on (also
 * without -k), the outermost replay ends with "expect: N passed, M
 * failed" and fails when M > 0, a nested one (source) adds to it, an
 * error while judging is the verdict, an error outside judging stays an
 * error that stops the replay, and cli_run_captured() catches stdout and
 * stderr of the line it runs, leaving both as they were. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/cli/cli_int.h"
#include "t.h"

/* zzexpect yes|no: a verdict; zzjudge: an error while judging;
 * zzbad: an error; zzsay WORD: WORD on stdout, "err WORD" on stderr;
 * zzsrc FILE: a nested replay; zzcap "LINE": LINE captured, then printed
 * back in brackets. */
static int zz_expect(struct cli_ctx *c, const struct cli_args *a)
{
	return cli_expect(c, !strcmp(cli_arg(a, "v"), "yes"), "saw %s",
			  cli_arg(a, "v"));
}

static int zz_judge(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	cli_expect_begin(c);
	return cli_expect_end(c, cli_err(c, "no hypervisor 'x'"));
}

static int zz_bad(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	return cli_err(c, "bad line");
}

static int zz_say(struct cli_ctx *c, const struct cli_args *a)
{
	(void)c;
	printf("%s\n", cli_arg(a, "w"));
	fflush(stdout);
	fprintf(stderr, "err %s\n", cli_arg(a, "w"));
	return CLI_OK;
}

static int zz_src(struct cli_ctx *c, const struct cli_args *a)
{
	return cli_run_file(c, cli_arg(a, "file"));
}

static int zz_cap(struct cli_ctx *c, const struct cli_args *a)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = cli_run_captured(c, cli_arg(a, "line"), 64, &buf, &len);

	printf("[%s] %zu %d\n", buf ? buf : "(null)", len, rc);
	free(buf);
	return CLI_OK;
}

static const struct cli_cmd test_cmds[] = {
	{ .syntax = "zzexpect <yes|no>$v", .help = "Verdict\nPass\nFail\n",
	  .modes = CLI_M_EXEC, .handler = zz_expect },
	{ .syntax = "zzjudge", .help = "Judge\n",
	  .modes = CLI_M_EXEC, .handler = zz_judge },
	{ .syntax = "zzbad", .help = "Bad\n",
	  .modes = CLI_M_EXEC, .handler = zz_bad },
	{ .syntax = "zzsay WORD$w", .help = "Say\nWord\n",
	  .modes = CLI_M_EXEC, .handler = zz_say },
	{ .syntax = "zzsrc FILE$file", .help = "Source\nFile\n",
	  .modes = CLI_M_EXEC, .handler = zz_src },
	{ .syntax = "zzcap STRING$line", .help = "Capture\nLine\n",
	  .modes = CLI_M_EXEC, .handler = zz_cap },
	{ 0 }
};
CLI_TABLE("test", test_cmds);

static char got[4096];

/* Replay lines as "-c" (force: -k), stdout and stderr into got. */
static int run(const char *const *lines, int n, bool force)
{
	FILE *tmp = tmpfile();
	struct cli_ctx c;
	int saved[2], rc;
	size_t len;

	cli_ctx_init(&c);
	c.force = force;
	fflush(stdout);
	fflush(stderr);
	saved[0] = dup(1);
	saved[1] = dup(2);
	dup2(fileno(tmp), 1);
	dup2(fileno(tmp), 2);
	rc = batch_run_lines(&c, lines, n, "-c");
	fflush(stdout);
	fflush(stderr);
	dup2(saved[0], 1);
	dup2(saved[1], 2);
	close(saved[0]);
	close(saved[1]);
	rewind(tmp);
	len = fread(got, 1, sizeof(got) - 1, tmp);
	got[len] = '\0';
	fclose(tmp);
	cli_ctx_fini(&c);
	return rc;
}

static void test_verdicts(void)
{
	const char *all_pass[] = { "zzexpect yes", "zzexpect yes" };
	const char *one_fails[] = { "zzexpect yes", "  zzexpect no",
				    "zzexpect yes" };
	const char *none[] = { "zzsay a" };

	T_INTEQ(run(all_pass, 2, false), 0);
	T_STREQ(got, "expect: 2 passed, 0 failed\n");
	/* the failure does not stop the replay, -k or not */
	T_INTEQ(run(one_fails, 3, false), 1);
	T_STREQ(got, "-c:2:3: expect failed: saw no\n"
		"expect: 2 passed, 1 failed\n");
	/* no expectation: no summary */
	T_INTEQ(run(none, 1, false), 0);
	T_STREQ(got, "a\nerr a\n");
}

static void test_judging(void)
{
	const char *judged[] = { "zzjudge", "zzexpect yes" };
	const char *error[] = { "zzexpect no", "zzbad", "zzexpect yes" };

	/* an error while judging is the verdict, and the replay goes on */
	T_INTEQ(run(judged, 2, false), 1);
	T_STREQ(got, "-c:1:1: expect failed: no hypervisor 'x'\n"
		"expect: 1 passed, 1 failed\n");
	/* an error outside judging stops the replay, as it always did */
	T_INTEQ(run(error, 3, false), 1);
	T_STREQ(got, "-c:1:1: expect failed: saw no\n-c:2: bad line\n"
		"expect: 0 passed, 1 failed\n");
	T_INTEQ(run(error, 3, true), 1);
	T_STREQ(got, "-c:1:1: expect failed: saw no\n-c:2: bad line\n"
		"expect: 1 passed, 1 failed\n");
}

static void test_nested(void)
{
	char path[] = "/tmp/ovtsh-test-expect.XXXXXX", line[64];
	int fd = mkstemp(path);
	const char *lines[] = { "zzexpect yes", line, "zzexpect no" };

	T_CHECK(fd >= 0);
	T_CHECK(write(fd, "zzexpect no\nzzexpect yes\n", 25) == 25);
	close(fd);
	snprintf(line, sizeof(line), "zzsrc %s", path);
	/* one summary, at the end of the outermost replay, counting all */
	T_INTEQ(run(lines, 3, false), 1);
	{
		char want[512];

		snprintf(want, sizeof(want),
			 "%s:1:1: expect failed: saw no\n"
			 "-c:3:1: expect failed: saw no\n"
			 "expect: 2 passed, 2 failed\n", path);
		T_STREQ(got, want);
	}
	unlink(path);
}

static void test_captured(void)
{
	const char *cap[] = { "zzcap \"zzsay hi\"", "zzsay after",
			      "zzcap \"zzbad\"", "zzcap \"nosuch\"" };

	T_INTEQ(run(cap, 4, true), 0);
	/* both streams, in order; afterwards both are the replay's again;
	 * the captured line's error is its output, its rc the line's */
	T_STREQ(got, "[hi\nerr hi\n] 10 0\nafter\nerr after\n"
		"[-c:3: bad line\n] 15 1\n"
		"[-c:4:1: unknown command 'nosuch'\n] 33 1\n");
}

int main(void)
{
	test_verdicts();
	test_judging();
	test_nested();
	test_captured();
	T_DONE();
}
