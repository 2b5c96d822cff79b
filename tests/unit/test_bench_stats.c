/* test_bench_stats - median and range of repeated runs, the rule that
 * says when an untraced baseline is no valid reference, and the estimate
 * "read calls x length / time", on canned numbers. */
#include <math.h>
#include <seccomp.h>

#include "ovtsh/bench.h"
#include "ovtsh/trace.h"
#include "t.h"

static int near(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

static void spreads(void)
{
	const double odd[] = { 3e9, 1e9, 2e9, 5e9, 4e9 };
	const double even[] = { 4e9, 1e9, 3e9, 2e9 };
	const double one[] = { 7e8 };
	struct bench_spread s;

	bench_spread_of(odd, 5, &s);
	T_INTEQ(s.n, 5);
	T_CHECK(near(s.median, 3e9) && near(s.min, 1e9) && near(s.max, 5e9));
	T_CHECK(near(odd[0], 3e9) && near(odd[1], 1e9));   /* not sorted */
	bench_spread_of(even, 4, &s);
	T_CHECK(near(s.median, 2.5e9) && near(s.min, 1e9) && near(s.max, 4e9));
	bench_spread_of(one, 1, &s);
	T_CHECK(near(s.median, 7e8) && near(s.min, 7e8) && near(s.max, 7e8));
	bench_spread_of(one, 0, &s);
	T_INTEQ(s.n, 0);
	T_CHECK(s.median == 0 && s.min == 0 && s.max == 0);
}

static void validity(void)
{
	/* what a run of the course's lab gave: traced 40-50% of untraced */
	struct bench_spread tr = { .n = 3, .median = 5e8, .min = 4e8,
				   .max = 6e8 };
	struct bench_spread ba = { .n = 3, .median = 1.2e9, .min = 1.0e9,
				   .max = 1.3e9 };
	char why[256];

	T_CHECK(bench_baseline_valid(&tr, &ba, why, sizeof(why)));
	T_STREQ(why, "");
	/* the case: a traced run at 153% of its baseline */
	tr = (struct bench_spread){ .n = 1, .median = 1.53e9, .min = 1.53e9,
				    .max = 1.53e9 };
	ba = (struct bench_spread){ .n = 1, .median = 1e9, .min = 1e9,
				    .max = 1e9 };
	T_CHECK(!bench_baseline_valid(&tr, &ba, why, sizeof(why)));
	T_STREQ(why, "the traced median (1.53 Gbit/s) exceeds the baseline "
		"median (1.00 Gbit/s)");
	/* medians in order, but a swinging baseline overlaps the traced */
	tr = (struct bench_spread){ .n = 3, .median = 8e8, .min = 7e8,
				    .max = 9.5e8 };
	ba = (struct bench_spread){ .n = 3, .median = 1.1e9, .min = 9e8,
				    .max = 1.4e9 };
	T_CHECK(!bench_baseline_valid(&tr, &ba, why, sizeof(why)));
	T_STREQ(why, "the ranges overlap: the fastest traced run (950.00 "
		"Mbit/s) reaches the slowest baseline run (900.00 Mbit/s)");
	/* touching counts as overlap: the two cannot be told apart */
	ba.min = tr.max;
	T_CHECK(!bench_baseline_valid(&tr, &ba, why, sizeof(why)));
	ba.min = tr.max + 1;
	T_CHECK(bench_baseline_valid(&tr, &ba, why, sizeof(why)));
}

static void estimate(void)
{
	static struct trace_stats s;
	struct trace_read_est est;
	int nr_read = seccomp_syscall_resolve_name("read");

	T_CHECK(nr_read >= 0);
	trace_stats_init(&s);
	trace_read_estimate(&s, 1600, 2.0, &est);
	T_CHECK(est.calls == 0 && !est.reliable && est.est_bps == 0);
	/* 1000 whole blocks of 1600 B in 2 s: 6.4 Mbit/s, reliable */
	for (int i = 0; i < 1000; i++)
		trace_stats_add(&s, nr_read, 1600, 1000, 1600);
	trace_read_estimate(&s, 1600, 2.0, &est);
	T_CHECK(est.calls == 1000 && est.bytes == 1600000);
	T_CHECK(near(est.est_bps, 1000.0 * 1600 * 8 / 2.0));
	T_CHECK(near(est.off, 0) && est.reliable);
	/* 100 reads that returned 100 B: calls x length is now 9% high */
	for (int i = 0; i < 100; i++)
		trace_stats_add(&s, nr_read, 100, 1000, 1600);
	trace_read_estimate(&s, 1600, 2.0, &est);
	T_CHECK(est.calls == 1100 && est.short_reads == 100);
	T_CHECK(near(est.est_bytes, 1100.0 * 1600));
	T_CHECK(near(est.off, (1100.0 * 1600 - 1610000) / 1610000));
	T_CHECK(!est.reliable);
	trace_read_estimate(&s, 1600, 0, &est);      /* no time: no rate */
	T_CHECK(est.est_bps == 0);
}

int main(void)
{
	spreads();
	validity();
	estimate();
	T_DONE();
}
