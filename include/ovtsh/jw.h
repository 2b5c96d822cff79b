/* jw.h - a streaming JSON writer into a caller's fixed buffer.
 *
 * No tree is built: each call appends its bytes (and the ',' before them)
 * at once, so a capture's JSON line costs about what its text line costs.
 * The text is compact (no blanks), strings are escaped as RFC 8259 asks
 * and byte for byte as jansson dumps them (\" \\ \b \f \n \r \t, other
 * control characters \u00XX, everything else as is), so valid UTF-8 goes
 * through unchanged.  Bytes that are not valid UTF-8 (jansson refuses the
 * whole string) each become \uFFFD, as Go's encoding/json does: the text
 * stays valid JSON whatever the input.
 *
 *     struct jw w;
 *     jw_init(&w, buf, sizeof(buf));
 *     jw_obj_begin(&w, NULL);
 *     jw_uint(&w, "n", 1);
 *     jw_obj_end(&w);
 *     if (jw_ok(&w)) fwrite(buf, 1, jw_len(&w), fp);
 *
 * key is the member name inside an object and NULL for the root value and
 * for array elements.  When the buffer runs out, or the calls do not nest
 * (a key in an array, none in an object, a second root, an unmatched
 * end), the writer stops writing and jw_ok() says false.
 */
#ifndef OVTSH_JW_H
#define OVTSH_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define JW_DEPTH 64

struct jw {
	char *buf, *p, *end;   /* the text is buf .. p; room up to end */
	uint64_t arrays;       /* bit d: the container at depth d is an array */
	int depth;             /* open containers */
	bool comma;            /* a value was written at this depth */
	bool err;
	char *keyed;           /* end while the innermost container is an
				  object and all is well, else buf: one test
				  for jw_pre's fast path */
};

void jw_init(struct jw *w, char *buf, size_t size);
/* The text so far; complete (and valid JSON) when jw_ok(). */
size_t jw_len(const struct jw *w);
bool jw_ok(const struct jw *w);

void jw_obj_begin(struct jw *w, const char *key);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w, const char *key);
void jw_arr_end(struct jw *w);

/* The value halves of the inline writers below (the separator and key
 * already written; jw_put_zstr: a C string), then the rarer values. */
void jw_put_str(struct jw *w, const char *s, size_t n);
void jw_put_zstr(struct jw *w, const char *s);
void jw_put_uint(struct jw *w, unsigned long long v);
void jw_int(struct jw *w, const char *key, long long v);
void jw_null(struct jw *w, const char *key);

/* The separator and key before a value, every case (false: the writer
 * stopped). */
bool jw_pre_slow(struct jw *w, const char *key);

/* A key that needs no escaping (all of a program's literal keys). */
static inline bool jw_plain(const char *k, size_t n)
{
	bool bad = false;
	size_t i;

#pragma GCC unroll 16
	for (i = 0; i < n; i++)
		bad |= (unsigned char)(k[i] - 0x20) >= 0x60 || k[i] == '"' ||
		       k[i] == '\\';
	return !bad;
}

/* The separator and key before a value.  Inline because a capture writes
 * some 60 keys per packet: for a literal key the compiler folds the length
 * and the check above, and writing the key is a few moves. */
static inline bool jw_pre(struct jw *w, const char *key)
{
	size_t n;
	char *p = w->p;

	if (!key)
		return jw_pre_slow(w, key);
	n = strlen(key);
	if (n > 16 || !jw_plain(key, n) || w->keyed - p < (ptrdiff_t)n + 4)
		return jw_pre_slow(w, key);
	*p = ',';
	p += w->comma;
	*p++ = '"';
	memcpy(p, key, n);
	p += n;
	*p++ = '"';
	*p++ = ':';
	w->p = p;
	w->comma = true;
	return true;
}

static inline void jw_strn(struct jw *w, const char *key, const char *s,
			   size_t n)
{
	if (jw_pre(w, key))
		jw_put_str(w, s, n);
}

/* A C string; NULL is null. */
static inline void jw_str(struct jw *w, const char *key, const char *s)
{
	if (!s)
		jw_null(w, key);
	else if (jw_pre(w, key))
		jw_put_zstr(w, s);
}

static inline void jw_uint(struct jw *w, const char *key,
			   unsigned long long v)
{
	if (!jw_pre(w, key))
		return;
	if (v < 10 && w->p < w->end)      /* flags, zeroes: most fields */
		*w->p++ = (char)('0' + v);
	else
		jw_put_uint(w, v);
}

static inline void jw_bool(struct jw *w, const char *key, bool v)
{
	if (!jw_pre(w, key))
		return;
	if ((size_t)(w->end - w->p) < 5) {
		w->err = true;
		w->keyed = w->buf;
		return;
	}
	memcpy(w->p, v ? "true" : "false", 5);     /* 5: a constant move */
	w->p += v ? 4 : 5;
}

#endif
