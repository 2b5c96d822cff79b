/* trace_ebpf.c - the eBPF trace method's loader: open, load and attach
 * bpf/syscount.bpf.c through its generated skeleton (libbpf), put the
 * traced child in its map, and at the end sum the per-CPU counters into
 * the same struct trace_stats the ptrace loop fills.
 *
 * Nothing is pinned: the programs and maps live as long as ovtsh's file
 * descriptors, so an ovtsh killed mid-trace leaves nothing attached.
 * libbpf reports through a print callback; a backend never prints, so its
 * last warning is kept for the error message instead. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "ovtsh/trace.h"
#include "trace_int.h"
#include "bpf/syscount.h"
#include "syscount.skel.h"

#define TRACE_BTF_PATH "/sys/kernel/btf/vmlinux"

_Static_assert(SC_NSYS == TRACE_NSYS, "BPF and ptrace syscall tables differ");

struct trace_ebpf {
	struct syscount *skel;
};

/* libbpf's last message (one line): its print callback has no user
 * data, hence file scope.  ovtsh is single threaded. */
static char trace_bpf_msg[160];

static int trace_bpf_print(enum libbpf_print_level level, const char *fmt,
			   va_list ap)
{
	size_t n;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(trace_bpf_msg, sizeof(trace_bpf_msg), fmt, ap);
	n = strlen(trace_bpf_msg);
	while (n && (trace_bpf_msg[n - 1] == '\n' || trace_bpf_msg[n - 1] == ' '))
		trace_bpf_msg[--n] = '\0';
	return 0;
}

/* The BTF CO-RE relocates against: OVTSH_TRACE_BTF replaces the kernel's
 * (a test points it at a missing file to play a kernel without BTF). */
static const char *trace_btf_path(void)
{
	const char *p = getenv("OVTSH_TRACE_BTF");

	return p && *p ? p : TRACE_BTF_PATH;
}

/* One line that says what is missing; err is a positive errno. */
static int trace_ebpf_fail(struct ovt_err *e, int err, const char *what)
{
	const char *hint = "";

	switch (err) {
	case EPERM:
	case EACCES:
		hint = " (needs root, or CAP_BPF and CAP_PERFMON)";
		break;
	case ENOSYS:
		hint = " (this kernel has no BPF syscall)";
		break;
	case ENOMEM:
		hint = " (locked-memory limit, ulimit -l, or the cgroup's "
		       "memory limit too low)";
		break;
	default:
		/* what libbpf said is more specific than the errno */
		if (trace_bpf_msg[0])
			return ovt_err_set(e, err, "method ebpf: %s: %s "
					   "(libbpf: %s)", what, strerror(err),
					   trace_bpf_msg);
		break;
	}
	return ovt_err_set(e, err, "method ebpf: %s: %s%s", what,
			   strerror(err), hint);
}

int trace_ebpf_open(struct trace_ebpf **out, const struct trace_filter *f,
		    struct ovt_err *e)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	const char *btf = trace_btf_path();
	struct trace_stats *names = NULL;
	struct trace_ebpf *b;
	int ret;

	*out = NULL;
	if (access(btf, R_OK) < 0)
		return ovt_err_set(e, errno == EACCES ? EACCES : ENOTSUP,
				   "method ebpf: the kernel has no BTF (%s: "
				   "%s): it needs CONFIG_DEBUG_INFO_BTF", btf,
				   strerror(errno));
	if (strcmp(btf, TRACE_BTF_PATH))
		oo.btf_custom_path = btf;
	b = calloc(1, sizeof(*b));
	names = calloc(1, sizeof(*names));
	if (!b || !names) {
		ret = ovt_err_set(e, ENOMEM, "out of memory");
		goto fail;
	}
	libbpf_set_print(trace_bpf_print);
	trace_bpf_msg[0] = '\0';
	b->skel = syscount__open_opts(&oo);
	if (!b->skel) {
		ret = trace_ebpf_fail(e, errno ? errno : ENOMEM,
				      "cannot open the BPF object");
		goto fail;
	}
	/* Which calls count and which are reads: decided here, once, so the
	 * kernel side only looks a byte up. */
	trace_stats_init(names);
	for (int nr = 0; nr < SC_NSYS; nr++) {
		bool count = !f || f->n == 0;

		for (int i = 0; f && i < f->n && !count; i++)
			count = f->nrs[i] == nr;
		b->skel->rodata->sc_flags[nr] =
			(count ? SC_F_COUNT : 0) |
			(names->is_read[nr] ? SC_F_READ : 0);
	}
	ret = syscount__load(b->skel);
	if (ret < 0) {
		ret = trace_ebpf_fail(e, -ret, "cannot load the BPF programs");
		goto fail;
	}
	ret = syscount__attach(b->skel);
	if (ret < 0) {
		ret = trace_ebpf_fail(e, -ret, "cannot attach to the raw "
				      "tracepoints");
		goto fail;
	}
	free(names);
	*out = b;
	return 0;
fail:
	free(names);
	trace_ebpf_close(b);
	return ret;
}

void trace_ebpf_close(struct trace_ebpf *b)
{
	if (!b)
		return;
	syscount__destroy(b->skel);
	free(b);
}

/* Before the child is released: it counts from its execve on.  Task
 * storage is keyed by a pidfd from user space. */
int trace_ebpf_track(struct trace_ebpf *b, pid_t pid, struct ovt_err *e)
{
	struct sc_task t = { .pending = 1 };
	struct sc_proc p = { .threads = 1 };
	__u32 key = (__u32)pid;
	int fd = (int)syscall(SYS_pidfd_open, pid, 0), ret = 0;

	if (fd < 0 ||
	    bpf_map__update_elem(b->skel->maps.tasks, &fd, sizeof(fd), &t,
				 sizeof(t), BPF_NOEXIST) < 0 ||
	    bpf_map__update_elem(b->skel->maps.tracked, &key, sizeof(key), &p,
				 sizeof(p), BPF_NOEXIST) < 0)
		ret = ovt_err_set(e, errno, "method ebpf: cannot track pid "
				  "%d: %s", (int)pid, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
}

/* Processes of the tree still alive (each is a key of "tracked"); with
 * kill, each is sent SIGKILL. */
static int trace_ebpf_walk(struct trace_ebpf *b, bool kill_them)
{
	__u32 key, next;
	void *prev = NULL;
	int n = 0;

	while (bpf_map__get_next_key(b->skel->maps.tracked, prev, &next,
				     sizeof(next)) == 0) {
		if (kill_them)
			kill((pid_t)next, SIGKILL);
		n++;
		key = next;
		prev = &key;
	}
	return n;
}

bool trace_ebpf_alive(struct trace_ebpf *b)
{
	return b && trace_ebpf_walk(b, false) > 0;
}

void trace_ebpf_kill(struct trace_ebpf *b)
{
	if (b)
		trace_ebpf_walk(b, true);
}

/* Sum the per-CPU counters into s (trace_stats_init'ed by the caller):
 * calls, errors, time and bytes add up; min and max over the CPUs. */
int trace_ebpf_collect(struct trace_ebpf *b, struct trace_stats *s,
		       struct ovt_err *e)
{
	int ncpu = libbpf_num_possible_cpus();
	struct sc_stat *v;
	int ret = 0;

	if (ncpu <= 0)
		return ovt_err_set(e, -ncpu, "method ebpf: cannot count CPUs");
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return ovt_err_set(e, ENOMEM, "out of memory");
	for (__u32 slot = 0; slot <= SC_NSYS; slot++) {
		struct trace_sc sum = { 0 };

		if (bpf_map__lookup_elem(b->skel->maps.stats, &slot,
					 sizeof(slot), v, sizeof(*v) *
					 (size_t)ncpu, 0) < 0) {
			ret = ovt_err_set(e, errno, "method ebpf: reading the "
					  "counters: %s", strerror(errno));
			break;
		}
		for (int c = 0; c < ncpu; c++) {
			if (!v[c].calls)
				continue;
			if (!sum.calls || v[c].min_ns < sum.min_ns)
				sum.min_ns = v[c].min_ns;
			if (v[c].max_ns > sum.max_ns)
				sum.max_ns = v[c].max_ns;
			sum.calls += v[c].calls;
			sum.errors += v[c].errors;
			sum.total_ns += v[c].total_ns;
			sum.bytes += v[c].bytes;
			sum.short_reads += v[c].short_reads;
		}
		if (slot == SC_NSYS)
			s->other += sum.calls;
		else
			s->sc[slot] = sum;
	}
	free(v);
	return ret;
}

/* Threads or processes the maps refused: a tree of more than SC_TASKS
 * processes alive at once, or no memory for a thread's storage. */
uint64_t trace_ebpf_lost(const struct trace_ebpf *b)
{
	return b->skel->bss->lost;
}
