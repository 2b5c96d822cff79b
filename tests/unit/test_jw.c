/* test_jw.c - the streaming JSON writer: its text byte for byte as jansson
 * dumps the same values (every ASCII byte, valid UTF-8, numbers), invalid
 * UTF-8 as \uFFFD, random bytes always parsing, misuse and a short buffer
 * stopping it without a byte past the end. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ovtsh/jw.h"
#include "t.h"

static char out[4096];

/* s[0..n) as a root string, NUL-terminated in out; NULL when not ok. */
static const char *str_of(const char *s, size_t n)
{
	struct jw w;

	jw_init(&w, out, sizeof(out) - 1);
	jw_strn(&w, NULL, s, n);
	if (!jw_ok(&w))
		return NULL;
	out[jw_len(&w)] = 0;
	return out;
}

/* jansson's compact dump of the same string, or NULL (invalid UTF-8). */
static char *jansson_of(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	char *d;

	if (!j)
		return NULL;
	d = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	return d;
}

/* Parses back to exactly the n bytes s (false if not JSON). */
static bool parses_to(const char *text, const char *s, size_t n)
{
	json_t *j = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	bool ok = j && json_is_string(j) && json_string_length(j) == n &&
		  !memcmp(json_string_value(j), s, n);

	json_decref(j);
	return ok;
}

static void test_ascii(void)
{
	int c, bad = 0;

	/* every byte 0..127 alone and inside plain text, as jansson */
	for (c = 0; c < 128; c++) {
		char s[24], *want;
		size_t n;

		for (n = 1; n <= 20; n += 19) {
			memset(s, 'a', n);
			s[n / 2] = (char)c;
			want = jansson_of(s, n);
			if (!want || !str_of(s, n) || strcmp(out, want) ||
			    !parses_to(out, s, n)) {
				fprintf(stderr, "byte 0x%02x (len %zu): %s\n",
					c, n, str_of(s, n) ? out : "(none)");
				bad++;
			}
			free(want);
		}
	}
	T_INTEQ(bad, 0);
	T_STREQ(str_of("\x01\x1f\"\\/\b\f\n\r\t\x7f", 11),
		"\"\\u0001\\u001F\\\"\\\\/\\b\\f\\n\\r\\t\x7f\"");
	T_STREQ(str_of("a\0b", 3), "\"a\\u0000b\"");
}

static void test_utf8(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		/* valid: through unchanged */
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
		{ "\xe2\x82\xac 5", "\"\xe2\x82\xac 5\"" },
		{ "\xf0\x9d\x84\x9e", "\"\xf0\x9d\x84\x9e\"" },
		{ "\xef\xbf\xbf\xf4\x8f\xbf\xbf", "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\"" },
		/* invalid: each byte U+FFFD */
		{ "eth\xff" "0", "\"eth\\uFFFD0\"" },
		{ "\xc0\xaf", "\"\\uFFFD\\uFFFD\"" },            /* overlong */
		{ "\xe0\x80\xaf", "\"\\uFFFD\\uFFFD\\uFFFD\"" },
		{ "\xed\xa0\x80", "\"\\uFFFD\\uFFFD\\uFFFD\"" }, /* surrogate */
		{ "\xf4\x90\x80\x80", "\"\\uFFFD\\uFFFD\\uFFFD\\uFFFD\"" },
		{ "\xe2\x82", "\"\\uFFFD\\uFFFD\"" },            /* cut short */
		{ "\x80z", "\"\\uFFFDz\"" },
		{ "\xc3\xa9\xc3", "\"\xc3\xa9\\uFFFD\"" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *j = jansson_of(cases[i].in, strlen(cases[i].in));
		json_t *back;

		T_STREQ(str_of(cases[i].in, strlen(cases[i].in)),
			cases[i].want);
		/* jansson takes exactly the valid ones, and reads ours */
		T_CHECK(!j == !!strstr(cases[i].want, "FFFD"));
		back = json_loads(out, JSON_DECODE_ANY, NULL);
		T_CHECK(back != NULL);
		json_decref(back);
		if (j)
			T_STREQ(out, j);
		free(j);
	}
}

/* Random bytes (mostly ASCII, some control and high bytes), lengths over
 * the 8-byte fast path's edges: always JSON; where jansson takes the
 * input (valid UTF-8), the same bytes as jansson and the same string
 * back. */
static void test_random(void)
{
	uint32_t x = 12345;
	int i, bad = 0, valid = 0;

	for (i = 0; i < 50000; i++) {
		char s[80], *want;
		size_t n, k;
		json_t *j;

		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		n = x % sizeof(s);
		for (k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			s[k] = (char)(x % 16 ? 0x20 + x % 0x5f :
				      x % 3 ? x >> 8 : x % 32);
		}
		want = jansson_of(s, n);
		if (!str_of(s, n)) {
			bad++;
			free(want);
			continue;
		}
		j = json_loads(out, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		if (!j || (want && (strcmp(out, want) ||
				    !parses_to(out, s, n))))
			bad++;
		valid += !!want;
		json_decref(j);
		free(want);
	}
	T_INTEQ(bad, 0);
	T_CHECK(valid > 5000 && valid < 45000);     /* both kinds seen */
}

static void doc(struct jw *w)
{
	jw_obj_begin(w, NULL);
	jw_uint(w, "n", 0);
	jw_uint(w, "big", ULLONG_MAX);
	jw_int(w, "neg", LLONG_MIN);
	jw_int(w, "m1", -1);
	jw_str(w, "s", "x");
	jw_str(w, "k\"ey", NULL);              /* an escaped key, null */
	jw_arr_begin(w, "a");
	jw_uint(w, NULL, 10);
	jw_bool(w, NULL, false);
	jw_obj_begin(w, NULL);
	jw_obj_end(w);
	jw_arr_begin(w, NULL);
	jw_arr_end(w);
	jw_null(w, NULL);
	jw_arr_end(w);
	jw_bool(w, "t", true);
	jw_uint(w, "a_key_longer_than_16", 99);
	jw_obj_end(w);
}

static const char doc_text[] =
	"{\"n\":0,\"big\":18446744073709551615,\"neg\":-9223372036854775808,"
	"\"m1\":-1,\"s\":\"x\",\"k\\\"ey\":null,\"a\":[10,false,{},[],null],"
	"\"t\":true,\"a_key_longer_than_16\":99}";

static void test_doc(void)
{
	char buf[256];
	struct jw w;
	size_t size;
	int bad = 0;

	jw_init(&w, buf, sizeof(buf));
	doc(&w);
	T_CHECK(jw_ok(&w));
	T_INTEQ(jw_len(&w), strlen(doc_text));
	buf[jw_len(&w)] = 0;
	T_STREQ(buf, doc_text);
	/* every shorter buffer: stopped, and not one byte past its end */
	for (size = 0; size < strlen(doc_text); size++) {
		memset(buf, '#', sizeof(buf));
		jw_init(&w, buf, size);
		doc(&w);
		if (jw_ok(&w) || jw_len(&w) > size || buf[size] != '#')
			bad++;
	}
	T_INTEQ(bad, 0);
}

static void test_misuse(void)
{
	char buf[64];
	struct jw w;

	jw_init(&w, buf, sizeof(buf));         /* a key in an array */
	jw_arr_begin(&w, NULL);
	jw_uint(&w, "k", 1);
	jw_arr_end(&w);
	T_CHECK(!jw_ok(&w));
	jw_init(&w, buf, sizeof(buf));         /* no key in an object */
	jw_obj_begin(&w, NULL);
	jw_uint(&w, NULL, 1);
	jw_obj_end(&w);
	T_CHECK(!jw_ok(&w));
	jw_init(&w, buf, sizeof(buf));         /* unclosed */
	jw_obj_begin(&w, NULL);
	T_CHECK(!jw_ok(&w));
	jw_init(&w, buf, sizeof(buf));         /* closed with the other */
	jw_obj_begin(&w, NULL);
	jw_arr_end(&w);
	T_CHECK(!jw_ok(&w));
	jw_init(&w, buf, sizeof(buf));         /* two roots */
	jw_uint(&w, NULL, 1);
	T_CHECK(jw_ok(&w));
	jw_uint(&w, NULL, 2);
	T_CHECK(!jw_ok(&w));
	T_INTEQ(jw_len(&w), 1);
	jw_init(&w, buf, sizeof(buf));         /* nothing written */
	T_CHECK(!jw_ok(&w));
}

int main(void)
{
	test_ascii();
	test_utf8();
	test_random();
	test_doc();
	test_misuse();
	T_DONE();
}
