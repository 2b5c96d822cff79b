/* bench.h - iperf3 between lab nodes: one run (iperf.c), sweeps over block
 * lengths and their CSV, JSON-ready rows and SVG plot (bench_plot.c).
 *
 * The server (iperf3 -s -1 -J) runs in one node's network namespace, the
 * client (iperf3 -c -J) in another; both are started with argv arrays
 * after setns().  The server is always run through the tracer (trace.h):
 * counting syscalls, or attached only for an untraced baseline, so that
 * PTRACE_O_EXITKILL guarantees it never outlives ovtsh.  No iperf3 is left
 * behind on any path.
 */
#ifndef OVTSH_BENCH_H
#define OVTSH_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

#include "ovtsh/err.h"
#include "ovtsh/node.h"
#include "ovtsh/trace.h"

#define BENCH_PORT_DEFAULT 5201
#define BENCH_MAX_LENGTHS  32
#define BENCH_REPEAT_MAX   100  /* runs per length or per trace */

/* What iperf3 -J reported (the client's view: sum_received is what the
 * server got, sum_sent.retransmits the sender's TCP retransmissions). */
struct bench_res {
	unsigned length;        /* block length asked for (-l) */
	double bps;             /* sum_received.bits_per_second */
	uint64_t bytes;         /* sum_received.bytes */
	double seconds;         /* sum_received.seconds */
	double blocks_ps;       /* iperf3 blocks per second: bytes / length
				   / seconds (JSON/CSV "pps", its old name) */
	/* Packets the server's receiving interface counted during the run
	 * (rx_packets after - before); packets_ps < 0 when unknown (the
	 * address is on no interface of the server node).  With GSO/GRO a
	 * counted packet may exceed the MTU: pkt_bytes says so. */
	uint64_t rx_packets;
	double packets_ps;      /* rx_packets / seconds */
	double pkt_bytes;       /* rx_bytes / rx_packets */
	unsigned mtu;           /* of that interface */
	double est_bps;         /* traced: read calls x length / seconds
				   (trace_read_estimate), else 0 */
	bool est_reliable;      /* it matches the bytes the reads returned */
	uint64_t retransmits;   /* sum_sent.retransmits (0 for UDP) */
	double cpu_host;        /* cpu_utilization_percent.host_total */
	double cpu_remote;      /* .remote_total */
	int exit_status;        /* the server's: exit code or 128 + signal */
	enum trace_method method;   /* traced: the method that ran */
	uint64_t lost;          /* traced, ebpf: not held by its maps */
};

/* Parse an iperf3 -J document.  iperf3's own "error" comes back as
 * -EIO with its text ("unable to connect to server: ..."). */
int bench_iperf_parse(const char *json, size_t len, unsigned length,
		      struct bench_res *r, struct ovt_err *e);

struct bench_opts {
	struct node server;
	struct node client;
	char addr[16];          /* server address; "" picks one */
	unsigned port;          /* 0: BENCH_PORT_DEFAULT */
	unsigned length;        /* -l; 0: iperf3's default (128 KiB TCP) */
	unsigned seconds;       /* -t; 0: 10 */
	bool udp;               /* -u -b 0 */
	bool trace;             /* count the server's syscalls */
	const struct trace_filter *filter;   /* with trace: only these */
	int cpu;                /* with trace: the CPU the server shares
				   with its tracer, or TRACE_CPU_ANY */
	int rx_ifindex;         /* the server's interface holding addr
				   (bench_check); 0: unknown */
	enum trace_method method;   /* with trace: how (auto settled) */
};

/* The address the client dials: o->addr if set; 127.0.0.1 when client and
 * server are the same node; else the server node's first global IPv4
 * address (libnl, read inside the node). */
int bench_server_addr(const struct bench_opts *o, char *buf, size_t len,
		      struct ovt_err *e);

/* Before the runs: iperf3 is in $PATH, both nodes exist, o->addr is set
 * (bench_server_addr) unless it was, and o->rx_ifindex names the server's
 * interface holding it (0 when none does: no packet counts then). */
int bench_check(struct bench_opts *o, struct ovt_err *e);

/* One iperf3 run.  With o->trace, stats receives the server's syscall
 * summary (stats may be NULL otherwise).  -EINTR on ^C (stats still holds
 * what was counted). */
int bench_iperf_run(const struct bench_opts *o, struct bench_res *r,
		    struct trace_stats *stats, struct ovt_err *e);

/* trace_method_resolve() for a server in node: a remote node's (a VM's)
 * own ovtsh settles auto there, the kernel that runs the server. */
enum trace_method bench_method_resolve(const struct node *server,
				       enum trace_method want, char *why,
				       size_t len);

/* For a header line: "server and tracer on CPU 1", or "placed by the
 * scheduler" (cpu < 0). */
const char *bench_placement(int cpu, char *buf, size_t len);

/* Median and range of repeated runs (bench_stats.c). */
struct bench_spread {
	int n;
	double median;          /* mean of the middle two when n is even */
	double min, max;
};
void bench_spread_of(const double *v, int n, struct bench_spread *s);
/* Is the untraced baseline a valid reference for the traced runs?  Not
 * when the traced median exceeds the baseline median (tracing cannot
 * speed a server up: the runs swing more than tracing costs), nor when
 * the ranges overlap (some traced run was as fast as some baseline run).
 * why gets the reason ("" when valid). */
bool bench_baseline_valid(const struct bench_spread *traced,
			  const struct bench_spread *base, char *why,
			  size_t len);

/* Output of a sweep (bench_plot.c). */
int bench_write_csv(FILE *fp, const struct bench_res *r, int n);
int bench_write_svg(FILE *fp, const struct bench_res *r, int n,
		    const char *title);
/* A bar of width cols for v out of max, "#####" (ASCII chart). */
void bench_bar(char *buf, size_t len, double v, double max, int cols);
/* "1.23 Gbit/s" */
const char *bench_fmt_bps(char *buf, size_t len, double bps);

#endif
