/* cmd_trace.c - "trace exec" and "trace iperf": programs under ovtsh's own
 * tracer (src/trace/), iperf3 servers traced beside an untraced baseline
 * (src/bench/iperf.c).
 *
 *   trace exec [NODE] [json] LINE
 *   trace iperf server NODE client NODE {length|time|repeat|syscalls|
 *                                        address|port|cpu|json}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovtsh/bench.h"
#include "ovtsh/cmd.h"
#include "ovtsh/trace.h"

#define TRACE_ARGV_MAX 128
#define TRACE_IPERF_LEN  1600   /* block length when none is given */
#define TRACE_IPERF_TIME 5
#define TRACE_IPERF_REPEAT_MAX 20   /* "repeat": traced runs (and baselines) */

/* A program of a remote node (a VM) is traced by that node's own ovtsh
 * in its own kernel ("trace exec ... json" there): r gets its summary,
 * the program's output (there on stderr, beside the JSON) goes to
 * spec's stdout.  -errno with the node's own error when nothing ran. */
static int trace_exec_remote(const struct node *n,
			     const struct trace_spec *spec, struct trace_run *r,
			     struct ovt_err *e)
{
	char line[4096], *argv[] = { "ovtsh", "-c", line, NULL };
	char *out = NULL, *err = NULL, last[OVT_ERR_MSG], nb[96];
	struct node_exec_res res;
	size_t len;
	int ret = trace_remote_line(spec, line, sizeof(line), e);

	if (ret == 0)
		ret = node_exec_capture(n, argv, &out, &len, &err, &res, e);
	if (ret < 0)
		return ret;
	r->interrupted = res.interrupted;
	ret = trace_remote_read(out, len, r, e);
	if (ret < 0) {
		trace_remote_errline(err, last, sizeof(last));
		ret = ovt_err_set(e, e->code, "%s: %s",
				  node_str(n, nb, sizeof(nb)),
				  last[0] ? last : "its tracer sent no summary");
	} else if (err) {
		dprintf(spec->stdout_fd >= 0 ? spec->stdout_fd : STDOUT_FILENO,
			"%s", err);
	}
	free(out);
	free(err);
	return ret;
}

static int cmd_trace_exec(struct cli_ctx *c, const struct cli_args *a)
{
	const char *words[TRACE_ARGV_MAX];
	char *argv[TRACE_ARGV_MAX + 1];
	struct trace_stats *st = calloc(1, sizeof(*st));
	struct trace_filter f = { 0 };
	struct trace_spec spec = { .argv = argv, .stdin_fd = -1,
				   .stdout_fd = -1, .stderr_fd = -1,
				   .filter = &f };
	struct trace_run r = { .spec = &spec, .stats = st };
	struct ovt_err e = { 0 };
	struct out *o = cli_out(c);
	struct node n;
	int nw, ret;

	if (!st)
		return cli_err(c, "out of memory");
	ret = cmd_node_from_args(c, a, &n);
	if (ret == CLI_OK)
		ret = cmd_cpu_from_args(c, a, &spec.cpu);
	if (ret != CLI_OK)
		goto out;
	spec.method = cmd_method_from_args(a);
	if (spec.method != TRACE_M_PTRACE && !cmd_cpu_given(a))
		spec.cpu = TRACE_CPU_AUTO;     /* trace_run settles it */
	if (cli_arg(a, "syscalls") &&
	    trace_filter_parse(&f, cli_arg(a, "syscalls"), &e) < 0) {
		ret = cmd_fail(c, &e);
		goto out;
	}
	nw = cli_arg_all(a, "line", words, TRACE_ARGV_MAX);
	for (int i = 0; i < nw; i++)
		argv[i] = (char *)words[i];    /* execv's type, not modified */
	argv[nw] = NULL;
	/* JSON on stdout stays one valid document: the program's own
	 * output goes to stderr then. */
	if (out_is_json(o))
		spec.stdout_fd = STDERR_FILENO;
	/* the host is where ovtsh is: no setns, which needs root */
	spec.netns_fd = node_is_host(&n) || node_is_remote(&n) ? -1 :
			node_netns_open(&n, &e);
	if (spec.netns_fd < 0 && !node_is_host(&n) && !node_is_remote(&n)) {
		ret = cmd_fail(c, &e);
		goto out;
	}
	fflush(stdout);
	ret = node_is_remote(&n) ? trace_exec_remote(&n, &spec, &r, &e) :
	      trace_run(&r, NULL, &e);
	if (spec.netns_fd >= 0)
		close(spec.netns_fd);
	/* Not started (setns, the filter or exec failed in the child):
	 * nothing of the program was counted, so no table, only why. */
	if (ret < 0) {
		ret = cmd_fail(c, &e);
		goto out;
	}
	if (r.interrupted)
		cli_info(c, "interrupted: %s killed, counted so far:",
			 argv[0]);
	else if (r.exit_status > 128 && !out_is_json(o))
		cli_info(c, "%s killed by signal %d", argv[0],
			 r.exit_status - 128);
	out_obj_begin(o, NULL);
	trace_print_method(o, r.method, r.fallback);
	trace_print_stats(o, st);
	trace_print_reads(o, st);
	trace_print_lost(o, r.lost);
	out_int(o, "exit_status", "exit status %lld\n", r.exit_status);
	out_obj_end(o);
	ret = r.interrupted ? cli_err(c, "interrupted") : CLI_OK;
out:
	free(st);
	return ret;
}

/* The estimate "read calls x length" holds while every read returns a
 * whole block; it is flagged when it strays from the bytes really read. */
static void trace_iperf_report(struct out *o, const struct trace_stats *st,
			       const struct bench_res *res, double base_bps)
{
	char b1[32], b2[32], b3[32];
	struct trace_read_est est;

	trace_read_estimate(st, res->length, res->seconds, &est);
	out_uint(o, "read_bytes", "\nread family: %llu bytes returned",
		 est.bytes);
	out_text(o, " by %llu calls (%llu short of %u bytes, %llu failed)\n",
		 (unsigned long long)est.calls,
		 (unsigned long long)est.short_reads, res->length,
		 (unsigned long long)est.errors);
	out_float(o, "est_bps", NULL, est.est_bps);
	out_float(o, "iperf_bps", NULL, res->bps);
	out_float(o, "baseline_bps", NULL, base_bps);
	out_text(o, "estimated from reads (calls x %u B / %.2f s): %s\n",
		 res->length, res->seconds,
		 bench_fmt_bps(b1, sizeof(b1), est.est_bps));
	out_text(o, "%-45s %s (%llu bytes in %.2f s)\n",
		 "reported by iperf3 (traced run):",
		 bench_fmt_bps(b2, sizeof(b2), res->bps),
		 (unsigned long long)res->bytes, res->seconds);
	out_text(o, "%-45s %s", "reported by iperf3 (untraced baseline):",
		 bench_fmt_bps(b3, sizeof(b3), base_bps));
	if (base_bps > 0)
		out_text(o, " (traced run reaches %.1f%%)",
			 100.0 * res->bps / base_bps);
	out_text(o, "\n");
	if (est.calls == 0)
		out_text(o, "note: no read calls traced: the estimate needs "
			 "read in the syscall list\n");
	else if (!est.reliable)
		out_text(o, "note: reads did not return full blocks (%llu "
			 "short, %llu failed of %llu): the estimate from read "
			 "calls is off by %.1f%% and unreliable; the bytes "
			 "returned give %s\n",
			 (unsigned long long)est.short_reads,
			 (unsigned long long)est.errors,
			 (unsigned long long)est.calls, 100.0 * est.off,
			 bench_fmt_bps(b1, sizeof(b1), res->seconds > 0 ?
				       (double)est.bytes * 8 / res->seconds :
				       0));
}

/* N traced runs and N untraced baselines, alternating so that a slow
 * spell of the machine hits both. */
struct trace_iperf_runs {
	int n;
	struct bench_res res[TRACE_IPERF_REPEAT_MAX];
	struct bench_res base[TRACE_IPERF_REPEAT_MAX];
	struct trace_stats st[TRACE_IPERF_REPEAT_MAX];
};

/* One "median min max" line (text) or object (JSON) of a spread; pct
 * prints ratios as percentages. */
static void trace_spread_print(struct out *o, const char *key,
			       const char *label, const double *v, int n,
			       bool pct)
{
	struct bench_spread sp;
	char b[3][32];

	bench_spread_of(v, n, &sp);
	if (out_is_json(o)) {
		out_obj_begin(o, key);
		out_float(o, "median", NULL, sp.median);
		out_float(o, "min", NULL, sp.min);
		out_float(o, "max", NULL, sp.max);
		out_arr_begin(o, "runs");
		for (int i = 0; i < n; i++)
			out_float(o, NULL, NULL, v[i]);
		out_arr_end(o);
		out_obj_end(o);
		return;
	}
	if (pct) {
		out_text(o, "%-18s median %.1f%%, min %.1f%%, max %.1f%%\n",
			 label, 100 * sp.median, 100 * sp.min, 100 * sp.max);
		return;
	}
	out_text(o, "%-18s median %s, min %s, max %s\n", label,
		 bench_fmt_bps(b[0], sizeof(b[0]), sp.median),
		 bench_fmt_bps(b[1], sizeof(b[1]), sp.min),
		 bench_fmt_bps(b[2], sizeof(b[2]), sp.max));
}

/* Medians and ranges of the runs, and whether the baseline can serve as
 * a reference at all. */
static void trace_iperf_spread(struct out *o, const struct trace_iperf_runs *r)
{
	double tv[TRACE_IPERF_REPEAT_MAX], bv[TRACE_IPERF_REPEAT_MAX];
	double rv[TRACE_IPERF_REPEAT_MAX];
	struct bench_spread ts, bs;
	char why[256];
	bool valid;

	for (int i = 0; i < r->n; i++) {
		tv[i] = r->res[i].bps;
		bv[i] = r->base[i].bps;
		rv[i] = bv[i] > 0 ? tv[i] / bv[i] : 0;
	}
	bench_spread_of(tv, r->n, &ts);
	bench_spread_of(bv, r->n, &bs);
	valid = bench_baseline_valid(&ts, &bs, why, sizeof(why));
	out_int(o, "runs", NULL, r->n);
	if (r->n > 1)
		out_text(o, "\n%d traced and %d untraced runs, alternating; "
			 "syscalls and reads above are the median traced "
			 "run's\n", r->n, r->n);
	if (r->n > 1 || out_is_json(o)) {
		trace_spread_print(o, "traced", "traced runs:", tv, r->n,
				   false);
		trace_spread_print(o, "baseline", "untraced baseline:", bv,
				   r->n, false);
		trace_spread_print(o, "ratio", "traced/baseline:", rv, r->n,
				   true);
	}
	out_bool(o, "baseline_valid", NULL, valid);
	if (valid) {
		out_null(o, "baseline_note", NULL);
		return;
	}
	out_str(o, "baseline_note", "note: baseline not a valid reference: "
		"%s\n", why);
}

/* The traced run with the median throughput (the upper one of an even
 * count): its syscalls and reads are the ones shown. */
static int trace_iperf_median_run(const struct trace_iperf_runs *r)
{
	int rank[TRACE_IPERF_REPEAT_MAX];

	for (int i = 0; i < r->n; i++) {
		rank[i] = 0;
		for (int k = 0; k < r->n; k++)
			if (r->res[k].bps < r->res[i].bps ||
			    (r->res[k].bps == r->res[i].bps && k < i))
				rank[i]++;
	}
	for (int i = 0; i < r->n; i++)
		if (rank[i] == r->n / 2)
			return i;
	return 0;
}

/* The trace iperf runs of this session, for "show trace iperf": the
 * course's side-by-side table of endpoint kinds (VMs against containers)
 * from runs made one after the other.  The oldest goes when it is full. */
#define TRACE_KEPT_MAX 16
struct trace_kept {
	char client[96], server[96];
	enum trace_method method;
	unsigned length;
	double seconds;
	double iperf_bps, est_bps, baseline_bps;
	uint64_t read_calls;
	double read_avg_us;     /* time per read-family call */
};
static struct trace_kept trace_kept[TRACE_KEPT_MAX];
static int trace_nkept;

static void trace_keep(const struct bench_opts *bo, const struct bench_res *res,
		       const struct trace_stats *st, double base_bps)
{
	struct trace_kept *k;
	struct trace_read_est est;

	if (trace_nkept == TRACE_KEPT_MAX)
		memmove(trace_kept, trace_kept + 1,
			sizeof(trace_kept[0]) * --trace_nkept);
	k = &trace_kept[trace_nkept++];
	trace_read_estimate(st, res->length, res->seconds, &est);
	node_str(&bo->client, k->client, sizeof(k->client));
	node_str(&bo->server, k->server, sizeof(k->server));
	k->method = res->method;
	k->length = res->length;
	k->seconds = res->seconds;
	k->iperf_bps = res->bps;
	k->est_bps = est.est_bps;
	k->baseline_bps = base_bps;
	k->read_calls = est.calls;
	k->read_avg_us = est.calls ? (double)est.total_ns / 1e3 /
				     (double)est.calls : 0;
}

static int cmd_show_trace_iperf(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);
	char b[3][32];

	(void)a;
	if (!trace_nkept && !out_is_json(o)) {
		cli_info(c, "no trace iperf run in this session yet");
		return CLI_OK;
	}
	out_obj_begin(o, NULL);
	out_text(o, "%2s %-40s %-6s %6s %13s %10s %8s %13s %8s %13s\n", "#",
		 "client -> server (traced)", "method", "length", "iperf3",
		 "read calls", "us/read", "from reads", "vs iperf3",
		 "untraced");
	out_arr_begin(o, "runs");
	for (int i = 0; i < trace_nkept; i++) {
		const struct trace_kept *k = &trace_kept[i];
		double off = k->iperf_bps > 0 ? k->est_bps / k->iperf_bps - 1 :
						0;

		int w = (int)(strlen(k->client) + strlen(k->server)) + 4;

		out_obj_begin(o, NULL);
		out_text(o, "%2d %s -> %s%*s ", i + 1, k->client, k->server,
			 w < 40 ? 40 - w : 0, "");
		out_str(o, "client", NULL, k->client);
		out_str(o, "server", NULL, k->server);
		out_str(o, "method", "%-6s ", trace_method_name(k->method));
		out_uint(o, "length", "%6llu ", k->length);
		out_float(o, "seconds", NULL, k->seconds);
		out_float(o, "iperf_bps", NULL, k->iperf_bps);
		out_text(o, "%13s ", bench_fmt_bps(b[0], sizeof(b[0]),
						   k->iperf_bps));
		out_uint(o, "read_calls", "%10llu ", k->read_calls);
		out_float(o, "read_avg_us", "%8.1f ", k->read_avg_us);
		out_float(o, "est_bps", NULL, k->est_bps);
		out_text(o, "%13s ", bench_fmt_bps(b[1], sizeof(b[1]),
						   k->est_bps));
		out_float(o, "est_vs_iperf", "%+7.1f%% ", 100 * off);
		out_float(o, "baseline_bps", NULL, k->baseline_bps);
		out_text(o, "%13s\n", bench_fmt_bps(b[2], sizeof(b[2]),
						    k->baseline_bps));
		out_obj_end(o);
	}
	out_arr_end(o);
	out_obj_end(o);
	return CLI_OK;
}

static int cmd_trace_iperf(struct cli_ctx *c, const struct cli_args *a)
{
	static const char *const roles[2] = { "s", "c" };
	struct trace_iperf_runs *runs = calloc(1, sizeof(*runs));
	struct trace_filter f = { 0 };
	struct bench_opts bo = { 0 };
	struct ovt_err e = { 0 };
	struct out *o = cli_out(c);
	double base_bps[TRACE_IPERF_REPEAT_MAX];
	struct bench_spread bs;
	char nb[2][96], pl[128], rep[48] = "", why[OVT_ERR_MSG];
	int ret, n, m;

	if (!runs)
		return cli_err(c, "out of memory");
	ret = cmd_iperf_opts(c, a, roles, &bo);
	if (ret != CLI_OK)
		goto out;
	if (cli_arg(a, "syscalls") &&
	    trace_filter_parse(&f, cli_arg(a, "syscalls"), &e) < 0) {
		ret = cmd_fail(c, &e);
		goto out;
	}
	if (bench_check(&bo, &e) < 0) {
		ret = cmd_fail(c, &e);
		goto out;
	}
	cmd_iperf_method(a, &bo, why, sizeof(why));
	bo.length = (unsigned)cli_arg_num(a, "length", TRACE_IPERF_LEN);
	bo.seconds = (unsigned)cli_arg_num(a, "time", TRACE_IPERF_TIME);
	bo.filter = &f;
	n = (int)cli_arg_num(a, "repeat", 1);
	if (n > 1)
		snprintf(rep, sizeof(rep), ", %d runs of each", n);
	if (!out_is_json(o))
		cli_info(c, "iperf3 %s -> %s, %u-byte blocks, %u s, server "
			 "traced by %s%s%s%s; %s%s",
			 node_str(&bo.client, nb[0], 96),
			 node_str(&bo.server, nb[1], 96), bo.length,
			 bo.seconds, trace_method_name(bo.method),
			 f.n ? ": " : "", f.n ? cli_arg(a, "syscalls") : "",
			 rep, bench_placement(bo.cpu, pl, sizeof(pl)),
			 bo.cpu >= 0 ? ", client and baseline placed by the "
				       "scheduler" : "");
	for (runs->n = 0; runs->n < n; runs->n++) {
		int i = runs->n;

		bo.trace = true;
		ret = bench_iperf_run(&bo, &runs->res[i], &runs->st[i], &e);
		if (ret == -EINTR) {
			out_obj_begin(o, NULL);
			trace_print_stats(o, &runs->st[i]);
			out_obj_end(o);
			ret = cli_err(c, "interrupted: iperf3 killed, counted "
				      "so far above");
			goto out;
		}
		if (ret == 0) {
			bo.trace = false;
			ret = bench_iperf_run(&bo, &runs->base[i], NULL, &e);
		}
		if (ret < 0) {
			ret = cmd_fail(c, &e);
			goto out;
		}
	}
	m = trace_iperf_median_run(runs);
	for (int i = 0; i < n; i++)
		base_bps[i] = runs->base[i].bps;
	bench_spread_of(base_bps, n, &bs);
	out_obj_begin(o, NULL);
	trace_print_method(o, runs->res[m].method, why);
	trace_print_stats(o, &runs->st[m]);
	trace_print_lost(o, runs->res[m].lost);
	out_int(o, "exit_status", NULL, runs->res[m].exit_status);
	trace_iperf_report(o, &runs->st[m], &runs->res[m], bs.median);
	trace_iperf_spread(o, runs);
	out_obj_end(o);
	trace_keep(&bo, &runs->res[m], &runs->st[m], bs.median);
	ret = CLI_OK;
out:
	free(runs);
	return ret;
}

#define H_TRACE   "Count syscalls with ovtsh's own tracer (strace -c -w)\n"
#define H_NODE_S  H_HV "Hypervisor (namespace) name of the server\n" \
		  H_CT "Container name of the server\n" \
		  H_VM "VM name of the server\n" H_HOST
#define H_NODE_C  H_HV "Hypervisor (namespace) name of the client\n" \
		  H_CT "Container name of the client\n" \
		  H_VM "VM name of the client\n" H_HOST

static const struct cli_cmd cmd_trace_cmds[] = {
	{
		.syntax = "trace exec [" CMD_NODE_SYNTAX "] [" CMD_CPU_SYNTAX "] "
			  "[" CMD_METHOD_SYNTAX "] "
			  "[syscalls LIST$syscalls] [json] LINE",
		.help = H_TRACE
			"Trace a program and summarize its syscalls\n"
			CMD_NODE_HELP
			CMD_CPU_HELP
			CMD_METHOD_HELP
			"Stop only on these syscalls (seccomp filter)\n"
			"Comma-separated syscall names (getppid,close)\n"
			H_JSON
			"Program and arguments\n",
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_trace_exec,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "trace iperf server "
			  CMD_NODE_SYNTAX_AS("s") " "
			  "client "
			  CMD_NODE_SYNTAX_AS("c") " "
			  "{length (1-1048576)|time (1-3600)|repeat (1-20)"
			  "|syscalls LIST$syscalls"
			  "|address A.B.C.D|port (1-65535)|" CMD_CPU_SYNTAX
			  "|" CMD_METHOD_SYNTAX "|json}",
		.help = H_TRACE
			"Trace an iperf3 server; an untraced run beside it\n"
			"The node running the iperf3 server (traced)\n"
			H_NODE_S
			"The node running the iperf3 client\n"
			H_NODE_C
			"Block length (iperf3 -l), default 1600\n"
			"Bytes per read/write\n"
			"Seconds per run (iperf3 -t), default 5\n"
			"Seconds\n"
			"Traced runs and as many baselines; medians and ranges\n"
			"Number of runs of each, default 1\n"
			"Stop only on these syscalls (seccomp filter)\n"
			"Comma-separated syscall names (read,pselect6)\n"
			"Server address the client dials\n"
			"IPv4 address (default: the server node's first)\n"
			"TCP port of the server\n"
			"Port, default 5201\n"
			CMD_CPU_HELP
			CMD_METHOD_HELP
			H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_trace_iperf,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show trace iperf [json]",
		.help = H_SHOW
			"The trace iperf runs of this session, side by side\n"
			"Throughput, read calls, time per read, estimate\n"
			H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_show_trace_iperf,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("trace", cmd_trace_cmds);
