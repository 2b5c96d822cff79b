/* csv.h - read CSV records (RFC 4180) one at a time, in bounded memory.
 *
 * Fields are separated by commas; a field in double quotes may hold
 * commas, line breaks and "" for a quote.  Blanks around an unquoted
 * field are dropped (a hand-written "name, ip" means "ip").  CRLF and LF
 * both end a record.  A record is at most CSV_MAX_RECORD bytes and
 * CSV_MAX_FIELDS fields: the course's input.csv, not a database dump.
 */
#ifndef OVTSH_CSV_H
#define OVTSH_CSV_H

#include <stdio.h>

#include "ovtsh/err.h"

#define CSV_MAX_RECORD  65536
#define CSV_MAX_FIELDS  256

struct csv {
	FILE *fp;
	char *buf;               /* the record's fields, NUL-separated */
	size_t len;
	char *field[CSV_MAX_FIELDS];
	int nfield;
	int line;                /* the line the record starts on */
	int next_line;
};

void csv_init(struct csv *r, FILE *fp);
void csv_fini(struct csv *r);   /* frees the buffer, not fp */
/* Read the next record into r->field[0..r->nfield).  Returns 1, 0 at the
 * end of the input, or -errno with e ("line 4: unterminated quote"). */
int csv_read(struct csv *r, struct ovt_err *e);

#endif
