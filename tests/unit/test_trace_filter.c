/* test_trace_filter - the seccomp filter: names from libseccomp, the BPF
 * program it exports, and what it does to a process without a tracer. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovtsh/trace.h"
#include "t.h"

static int bad(const char *list, const char *msg)
{
	struct trace_filter f;
	struct ovt_err e = { 0 };
	int r = trace_filter_parse(&f, list, &e);

	if (r != -EINVAL || strcmp(e.msg, msg)) {
		fprintf(stderr, "'%s': %d '%s'\n", list, r, e.msg);
		return 0;
	}
	return 1;
}

int main(void)
{
	struct trace_filter f;
	struct ovt_err e = { 0 };
	struct sock_filter prog[512];
	void *ctx = NULL;
	bool has_trace = false, has_read = false, has_psel = false;
	int fd, status, r;
	ssize_t n;
	pid_t pid;

	T_INTEQ(trace_filter_parse(&f, "read,pselect6", &e), 0);
	T_INTEQ(f.n, 2);
	T_INTEQ(f.nrs[0], seccomp_syscall_resolve_name("read"));
	T_INTEQ(f.nrs[1], seccomp_syscall_resolve_name("pselect6"));

	T_CHECK(bad("read,nosuchcall", "unknown syscall 'nosuchcall'"));
	T_CHECK(bad("", "empty syscall list"));
	T_CHECK(bad("read,", "bad syscall list 'read,'"));
	T_CHECK(bad(",read", "bad syscall list ',read'"));
	T_CHECK(bad("read,,close", "bad syscall list 'read,,close'"));

	/* The exported program: non-empty, whole instructions, returning
	 * SECCOMP_RET_TRACE and comparing against both numbers. */
	T_INTEQ(trace_filter_build(&f, &ctx, &e), 0);
	fd = memfd_create("bpf", 0);
	T_CHECK(fd >= 0);
	T_INTEQ(trace_filter_export(ctx, fd, &e), 0);
	n = pread(fd, prog, sizeof(prog), 0);
	close(fd);
	T_CHECK(n > 0 && n % (ssize_t)sizeof(prog[0]) == 0);
	for (ssize_t i = 0; i < n / (ssize_t)sizeof(prog[0]); i++) {
		if (BPF_CLASS(prog[i].code) == BPF_RET &&
		    (prog[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE)
			has_trace = true;
		if (BPF_CLASS(prog[i].code) == BPF_JMP &&
		    prog[i].k == (unsigned)f.nrs[0])
			has_read = true;
		if (BPF_CLASS(prog[i].code) == BPF_JMP &&
		    prog[i].k == (unsigned)f.nrs[1])
			has_psel = true;
	}
	T_CHECK(has_trace);
	T_CHECK(has_read);
	T_CHECK(has_psel);
	trace_filter_release(ctx);

	/* Loaded without a tracer: the listed syscall fails with ENOSYS
	 * (why the tracer uses EXITKILL), the others run. */
	T_INTEQ(trace_filter_parse(&f, "getppid", &e), 0);
	T_INTEQ(trace_filter_build(&f, &ctx, &e), 0);
	pid = fork();
	if (pid == 0) {
		if (trace_filter_load(ctx) < 0)
			_exit(10);
		r = (int)syscall(SYS_getppid);
		if (r != -1 || errno != ENOSYS)
			_exit(11);
		if (syscall(SYS_getpid) != getpid())
			_exit(12);
		_exit(0);
	}
	T_CHECK(pid > 0);
	T_CHECK(waitpid(pid, &status, 0) == pid);
	T_CHECK(WIFEXITED(status));
	T_INTEQ(WEXITSTATUS(status), 0);
	trace_filter_release(ctx);
	T_DONE();
}
