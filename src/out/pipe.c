/* pipe.c - output filters and the pager (see include/ovtsh/outpipe.h).
 *
 * A fopencookie stream: bytes are cut into lines, each line is filtered,
 * then paged, then written to the real stream.  Nothing here knows the
 * command that writes.
 */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "ovtsh/outpipe.h"

const struct outpipe_word outpipe_words[] = {
	{ "begin", OUTPIPE_BEGIN, false,
	  "Begin with the line that matches\n" },
	{ "count", OUTPIPE_COUNT, true,
	  "Count the lines (that match)\n" },
	{ "exclude", OUTPIPE_EXCLUDE, false,
	  "Exclude lines that match\n" },
	{ "include", OUTPIPE_INCLUDE, false,
	  "Include lines that match\n" },
	{ NULL, OUTPIPE_NONE, false, NULL },
};

#define MORE "--More--"

struct outpipe {
	FILE *fp;                /* this stream */
	FILE *dst;
	enum outpipe_kind kind;
	bool has_re;
	regex_t re;
	bool begun;              /* begin: a line matched */
	unsigned long long count;
	struct outpipe_pager pg;
	int used;                /* rows on the screen since the last stop */
	bool quit;
	char *line;              /* the unfinished line */
	size_t len, cap;
	struct outpipe *next;
};

/* Streams open now (nested: a "source" line of its own filter). */
static struct outpipe *outpipe_open_list;

static struct outpipe *outpipe_find(FILE *fp)
{
	for (struct outpipe *p = outpipe_open_list; p; p = p->next)
		if (p->fp == fp)
			return p;
	return NULL;
}

int outpipe_key(int tty)
{
	struct termios old, raw;
	unsigned char ch;
	ssize_t n;
	bool set;

	set = tcgetattr(tty, &old) == 0;
	if (set) {
		raw = old;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(tty, TCSANOW, &raw);
	}
	do
		n = read(tty, &ch, 1);
	while (n < 0 && errno == EINTR && !cancel_requested());
	if (set)
		tcsetattr(tty, TCSANOW, &old);
	return n == 1 ? ch : EOF;
}

/* Rows a line of len bytes takes (UTF-8 continuation bytes are no
 * column; a tab is taken as one). */
static int outpipe_rows(const struct outpipe *p, const char *s, size_t len)
{
	int cols = p->pg.cols > 0 ? p->pg.cols : 80;
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w == 0 ? 1 : (int)((w + (size_t)cols - 1) / (size_t)cols);
}

/* Before a line of rows rows: stop at --More-- when the screen is full.
 * False when the user quit. */
static bool outpipe_page(struct outpipe *p, int rows)
{
	int ch;

	if (p->pg.rows <= 0)
		return true;
	if (p->used + rows <= p->pg.rows - 1) {
		p->used += rows;
		return true;
	}
	fputs(" " MORE " ", p->dst);
	fflush(p->dst);
	ch = outpipe_key(p->pg.tty);
	/* erase the prompt, as IOS does */
	fputs("\r" "          " "\r", p->dst);
	if (ch == ' ') {
		p->used = rows;
	} else if (ch == '\r' || ch == '\n') {
		p->used = p->pg.rows - 1;   /* one line, then stop again */
	} else {
		p->quit = true;
		/* a command that runs on (a capture, a ping) stops too */
		cancel_request();
		return false;
	}
	return true;
}

static bool outpipe_match(const struct outpipe *p, const char *line)
{
	return !p->has_re || regexec(&p->re, line, 0, NULL, 0) == 0;
}

/* One whole line (without its newline, NUL-terminated); nl: it had one. */
static void outpipe_line(struct outpipe *p, char *line, size_t len, bool nl)
{
	bool keep = true;

	if (p->quit)
		return;
	switch (p->kind) {
	case OUTPIPE_INCLUDE:
		keep = outpipe_match(p, line);
		break;
	case OUTPIPE_EXCLUDE:
		keep = !outpipe_match(p, line);
		break;
	case OUTPIPE_BEGIN:
		p->begun = p->begun || outpipe_match(p, line);
		keep = p->begun;
		break;
	case OUTPIPE_COUNT:
		if (outpipe_match(p, line))
			p->count++;
		keep = false;
		break;
	case OUTPIPE_NONE:
		break;
	}
	if (!keep || !outpipe_page(p, outpipe_rows(p, line, len)))
		return;
	fwrite(line, 1, len, p->dst);
	if (nl)
		fputc('\n', p->dst);
}

static ssize_t outpipe_write(void *cookie, const char *buf, size_t size)
{
	struct outpipe *p = cookie;

	for (size_t i = 0; i < size; i++) {
		if (buf[i] == '\n') {
			p->line[p->len] = '\0';
			outpipe_line(p, p->line, p->len, true);
			p->len = 0;
			continue;
		}
		if (p->len + 2 > p->cap) {
			size_t cap = p->cap ? p->cap * 2 : 256;
			char *l = realloc(p->line, cap);

			if (!l) {
				errno = ENOMEM;
				return i ? (ssize_t)i : -1;
			}
			p->line = l;
			p->cap = cap;
		}
		p->line[p->len++] = buf[i];
	}
	/* a prompt-less stream: what passed shows now, not at the end */
	if (p->len == 0)
		fflush(p->dst);
	return (ssize_t)size;
}

static int outpipe_cookie_close(void *cookie)
{
	struct outpipe *p = cookie;
	struct outpipe **pp;
	int rc;

	if (p->len) {
		p->line[p->len] = '\0';
		outpipe_line(p, p->line, p->len, false);
		p->len = 0;
	}
	if (p->kind == OUTPIPE_COUNT && !p->quit) {
		p->kind = OUTPIPE_NONE;   /* the count itself is paged, once */
		if (outpipe_page(p, 1))
			fprintf(p->dst, "Number of lines which match regexp = %llu\n",
				p->count);
	}
	rc = fflush(p->dst);
	for (pp = &outpipe_open_list; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	if (p->has_re)
		regfree(&p->re);
	free(p->line);
	free(p);
	return rc;
}

FILE *outpipe_open(FILE *dst, const struct outpipe_spec *f,
		   const struct outpipe_pager *pg, struct ovt_err *e)
{
	cookie_io_functions_t io = {
		.write = outpipe_write,
		.close = outpipe_cookie_close,
	};
	struct outpipe *p = calloc(1, sizeof(*p));
	int r;

	if (!p) {
		ovt_err_set(e, ENOMEM, "out of memory");
		return NULL;
	}
	p->dst = dst;
	if (f) {
		p->kind = f->kind;
		if (f->regex) {
			r = regcomp(&p->re, f->regex, REG_EXTENDED | REG_NOSUB);
			if (r) {
				char why[128];

				regerror(r, &p->re, why, sizeof(why));
				ovt_err_set(e, EINVAL,
					    "Invalid regular expression '%s': %s",
					    f->regex, why);
				free(p);
				return NULL;
			}
			p->has_re = true;
		}
	}
	if (pg)
		p->pg = *pg;
	fflush(dst);
	p->fp = fopencookie(p, "w", io);
	if (!p->fp) {
		ovt_err_set(e, errno, "out of memory");
		if (p->has_re)
			regfree(&p->re);
		free(p);
		return NULL;
	}
	/* line-buffered: a capture's lines come as they are decoded */
	setvbuf(p->fp, NULL, _IOLBF, 0);
	p->next = outpipe_open_list;
	outpipe_open_list = p;
	return p->fp;
}

int outpipe_close(FILE *fp)
{
	return fclose(fp);
}

int outpipe_fd(FILE *fp)
{
	struct outpipe *p = outpipe_find(fp);

	if (!p || p->kind != OUTPIPE_NONE)
		return -1;
	return fileno(p->dst) >= 0 ? fileno(p->dst) : outpipe_fd(p->dst);
}

bool outpipe_quit(FILE *fp)
{
	struct outpipe *p = outpipe_find(fp);

	return p && p->quit;
}
