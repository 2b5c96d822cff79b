/* lex.c - split an input line into tokens.
 *
 * Blanks separate tokens; "double" and 'single' quotes group (backslash
 * escapes \" and \\ inside double quotes); "!" or "#" at the start of a
 * token begins a comment; an unquoted '?' at the end asks for help.
 * Bad bytes are refused here, once, with the column: NUL, control
 * characters, invalid UTF-8.
 */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"

/* Length of the UTF-8 sequence at s (max n bytes), 0 if invalid. */
static int lex_utf8_len(const unsigned char *s, size_t n)
{
	int len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

static int lex_fail(struct lex_line *out, int col, const char *msg)
{
	out->err_col = col;
	snprintf(out->err, sizeof(out->err), "%s", msg);
	return -1;
}

/* Check the raw bytes before any splitting. */
static int lex_check_bytes(const char *line, size_t len, struct lex_line *out)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0;
	int l;

	if (len > CLI_MAX_LINE) {
		snprintf(out->err, sizeof(out->err),
			 "Line too long (%zu bytes, at most %d)", len,
			 CLI_MAX_LINE);
		out->err_col = -1;
		return -1;
	}
	while (i < len) {
		if (s[i] == 0)
			return lex_fail(out, (int)i, "NUL byte in input");
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\r' &&
		     s[i] != '\n') || s[i] == 0x7f)
			return lex_fail(out, (int)i,
					"Control character in input");
		l = lex_utf8_len(s + i, len - i);
		if (!l)
			return lex_fail(out, (int)i, "Invalid UTF-8 in input");
		i += (size_t)l;
	}
	return 0;
}

int lex_split(const char *line, size_t len, struct lex_line *out)
{
	char *d = out->buf;
	size_t i = 0;

	out->n = 0;
	out->help = false;
	out->open_quote = false;
	out->trailing_space = false;
	out->err[0] = '\0';
	out->err_col = -1;
	if (lex_check_bytes(line, len, out) < 0)
		return -1;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;

	for (;;) {
		char q = 0;
		int start;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= len)
			break;
		if (line[i] == '!' || line[i] == '#')
			break;          /* comment to the end of the line */
		if (line[i] == '?' && i + 1 == len) {
			out->help = true;
			out->trailing_space = true;
			return 0;
		}
		if (out->n == LEX_MAX_TOKENS)
			return lex_fail(out, (int)i, "Too many words in line");
		start = (int)i;
		out->tok[out->n].text = d;
		out->tok[out->n].col = start;
		out->tok[out->n].quoted = false;
		while (i < len) {
			char ch = line[i];

			if (q) {
				if (ch == q) {
					q = 0;
					i++;
					continue;
				}
				if (q == '"' && ch == '\\' && i + 1 < len &&
				    (line[i + 1] == '"' || line[i + 1] == '\\')) {
					i++;
					ch = line[i];
				}
				*d++ = ch;
				i++;
				continue;
			}
			if (ch == ' ' || ch == '\t')
				break;
			if (ch == '"' || ch == '\'') {
				q = ch;
				out->tok[out->n].quoted = true;
				i++;
				continue;
			}
			if (ch == '?' && i + 1 == len) {
				/* "sh?": help on the unfinished word */
				out->help = true;
				break;
			}
			*d++ = ch;
			i++;
		}
		if (q) {
			out->open_quote = true;
			return lex_fail(out, start, "Unterminated quote");
		}
		*d++ = '\0';
		out->n++;
		if (out->help)
			return 0;
	}
	out->trailing_space = len > 0 && (line[len - 1] == ' ' ||
					  line[len - 1] == '\t');
	return 0;
}

int lex_pipe_at(const char *line, size_t len)
{
	bool tok_start = true;
	char q = 0;

	for (size_t i = 0; i < len; i++) {
		char ch = line[i];

		if (q) {
			if (q == '"' && ch == '\\' && i + 1 < len)
				i++;
			else if (ch == q)
				q = 0;
			continue;
		}
		if (tok_start && (ch == '!' || ch == '#'))
			return -1;      /* a comment: its '|' is text */
		if (ch == '|')
			return (int)i;
		if (ch == '"' || ch == '\'')
			q = ch;
		tok_start = ch == ' ' || ch == '\t';
	}
	return -1;
}

void lex_quote(const char *tok, char *buf, size_t len)
{
	size_t o = 0;
	bool need = !*tok || strpbrk(tok, " \t\"'!#?\\") != NULL;

	if (!need) {
		snprintf(buf, len, "%s", tok);
		return;
	}
	if (len < 3) {
		if (len)
			buf[0] = '\0';
		return;
	}
	buf[o++] = '"';
	for (; *tok && o + 3 < len; tok++) {
		if (*tok == '"' || *tok == '\\')
			buf[o++] = '\\';
		buf[o++] = *tok;
	}
	buf[o++] = '"';
	buf[o] = '\0';
}
