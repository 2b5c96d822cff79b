/* trace_filter.c - the seccomp-bpf filter that stops the tracee only on the
 * syscalls asked for (strace's --seccomp-bpf, filter_seccomp.c), built with
 * libseccomp: names and numbers come from it, not from a hand-kept table.
 *
 * SECCOMP_RET_TRACE makes a listed syscall fail with ENOSYS when no tracer
 * is attached, which is why the tracee is seized with PTRACE_O_EXITKILL. */
#include <errno.h>
#include <seccomp.h>
#include <string.h>
#include <sys/prctl.h>

#include "ovtsh/trace.h"

int trace_filter_parse(struct trace_filter *f, const char *list,
		       struct ovt_err *e)
{
	char name[64];
	const char *p = list, *end;
	size_t len;
	int nr;

	memset(f, 0, sizeof(*f));
	if (!list || !*list)
		return ovt_err_set(e, EINVAL, "empty syscall list");
	while (*p) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0 || len >= sizeof(name))
			return ovt_err_set(e, EINVAL,
					   "bad syscall list '%s'", list);
		memcpy(name, p, len);
		name[len] = '\0';
		nr = seccomp_syscall_resolve_name(name);
		if (nr < 0)
			return ovt_err_set(e, EINVAL, "unknown syscall '%s'",
					   name);
		if (f->n >= TRACE_FILTER_MAX)
			return ovt_err_set(e, E2BIG,
					   "more than %d syscalls in the list",
					   TRACE_FILTER_MAX);
		f->nrs[f->n++] = nr;
		p = end ? end + 1 : p + len;
		if (end && !*p)
			return ovt_err_set(e, EINVAL,
					   "bad syscall list '%s'", list);
	}
	return 0;
}

int trace_filter_build(const struct trace_filter *f, void **out,
		       struct ovt_err *e)
{
	scmp_filter_ctx ctx;
	int r;

	*out = NULL;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return ovt_err_set(e, ENOMEM, "seccomp_init failed");
	/* Syscalls of another ABI (int 0x80) are let through, not killed. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ALLOW);
	if (r < 0)
		goto out;
	for (int i = 0; i < f->n; i++) {
		r = seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), f->nrs[i], 0);
		if (r < 0)
			goto out;
	}
	*out = ctx;
	return 0;
out:
	seccomp_release(ctx);
	return ovt_err_set(e, -r, "building the seccomp filter: %s",
			   strerror(-r));
}

void trace_filter_release(void *ctx)
{
	if (ctx)
		seccomp_release(ctx);
}

int trace_filter_export(void *ctx, int fd, struct ovt_err *e)
{
	int r = seccomp_export_bpf(ctx, fd);

	if (r < 0)
		return ovt_err_set(e, -r, "exporting the seccomp filter: %s",
				   strerror(-r));
	return 0;
}

/* Runs in the forked child: no ovt_err, the caller reports errno. */
int trace_filter_load(void *ctx)
{
	int r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	r = seccomp_load(ctx);
	return r < 0 ? r : 0;
}
