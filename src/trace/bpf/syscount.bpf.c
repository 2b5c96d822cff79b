// SPDX-License-Identifier: GPL-2.0
/* syscount.bpf.c - the eBPF trace method: count the syscalls of one process
 * tree and time them from entry to exit, in the kernel, without stopping
 * anything (libbpf-tools' syscount, keyed to a tree instead of a pid).
 *
 * BTF-typed tracepoints (tp_btf: no tracefs needed): sys_enter/sys_exit
 * for the calls, sched_process_fork/sched_process_exit to follow the
 * tree.  Every syscall of every process on the machine passes through
 * sys_enter, so its first question must be cheap: a traced thread carries
 * task-local storage, and the lookup in the current task's own storage is
 * a pointer test for every other thread (no hash).  Task fields are read
 * with CO-RE through minimal local structs, so no vmlinux.h is needed at
 * build time; libbpf relocates them against the running kernel's BTF at
 * load.  Counters live in a per-CPU array: constant memory, no locking,
 * summed once by the loader at the end. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "syscount.h"

#define NR_EXECVE 59            /* x86_64 */

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

struct pt_regs___ovt {
	unsigned long dx;
} __attribute__((preserve_access_index));

/* Filled by the loader before load: SC_F_* per syscall number. */
const volatile __u8 sc_flags[SC_NSYS] = { 0 };

/* Threads or processes the maps refused: the loader reports the counts
 * as partial. */
__u64 lost = 0;

/* Every thread of the tree; the loader adds the first through a pidfd. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sc_task);
} tasks SEC(".maps");

/* Every process of the tree (host tgid), for the loader: is any alive,
 * whom to kill.  Touched on fork and exit only. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SC_TASKS);
	__type(key, __u32);
	__type(value, struct sc_proc);
} tracked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SC_NSYS + 1);
	__type(key, __u32);
	__type(value, struct sc_stat);
} stats SEC(".maps");

static __always_inline void account(struct sc_task *t, long ret)
{
	__u32 slot = t->nr < SC_NSYS ? t->nr : SC_NSYS;
	__u64 ns = bpf_ktime_get_ns() - t->t0;
	struct sc_stat *s = bpf_map_lookup_elem(&stats, &slot);

	t->in_sc = 0;
	if (!s)
		return;
	if (s->calls == 0 || ns < s->min_ns)
		s->min_ns = ns;
	if (ns > s->max_ns)
		s->max_ns = ns;
	s->calls++;
	s->total_ns += ns;
	if (ret < 0 && ret >= -4095) {
		s->errors++;
		return;
	}
	if (slot >= SC_NSYS || !(sc_flags[slot] & SC_F_READ))
		return;
	s->bytes += (__u64)ret;
	if (t->req && (__u64)ret < t->req)
		s->short_reads++;
}

static __always_inline struct sc_task *current_sc_task(void)
{
	return bpf_task_storage_get(&tasks, bpf_get_current_task_btf(), 0, 0);
}

/* (struct pt_regs *regs, long id) */
SEC("tp_btf/sys_enter")
int sc_enter(__u64 *ctx)
{
	struct sc_task *t = current_sc_task();
	long nr = (long)ctx[1];

	if (!t)
		return 0;
	if (t->pending) {
		if (nr != NR_EXECVE)
			return 0;
		t->pending = 0;
	}
	if (nr < 0 || (nr < SC_NSYS && !(sc_flags[nr] & SC_F_COUNT)))
		return 0;
	t->nr = nr < SC_NSYS ? (__u32)nr : SC_NSYS;
	t->req = BPF_CORE_READ((struct pt_regs___ovt *)ctx[0], dx);
	t->in_sc = 1;
	t->t0 = bpf_ktime_get_ns();
	return 0;
}

/* (struct pt_regs *regs, long ret) */
SEC("tp_btf/sys_exit")
int sc_exit(__u64 *ctx)
{
	struct sc_task *t = current_sc_task();

	if (t && t->in_sc)
		account(t, (long)ctx[1]);
	return 0;
}

/* Every clone, threads included: (parent, child). */
SEC("tp_btf/sched_process_fork")
int sc_fork(__u64 *ctx)
{
	struct task_struct *parent = (void *)ctx[0];
	struct task_struct *child = (void *)ctx[1];
	struct sc_task *pt = bpf_task_storage_get(&tasks, parent, 0, 0);
	struct sc_proc np = { .threads = 1 }, *p;
	__u32 ptgid, ctgid;

	if (!pt || pt->pending)
		return 0;
	if (!bpf_task_storage_get(&tasks, child, 0,
				  BPF_LOCAL_STORAGE_GET_F_CREATE)) {
		__sync_fetch_and_add(&lost, 1);
		return 0;
	}
	ptgid = BPF_CORE_READ(parent, tgid);
	ctgid = BPF_CORE_READ(child, tgid);
	if (ctgid != ptgid) {
		if (bpf_map_update_elem(&tracked, &ctgid, &np, BPF_NOEXIST) < 0)
			__sync_fetch_and_add(&lost, 1);
		return 0;
	}
	p = bpf_map_lookup_elem(&tracked, &ptgid);
	if (p)
		__sync_fetch_and_add(&p->threads, 1);
	return 0;
}

/* Runs in the exiting thread.  exit_group, exit and a call cut short by
 * SIGKILL have no sys_exit: counted here with 0, as the ptrace loop does
 * when a task vanishes inside a call.  The storage goes with the task. */
SEC("tp_btf/sched_process_exit")
int sc_task_exit(__u64 *ctx)
{
	struct sc_task *t = current_sc_task();
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct sc_proc *p;

	(void)ctx;
	if (!t)
		return 0;
	if (t->in_sc)
		account(t, 0);
	p = bpf_map_lookup_elem(&tracked, &tgid);
	if (p && __sync_sub_and_fetch(&p->threads, 1) == 0)
		bpf_map_delete_elem(&tracked, &tgid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
