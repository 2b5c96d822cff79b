/* trace.h - ovtsh's own ptrace tracer: syscall statistics in the manner of
 * "strace -c -w", optionally limited to a few syscalls by a seccomp filter.
 *
 * Three parts, as strace splits them:
 *   trace_stats.c   per-syscall counters (fixed size: memory stays flat
 *                   whatever the run length) and sorted rows for printing
 *   trace_filter.c  the seccomp-bpf filter (libseccomp): SCMP_ACT_TRACE for
 *                   the listed syscalls, SCMP_ACT_ALLOW for the rest
 *   trace_loop.c    spawn + PTRACE_SEIZE, then next_event -> dispatch_event
 *   trace_cpu.c     the CPU the tracer and its tracees share
 *   trace_ebpf.c    the eBPF method: bpf/syscount.bpf.c counts in the
 *                   kernel (BTF tracepoints, per-CPU maps) and fills the
 *                   same statistics; nothing stops, nothing is pinned
 *
 * Backends never print: 0/-errno plus struct ovt_err.
 */
#ifndef OVTSH_TRACE_H
#define OVTSH_TRACE_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ovtsh/err.h"

/* ---- methods (trace_loop.c) ------------------------------------------- */

/* How syscalls are counted.  ptrace stops the tracee twice per call (the
 * tracer sees each call; works everywhere ptrace does); ebpf counts in the
 * kernel without stopping anything (needs BPF, BTF and root); auto is
 * ebpf when it loads, else ptrace. */
enum trace_method {
	TRACE_M_PTRACE = 0,
	TRACE_M_EBPF,
	TRACE_M_AUTO,
};
const char *trace_method_name(enum trace_method m);
/* Settle auto once for several runs: ebpf when its programs load here
 * (loaded and released again), else ptrace, with why (len bytes) saying
 * what ebpf lacked.  ptrace and ebpf come back as they are. */
enum trace_method trace_method_resolve(enum trace_method want, char *why,
				       size_t len);

/* ---- statistics (trace_stats.c) ---------------------------------------- */

/* Native syscall numbers are below this (x86_64: ~460); anything above is
 * counted in trace_stats.other. */
#define TRACE_NSYS 512

struct trace_sc {
	uint64_t calls;
	uint64_t errors;        /* returned -4095..-1 */
	uint64_t total_ns;      /* entry stop -> exit stop, CLOCK_MONOTONIC */
	uint64_t min_ns;
	uint64_t max_ns;
	uint64_t bytes;         /* read family: sum of positive returns */
	uint64_t short_reads;   /* read family: returned less than asked */
};

struct trace_stats {
	struct trace_sc sc[TRACE_NSYS];
	uint64_t other;         /* syscalls with numbers >= TRACE_NSYS */
	unsigned char is_read[TRACE_NSYS];   /* read family, set by init */
};

/* One printable row: sorted by total time, most expensive first. */
struct trace_row {
	int nr;
	char name[32];
	const struct trace_sc *sc;
	double pct;             /* share of the total time, 0..100 */
};

void trace_stats_init(struct trace_stats *s);
/* Account one completed syscall.  ret is the raw return value; req the
 * byte count the caller asked for (read family), else 0. */
void trace_stats_add(struct trace_stats *s, int nr, int64_t ret,
		     uint64_t ns, uint64_t req);
/* Fill up to max rows (syscalls with calls > 0); returns the count. */
int trace_stats_rows(const struct trace_stats *s, struct trace_row *rows,
		     int max);
/* Totals over every syscall. */
void trace_stats_total(const struct trace_stats *s, struct trace_sc *tot);
/* Read family (read, readv, pread64, preadv, preadv2, recvfrom, recvmsg):
 * calls, bytes returned, calls that returned less than asked (EOF
 * included) and calls that failed (EAGAIN...). */
void trace_stats_reads(const struct trace_stats *s, uint64_t *calls,
		       uint64_t *bytes, uint64_t *short_reads,
		       uint64_t *errors);
/* Throughput estimated the course's way, "read calls x block length /
 * time": it holds while every read returns a whole block, so it is
 * marked unreliable when it strays more than TRACE_EST_TOL from the bytes
 * the reads really returned (or no read was traced). */
#define TRACE_EST_TOL 0.01
struct trace_read_est {
	uint64_t calls, bytes, short_reads, errors;   /* trace_stats_reads */
	uint64_t total_ns;      /* time in those calls */
	double est_bytes;       /* calls x length */
	double est_bps;         /* est_bytes x 8 / seconds (0: no time) */
	double off;             /* (est_bytes - bytes) / bytes; 1 if none */
	bool reliable;
};
void trace_read_estimate(const struct trace_stats *s, unsigned length,
			 double seconds, struct trace_read_est *est);
/* The syscall's name (libseccomp), or "syscall_NR". */
const char *trace_sc_name(int nr, char *buf, size_t len);
bool trace_sc_is_read(int nr);

/* The summary through the emitter (trace_print.c): the "strace -c -w"
 * table in text, a "syscalls" array of {name, calls, errors, total_s,
 * avg_us, min_us, max_us} in JSON. */
struct out;
void trace_print_stats(struct out *o, const struct trace_stats *s);
/* The line above the table that says which method counted (JSON:
 * "method", and "method_note": why auto fell back, or null). */
void trace_print_method(struct out *o, enum trace_method m,
			const char *fallback);
/* trace_run.lost: JSON "lost", a note in text when some were. */
void trace_print_lost(struct out *o, uint64_t lost);

/* trace exec's JSON "reads": the read family's bytes and short reads per
 * syscall, which the "syscalls" rows do not carry (nothing in text). */
void trace_print_reads(struct out *o, const struct trace_stats *s);

/* ---- seccomp filter (trace_filter.c) ----------------------------------- */

#define TRACE_FILTER_MAX 64

struct trace_filter {
	int n;
	int nrs[TRACE_FILTER_MAX];
};

/* Parse "read,pselect6" (names resolved by libseccomp).  Unknown name:
 * -EINVAL, "unknown syscall 'foo'". */
int trace_filter_parse(struct trace_filter *f, const char *list,
		       struct ovt_err *e);
/* Build the libseccomp context: a scmp_filter_ctx, returned as void * so
 * that this header does not drag seccomp.h into every file. */
int trace_filter_build(const struct trace_filter *f, void **ctx,
		       struct ovt_err *e);
void trace_filter_release(void *ctx);
/* Write the BPF program to fd (seccomp_export_bpf). */
int trace_filter_export(void *ctx, int fd, struct ovt_err *e);
/* In the child, just before exec: PR_SET_NO_NEW_PRIVS, seccomp_load. */
int trace_filter_load(void *ctx);

/* ---- the tracer (trace_loop.c) ----------------------------------------- */


struct trace_spec {
	char *const *argv;      /* program and arguments, execvp'd */
	int netns_fd;           /* setns() in the child; -1: stay */
	int stdin_fd;           /* dup2'd in the child; -1: inherit */
	int stdout_fd;
	int stderr_fd;
	bool new_pgrp;          /* own process group (terminal ^C not sent) */
	const struct trace_filter *filter;   /* NULL or n == 0: every syscall */
	bool count_none;        /* attached (EXITKILL, reaped the same way)
				   but never stopped at syscalls: a baseline */
	int cpu;                /* CPU that tracer and tracees share: a CPU
				   number, TRACE_CPU_AUTO or TRACE_CPU_ANY
				   (count_none: never pinned; ebpf: AUTO is
				   ANY, nothing to share) */
	enum trace_method method;   /* count_none: always ptrace */
};

/* Children that are not traced (an iperf3 client started beside the
 * traced server) are reaped by the loop, which hands them to this hook.
 * It returns 0 to go on, < 0 to stop now (the tracees are killed), or
 * N > 0 to give the tracees N more seconds before they are killed. */
typedef int (*trace_child_fn)(pid_t pid, int status, void *data);

struct trace_run {
	/* in */
	const struct trace_spec *spec;
	/* out */
	pid_t pid;                       /* the first tracee */
	int exit_status;                 /* exit code, or 128 + signal */
	bool interrupted;                /* stopped by ^C (ovtsh/cancel.h:
					    taken) */
	bool stopped;                    /* stopped because on_child said so */
	bool timed_out;                  /* deadline passed */
	struct trace_stats *stats;       /* caller's, filled; may be NULL */
	int cpu;                         /* where it ran; TRACE_CPU_ANY */
	cpu_set_t allowed;               /* ovtsh's CPUs before it pinned
					    itself: helpers forked from the
					    ready hook (an iperf3 client) go
					    back to them */
	enum trace_method method;        /* the one that ran */
	char fallback[OVT_ERR_MSG];      /* auto fell back to ptrace: why
					    ebpf could not load ("" if not) */
	uint64_t lost;                   /* ebpf: processes or calls its
					    maps could not hold */
};

/* Start the tracee (fork, setns, PTRACE_SEIZE with EXITKILL, filter, exec)
 * and run the event loop until every tracee is gone.  Whatever the way
 * out, no tracee survives and stats holds what was counted.
 * ready, when set, is called once the tracee runs (its pid known), so the
 * caller may start helper children; a negative return aborts the run. */
struct trace_hooks {
	int (*ready)(pid_t pid, void *data, struct ovt_err *e);
	trace_child_fn on_child;
	void *data;
	unsigned deadline_s;    /* 0: none; else kill the tracees after it */
};
int trace_run(struct trace_run *r, const struct trace_hooks *h,
	      struct ovt_err *e);
/* The executable that execvp would run (searching $PATH), into path;
 * -ENOENT "iperf3: command not found in PATH". */
int trace_which(const char *prog, char *path, size_t len, struct ovt_err *e);

/* ---- traced by another ovtsh (trace_remote.c) -------------------------- */

/* A node with its own kernel (a VM) traces its programs itself: its
 * ovtsh runs "trace exec ... json" and the host reads the summary back.
 * trace_remote_line writes that command line for spec (its method, its
 * filter, its argv; words with blanks or quotes: -EINVAL) into buf. */
int trace_remote_line(const struct trace_spec *spec, char *buf, size_t len,
		      struct ovt_err *e);
/* The last line of that ovtsh's error output that says something,
 * without the "-c:N:COL: " of its -c errors ("" when none; text may be
 * NULL). */
void trace_remote_errline(const char *text, char *buf, size_t len);
/* Read that ovtsh's JSON summary into r: stats (when r->stats), method,
 * fallback (its auto's note), exit_status, lost.  -EBADMSG when it is no
 * summary. */
int trace_remote_read(const char *json, size_t len, struct trace_run *r,
		      struct ovt_err *e);

/* ---- placement (trace_cpu.c) ------------------------------------------- */

/* Each syscall stop wakes the tracer and then the tracee, never both at
 * once: on one CPU that is two context switches, across CPUs two
 * cross-CPU wake-ups (on a VM, 16x dearer).  So by default the tracer
 * pins itself, for the run, to the CPU it is on, and its tracees inherit
 * that.  A multi-threaded tracee that computes in parallel is better
 * left to the scheduler: TRACE_CPU_ANY. */
#define TRACE_CPU_AUTO (-1)
#define TRACE_CPU_ANY  (-2)

/* Resolve want (a CPU, TRACE_CPU_AUTO or TRACE_CPU_ANY) into *cpu (a CPU
 * ovtsh may run on, or TRACE_CPU_ANY).  A CPU outside ovtsh's affinity:
 * -EINVAL "CPU 7 is not available: ovtsh may use CPUs 0-1". */
int trace_cpu_pick(int want, int *cpu, struct ovt_err *e);
/* trace_cpu_pick, then pin the calling thread to *cpu (TRACE_CPU_ANY pins
 * nothing); saved gets its mask before, to restore with
 * sched_setaffinity when *cpu >= 0.  One look at the mask for both. */
int trace_cpu_pin(int want, int *cpu, cpu_set_t *saved, struct ovt_err *e);
/* "0-3,6" into buf (truncated to len); returns the full length. */
size_t trace_cpu_list(const cpu_set_t *set, char *buf, size_t len);

#endif
