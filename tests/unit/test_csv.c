/* test_csv.c - RFC 4180 records: quotes, doubled quotes, commas and line
 * breaks inside quotes, blanks around unquoted fields, CRLF, blank lines,
 * the errors (unterminated quote, text after a quote, too many fields). */
#include <stdlib.h>
#include <string.h>

#include "ovtsh/csv.h"
#include "t.h"

/* Read all records of text; the fields joined with '|', records with ';'.
 * Returns csv_read's last result. */
static int rd(const char *text, char *out, size_t len, struct ovt_err *e)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct csv r;
	int rc;

	out[0] = '\0';
	csv_init(&r, fp);
	while ((rc = csv_read(&r, e)) > 0) {
		for (int i = 0; i < r.nfield; i++) {
			strncat(out, r.field[i], len - strlen(out) - 1);
			strncat(out, i + 1 < r.nfield ? "|" : ";",
				len - strlen(out) - 1);
		}
	}
	csv_fini(&r);
	fclose(fp);
	return rc;
}

int main(void)
{
	struct ovt_err e = { 0 };
	char out[512], *big;
	size_t n;

	T_INTEQ(rd("a,b,c\n1,2,3\n", out, sizeof(out), &e), 0);
	T_STREQ(out, "a|b|c;1|2|3;");
	/* no final newline, CRLF, blank lines between records */
	T_INTEQ(rd("a,b\r\n\r\n\n1,2", out, sizeof(out), &e), 0);
	T_STREQ(out, "a|b;1|2;");
	/* quotes: commas, doubled quotes, a line break; blanks kept inside,
	 * dropped around */
	T_INTEQ(rd("\"x, y\",\"say \"\"hi\"\"\", \" sp \" ,\"l1\nl2\"\n",
		   out, sizeof(out), &e), 0);
	T_STREQ(out, "x, y|say \"hi\"| sp |l1\nl2;");
	T_INTEQ(rd(" name , ip ,\n", out, sizeof(out), &e), 0);
	T_STREQ(out, "name|ip|;");
	/* a quote inside an unquoted value is a character */
	T_INTEQ(rd("a\"b,c\n", out, sizeof(out), &e), 0);
	T_STREQ(out, "a\"b|c;");
	/* the line a record starts on, after a multi-line one */
	{
		const char *t = "h\n\"a\nb\"\nz\n";
		FILE *fp = fmemopen((void *)t, strlen(t), "r");
		struct csv r;

		csv_init(&r, fp);
		T_INTEQ(csv_read(&r, &e), 1);
		T_INTEQ(r.line, 1);
		T_INTEQ(csv_read(&r, &e), 1);
		T_INTEQ(r.line, 2);
		T_INTEQ(csv_read(&r, &e), 1);
		T_INTEQ(r.line, 4);
		T_STREQ(r.field[0], "z");
		T_INTEQ(csv_read(&r, &e), 0);
		csv_fini(&r);
		fclose(fp);
	}
	/* errors */
	T_CHECK(rd("a\n\"open,b\n", out, sizeof(out), &e) < 0);
	T_STREQ(e.msg, "line 2: unterminated quote");
	T_CHECK(rd("\"a\"b,c\n", out, sizeof(out), &e) < 0);
	T_STREQ(e.msg, "line 1: text after a closing quote");
	big = malloc(CSV_MAX_RECORD + 16);
	n = 0;
	for (int i = 0; i <= CSV_MAX_FIELDS; i++)
		big[n++] = ',';
	big[n++] = '\n';
	big[n] = '\0';
	T_CHECK(rd(big, out, sizeof(out), &e) < 0);
	T_CHECK(strstr(e.msg, "more than 256 fields") != NULL);
	memset(big, 'x', CSV_MAX_RECORD + 8);
	big[CSV_MAX_RECORD + 8] = '\0';
	T_CHECK(rd(big, out, sizeof(out), &e) < 0);
	T_CHECK(strstr(e.msg, "record too long") != NULL);
	free(big);
	printf("test_csv: %d checks, %d failed\n", t_checked, t_failed);
	return t_failed ? 1 : 0;
}
