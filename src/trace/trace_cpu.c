/* trace_cpu.c - where the tracer and its tracees run.
 *
 * A syscall stop is a ping-pong: the tracee stops, the tracer wakes, reads
 * and resumes it, then sleeps again; only one of the two ever runs.  On
 * one CPU that costs two context switches.  On two CPUs every stop is a
 * cross-CPU wake-up each way, and on a virtual machine an IPI into an idle
 * vCPU is a VM exit.  On this 2-vCPU machine strace -f -c spends 67-88 us
 * per getppid left to the scheduler and 5.5 us pinned to one CPU
 * (tests/bench/trace_overhead.sh, part 2).  strace leaves placement to
 * the scheduler; ovtsh pins itself for the run, and the tracee inherits
 * the mask at fork. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "ovtsh/trace.h"

static int cpu_allowed(cpu_set_t *set, struct ovt_err *e)
{
	CPU_ZERO(set);
	if (sched_getaffinity(0, sizeof(*set), set) < 0)
		return ovt_err_set(e, errno, "sched_getaffinity: %s",
				   strerror(errno));
	return 0;
}

size_t trace_cpu_list(const cpu_set_t *set, char *buf, size_t len)
{
	size_t n = 0;

	if (len)
		buf[0] = '\0';
	for (int i = 0; i < CPU_SETSIZE; i++) {
		int j = i;

		if (!CPU_ISSET(i, set))
			continue;
		while (j + 1 < CPU_SETSIZE && CPU_ISSET(j + 1, set))
			j++;
		n += (size_t)snprintf(buf + (n < len ? n : len),
				      n < len ? len - n : 0,
				      j > i ? "%s%d-%d" : "%s%d",
				      n ? "," : "", i, j);
		i = j;
	}
	return n;
}

/* want (a CPU, TRACE_CPU_AUTO or TRACE_CPU_ANY) against the mask set. */
static int cpu_resolve(const cpu_set_t *set, int want, int *cpu,
		       struct ovt_err *e)
{
	char list[256];

	*cpu = TRACE_CPU_ANY;
	if (want == TRACE_CPU_ANY)
		return 0;
	if (want >= 0) {
		if (want < CPU_SETSIZE && CPU_ISSET(want, set)) {
			*cpu = want;
			return 0;
		}
		trace_cpu_list(set, list, sizeof(list));
		return ovt_err_set(e, EINVAL, "CPU %d is not available: ovtsh "
				   "may use CPU%s %s", want,
				   CPU_COUNT(set) > 1 ? "s" : "", list);
	}
	/* Auto: the CPU the scheduler has put ovtsh on is as good as any,
	 * and it is one ovtsh is allowed on (unless it moved meanwhile). */
	want = sched_getcpu();
	if (want < 0 || want >= CPU_SETSIZE || !CPU_ISSET(want, set))
		for (want = 0; want < CPU_SETSIZE - 1 && !CPU_ISSET(want, set);
		     want++)
			;
	*cpu = want;
	return 0;
}

int trace_cpu_pick(int want, int *cpu, struct ovt_err *e)
{
	cpu_set_t set;
	int ret;

	*cpu = TRACE_CPU_ANY;
	if (want == TRACE_CPU_ANY)
		return 0;
	ret = cpu_allowed(&set, e);
	return ret < 0 ? ret : cpu_resolve(&set, want, cpu, e);
}

int trace_cpu_pin(int want, int *cpu, cpu_set_t *saved, struct ovt_err *e)
{
	cpu_set_t one;
	int ret;

	*cpu = TRACE_CPU_ANY;
	ret = cpu_allowed(saved, e);
	if (ret == 0)
		ret = cpu_resolve(saved, want, cpu, e);
	if (ret < 0 || *cpu < 0)
		return ret;
	CPU_ZERO(&one);
	CPU_SET(*cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) < 0) {
		ret = ovt_err_set(e, errno, "cannot run on CPU %d: %s", *cpu,
				  strerror(errno));
		*cpu = TRACE_CPU_ANY;
	}
	return ret;
}
