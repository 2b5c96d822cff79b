/* script.c - variables and repeated blocks, so a large lab is a short
 * script: "set NAME VALUE", $NAME, ${NAME}, $((EXPR)) in any word, and
 * "foreach VAR in ..." ... "endfor" (nested) in the spirit of IOS's
 * "interface range".
 *
 * Expansion is textual and happens before the lexer sees a line, with a
 * map from every expanded byte back to its source column, so an error in
 * an expanded word is reported where the student typed it.  Single quotes
 * and comments are not expanded.  A block is collected line by line as
 * it is typed or read (nothing runs before its "endfor"), then its lines
 * run once per iteration exactly as if they had been written out; the
 * iteration is named in every error ("lab.script:12:3 (i=17): ...").
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "ovtsh/cancel.h"

#define SCRIPT_MAX_VARS   1024
#define SCRIPT_VAR_NAME   64
#define BLOCK_MAX_LINES   10000
#define BLOCK_MAX_BYTES   (1 << 20)

struct script_var {
	char *name;
	char *val;
};

/* A block being collected: its lines (as written) and their numbers. */
struct script_block {
	struct cli_loop *loop;
	char **lines;
	int *lineno;
	int n, cap;
	size_t bytes;
	int depth;                  /* foreach nesting inside the block */
	int line0;                  /* the foreach line */
	const char *file;
	bool too_big;
};

struct cli_script {
	struct script_var *vars;
	int nvars, cap;
	struct script_block *coll;  /* collecting, NULL otherwise */
	char iter[256];             /* "i=17, row=3": the running iterations */
};

static struct cli_script *script_get(struct cli_ctx *c)
{
	if (!c->script)
		c->script = calloc(1, sizeof(*c->script));
	return c->script;
}

static void block_free(struct script_block *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->n; i++)
		free(b->lines[i]);
	free(b->lines);
	free(b->lineno);
	if (b->loop && b->loop->free)
		b->loop->free(b->loop);
	free(b);
}

void script_free(struct cli_ctx *c)
{
	struct cli_script *s = c->script;

	if (!s)
		return;
	for (int i = 0; i < s->nvars; i++) {
		free(s->vars[i].name);
		free(s->vars[i].val);
	}
	free(s->vars);
	block_free(s->coll);
	free(s);
	c->script = NULL;
}

/* ---- variables ---- */

static bool var_char(int ch, bool first)
{
	return ch == '_' || isalpha(ch) || (!first && isdigit(ch));
}

int cli_var_name_check(const char *name, char *why, size_t len)
{
	size_t n = strlen(name);
	bool first = true;

	if (n == 0 || n >= SCRIPT_VAR_NAME) {
		snprintf(why, len, "a variable name has 1-%d characters",
			 SCRIPT_VAR_NAME - 1);
		return -1;
	}
	/* dots join a CSV loop's variable and a column: row.name */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch == '.' && !first && i + 1 < n) {
			first = true;
			continue;
		}
		if (!var_char(ch, first)) {
			snprintf(why, len, "invalid variable name '%s' (letters, "
				 "digits and _, not starting with a digit)",
				 name);
			return -1;
		}
		first = false;
	}
	return 0;
}

static struct script_var *var_find(const struct cli_script *s,
				   const char *name, size_t len)
{
	for (int i = 0; s && i < s->nvars; i++)
		if (strlen(s->vars[i].name) == len &&
		    !memcmp(s->vars[i].name, name, len))
			return &s->vars[i];
	return NULL;
}

const char *cli_var_get(struct cli_ctx *c, const char *name)
{
	struct script_var *v = var_find(c->script, name, strlen(name));

	return v ? v->val : NULL;
}

int cli_var_define(struct cli_ctx *c, const char *name, const char *value,
		   char *why, size_t len)
{
	struct cli_script *s = script_get(c);
	struct script_var *v;
	char *copy;

	if (!s) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	if (cli_var_name_check(name, why, len) < 0)
		return -1;
	if (strlen(value) > CLI_MAX_LINE) {
		snprintf(why, len, "value too long (at most %d bytes)",
			 CLI_MAX_LINE);
		return -1;
	}
	copy = strdup(value);
	if (!copy) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	v = var_find(s, name, strlen(name));
	if (v) {
		free(v->val);
		v->val = copy;
		return 0;
	}
	if (s->nvars == SCRIPT_MAX_VARS) {
		free(copy);
		snprintf(why, len, "too many variables (at most %d)",
			 SCRIPT_MAX_VARS);
		return -1;
	}
	if (s->nvars == s->cap) {
		int cap = s->cap ? 2 * s->cap : 16;
		struct script_var *nv = realloc(s->vars, (size_t)cap * sizeof(*nv));

		if (!nv) {
			free(copy);
			snprintf(why, len, "out of memory");
			return -1;
		}
		s->vars = nv;
		s->cap = cap;
	}
	s->vars[s->nvars].name = strdup(name);
	if (!s->vars[s->nvars].name) {
		free(copy);
		snprintf(why, len, "out of memory");
		return -1;
	}
	s->vars[s->nvars++].val = copy;
	return 0;
}

int cli_var_set(struct cli_ctx *c, const char *name, const char *value)
{
	char why[160];

	if (cli_var_define(c, name, value, why, sizeof(why)) < 0)
		return cli_err(c, "%s", why);
	return CLI_OK;
}

int cli_var_unset(struct cli_ctx *c, const char *name)
{
	struct cli_script *s = c->script;
	struct script_var *v = var_find(s, name, strlen(name));

	if (!v)
		return cli_err(c, "no variable '%s'", name);
	free(v->name);
	free(v->val);
	*v = s->vars[--s->nvars];
	return CLI_OK;
}

int cli_var_each(struct cli_ctx *c,
		 void (*fn)(const char *name, const char *val, void *arg),
		 void *arg)
{
	struct cli_script *s = c->script;

	for (int i = 0; s && i < s->nvars; i++)
		fn(s->vars[i].name, s->vars[i].val, arg);
	return s ? s->nvars : 0;
}

/* ---- $((EXPR)) ---- */

struct arith {
	const struct cli_script *s;
	const char *p, *end, *start;
	char *why;
	size_t len;
	int err_off;                /* offset of the error in the expression */
};

static int arith_fail(struct arith *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int arith_fail(struct arith *a, const char *fmt, ...)
{
	va_list ap;

	if (a->err_off < 0) {
		a->err_off = (int)(a->p - a->start);
		va_start(ap, fmt);
		vsnprintf(a->why, a->len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void arith_blank(struct arith *a)
{
	while (a->p < a->end && isspace((unsigned char)*a->p))
		a->p++;
}

static int arith_expr(struct arith *a, long long *v);

static int arith_atom(struct arith *a, long long *v)
{
	const char *q;
	char buf[32], *endp;

	arith_blank(a);
	if (a->p >= a->end)
		return arith_fail(a, "arithmetic: a number is missing");
	if (*a->p == '(') {
		a->p++;
		if (arith_expr(a, v) < 0)
			return -1;
		arith_blank(a);
		if (a->p >= a->end || *a->p != ')')
			return arith_fail(a, "arithmetic: ')' is missing");
		a->p++;
		return 0;
	}
	if (*a->p == '-' || *a->p == '+') {
		bool neg = *a->p++ == '-';

		if (arith_atom(a, v) < 0)
			return -1;
		if (neg && __builtin_mul_overflow(*v, -1LL, v))
			return arith_fail(a, "arithmetic overflow");
		return 0;
	}
	if (isdigit((unsigned char)*a->p)) {
		q = a->p;
		while (q < a->end && isalnum((unsigned char)*q))
			q++;
		if ((size_t)(q - a->p) >= sizeof(buf))
			return arith_fail(a, "arithmetic: number too long");
		memcpy(buf, a->p, (size_t)(q - a->p));
		buf[q - a->p] = '\0';
		errno = 0;
		*v = strtoll(buf, &endp, 0);
		if (errno || *endp)
			return arith_fail(a, "arithmetic: invalid number '%s'",
					  buf);
		a->p = q;
		return 0;
	}
	if (*a->p == '$')
		a->p++;
	if (a->p < a->end && var_char((unsigned char)*a->p, true)) {
		const struct script_var *var;
		char name[SCRIPT_VAR_NAME];

		q = a->p;
		while (q < a->end && (var_char((unsigned char)*q, false) ||
				      *q == '.'))
			q++;
		snprintf(name, sizeof(name), "%.*s", (int)(q - a->p), a->p);
		var = var_find(a->s, a->p, (size_t)(q - a->p));
		if (!var)
			return arith_fail(a, "unknown variable '%s'", name);
		errno = 0;
		*v = strtoll(var->val, &endp, 0);
		if (errno || endp == var->val || *endp)
			return arith_fail(a, "arithmetic: '%s' is not a number",
					  name);
		a->p = q;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%c", *a->p);
	return arith_fail(a, "arithmetic: unexpected '%s'", buf);
}

static int arith_term(struct arith *a, long long *v)
{
	const char *rp;
	long long r;
	char op;

	if (arith_atom(a, v) < 0)
		return -1;
	for (;;) {
		arith_blank(a);
		if (a->p >= a->end || !strchr("*/%", *a->p))
			return 0;
		op = *a->p++;
		arith_blank(a);
		rp = a->p;
		if (arith_atom(a, &r) < 0)
			return -1;
		if (op != '*' && r == 0) {
			a->p = rp;      /* point at the divisor */
			return arith_fail(a, "arithmetic: division by zero");
		}
		if (op == '*' && __builtin_mul_overflow(*v, r, v))
			return arith_fail(a, "arithmetic overflow");
		if (op != '*' && *v == -__LONG_LONG_MAX__ - 1 && r == -1)
			return arith_fail(a, "arithmetic overflow");
		if (op == '/')
			*v /= r;
		else if (op == '%')
			*v %= r;
	}
}

static int arith_expr(struct arith *a, long long *v)
{
	long long r;
	char op;

	if (arith_term(a, v) < 0)
		return -1;
	for (;;) {
		arith_blank(a);
		if (a->p >= a->end || (*a->p != '+' && *a->p != '-'))
			return 0;
		op = *a->p++;
		if (arith_term(a, &r) < 0)
			return -1;
		if (op == '+' ? __builtin_add_overflow(*v, r, v) :
		    __builtin_sub_overflow(*v, r, v))
			return arith_fail(a, "arithmetic overflow");
	}
}

/* Evaluate expr[0..len); *off: the error's offset in expr. */
static int arith_eval(const struct cli_script *s, const char *expr,
		      size_t len, long long *v, int *off, char *why,
		      size_t wlen)
{
	struct arith a = { .s = s, .p = expr, .end = expr + len,
			   .start = expr, .why = why, .len = wlen,
			   .err_off = -1 };

	if (arith_expr(&a, v) < 0) {
		*off = a.err_off;
		return -1;
	}
	arith_blank(&a);
	if (a.p < a.end) {
		snprintf(why, wlen, "arithmetic: unexpected '%c'", *a.p);
		*off = (int)(a.p - expr);
		return -1;
	}
	return 0;
}

/* ---- expansion ---- */

struct expand {
	char *out;
	int *map;
	size_t n, size;
};

static int put(struct expand *x, const char *s, size_t len, int col)
{
	if (x->n + len >= x->size)
		return -1;
	memcpy(x->out + x->n, s, len);
	for (size_t i = 0; i < len; i++)
		x->map[x->n + i] = col;
	x->n += len;
	return 0;
}

/* The name of a reference at s[0..n) without braces: a name, then
 * ".column" parts while the longer name exists (a CSV row's columns). */
static size_t ref_len(const struct cli_script *s, const char *p, size_t n)
{
	size_t len = 0, more;

	while (len < n && var_char((unsigned char)p[len], len == 0))
		len++;
	while (len + 1 < n && p[len] == '.' &&
	       var_char((unsigned char)p[len + 1], true)) {
		more = len + 1;
		while (more < n && var_char((unsigned char)p[more], false))
			more++;
		if (!var_find(s, p, more))
			break;
		len = more;
	}
	return len;
}

ssize_t script_expand(const struct cli_script *s, const char *line,
		      size_t len, char *out, size_t size, int *map, int *ecol,
		      char *why, size_t wlen)
{
	struct expand x = { .out = out, .map = map, .size = size };
	char quote = 0;
	bool tok_start = true;
	size_t i = 0;

	*ecol = -1;
	while (i < len) {
		char ch = line[i];
		int col = (int)i;

		if (!quote && tok_start && (ch == '#' || ch == '!')) {
			/* a comment: as written */
			for (; i < len; i++)
				if (put(&x, line + i, 1, (int)i) < 0)
					goto toolong;
			break;
		}
		tok_start = !quote && (ch == ' ' || ch == '\t');
		if (quote == '\'' || ch != '$' || i + 1 >= len) {
			if (quote == '"' && ch == '\\' && i + 1 < len) {
				if (put(&x, line + i, 1, col) < 0)
					goto toolong;
				i++;
				col++;
				ch = line[i];
			} else if (!quote && (ch == '"' || ch == '\'')) {
				quote = ch;
			} else if (quote && ch == quote) {
				quote = 0;
			}
			if (put(&x, &ch, 1, col) < 0)
				goto toolong;
			i++;
			continue;
		}
		/* a '$' */
		if (line[i + 1] == '(' && i + 2 < len && line[i + 2] == '(') {
			size_t j = i + 3;
			int depth = 0, off;
			long long v;
			char num[32];

			for (; j < len; j++) {
				if (line[j] == '(')
					depth++;
				else if (line[j] == ')' && depth > 0)
					depth--;
				else if (line[j] == ')')
					break;
			}
			if (j + 1 >= len || line[j + 1] != ')') {
				*ecol = col;
				snprintf(why, wlen, "'$((' without '))'");
				return -1;
			}
			if (arith_eval(s, line + i + 3, j - i - 3, &v, &off,
				       why, wlen) < 0) {
				*ecol = (int)(i + 3) + off;
				return -1;
			}
			snprintf(num, sizeof(num), "%lld", v);
			if (put(&x, num, strlen(num), col) < 0)
				goto toolong;
			i = j + 2;
			continue;
		}
		{
			const char *name = line + i + 1;
			size_t nlen, skip;
			const struct script_var *v;

			if (line[i + 1] == '{') {
				const char *close = memchr(line + i + 2, '}',
							   len - i - 2);

				if (!close) {
					*ecol = col;
					snprintf(why, wlen, "'${' without '}'");
					return -1;
				}
				name = line + i + 2;
				nlen = (size_t)(close - name);
				skip = nlen + 3;
			} else {
				nlen = ref_len(s, name, len - i - 1);
				skip = nlen + 1;
				if (nlen == 0) {    /* "$" alone, "$5": as written */
					if (put(&x, &ch, 1, col) < 0)
						goto toolong;
					i++;
					continue;
				}
			}
			v = var_find(s, name, nlen);
			if (!v) {
				*ecol = col;
				snprintf(why, wlen, "unknown variable '%.*s' (set "
					 "it first; quote a literal $ with "
					 "'...')", (int)(nlen > 64 ? 64 : nlen),
					 name);
				return -1;
			}
			if (put(&x, v->val, strlen(v->val), col) < 0)
				goto toolong;
			i += skip;
		}
	}
	out[x.n] = '\0';
	map[x.n] = (int)len;
	return (ssize_t)x.n;
toolong:
	*ecol = -1;
	snprintf(why, wlen, "line too long once expanded (at most %d bytes)",
		 (int)size - 1);
	return -1;
}

/* ---- blocks ---- */

bool script_collecting(const struct cli_ctx *c)
{
	return c->script && c->script->coll;
}

int cli_block_begin(struct cli_ctx *c, struct cli_loop *loop)
{
	struct cli_script *s = script_get(c);
	struct script_block *b = s ? calloc(1, sizeof(*b)) : NULL;

	if (!b) {
		if (loop->free)
			loop->free(loop);
		return cli_err(c, "out of memory");
	}
	b->loop = loop;
	b->depth = 1;
	b->line0 = c->line;
	b->file = c->file;
	s->coll = b;
	if (!c->batch)
		cli_info(c, "repeating the lines up to 'endfor'");
	return CLI_OK;
}

static int block_add(struct script_block *b, const char *line, size_t len,
		     int lineno)
{
	if (b->n == BLOCK_MAX_LINES || b->bytes + len > BLOCK_MAX_BYTES)
		return -1;
	if (b->n == b->cap) {
		int cap = b->cap ? 2 * b->cap : 16;
		char **nl = realloc(b->lines, (size_t)cap * sizeof(*nl));
		int *nn;

		if (!nl)
			return -1;
		b->lines = nl;
		nn = realloc(b->lineno, (size_t)cap * sizeof(*nn));
		if (!nn)
			return -1;
		b->lineno = nn;
		b->cap = cap;
	}
	b->lines[b->n] = strndup(line, len);
	if (!b->lines[b->n])
		return -1;
	b->lineno[b->n++] = lineno;
	b->bytes += len;
	return 0;
}

/* Run a finished block: its lines once per iteration. */
static int block_run(struct cli_ctx *c, struct script_block *b)
{
	struct cli_script *s = c->script;
	size_t mark = strlen(s->iter);
	int saved_line = c->line, rc = CLI_OK, r;
	char desc[128];

	cli_lock_scope(c, true);    /* the block changes the lab as a whole */
	for (;;) {
		desc[0] = '\0';
		r = b->loop->next(c, b->loop, desc, sizeof(desc));
		if (r <= 0) {
			if (r < 0)
				rc = CLI_ERR;
			break;
		}
		snprintf(s->iter + mark, sizeof(s->iter) - mark, "%s%s",
			 mark ? ", " : "", desc);
		for (int i = 0; i < b->n; i++) {
			c->line = b->lineno[i];
			if (cli_run_buf(c, b->lines[i], strlen(b->lines[i])) !=
			    CLI_OK)
				rc = CLI_ERR;
			if ((rc != CLI_OK && !c->force) || cancel_stops())
				goto out;
		}
		s->iter[mark] = '\0';
	}
out:
	s->iter[mark] = '\0';
	c->line = saved_line;
	cli_lock_scope(c, false);
	return rc;
}

int script_collect(struct cli_ctx *c, const char *line, size_t len)
{
	struct cli_script *s = c->script;
	struct script_block *b = s->coll;
	struct lex_line *lp = malloc(sizeof(*lp));
	int rc = CLI_OK;

	if (!lp)
		return cli_err(c, "out of memory");
	if (lex_split(line, len, lp) == 0) {
		if (lp->help) {
			cli_help_line(c, line, stdout);
			goto out;
		}
		if (lp->n == 0)
			goto out;       /* blank or comment */
		if (!strcmp(lp->tok[0].text, "foreach"))
			b->depth++;
		else if (!strcmp(lp->tok[0].text, "endfor") && --b->depth == 0) {
			s->coll = NULL;
			if (b->too_big) {
				c->line = b->line0;
				rc = cli_err(c, "foreach: the block is too long "
					     "(at most %d lines, %d bytes)",
					     BLOCK_MAX_LINES, BLOCK_MAX_BYTES);
			} else {
				rc = block_run(c, b);
			}
			block_free(b);
			goto out;
		}
	}
	/* a line the lexer refuses is kept: it fails where it runs */
	if (!b->too_big && block_add(b, line, len, c->line) < 0)
		b->too_big = true;
out:
	free(lp);
	return rc;
}

int script_abandon(struct cli_ctx *c)
{
	struct cli_script *s = c->script;
	struct script_block *b = s ? s->coll : NULL;
	int saved;

	if (!b)
		return CLI_OK;
	s->coll = NULL;
	saved = c->line;
	c->line = b->line0;
	cli_err(c, "foreach without endfor: the block did not run");
	c->line = saved;
	block_free(b);
	return CLI_ERR;
}

const char *script_iter(const struct cli_ctx *c)
{
	return c->script && c->script->iter[0] ? c->script->iter : NULL;
}
