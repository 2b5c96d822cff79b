/* test_trace_cpu - placement of the tracer (src/trace/trace_cpu.c): CPU
 * lists, the choice of a CPU against this process's real affinity, and
 * pinning that can be undone. */
#include <errno.h>
#include <sched.h>

#include "ovtsh/trace.h"
#include "t.h"

static void set_of(cpu_set_t *s, const int *cpus, int n)
{
	CPU_ZERO(s);
	for (int i = 0; i < n; i++)
		CPU_SET(cpus[i], s);
}

static void test_list(void)
{
	static const int a[] = { 0, 1, 2, 3, 6 }, b[] = { 1 },
			 c[] = { 0, 2, 4, 5, 1023 };
	cpu_set_t s;
	char buf[64], tiny[4];

	set_of(&s, a, 5);
	T_INTEQ(trace_cpu_list(&s, buf, sizeof(buf)), 5);
	T_STREQ(buf, "0-3,6");
	set_of(&s, b, 1);
	trace_cpu_list(&s, buf, sizeof(buf));
	T_STREQ(buf, "1");
	set_of(&s, c, 5);
	trace_cpu_list(&s, buf, sizeof(buf));
	T_STREQ(buf, "0,2,4-5,1023");
	/* truncated, still terminated; the length says what was needed */
	T_INTEQ(trace_cpu_list(&s, tiny, sizeof(tiny)), 12);
	T_STREQ(tiny, "0,2");
	CPU_ZERO(&s);
	T_INTEQ(trace_cpu_list(&s, buf, sizeof(buf)), 0);
	T_STREQ(buf, "");
}

static void test_pick_and_pin(void)
{
	cpu_set_t mine, saved, now;
	struct ovt_err e = { 0 };
	int cpu = 42, last = -1;

	T_INTEQ(sched_getaffinity(0, sizeof(mine), &mine), 0);
	for (int i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &mine))
			last = i;

	T_INTEQ(trace_cpu_pick(TRACE_CPU_ANY, &cpu, &e), 0);
	T_INTEQ(cpu, TRACE_CPU_ANY);
	T_INTEQ(trace_cpu_pick(TRACE_CPU_AUTO, &cpu, &e), 0);
	T_CHECK(cpu >= 0 && CPU_ISSET(cpu, &mine));
	T_INTEQ(trace_cpu_pick(last, &cpu, &e), 0);
	T_INTEQ(cpu, last);
	/* one past the last CPU we may use, and one past any cpu_set_t */
	T_INTEQ(trace_cpu_pick(last + 1, &cpu, &e), -EINVAL);
	T_CHECK(strstr(e.msg, "is not available: ovtsh may use CPU") != NULL);
	T_INTEQ(cpu, TRACE_CPU_ANY);
	T_INTEQ(trace_cpu_pick(CPU_SETSIZE, &cpu, &e), -EINVAL);

	/* pin to the last CPU, then undo it */
	T_INTEQ(trace_cpu_pin(last, &cpu, &saved, &e), 0);
	T_INTEQ(cpu, last);
	T_CHECK(CPU_EQUAL(&saved, &mine));
	T_INTEQ(sched_getaffinity(0, sizeof(now), &now), 0);
	T_INTEQ(CPU_COUNT(&now), 1);
	T_CHECK(CPU_ISSET(last, &now));
	T_INTEQ(sched_setaffinity(0, sizeof(saved), &saved), 0);
	/* auto: one of ours */
	T_INTEQ(trace_cpu_pin(TRACE_CPU_AUTO, &cpu, &saved, &e), 0);
	T_CHECK(cpu >= 0 && CPU_ISSET(cpu, &mine));
	T_INTEQ(sched_getaffinity(0, sizeof(now), &now), 0);
	T_INTEQ(CPU_COUNT(&now), 1);
	T_CHECK(CPU_ISSET(cpu, &now));
	T_INTEQ(sched_setaffinity(0, sizeof(saved), &saved), 0);
	/* a CPU we may not use: refused, nothing pinned */
	T_INTEQ(trace_cpu_pin(last + 1, &cpu, &saved, &e), -EINVAL);
	T_INTEQ(cpu, TRACE_CPU_ANY);
	T_INTEQ(sched_getaffinity(0, sizeof(now), &now), 0);
	T_CHECK(CPU_EQUAL(&now, &mine));
	/* any: nothing pinned, saved filled all the same */
	CPU_ZERO(&saved);
	T_INTEQ(trace_cpu_pin(TRACE_CPU_ANY, &cpu, &saved, &e), 0);
	T_INTEQ(cpu, TRACE_CPU_ANY);
	T_CHECK(CPU_EQUAL(&saved, &mine));
	T_INTEQ(sched_getaffinity(0, sizeof(now), &now), 0);
	T_CHECK(CPU_EQUAL(&now, &mine));
}

int main(void)
{
	test_list();
	test_pick_and_pin();
	T_DONE();
}
