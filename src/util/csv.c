/* csv.c - RFC 4180 records, one at a time (ovtsh/csv.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/csv.h"

void csv_init(struct csv *r, FILE *fp)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->next_line = 1;
}

void csv_fini(struct csv *r)
{
	free(r->buf);
	r->buf = NULL;
}

static int csv_put(struct csv *r, char ch, struct ovt_err *e)
{
	if (r->len + 1 >= CSV_MAX_RECORD)
		return ovt_err_set(e, EFBIG, "line %d: record too long (at "
				   "most %d bytes)", r->line, CSV_MAX_RECORD);
	r->buf[r->len++] = ch;
	return 0;
}

/* End the field that starts at buf[start]: blanks around an unquoted
 * value and after a closing quote (at qend) are dropped. */
static int csv_end_field(struct csv *r, size_t start, bool quoted,
			 size_t qend, struct ovt_err *e)
{
	size_t b = start, keep = quoted ? qend : start;

	if (r->nfield == CSV_MAX_FIELDS)
		return ovt_err_set(e, EFBIG, "line %d: more than %d fields",
				   r->line, CSV_MAX_FIELDS);
	while (r->len > keep &&
	       (r->buf[r->len - 1] == ' ' || r->buf[r->len - 1] == '\t'))
		r->len--;
	while (!quoted && b < r->len && (r->buf[b] == ' ' || r->buf[b] == '\t'))
		b++;
	if (csv_put(r, '\0', e) < 0)
		return -EFBIG;
	r->field[r->nfield++] = (char *)(uintptr_t)b;   /* an offset for now */
	return 0;
}

int csv_read(struct csv *r, struct ovt_err *e)
{
	size_t start = 0, qend = 0;
	bool quoted = false, was_quoted = false, any = false;
	int ch;

	if (!r->buf && !(r->buf = malloc(CSV_MAX_RECORD)))
		return ovt_err_set(e, ENOMEM, "out of memory");
	for (;;) {      /* skip blank lines between records */
		r->len = 0;
		r->nfield = 0;
		r->line = r->next_line;
		ch = getc(r->fp);
		if (ch == '\r')
			ch = getc(r->fp);
		if (ch != '\n')
			break;
		r->next_line++;
	}
	if (ch == EOF)
		return ferror(r->fp) ? ovt_err_set(e, EIO, "read error") : 0;
	for (;; ch = getc(r->fp)) {
		if (quoted) {
			if (ch == EOF)
				return ovt_err_set(e, EINVAL, "line %d: "
						   "unterminated quote",
						   r->line);
			if (ch == '"') {
				int next = getc(r->fp);

				if (next != '"') {
					ungetc(next, r->fp);
					quoted = false;
					qend = r->len;
					continue;
				}
			}
			if (ch == '\n')
				r->next_line++;
			if (csv_put(r, (char)ch, e) < 0)
				return -EFBIG;
			continue;
		}
		if (ch == '"' && !was_quoted && !any) {
			quoted = was_quoted = true;
			r->len = start;     /* blanks before the quote */
			continue;
		}
		if (ch == ',' || ch == '\n' || ch == EOF) {
			if (csv_end_field(r, start, was_quoted, qend, e) < 0)
				return -EFBIG;
			if (ch != ',')
				break;
			start = r->len;
			qend = start;
			was_quoted = any = false;
			continue;
		}
		if (ch == '\r') {
			int next = getc(r->fp);

			ungetc(next, r->fp);
			if (next == '\n' || next == EOF)
				continue;
		}
		if (was_quoted && ch != ' ' && ch != '\t')
			return ovt_err_set(e, EINVAL, "line %d: text after a "
					   "closing quote", r->line);
		if (ch != ' ' && ch != '\t')
			any = true;
		if (csv_put(r, (char)ch, e) < 0)
			return -EFBIG;
	}
	r->next_line++;
	for (int i = 0; i < r->nfield; i++)
		r->field[i] = r->buf + (uintptr_t)r->field[i];
	return 1;
}
