/* test_err_line.c - another ovtsh's batch output read back: its error
 * lines (line, column, message), a dry run's action lines, its recap. */
#include <errno.h>

#include "ovtsh/err.h"
#include "t.h"

static void test_line(void)
{
	const char *msg;
	int n, col;

	T_INTEQ(ovt_err_line_parse("-c:3:12: invalid input", &n, &col, &msg),
		0);
	T_INTEQ(n, 3);
	T_INTEQ(col, 12);
	T_STREQ(msg, "invalid input");
	T_INTEQ(ovt_err_line_parse("-c:2: no interface x0 in host", &n, &col,
				   &msg), 0);
	T_INTEQ(n, 2);
	T_INTEQ(col, 0);
	T_STREQ(msg, "no interface x0 in host");
	/* a note, another file, no number: not an error line */
	T_INTEQ(ovt_err_line_parse("% vm: a note", &n, &col, &msg), -EINVAL);
	T_INTEQ(ovt_err_line_parse("x.ovt:3: msg", &n, &col, &msg), -EINVAL);
	T_INTEQ(ovt_err_line_parse("-c:: msg", &n, &col, &msg), -EINVAL);
	T_INTEQ(ovt_err_line_parse("-c:4x: msg", &n, &col, &msg), -EINVAL);
	/* a dry run's action line reads the same way: sign and command */
	T_INTEQ(ovt_err_line_parse("-c:3: = ip route add default via 1.2.3.4",
				   &n, &col, &msg), 0);
	T_INTEQ(n, 3);
	T_STREQ(msg, "= ip route add default via 1.2.3.4");
	T_INTEQ(ovt_err_line_parse("-c:(end of file): + ip link add t0 type "
				   "gre", &n, &col, &msg), 0);
	T_INTEQ(n, 0);
	T_STREQ(msg, "+ ip link add t0 type gre");
	T_INTEQ(ovt_err_line_parse("-c:(end of file) x", &n, &col, &msg),
		-EINVAL);
}

static void test_recap(void)
{
	T_CHECK(ovt_err_recap_line("2 changed, 0 unchanged, 0 removed, 0 failed"));
	T_CHECK(ovt_err_recap_line("dry run: 0 changed, 3 unchanged, 0 removed, "
			       "0 failed"));
	T_CHECK(!ovt_err_recap_line("-c:2: 3 changed, lines"));
	T_CHECK(!ovt_err_recap_line("changed, 0 unchanged"));
	T_CHECK(!ovt_err_recap_line("12 routes changed"));
	T_CHECK(!ovt_err_recap_line(""));
}

int main(void)
{
	test_line();
	test_recap();
	T_DONE();
}
