/* filter.c - the words after '|': "include REGEX" and its kin.
 *
 * The filters are not grammar entries: the REGEX is the rest of the line
 * as typed (blanks and '|' are part of it, as on IOS), unless it is one
 * quoted word.  The output layer applies them (ovtsh/outpipe.h).
 */
#include <string.h>

#include "cli_int.h"

static size_t filter_skip_blanks(const char *s, size_t i, size_t len)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* The filter keyword w[0..n) abbreviates (exactly one), or NULL; *amb
 * when it abbreviates several. */
static const struct outpipe_word *filter_word(const char *w, size_t n,
					      bool *amb)
{
	const struct outpipe_word *hit = NULL;
	int hits = 0;

	*amb = false;
	for (const struct outpipe_word *k = outpipe_words; k->word; k++) {
		if (n > strlen(k->word) || strncmp(k->word, w, n))
			continue;
		if (n == strlen(k->word))
			return k;
		hit = k;
		hits++;
	}
	*amb = hits > 1;
	return hits == 1 ? hit : NULL;
}

/* The regex s[0..len): one quoted word loses its quotes. */
static void filter_regex(const char *s, size_t len, char *buf, size_t cap)
{
	static struct lex_line l;

	if ((s[0] == '"' || s[0] == '\'') && lex_split(s, len, &l) == 0 &&
	    l.n == 1 && l.tok[0].quoted) {
		snprintf(buf, cap, "%s", l.tok[0].text);
		return;
	}
	/* the line is at most CLI_MAX_LINE bytes, buf one more */
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
}

/* An error the way the engine words its own: short with a column in a
 * script, IOS's sentence with a caret in the REPL. */
static int filter_fail(struct cli_ctx *c, const char *line, int col,
		       const char *script, const char *repl)
{
	if (cli_file_errors(c))
		return cli_err_at(c, line, col, "%s", script);
	return cli_err_at(c, line, col, "%s", repl);
}

int filter_parse(struct cli_ctx *c, const char *line, size_t at, size_t len,
		 struct cli_filter *f)
{
	const struct outpipe_word *k;
	size_t i, w, end;
	bool amb;

	while (len > at && strchr(" \t\r\n", line[len - 1]))
		len--;
	i = filter_skip_blanks(line, at + 1, len);
	if (i >= len)
		return filter_fail(c, line, (int)len, "incomplete command",
				   "Incomplete command.");
	for (w = i; w < len && line[w] != ' ' && line[w] != '\t'; w++)
		;
	k = filter_word(line + i, w - i, &amb);
	if (!k)
		return filter_fail(c, line, (int)i, amb ?
				   "ambiguous filter: begin, count, exclude "
				   "or include?" :
				   "invalid input: the filters are begin, "
				   "count, exclude and include",
				   amb ? "Ambiguous filter: begin, count, "
				   "exclude or include?" :
				   "Invalid input detected at '^' marker: the "
				   "filters are begin, count, exclude and "
				   "include");
	end = filter_skip_blanks(line, w, len);
	if (end >= len && !k->regex_optional)
		return filter_fail(c, line, (int)len, "incomplete command: "
				   "a regular expression is missing",
				   "Incomplete command: a regular expression "
				   "is missing.");
	f->spec.kind = k->kind;
	f->spec.regex = NULL;
	if (end < len) {
		filter_regex(line + end, len - end, f->regex, sizeof(f->regex));
		f->spec.regex = f->regex;
	}
	return CLI_OK;
}

void filter_help(const char *after, FILE *fp)
{
	size_t len = strlen(after), i, w;
	const struct outpipe_word *k;
	bool amb;

	if (len && after[len - 1] == '?')
		len--;
	i = filter_skip_blanks(after, 0, len);
	for (w = i; w < len && after[w] != ' ' && after[w] != '\t'; w++)
		;
	if (w == len) {         /* the keyword, finished or not */
		int shown = 0;

		for (k = outpipe_words; k->word; k++)
			if (!strncmp(k->word, after + i, w - i)) {
				fprintf(fp, "  %-7s  %s", k->word, k->help);
				shown++;
			}
		if (!shown)
			fprintf(fp, "%% There is no matched command.\n");
		fflush(fp);
		return;
	}
	k = filter_word(after + i, w - i, &amb);
	if (!k) {
		fprintf(fp, "%% There is no matched command.\n");
	} else {
		bool given = filter_skip_blanks(after, w, len) < len;

		if (!given)
			fprintf(fp, "  %-7s  %s\n", "REGEX",
				"A POSIX extended regular expression (the rest "
				"of the line)");
		if (given || k->regex_optional)
			fprintf(fp, "  <cr>\n");
	}
	fflush(fp);
}

int filter_complete(const char *after, void (*fn)(const char *, void *),
		    void *arg, int *word_start)
{
	size_t len = strlen(after), i = filter_skip_blanks(after, 0, len);
	int n = 0;

	*word_start = (int)i;
	if (strpbrk(after + i, " \t"))
		return 0;       /* past the keyword: a regex has no candidates */
	for (const struct outpipe_word *k = outpipe_words; k->word; k++)
		if (!strncmp(k->word, after + i, len - i)) {
			fn(k->word, arg);
			n++;
		}
	return n;
}
