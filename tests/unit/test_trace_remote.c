/* test_trace_remote - a summary crosses from one ovtsh to another: what
 * "trace exec ... json" prints (trace_print_*) reads back (trace_remote_read)
 * into the same counters, to the nanosecond; the command line for the
 * other ovtsh; its error lines. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/out.h"
#include "ovtsh/trace.h"
#include "t.h"

/* trace exec's JSON document for s, as cmd_trace_exec prints it */
static char *summary(const struct trace_stats *s, enum trace_method m,
		     const char *note, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	struct out *o = out_new(fp, true);

	out_obj_begin(o, NULL);
	trace_print_method(o, m, note);
	trace_print_stats(o, s);
	trace_print_reads(o, s);
	trace_print_lost(o, 3);
	out_int(o, "exit_status", NULL, 7);
	out_obj_end(o);
	out_free(o);
	fclose(fp);
	return buf;
}

int main(void)
{
	static struct trace_stats s, back;
	struct trace_run r = { .stats = &back };
	struct ovt_err e = { 0 };
	int nr_read = seccomp_syscall_resolve_name("read");
	int nr_recv = seccomp_syscall_resolve_name("recvfrom");
	int nr_close = seccomp_syscall_resolve_name("close");
	char *argv[] = { "iperf3", "-s", "-1", "-p", "5201", NULL };
	char *bad[] = { "echo", "a b", NULL };
	struct trace_filter f = { .n = 2, .nrs = { nr_read, nr_close } };
	struct trace_spec spec = { .argv = argv, .method = TRACE_M_EBPF,
				   .filter = &f };
	char line[256], msg[64];
	size_t len;
	char *js;

	trace_stats_init(&s);
	trace_stats_add(&s, nr_read, 1000, 123456789, 1000);
	trace_stats_add(&s, nr_read, 10, 1001, 1000);        /* short */
	trace_stats_add(&s, nr_read, -11, 7, 1000);          /* EAGAIN */
	trace_stats_add(&s, nr_recv, 500, 3, 500);
	trace_stats_add(&s, nr_close, -9, 999999999999ULL, 0);

	/* the round trip: every counter, to the nanosecond */
	js = summary(&s, TRACE_M_PTRACE, "method ebpf: no BTF", &len);
	T_INTEQ(trace_remote_read(js, len, &r, &e), 0);
	T_CHECK(r.method == TRACE_M_PTRACE);
	T_STREQ(r.fallback, "method ebpf: no BTF");
	T_INTEQ(r.exit_status, 7);
	T_CHECK(r.lost == 3);
	for (int nr = 0; nr < TRACE_NSYS; nr++) {
		const struct trace_sc *a = &s.sc[nr], *b = &back.sc[nr];

		T_CHECK(a->calls == b->calls && a->errors == b->errors &&
			a->total_ns == b->total_ns && a->min_ns == b->min_ns &&
			a->max_ns == b->max_ns && a->bytes == b->bytes &&
			a->short_reads == b->short_reads);
	}
	T_CHECK(back.sc[nr_read].bytes == 1010 &&
		back.sc[nr_read].short_reads == 1);
	free(js);

	/* ebpf with no note: the method, a null note */
	js = summary(&s, TRACE_M_EBPF, NULL, &len);
	T_INTEQ(trace_remote_read(js, len, &r, &e), 0);
	T_CHECK(r.method == TRACE_M_EBPF);
	T_STREQ(r.fallback, "");
	free(js);

	/* no summary, or a syscall this side does not know */
	T_INTEQ(trace_remote_read("% error", 7, &r, &e), -EBADMSG);
	T_INTEQ(trace_remote_read(NULL, 0, &r, &e), -EBADMSG);
	js = "{\"method\":\"ptrace\",\"syscalls\":[{\"name\":\"nosuch\","
	     "\"calls\":1}]}";
	T_INTEQ(trace_remote_read(js, strlen(js), &r, &e), -EBADMSG);
	T_CHECK(strstr(e.msg, "'nosuch'") != NULL);

	/* the other ovtsh's command line */
	T_INTEQ(trace_remote_line(&spec, line, sizeof(line), &e), 0);
	T_STREQ(line, "trace exec method ebpf syscalls read,close json "
		"iperf3 -s -1 -p 5201");
	spec.filter = NULL;
	spec.method = TRACE_M_AUTO;
	T_INTEQ(trace_remote_line(&spec, line, sizeof(line), &e), 0);
	T_STREQ(line, "trace exec method auto json iperf3 -s -1 -p 5201");
	T_INTEQ(trace_remote_line(&spec, line, 20, &e), -E2BIG);
	spec.argv = bad;
	T_INTEQ(trace_remote_line(&spec, line, sizeof(line), &e), -EINVAL);
	T_CHECK(strstr(e.msg, "'a b'") != NULL);

	/* its errors: the last line that says something, without "-c:N:C: " */
	trace_remote_errline("note\n-c:1:5: unknown syscall 'x'\n\n", msg,
			     sizeof(msg));
	T_STREQ(msg, "unknown syscall 'x'");
	trace_remote_errline("-c:2: exec failed", msg, sizeof(msg));
	T_STREQ(msg, "exec failed");
	trace_remote_errline("plain words", msg, sizeof(msg));
	T_STREQ(msg, "plain words");
	trace_remote_errline(NULL, msg, sizeof(msg));
	T_STREQ(msg, "");
	trace_remote_errline("0123456789", msg, 5);
	T_STREQ(msg, "0123");
	T_DONE();
}
