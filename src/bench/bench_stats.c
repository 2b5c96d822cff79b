/* bench_stats.c - median and range of repeated iperf3 runs, and whether
 * an untraced baseline is a valid reference for traced runs. */
#include <stdlib.h>
#include <string.h>

#include "ovtsh/bench.h"

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void bench_spread_of(const double *v, int n, struct bench_spread *s)
{
	double sorted[BENCH_REPEAT_MAX];

	memset(s, 0, sizeof(*s));
	if (n <= 0)
		return;
	if (n > BENCH_REPEAT_MAX)
		n = BENCH_REPEAT_MAX;
	memcpy(sorted, v, (size_t)n * sizeof(*v));
	qsort(sorted, (size_t)n, sizeof(*sorted), dbl_cmp);
	s->n = n;
	s->min = sorted[0];
	s->max = sorted[n - 1];
	s->median = n % 2 ? sorted[n / 2] :
			    (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

bool bench_baseline_valid(const struct bench_spread *traced,
			  const struct bench_spread *base, char *why,
			  size_t len)
{
	char b1[32], b2[32];

	why[0] = '\0';
	if (traced->median > base->median) {
		snprintf(why, len, "the traced median (%s) exceeds the "
			 "baseline median (%s)",
			 bench_fmt_bps(b1, sizeof(b1), traced->median),
			 bench_fmt_bps(b2, sizeof(b2), base->median));
		return false;
	}
	if (traced->max >= base->min) {
		snprintf(why, len, "the ranges overlap: the fastest traced "
			 "run (%s) reaches the slowest baseline run (%s)",
			 bench_fmt_bps(b1, sizeof(b1), traced->max),
			 bench_fmt_bps(b2, sizeof(b2), base->min));
		return false;
	}
	return true;
}
