// SPDX-License-Identifier: GPL-2.0
/* syscount.bpf.c - the eBPF trace method: count the syscalls of one process
 * tree and time them from entry to exit, in the kernel, without stopping
 * anything (libbpf-tools' syscount, keyed to a tree instead of a pid).
 *
 * Raw tracepoints only (no tracefs): sys_enter/sys_exit for the calls,
 * sched_process_fork/sched_process_exit to follow the tree.  Task fields
 * are read with CO-RE through minimal local structs, so no vmlinux.h is
 * needed at build time; libbpf relocates them against the running
 * kernel's BTF at load.  Counters live in a per-CPU array: constant
 * memory, no locking, summed once by the loader at the end. */
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

struct bpf_raw_tracepoint_args___ovt {
	unsigned long long args[0];
};

/* Filled by the loader before load: SC_F_* per syscall number. */
const volatile __u8 sc_flags[SC_NSYS] = { 0 };

/* Entries a full map refused: the loader reports the counts as partial. */
__u64 lost_procs = 0;
__u64 lost_starts = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SC_TASKS);
	__type(key, __u32);             /* tgid, as the host sees it */
	__type(value, struct sc_proc);
} tracked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SC_THREADS);
	__type(key, __u32);             /* tid */
	__type(value, struct sc_start);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SC_NSYS + 1);
	__type(key, __u32);
	__type(value, struct sc_stat);
} stats SEC(".maps");

static __always_inline void account(const struct sc_start *st, long ret)
{
	__u32 slot = st->nr < SC_NSYS ? st->nr : SC_NSYS;
	__u64 ns = bpf_ktime_get_ns() - st->t0;
	struct sc_stat *s = bpf_map_lookup_elem(&stats, &slot);

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
	if (st->req && (__u64)ret < st->req)
		s->short_reads++;
}

SEC("raw_tp/sys_enter")
int sc_enter(struct bpf_raw_tracepoint_args___ovt *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	struct pt_regs___ovt *regs = (void *)ctx->args[0];
	long nr = (long)ctx->args[1];
	struct sc_start st = { 0 };
	struct sc_proc *p = bpf_map_lookup_elem(&tracked, &tgid);

	if (!p)
		return 0;
	if (p->pending) {
		if (nr != NR_EXECVE)
			return 0;
		p->pending = 0;
	}
	if (nr < 0)
		return 0;
	if (nr < SC_NSYS && !(sc_flags[nr] & SC_F_COUNT))
		return 0;
	st.nr = nr < SC_NSYS ? (__u32)nr : SC_NSYS;
	st.req = BPF_CORE_READ(regs, dx);
	st.t0 = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&starts, &tid, &st, BPF_ANY) < 0)
		__sync_fetch_and_add(&lost_starts, 1);
	return 0;
}

SEC("raw_tp/sys_exit")
int sc_exit(struct bpf_raw_tracepoint_args___ovt *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sc_start *st = bpf_map_lookup_elem(&starts, &tid);

	if (!st)
		return 0;
	account(st, (long)ctx->args[1]);
	bpf_map_delete_elem(&starts, &tid);
	return 0;
}

/* Every clone, threads included: (parent, child). */
SEC("raw_tp/sched_process_fork")
int sc_fork(struct bpf_raw_tracepoint_args___ovt *ctx)
{
	struct task_struct *parent = (void *)ctx->args[0];
	struct task_struct *child = (void *)ctx->args[1];
	__u32 ptgid = BPF_CORE_READ(parent, tgid);
	__u32 ctgid = BPF_CORE_READ(child, tgid);
	struct sc_proc *p = bpf_map_lookup_elem(&tracked, &ptgid);
	struct sc_proc np = { .threads = 1 };

	if (!p)
		return 0;
	if (ctgid == ptgid) {
		__sync_fetch_and_add(&p->threads, 1);
		return 0;
	}
	if (bpf_map_update_elem(&tracked, &ctgid, &np, BPF_NOEXIST) < 0)
		__sync_fetch_and_add(&lost_procs, 1);
	return 0;
}

/* Runs in the exiting thread.  exit_group, exit and a call cut short by
 * SIGKILL have no sys_exit: counted here with 0, as the ptrace loop does
 * when a task vanishes inside a call. */
SEC("raw_tp/sched_process_exit")
int sc_task_exit(struct bpf_raw_tracepoint_args___ovt *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	struct sc_start *st = bpf_map_lookup_elem(&starts, &tid);
	struct sc_proc *p;

	(void)ctx;
	if (st) {
		account(st, 0);
		bpf_map_delete_elem(&starts, &tid);
	}
	p = bpf_map_lookup_elem(&tracked, &tgid);
	if (p && __sync_sub_and_fetch(&p->threads, 1) == 0)
		bpf_map_delete_elem(&tracked, &tgid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
