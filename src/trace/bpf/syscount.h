/* syscount.h - what the BPF program (syscount.bpf.c) and its loader
 * (trace_ebpf.c) share: map layouts and sizes.  Plain __u64 types, so
 * that both the BPF target and the host compile it. */
#ifndef OVTSH_TRACE_SYSCOUNT_H
#define OVTSH_TRACE_SYSCOUNT_H

#include <linux/types.h>

#define SC_NSYS       512       /* TRACE_NSYS: slot SC_NSYS is "other" */
#define SC_TASKS      16384     /* processes of the traced tree alive at once */

/* sc_flags[] bits, set by the loader before load */
#define SC_F_COUNT    1         /* counted (no filter, or in the list) */
#define SC_F_READ     2         /* read family: bytes and short reads */

/* One syscall's counters on one CPU (struct trace_sc's fields). */
struct sc_stat {
	__u64 calls;
	__u64 errors;
	__u64 total_ns;
	__u64 min_ns;
	__u64 max_ns;
	__u64 bytes;
	__u64 short_reads;
};

/* A process of the traced tree: its live threads. */
struct sc_proc {
	__u32 threads;
	__u32 pad;
};

/* A thread of the traced tree (task-local storage).  pending: started by
 * ovtsh, not yet exec'd: nothing counts before its execve, as under
 * ptrace. */
struct sc_task {
	__u64 t0;               /* entry time of the call it is in */
	__u64 req;              /* its third argument: bytes asked for */
	__u32 nr;
	__u8 in_sc;
	__u8 pending;
	__u16 pad;
};

#endif
