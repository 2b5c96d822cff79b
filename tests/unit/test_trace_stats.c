/* test_trace_stats - the tracer's per-syscall counters and rows. */
#include <seccomp.h>
#include <stdlib.h>

#include "ovtsh/trace.h"
#include "t.h"

int main(void)
{
	static struct trace_stats s;
	struct trace_row rows[TRACE_NSYS];
	struct trace_sc tot;
	uint64_t calls, bytes, shorts, errs;
	int nr_read = seccomp_syscall_resolve_name("read");
	int nr_recv = seccomp_syscall_resolve_name("recvfrom");
	int nr_ppid = seccomp_syscall_resolve_name("getppid");
	int nr_close = seccomp_syscall_resolve_name("close");
	char name[32];
	double pct = 0;
	int n;

	T_CHECK(nr_read >= 0 && nr_recv >= 0 && nr_ppid >= 0 && nr_close >= 0);
	trace_stats_init(&s);
	T_INTEQ(trace_stats_rows(&s, rows, TRACE_NSYS), 0);

	/* read: 3 calls, one error, one short read of 100 out of 1600 */
	trace_stats_add(&s, nr_read, 1600, 2000, 1600);
	trace_stats_add(&s, nr_read, 100, 5000, 1600);
	trace_stats_add(&s, nr_read, -11, 1000, 1600);      /* EAGAIN */
	/* recvfrom: counted in the read family */
	trace_stats_add(&s, nr_recv, 500, 3000, 500);
	/* getppid: cheap, many */
	for (int i = 0; i < 1000; i++)
		trace_stats_add(&s, nr_ppid, 42, 1, 0);
	/* close(-1): EBADF; -4096 is not an error value */
	for (int i = 0; i < 10; i++)
		trace_stats_add(&s, nr_close, -9, 10, 0);
	trace_stats_add(&s, 100000, 0, 10, 0);              /* out of range */
	trace_stats_add(&s, -1, 0, 10, 0);

	T_INTEQ(s.sc[nr_read].calls, 3);
	T_INTEQ(s.sc[nr_read].errors, 1);
	T_INTEQ(s.sc[nr_read].total_ns, 8000);
	T_INTEQ(s.sc[nr_read].min_ns, 1000);
	T_INTEQ(s.sc[nr_read].max_ns, 5000);
	T_INTEQ(s.sc[nr_read].bytes, 1700);
	T_INTEQ(s.sc[nr_read].short_reads, 1);
	T_INTEQ(s.sc[nr_ppid].calls, 1000);
	T_INTEQ(s.sc[nr_ppid].bytes, 0);          /* not a read */
	T_INTEQ(s.sc[nr_close].errors, 10);
	T_INTEQ(s.other, 2);

	trace_stats_reads(&s, &calls, &bytes, &shorts, &errs);
	T_INTEQ(calls, 4);
	T_INTEQ(bytes, 2200);
	T_INTEQ(shorts, 1);
	T_INTEQ(errs, 1);

	trace_stats_total(&s, &tot);
	T_INTEQ(tot.calls, 1014);
	T_INTEQ(tot.errors, 11);
	T_INTEQ(tot.total_ns, 8000 + 3000 + 1000 + 100);
	T_INTEQ(tot.min_ns, 1);
	T_INTEQ(tot.max_ns, 5000);

	n = trace_stats_rows(&s, rows, TRACE_NSYS);
	T_INTEQ(n, 4);
	T_STREQ(rows[0].name, "read");         /* most time first */
	T_STREQ(rows[1].name, "recvfrom");
	T_STREQ(rows[2].name, "getppid");
	T_STREQ(rows[3].name, "close");
	for (int i = 0; i < n; i++)
		pct += rows[i].pct;
	T_CHECK(pct > 99.99 && pct < 100.01);
	T_INTEQ(trace_stats_rows(&s, rows, 2), 2);  /* bounded by max */

	T_CHECK(trace_sc_is_read(nr_read));
	T_CHECK(trace_sc_is_read(seccomp_syscall_resolve_name("recvmsg")));
	T_CHECK(!trace_sc_is_read(nr_ppid));
	T_STREQ(trace_sc_name(nr_ppid, name, sizeof(name)), "getppid");
	T_STREQ(trace_sc_name(-5, name, sizeof(name)), "syscall_-5");
	T_STREQ(trace_sc_name(4000, name, sizeof(name)), "syscall_4000");

	/* min is the first value, not 0, after init */
	trace_stats_init(&s);
	trace_stats_add(&s, nr_read, 1, 777, 0);
	T_INTEQ(s.sc[nr_read].min_ns, 777);
	T_INTEQ(s.sc[nr_read].short_reads, 0);  /* req unknown: not short */
	T_DONE();
}
