/* test_script.c - expansion of $NAME, ${NAME}, $((EXPR)): values, the
 * column map back to the typed line, quotes and comments left alone,
 * arithmetic (precedence, parentheses, unary minus, overflow, division by
 * zero) and its error columns, CSV-style dotted names. */
#include <string.h>

#include "../../src/cli/cli_int.h"
#include "t.h"

static struct cli_ctx ctx;
static char out[CLI_MAX_LINE + 1], why[200];
static int map[CLI_MAX_LINE + 1], ecol;

static const char *ex(const char *line)
{
	ssize_t n = script_expand(ctx.script, line, strlen(line), out,
				  sizeof(out), map, &ecol, why, sizeof(why));

	return n < 0 ? NULL : out;
}

int main(void)
{
	char w[64];

	cli_ctx_init(&ctx);
	T_INTEQ(cli_var_define(&ctx, "i", "7", w, sizeof(w)), 0);
	T_INTEQ(cli_var_define(&ctx, "net", "10.1", w, sizeof(w)), 0);
	T_INTEQ(cli_var_define(&ctx, "row", "2", w, sizeof(w)), 0);
	T_INTEQ(cli_var_define(&ctx, "row.name", "sc1", w, sizeof(w)), 0);
	T_CHECK(cli_var_define(&ctx, "9a", "x", w, sizeof(w)) < 0);
	T_CHECK(cli_var_define(&ctx, "a.", "x", w, sizeof(w)) < 0);
	T_CHECK(cli_var_define(&ctx, "", "x", w, sizeof(w)) < 0);
	T_STREQ(cli_var_get(&ctx, "row.name"), "sc1");

	T_STREQ(ex("hypervisor h$i"), "hypervisor h7");
	T_STREQ(ex("a ${net}.$i.1/24"), "a 10.1.7.1/24");
	/* columns: every byte of a value maps to its '$' */
	T_STREQ(ex("x $net y"), "x 10.1 y");
	T_INTEQ(map[2], 2);
	T_INTEQ(map[5], 2);
	T_INTEQ(map[7], 7);
	T_INTEQ(map[8], 8);       /* the end maps to the line's end */
	/* a CSV row: $row.name when that name exists, else $row then text */
	T_STREQ(ex("$row.name $row.x $row"), "sc1 2.x 2");
	T_STREQ(ex("${row.name}"), "sc1");
	/* single quotes and comments are not expanded; double quotes are */
	T_STREQ(ex("echo '$i' \"$i\" \\$"), "echo '$i' \"7\" \\$");
	T_STREQ(ex("x # $nope"), "x # $nope");
	T_STREQ(ex("! $nope"), "! $nope");
	T_STREQ(ex("cost$ 5$"), "cost$ 5$");
	T_STREQ(ex("\"a \\\"$i\\\" b\""), "\"a \\\"7\\\" b\"");
	/* arithmetic */
	T_STREQ(ex("$((1 + 2 * 3))"), "7");
	T_STREQ(ex("$(((1 + 2) * 3))"), "9");
	T_STREQ(ex("$((i / 2)) $((i % 4)) $((-i + 1)) $(($i-10))"),
		"3 3 -6 -3");
	T_STREQ(ex("$((0x10 + 1))"), "17");
	T_STREQ(ex("$((9223372036854775807))"), "9223372036854775807");
	T_CHECK(!ex("$((9223372036854775807 + 1))"));
	T_STREQ(why, "arithmetic overflow");
	T_CHECK(!ex("a $((i / (i - 7)))"));
	T_STREQ(why, "arithmetic: division by zero");
	T_INTEQ(ecol, 9);         /* the divisor's '(' */
	T_CHECK(!ex("$((i +))"));
	T_STREQ(why, "arithmetic: a number is missing");
	T_CHECK(!ex("$((net + 1))"));
	T_STREQ(why, "arithmetic: 'net' is not a number");
	T_INTEQ(ecol, 3);
	T_CHECK(!ex("$((1 2))"));
	T_STREQ(why, "arithmetic: unexpected '2'");
	T_CHECK(!ex("$((1 + 2)"));
	T_STREQ(why, "'$((' without '))'");
	/* unknown names, unclosed braces */
	T_CHECK(!ex("ab $nope"));
	T_INTEQ(ecol, 3);
	T_CHECK(strstr(why, "unknown variable 'nope'") != NULL);
	T_CHECK(!ex("${i"));
	T_STREQ(why, "'${' without '}'");
	T_CHECK(!ex("${}"));
	/* the result's bound */
	{
		static char longv[CLI_MAX_LINE];

		memset(longv, 'v', sizeof(longv) - 1);
		T_INTEQ(cli_var_define(&ctx, "big", longv, w, sizeof(w)), 0);
		T_CHECK(!ex("$big$big"));
		T_CHECK(strstr(why, "line too long once expanded") != NULL);
	}
	cli_ctx_fini(&ctx);
	printf("test_script: %d checks, %d failed\n", t_checked, t_failed);
	return t_failed ? 1 : 0;
}
