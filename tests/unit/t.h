/* t.h - the unit tests' few macros.  A test binary exits 0 when every
 * check held, 1 otherwise, and 77 to skip (with the reason printed). */
#ifndef OVTSH_T_H
#define OVTSH_T_H

#include <stdio.h>
#include <string.h>

static int t_failed, t_checked;

#define T_CHECK(cond) do {                                              \
	t_checked++;                                                    \
	if (!(cond)) {                                                  \
		t_failed++;                                             \
		fprintf(stderr, "%s:%d: check failed: %s\n",            \
			__FILE__, __LINE__, #cond);                     \
	}                                                               \
} while (0)

#define T_STREQ(a, b) do {                                              \
	const char *t_a_ = (a), *t_b_ = (b);                            \
	t_checked++;                                                    \
	if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_)) {                     \
		t_failed++;                                             \
		fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n", __FILE__,  \
			__LINE__, t_a_ ? t_a_ : "(null)",               \
			t_b_ ? t_b_ : "(null)");                        \
	}                                                               \
} while (0)

#define T_INTEQ(a, b) do {                                              \
	long long t_a_ = (long long)(a), t_b_ = (long long)(b);         \
	t_checked++;                                                    \
	if (t_a_ != t_b_) {                                             \
		t_failed++;                                             \
		fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n",   \
			__FILE__, __LINE__, #a, t_a_, t_b_);            \
	}                                                               \
} while (0)

#define T_DONE() do {                                                   \
	printf("%d checks, %d failed\n", t_checked, t_failed);          \
	return t_failed ? 1 : 0;                                        \
} while (0)

#endif
