/* trace_int.h - inside src/trace: the eBPF method's loader (trace_ebpf.c)
 * as the loop (trace_loop.c) drives it.  Not part of the trace API. */
#ifndef OVTSH_TRACE_INT_H
#define OVTSH_TRACE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ovtsh/err.h"
#include "ovtsh/trace.h"

struct trace_ebpf;

/* Check BTF, open, load (counting only the filter's syscalls, every one
 * when f is NULL or empty) and attach.  -errno with one clear line:
 * "method ebpf: the kernel has no BTF ...", "... needs root ...". */
int trace_ebpf_open(struct trace_ebpf **b, const struct trace_filter *f,
		    struct ovt_err *e);
void trace_ebpf_close(struct trace_ebpf *b);
/* Follow pid and everything it forks, counting from its execve on. */
int trace_ebpf_track(struct trace_ebpf *b, pid_t pid, struct ovt_err *e);
/* Is any process of the tree alive?  Kill every one. */
bool trace_ebpf_alive(struct trace_ebpf *b);
void trace_ebpf_kill(struct trace_ebpf *b);
/* The counters, summed over the CPUs, into s (initialized). */
int trace_ebpf_collect(struct trace_ebpf *b, struct trace_stats *s,
		       struct ovt_err *e);
/* Processes or calls the full maps could not hold (counts partial). */
uint64_t trace_ebpf_lost(const struct trace_ebpf *b);

#endif
