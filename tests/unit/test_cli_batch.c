/* test_cli_batch.c - look-ahead in a replay (cli_batch_peek): the lines
 * after the current one, from a file or -c lines, without consuming them
 * (every line still runs once, in order); none from a pipe; the end hook
 * after each replay, also one stopped at an error. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/cli/cli_int.h"
#include "t.h"

static char ran[256];          /* the words of "zzrec", in run order */
static char peeked[256];       /* what the last "zzpeek" saw */
static int npeek, ends;

static int zz_rec(struct cli_ctx *c, const struct cli_args *a)
{
	(void)c;
	strcat(ran, cli_arg(a, "w"));
	return CLI_OK;
}

static int zz_peek_line(void *arg, const char *line)
{
	(void)arg;
	strcat(peeked, line);
	strcat(peeked, "|");
	return !strcmp(line, "zzrec stop");
}

static int zz_peek(struct cli_ctx *c, const struct cli_args *a)
{
	peeked[0] = '\0';
	npeek = cli_batch_peek(c, (int)cli_arg_num(a, "max", 100),
			       zz_peek_line, NULL);
	return CLI_OK;
}

static int zz_fail(struct cli_ctx *c, const struct cli_args *a)
{
	(void)a;
	return cli_err(c, "failed on purpose");
}

static const struct cli_cmd test_cmds[] = {
	{ .syntax = "zzrec WORD$w", .help = "Record\nWord\n",
	  .modes = CLI_M_EXEC, .handler = zz_rec },
	{ .syntax = "zzpeek [(1-100)$max]", .help = "Peek\nAt most\n",
	  .modes = CLI_M_EXEC, .handler = zz_peek },
	{ .syntax = "zzfail", .help = "Fail\n",
	  .modes = CLI_M_EXEC, .handler = zz_fail },
	{ 0 }
};
CLI_TABLE("test", test_cmds);

static void zz_end(void)
{
	ends++;
}

static const char script[] =
	"zzrec a\nzzpeek\nzzrec b\n! note\nzzrec c\n";

static FILE *file_of(const char *text)
{
	FILE *fp = tmpfile();

	fputs(text, fp);
	rewind(fp);
	return fp;
}

static void reset(void)
{
	ran[0] = peeked[0] = '\0';
	npeek = -1;
}

static void test_file(void)
{
	struct cli_ctx c;
	FILE *fp;

	cli_ctx_init(&c);
	cli_batch_on_end(&c, zz_end);
	reset();
	fp = file_of(script);
	T_INTEQ(batch_run(&c, fp, "t"), 0);
	fclose(fp);
	T_STREQ(peeked, "zzrec b|! note|zzrec c|");
	T_INTEQ(npeek, 3);
	T_STREQ(ran, "abc");            /* nothing consumed or run twice */
	T_INTEQ(ends, 1);

	/* at most max lines; fn ends the look */
	reset();
	fp = file_of("zzpeek 1\nzzrec x\nzzrec y\n");
	T_INTEQ(batch_run(&c, fp, "t"), 0);
	fclose(fp);
	T_STREQ(peeked, "zzrec x|");
	T_STREQ(ran, "xy");
	reset();
	fp = file_of("zzpeek\nzzrec stop\nzzrec y\n");
	T_INTEQ(batch_run(&c, fp, "t"), 0);
	fclose(fp);
	T_STREQ(peeked, "zzrec stop|");
	T_STREQ(ran, "stopy");

	/* a stop at an error runs the end hook too */
	reset();
	fp = file_of("zzrec a\nzzfail\nzzrec b\n");
	T_INTEQ(batch_run(&c, fp, "t"), 1);
	fclose(fp);
	T_STREQ(ran, "a");
	T_INTEQ(ends, 4);
	cli_ctx_fini(&c);
}

static void test_lines(void)
{
	static const char *const lines[] = { "zzrec a", "zzpeek", "zzrec b",
					     "zzrec c" };
	struct cli_ctx c;

	cli_ctx_init(&c);
	reset();
	T_INTEQ(batch_run_lines(&c, lines, 4, "-c"), 0);
	T_STREQ(peeked, "zzrec b|zzrec c|");
	T_STREQ(ran, "abc");
	/* outside a replay: nothing */
	reset();
	T_INTEQ(cli_run_buf(&c, "zzpeek", 6), CLI_OK);
	T_INTEQ(npeek, 0);
	cli_ctx_fini(&c);
}

static void test_pipe(void)
{
	struct cli_ctx c;
	int p[2];
	FILE *fp;

	T_CHECK(pipe(p) == 0);
	T_CHECK(write(p[1], script, strlen(script)) == (ssize_t)strlen(script));
	close(p[1]);
	fp = fdopen(p[0], "r");
	cli_ctx_init(&c);
	reset();
	T_INTEQ(batch_run(&c, fp, "t"), 0);
	fclose(fp);
	T_INTEQ(npeek, 0);              /* cannot read it twice */
	T_STREQ(ran, "abc");
	cli_ctx_fini(&c);
}

int main(void)
{
	test_file();
	test_lines();
	test_pipe();
	T_DONE();
}
