/* repl.c - the interactive shell on libedit.
 *
 * '?' lists what may come next (and is inserted as text inside quotes),
 * TAB completes, Ctrl-C abandons the line (or stops a running command),
 * Ctrl-D on an empty line leaves.  History lives in ~/.ovtsh_history.
 */
#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli_int.h"
#include "ovtsh/cancel.h"
#include "ovtsh/lab.h"
#include "ovtsh/outpipe.h"
#include "ovtsh/safefile.h"

#define REPL_HIST_SIZE 1000

struct repl {
	EditLine *el;
	History *hist;
	char hist_path[4096];
	struct cli_ctx *c;
	char prompt[160];
};

static char *repl_prompt(EditLine *el)
{
	struct repl *r;

	el_get(el, EL_CLIENTDATA, (void **)&r);
	return (char *)cli_prompt(r->c, r->prompt, sizeof(r->prompt));
}

/* One byte from the terminal; Ctrl-C makes read() fail with EINTR (the
 * handler has no SA_RESTART) and the line is dropped. */
static int repl_getc(EditLine *el, wchar_t *wc)
{
	unsigned char ch;
	ssize_t n;

	(void)el;
	for (;;) {
		n = read(STDIN_FILENO, &ch, 1);
		if (n == 1) {
			*wc = (wchar_t)ch;
			return 1;
		}
		if (n == 0)
			return 0;
		if (errno == EINTR && cancel_requested())
			return -1;
		if (errno != EINTR)
			return -1;
	}
}

/* The text before the cursor. */
static const char *repl_before_cursor(EditLine *el, char *buf, size_t len)
{
	const LineInfo *li = el_line(el);
	size_t n = (size_t)(li->cursor - li->buffer);

	if (n >= len)
		n = len - 1;
	memcpy(buf, li->buffer, n);
	buf[n] = '\0';
	return buf;
}

/* Is the cursor inside a quote?  The lexer decides, as for the line. */
static bool repl_in_quote(const char *s)
{
	static struct lex_line l;

	return lex_split(s, strlen(s), &l) < 0 && l.open_quote;
}

static unsigned char repl_help(EditLine *el, int ch)
{
	struct repl *r;
	char buf[CLI_MAX_LINE + 2];

	(void)ch;
	el_get(el, EL_CLIENTDATA, (void **)&r);
	repl_before_cursor(el, buf, sizeof(buf) - 1);
	if (repl_in_quote(buf)) {
		el_insertstr(el, "?");
		return CC_REFRESH;
	}
	fputs("?\n", stdout);
	strcat(buf, "?");
	cli_help_line(r->c, buf, stdout);
	return CC_REDISPLAY;
}

struct repl_cands {
	char **v;
	int n;
};

static void repl_collect(const char *cand, void *arg)
{
	struct repl_cands *rc = arg;
	char **v = realloc(rc->v, sizeof(*v) * (size_t)(rc->n + 1));

	if (!v)
		return;
	rc->v = v;
	rc->v[rc->n] = strdup(cand);
	if (rc->v[rc->n])
		rc->n++;
}

static unsigned char repl_complete(EditLine *el, int ch)
{
	struct repl *r;
	struct repl_cands rc = { 0 };
	char buf[CLI_MAX_LINE + 1];
	unsigned char ret = CC_REFRESH_BEEP;
	int start;
	size_t have, lcp;

	(void)ch;
	el_get(el, EL_CLIENTDATA, (void **)&r);
	repl_before_cursor(el, buf, sizeof(buf));
	cli_complete_line(r->c, buf, repl_collect, &rc, &start);
	if (rc.n == 0)
		goto out;
	have = strlen(buf) - (size_t)start;
	lcp = strlen(rc.v[0]);
	for (int i = 1; i < rc.n; i++) {
		size_t k = 0;

		while (k < lcp && rc.v[i][k] == rc.v[0][k])
			k++;
		lcp = k;
	}
	if (rc.n == 1) {
		el_insertstr(el, rc.v[0] + have);
		el_insertstr(el, " ");
		ret = CC_REFRESH;
	} else if (lcp > have) {
		char ext[256];

		snprintf(ext, sizeof(ext), "%.*s", (int)(lcp - have),
			 rc.v[0] + have);
		el_insertstr(el, ext);
		ret = CC_REFRESH;
	} else {
		fputc('\n', stdout);
		for (int i = 0; i < rc.n; i++)
			printf("%s%s", rc.v[i], (i % 6 == 5 || i == rc.n - 1) ?
			       "\n" : "  ");
		ret = CC_REDISPLAY;
	}
out:
	for (int i = 0; i < rc.n; i++)
		free(rc.v[i]);
	free(rc.v);
	return ret;
}

void cli_term_length_set(struct cli_ctx *c, int n)
{
	c->term_len = n;
}

int cli_term_rows(const struct cli_ctx *c, int *cols, bool *pages,
		  bool *from_tty)
{
	struct winsize ws = { 0 };
	bool tty = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0;
	int rows = c->term_len;

	*cols = tty && ws.ws_col ? ws.ws_col : 80;
	*from_tty = rows < 0 && tty && ws.ws_row;
	if (rows < 0)
		rows = tty && ws.ws_row ? ws.ws_row : 24;
	*pages = c->repl && !c->batch && isatty(STDIN_FILENO) &&
		 isatty(STDOUT_FILENO) && rows > 0;
	return rows;
}

bool cli_confirm(struct cli_ctx *c, const char *question)
{
	int ch;

	if (!c->repl || c->batch || !isatty(STDIN_FILENO))
		return true;
	fflush(stdout);
	printf("%s [confirm]", question);
	fflush(stdout);
	ch = outpipe_key(STDIN_FILENO);
	fputc('\n', stdout);
	return ch == '\r' || ch == '\n' || ch == 'y' || ch == 'Y';
}

/* The pager for the line about to run: the terminal's size is read each
 * time, so a resized window pages by its new height. */
static void repl_pager(struct cli_ctx *c)
{
	bool pages, from_tty;
	int cols, rows = cli_term_rows(c, &cols, &pages, &from_tty);

	c->pager.rows = pages ? rows : 0;
	c->pager.cols = cols;
	c->pager.tty = STDIN_FILENO;
}

/* libedit's writer fchmods fileno(fp): it needs a stream on a real
 * descriptor, not the safe file's own stream.  0 or an errno. */
static int repl_hist_write(struct repl *r, struct sfile *f)
{
	int fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0), err = 0;
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "w");
	HistEvent ev;

	if (!fp) {
		err = errno;
		if (fd >= 0)
			close(fd);
		return err;
	}
	errno = 0;
	if (history(r->hist, &ev, H_SAVE_FP, fp) < 0)
		err = errno ? errno : EIO;
	if (fclose(fp) != 0 && !err)
		err = errno ? errno : EIO;
	return err;
}

/* Save the history through ovtsh/safefile.h: $HOME may belong to another
 * user (sudo -E), who must not be able to plant a link there that root
 * then writes through.  A new file is private, as libedit made it.  One
 * warning, then no more tries. */
static void repl_hist_save(struct repl *r)
{
	struct ovt_err e = { 0 };
	struct sfile f;
	int err;

	if (!r->hist_path[0])
		return;
	if (sfile_open(&f, r->hist_path, 0600, &e) == 0) {
		err = repl_hist_write(r, &f);
		if (!err && sfile_commit(&f, &e) == 0)
			return;
		if (err) {
			sfile_abort(&f);
			ovt_err_set(&e, err, "writing '%s': %s", r->hist_path,
				    strerror(err));
		}
	}
	fprintf(stderr, "%% History not saved: %s\n", e.msg);
	r->hist_path[0] = '\0';
}

int repl_run(struct cli_ctx *c)
{
	struct repl r = { .c = c };
	const char *home = getenv("HOME");
	HistEvent ev;

	r.el = el_init("ovtsh", stdin, stdout, stderr);
	r.hist = history_init();
	if (!r.el || !r.hist)
		return 1;
	cancel_arm();              /* Ctrl-C drops a line, never the shell */
	history(r.hist, &ev, H_SETSIZE, REPL_HIST_SIZE);
	history(r.hist, &ev, H_SETUNIQUE, 1);
	if (home) {
		snprintf(r.hist_path, sizeof(r.hist_path), "%s/.ovtsh_history",
			 home);
		history(r.hist, &ev, H_LOAD, r.hist_path);
	}
	el_set(r.el, EL_CLIENTDATA, &r);
	el_set(r.el, EL_EDITOR, "emacs");
	el_set(r.el, EL_PROMPT, repl_prompt);
	el_set(r.el, EL_HIST, history, r.hist);
	el_set(r.el, EL_GETCFN, repl_getc);
	el_set(r.el, EL_ADDFN, "ovtsh-complete", "Complete the word",
	       repl_complete);
	el_set(r.el, EL_BIND, "^I", "ovtsh-complete", NULL);
	el_set(r.el, EL_ADDFN, "ovtsh-help", "List what may come next",
	       repl_help);
	el_set(r.el, EL_BIND, "?", "ovtsh-help", NULL);
	/* NUL back to emacs' set-mark: libedit binds the tty chars that its
	 * edit mode disables, all _POSIX_VDISABLE (0), so NUL was quoted-
	 * insert, and a Ctrl-D typed during a command, queued as a NUL by
	 * the canonical tty, took the next key with signals off */
	el_set(r.el, EL_BIND, "^@", "em-set-mark", NULL);
	c->repl = &r;
	/* one line: what this is, which lab, where help is */
	printf("ovtsh %s, lab '%s'. Type help or ? for help, exit to leave.\n",
	       OVTSH_VERSION, lab_name());
	fflush(stdout);

	while (!c->quit) {
		const char *line;
		int count = 0;
		char buf[CLI_MAX_LINE + 2];
		size_t n;

		cancel_take();             /* one no command took ends here */
		/* edit mode before the prompt shows: this libedit sets it
		 * only after drawing it, and a key typed in between meets
		 * the canonical tty -- a Ctrl-D there is queued as a NUL,
		 * which libedit takes for quoted-insert (with ISIG off) */
		el_set(r.el, EL_PREP_TERM, 1);
		line = el_gets(r.el, &count);
		if (!line) {
			if (cancel_requested()) { /* Ctrl-C: drop the line */
				fputs("^C\n", stdout);
				script_abandon(c);  /* and an open block */
				el_reset(r.el);
				continue;
			}
			fputc('\n', stdout);      /* Ctrl-D or end of input */
			break;
		}
		n = strlen(line);
		if (n > CLI_MAX_LINE) {
			fprintf(stderr, "%% Line too long (%zu bytes, at most %d).\n",
				n, CLI_MAX_LINE);
			continue;
		}
		memcpy(buf, line, n + 1);
		while (n && strchr("\n\r \t", buf[n - 1]))
			buf[--n] = '\0';
		if (n && strspn(buf, " \t") != n) {
			history(r.hist, &ev, H_ENTER, buf);
			repl_hist_save(&r);
		}
		repl_pager(c);
		cli_run_line(c, buf);
		c->pager.rows = 0;
	}
	cli_mode_pop_to(c, 1);
	cancel_disarm();
	c->repl = NULL;
	history_end(r.hist);
	el_end(r.el);
	return 0;
}
