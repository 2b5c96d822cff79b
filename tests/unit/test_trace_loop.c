/* test_trace_loop - the tracer on a real tracee with known counts
 * (tests/helpers/sc_counts: N getppid and 10 failing close(-1) per worker;
 * here 2 threads and 1 forked child beside main, so 4 workers), with and
 * without the seccomp filter, and the deadline; then the same under the
 * eBPF method (as root; unprivileged, its refusal and auto's fallback). */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/trace.h"
#include "t.h"

static struct trace_stats st;
static enum trace_method method;     /* of the runs below */

static int run(const char *list, char **argv, unsigned deadline,
	       struct trace_run *r)
{
	static struct trace_filter f;
	struct trace_spec spec = { .argv = argv, .netns_fd = -1,
				   .stdin_fd = -1, .stdout_fd = -1,
				   .stderr_fd = -1, .cpu = TRACE_CPU_AUTO,
				   .method = method };
	struct trace_hooks h = { .deadline_s = deadline };
	struct ovt_err e = { 0 };
	int ret;

	memset(&f, 0, sizeof(f));
	if (list && trace_filter_parse(&f, list, &e) < 0)
		return -EINVAL;
	spec.filter = &f;
	*r = (struct trace_run){ .spec = &spec, .stats = &st };
	ret = trace_run(r, &h, &e);
	if (ret < 0)
		fprintf(stderr, "trace_run: %s\n", e.msg);
	r->spec = NULL;
	return ret;
}

int main(void)
{
	const char *b = getenv("OVTSH_BUILD");
	char helper[512];
	char *argv[] = { helper, "1000", "2", "1", NULL };
	char *slp[] = { "sleep", "5", NULL };
	char *none[] = { "/nonexistent/prog", NULL };
	int ppid = seccomp_syscall_resolve_name("getppid");
	int cls = seccomp_syscall_resolve_name("close");
	struct trace_row rows[TRACE_NSYS];
	struct trace_run r;
	cpu_set_t mine, now;
	time_t t0;
	int n;

	snprintf(helper, sizeof(helper), "%s/tests/helpers/sc_counts",
		 b ? b : "build");
	if (access(helper, X_OK) < 0) {
		printf("skipped: %s not built\n", helper);
		return 77;
	}

	T_INTEQ(sched_getaffinity(0, sizeof(mine), &mine), 0);
	T_INTEQ(run(NULL, argv, 0, &r), 0);
	T_INTEQ(r.exit_status, 3);
	T_CHECK(!r.interrupted && !r.timed_out);
	/* it ran pinned to one of our CPUs, and our mask is back */
	T_CHECK(r.cpu >= 0 && CPU_ISSET(r.cpu, &mine));
	T_INTEQ(sched_getaffinity(0, sizeof(now), &now), 0);
	T_CHECK(CPU_EQUAL(&now, &mine));
	T_INTEQ(st.sc[ppid].calls, 4000);
	T_INTEQ(st.sc[ppid].errors, 0);
	T_INTEQ(st.sc[cls].errors, 40);
	T_CHECK(st.sc[cls].calls >= 40);         /* + the loader's */
	T_CHECK(st.sc[ppid].min_ns <= st.sc[ppid].max_ns);
	T_CHECK(st.sc[ppid].total_ns >= st.sc[ppid].max_ns);
	n = trace_stats_rows(&st, rows, TRACE_NSYS);
	T_CHECK(n > 5);                          /* execve, mmap, clone... */

	T_INTEQ(run("getppid,close", argv, 0, &r), 0);
	T_INTEQ(r.exit_status, 3);
	T_INTEQ(st.sc[ppid].calls, 4000);
	T_INTEQ(st.sc[cls].errors, 40);
	n = trace_stats_rows(&st, rows, TRACE_NSYS);
	T_INTEQ(n, 2);                           /* nothing else stops */

	t0 = time(NULL);
	T_INTEQ(run("nanosleep,clock_nanosleep", slp, 1, &r), 0);
	T_CHECK(r.timed_out);
	T_INTEQ(r.exit_status, 128 + 9);
	T_CHECK(time(NULL) - t0 < 4);

	T_INTEQ(run(NULL, none, 0, &r), -ENOENT);

	T_STREQ(trace_method_name(TRACE_M_EBPF), "ebpf");
	T_INTEQ(trace_method_resolve(TRACE_M_PTRACE, NULL, 0), TRACE_M_PTRACE);
	if (geteuid() != 0) {
		char why[256];

		method = TRACE_M_EBPF;
		T_CHECK(run(NULL, argv, 0, &r) < 0);
		T_INTEQ(trace_method_resolve(TRACE_M_AUTO, why, sizeof(why)),
			TRACE_M_PTRACE);
		T_CHECK(strstr(why, "method ebpf: ") == why);
		method = TRACE_M_AUTO;
		T_INTEQ(run(NULL, argv, 0, &r), 0);
		T_CHECK(r.method == TRACE_M_PTRACE && r.fallback[0]);
		T_INTEQ(st.sc[ppid].calls, 4000);
		T_DONE();
	}
	/* eBPF: the same exact counts; nothing pinned by default */
	method = TRACE_M_EBPF;
	T_INTEQ(run(NULL, argv, 0, &r), 0);
	T_INTEQ(r.method, TRACE_M_EBPF);
	T_INTEQ(r.exit_status, 3);
	T_INTEQ(r.cpu, TRACE_CPU_ANY);
	T_INTEQ(r.lost, 0);
	T_INTEQ(st.sc[ppid].calls, 4000);
	T_INTEQ(st.sc[ppid].errors, 0);
	T_INTEQ(st.sc[cls].errors, 40);
	T_CHECK(st.sc[ppid].min_ns <= st.sc[ppid].max_ns);
	T_INTEQ(run("getppid,close", argv, 0, &r), 0);
	T_INTEQ(st.sc[ppid].calls, 4000);
	T_INTEQ(st.sc[cls].errors, 40);
	T_INTEQ(trace_stats_rows(&st, rows, TRACE_NSYS), 2);
	t0 = time(NULL);
	T_INTEQ(run("nanosleep,clock_nanosleep", slp, 1, &r), 0);
	T_CHECK(r.timed_out);
	T_INTEQ(r.exit_status, 128 + 9);
	T_CHECK(time(NULL) - t0 < 4);
	T_INTEQ(run(NULL, none, 0, &r), -ENOENT);
	method = TRACE_M_AUTO;
	T_INTEQ(trace_method_resolve(TRACE_M_AUTO, NULL, 0), TRACE_M_EBPF);
	T_INTEQ(run("getppid", argv, 0, &r), 0);
	T_CHECK(r.method == TRACE_M_EBPF && !r.fallback[0]);
	T_INTEQ(st.sc[ppid].calls, 4000);
	T_DONE();
}
