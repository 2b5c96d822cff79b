/* outpipe.h - IOS output filters and the --More-- pager, as one stream.
 *
 * The engine splits "| include REGEX" off a line and opens a stream over
 * stdout; the command writes to it as it would to stdout (its struct out
 * is built on it), so every command's text and JSON lines are filtered
 * and paged alike.  Lines are the unit: a line is kept or dropped whole,
 * then counted on the page.
 *
 *   | include REGEX   lines that match (POSIX extended regex)
 *   | exclude REGEX   lines that do not match
 *   | begin REGEX     from the first line that matches on
 *   | count [REGEX]   only how many lines (that match) there were
 *
 * The pager stops after a page at " --More-- " and reads one key from
 * the terminal: space shows the next page, return the next line, any
 * other key (q) drops the rest of the command's output.
 */
#ifndef OVTSH_OUTPIPE_H
#define OVTSH_OUTPIPE_H

#include <stdbool.h>
#include <stdio.h>

#include "ovtsh/err.h"

enum outpipe_kind {
	OUTPIPE_NONE = 0,
	OUTPIPE_INCLUDE,
	OUTPIPE_EXCLUDE,
	OUTPIPE_BEGIN,
	OUTPIPE_COUNT,
};

struct outpipe_spec {
	enum outpipe_kind kind;
	const char *regex;      /* NULL: none ("| count" counts every line) */
};

/* The filters' keywords, in the order help lists them, with their help
 * lines; .kind of the zeroed last entry is OUTPIPE_NONE. */
struct outpipe_word {
	const char *word;
	enum outpipe_kind kind;
	bool regex_optional;
	const char *help;
};
extern const struct outpipe_word outpipe_words[];

struct outpipe_pager {
	int rows;               /* lines per screen; 0: no paging */
	int cols;               /* a longer line takes several rows; 0: 80 */
	int tty;                /* where keys are read (raw, one at a time) */
};

/* A stream writing to dst through filter f and pager pg (either may be
 * NULL).  NULL with e filled on a bad regex ("Invalid regular
 * expression: ...") or no memory. */
FILE *outpipe_open(FILE *dst, const struct outpipe_spec *f,
		   const struct outpipe_pager *pg, struct ovt_err *e);
/* Flush the last line, print the count ("| count"), free.  0, or EOF
 * when writing to dst failed. */
int outpipe_close(FILE *fp);
/* The descriptor under a stream that only pages, for a program whose
 * output goes there directly (it is not paged); -1 for a stream that
 * filters (the output must pass through it) or one not opened here. */
int outpipe_fd(FILE *fp);
/* One key from the terminal tty, read raw and unechoed (the pager's,
 * a [confirm]'s); EOF at its end, on an error or on Ctrl-C. */
int outpipe_key(int tty);
/* The user quit at --More--: the command's output goes nowhere now. */
bool outpipe_quit(FILE *fp);

#endif
