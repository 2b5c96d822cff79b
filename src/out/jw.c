/* jw.c - streaming JSON writer (see include/ovtsh/jw.h). */
#include <string.h>

#include "ovtsh/jw.h"

void jw_init(struct jw *w, char *buf, size_t size)
{
	w->buf = w->p = buf;
	w->end = buf + size;
	w->arrays = 0;
	w->depth = 0;
	w->comma = false;
	w->err = false;
	w->keyed = buf;
}

/* The writer stops: nothing more is written. */
static void jw_fail(struct jw *w)
{
	w->err = true;
	w->keyed = w->buf;
}

size_t jw_len(const struct jw *w)
{
	return (size_t)(w->p - w->buf);
}

bool jw_ok(const struct jw *w)
{
	return !w->err && w->depth == 0 && w->comma;
}

static bool jw_room(struct jw *w, size_t n)
{
	if (w->err || n > (size_t)(w->end - w->p)) {
		jw_fail(w);
		return false;
	}
	return true;
}

static void jw_mem(struct jw *w, const char *s, size_t n)
{
	if (jw_room(w, n)) {
		memcpy(w->p, s, n);
		w->p += n;
	}
}

/* The length of the valid UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0. */
static size_t jw_utf8(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Bytes a string cannot carry as they are: controls, '"', '\\', NUL (it
 * ends a C string) and non-ASCII (checked as UTF-8 on the slow path). */
static inline bool jw_special(unsigned char c)
{
	return (unsigned char)(c - 0x20) >= 0x60 || c == '"' || c == '\\';
}

/* Escape s[0..n) (no quotes): runs that need nothing are copied whole. */
static void jw_esc(struct jw *w, const char *str, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run;

	while (i < n && !w->err) {
		for (run = i; run < n && !jw_special(s[run]); run++)
			;
		jw_mem(w, str + i, run - i);
		i = run;
		if (i == n)
			break;
		if (s[i] >= 0x80) {
			size_t k = jw_utf8(s + i, n - i);

			if (k) {
				jw_mem(w, str + i, k);
				i += k;
			} else {
				jw_mem(w, "\\uFFFD", 6);
				i++;
			}
			continue;
		}
		switch (s[i]) {
		case '"': jw_mem(w, "\\\"", 2); break;
		case '\\': jw_mem(w, "\\\\", 2); break;
		case '\b': jw_mem(w, "\\b", 2); break;
		case '\f': jw_mem(w, "\\f", 2); break;
		case '\n': jw_mem(w, "\\n", 2); break;
		case '\r': jw_mem(w, "\\r", 2); break;
		case '\t': jw_mem(w, "\\t", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[s[i] >> 4],
				      hex[s[i] & 15] };

			jw_mem(w, u, 6);
		}
		}
		i++;
	}
}

bool jw_pre_slow(struct jw *w, const char *key)
{
	bool in_obj = w->depth > 0 && !(w->arrays >> (w->depth - 1) & 1);

	if (w->err || !key != !in_obj || (w->depth == 0 && w->comma)) {
		jw_fail(w);
		return false;
	}
	if (w->comma)
		jw_mem(w, ",", 1);
	if (key) {
		jw_put_str(w, key, strlen(key));
		jw_mem(w, ":", 1);
	}
	w->comma = true;
	return !w->err;
}

static void jw_open(struct jw *w, const char *key, bool array)
{
	if (!key && w->depth > 0 && (w->arrays >> (w->depth - 1) & 1) &&
	    !w->err) {          /* an array's element: no key to check */
		if (w->comma)
			jw_mem(w, ",", 1);
		w->comma = true;
	} else if (!jw_pre(w, key)) {
		return;
	}
	if (w->depth >= JW_DEPTH) {
		jw_fail(w);
		return;
	}
	if (array)
		w->arrays |= 1ull << w->depth;
	else
		w->arrays &= ~(1ull << w->depth);
	w->depth++;
	w->comma = false;
	jw_mem(w, array ? "[" : "{", 1);
	if (!w->err)
		w->keyed = array ? w->buf : w->end;
}

static void jw_close(struct jw *w, bool array)
{
	if (w->err || w->depth == 0 ||
	    !(w->arrays >> (w->depth - 1) & 1) != !array) {
		jw_fail(w);
		return;
	}
	w->depth--;
	w->comma = true;
	jw_mem(w, array ? "]" : "}", 1);
	if (!w->err)
		w->keyed = w->depth && !(w->arrays >> (w->depth - 1) & 1) ?
			   w->end : w->buf;
}

void jw_obj_begin(struct jw *w, const char *key)
{
	jw_open(w, key, false);
}

void jw_obj_end(struct jw *w)
{
	jw_close(w, false);
}

void jw_arr_begin(struct jw *w, const char *key)
{
	jw_open(w, key, true);
}

void jw_arr_end(struct jw *w)
{
	jw_close(w, true);
}

/* Any byte of x that a string cannot carry as it is (jw_special, eight
 * at a time: the classic "has a byte less than n" tests). */
static inline bool jw_special8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
	uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');

	return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
		((b - ones) & ~b) | x) & high;
}

void jw_put_str(struct jw *w, const char *s, size_t n)
{
	char *p = w->p;
	uint64_t x;
	size_t i;

	/* Fast path: a short plain string (addresses, names), checked and
	 * copied 8 bytes at a time, the last 8 overlapping. */
	if (n >= 8 && n <= 64 && !w->err && (size_t)(w->end - p) >= n + 2) {
		for (i = 0; i + 8 < n; i += 8) {
			memcpy(&x, s + i, 8);
			if (jw_special8(x))
				goto slow;
			memcpy(p + 1 + i, &x, 8);
		}
		memcpy(&x, s + n - 8, 8);
		if (jw_special8(x))
			goto slow;
		memcpy(p + 1 + n - 8, &x, 8);
		p[0] = '"';
		p[n + 1] = '"';
		w->p = p + n + 2;
		return;
	}
slow:
	jw_mem(w, "\"", 1);
	jw_esc(w, s, n);
	jw_mem(w, "\"", 1);
}

void jw_put_zstr(struct jw *w, const char *s)
{
	jw_put_str(w, s, strlen(s));
}

static const char jw_d2[] =
	"0001020304050607080910111213141516171819"
	"2021222324252627282930313233343536373839"
	"4041424344454647484950515253545556575859"
	"6061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void jw_put_uint(struct jw *w, unsigned long long v)
{
	char *p = w->p;
	unsigned long long t;
	size_t n;

	n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 :
	    v < 100000 ? 5 : 6;
	for (t = v / 1000000; t; t /= 10)
		n++;
	if (!jw_room(w, n))
		return;
	w->p = p + n;
	while (v >= 100) {      /* two digits at a time, last first */
		size_t d = (size_t)(v % 100) * 2;

		v /= 100;
		p[--n] = jw_d2[d + 1];
		p[--n] = jw_d2[d];
	}
	if (v >= 10) {
		p[1] = jw_d2[v * 2 + 1];
		p[0] = jw_d2[v * 2];
	} else {
		p[0] = (char)('0' + v);
	}
}

void jw_int(struct jw *w, const char *key, long long v)
{
	if (!jw_pre(w, key))
		return;
	if (v < 0)
		jw_mem(w, "-", 1);
	/* the magnitude in unsigned arithmetic: -LLONG_MIN overflows */
	jw_put_uint(w, v < 0 ? 0ull - (unsigned long long)v :
			       (unsigned long long)v);
}

void jw_null(struct jw *w, const char *key)
{
	if (jw_pre(w, key))
		jw_mem(w, "null", 4);
}
