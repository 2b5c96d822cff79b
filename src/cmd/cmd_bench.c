/* cmd_bench.c - "bench iperf": iperf3 from one node to another over a
 * sweep of block lengths; a table, an ASCII bar chart, and on request
 * CSV, JSON and an SVG plot (src/bench/).
 *
 * JSON: {"results":[{"length":L,"bps":X,"pps":X,"blocks_per_s":X,
 * "packets_per_s":X|null,"packet_bytes":X|null,"retransmits":N}, ...]};
 * "pps" is blocks per second, as it always was (kept for old readers);
 * packets come from the server interface's rx counters.  With "trace"
 * each result has "est_bps" (read calls x length / time),
 * "est_reliable" and a "syscalls" array too. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/bench.h"
#include "ovtsh/cmd.h"
#include "ovtsh/safefile.h"
#include "ovtsh/trace.h"

#define BENCH_TIME_DEFAULT 5
#define BENCH_BAR_COLS     40
#define BENCH_LEN_MAX      1048576
#define BENCH_L2_HDR       18   /* Ethernet + VLAN tag: in rx_bytes, not MTU */

static const unsigned bench_lengths_default[] = {
	200, 400, 800, 1600, 3200, 6400,
};

struct bench_sweep {
	int n;
	struct bench_res res[BENCH_MAX_LENGTHS];
	struct trace_stats *stats[BENCH_MAX_LENGTHS];   /* with "trace" */
};

static int bench_parse_lengths(struct cli_ctx *c, const char *list,
			       unsigned *len, int *n)
{
	struct ovt_err e = { 0 };
	int r;

	*n = 0;
	if (!list) {
		for (size_t i = 0; i < sizeof(bench_lengths_default) /
				       sizeof(bench_lengths_default[0]); i++)
			len[(*n)++] = bench_lengths_default[i];
		return CLI_OK;
	}
	r = val_u32_list(list, 1, BENCH_LEN_MAX, len, BENCH_MAX_LENGTHS, n,
			 &e);
	if (r == -E2BIG)
		return cli_err(c, "at most %d lengths", BENCH_MAX_LENGTHS);
	if (r < 0)
		return cli_err(c, "bad length in '%s': each must be 1-%d",
			       list, BENCH_LEN_MAX);
	return CLI_OK;
}

/* Server and client of an iperf3 run from the roles of their node
 * arguments (server, client: "t" for "$thv"; none given = host), then
 * address and port.  "bench iperf" and "trace iperf" share it. */
int cmd_iperf_opts(struct cli_ctx *c, const struct cli_args *a,
		   const char *const roles[2], struct bench_opts *o)
{
	struct val_prefix ip;

	if (cmd_node_named(c, a, roles[0], &o->server) != CLI_OK ||
	    cmd_node_named(c, a, roles[1], &o->client) != CLI_OK)
		return CLI_ERR;
	if (cli_arg_addr(a, "a.b.c.d", &ip))   /* IPv4: fits o->addr */
		val_addr_str(&ip, o->addr, sizeof(o->addr));
	o->port = (unsigned)cli_arg_num(a, "port", BENCH_PORT_DEFAULT);
	/* a remote node's own tracer places its server in its own CPUs */
	if (node_is_remote(&o->server) && cmd_cpu_given(a)) {
		char nb[96];

		return cli_err(c, "cpu: the server runs in %s's own kernel, "
			       "placed by its own tracer",
			       node_str(&o->server, nb, sizeof(nb)));
	}
	if (node_is_remote(&o->server)) {
		o->cpu = TRACE_CPU_ANY;
		return CLI_OK;
	}
	return cmd_cpu_from_args(c, a, &o->cpu);
}

void cmd_iperf_method(const struct cli_args *a, struct bench_opts *o,
		      char *why, size_t len)
{
	o->method = bench_method_resolve(&o->server, cmd_method_from_args(a),
					 why, len);
	if (o->method == TRACE_M_EBPF && !cmd_cpu_given(a))
		o->cpu = TRACE_CPU_ANY;
}

static int res_cmp_bps(const void *a, const void *b)
{
	const struct bench_res *x = a, *y = b;

	return x->bps < y->bps ? -1 : x->bps > y->bps;
}

/* repeat runs of one length; the run with the median throughput. */
static int bench_length(struct bench_opts *o, unsigned repeat,
			struct bench_res *out, struct trace_stats *st,
			struct ovt_err *e)
{
	struct bench_res runs[100];
	int r;

	for (unsigned i = 0; i < repeat; i++) {
		/* traced: the summary of the last run is kept; the row's
		 * est_bps is the median run's own */
		r = bench_iperf_run(o, &runs[i], st, e);
		if (r < 0)
			return r;
	}
	qsort(runs, repeat, sizeof(runs[0]), res_cmp_bps);
	*out = runs[repeat / 2];
	return 0;
}

static void bench_row(struct out *o, const struct bench_res *r, bool trace)
{
	char b[32];

	out_uint(o, "length", "%7llu ", r->length);
	out_text(o, "%14s ", bench_fmt_bps(b, sizeof(b), r->bps));
	out_float(o, "bps", NULL, r->bps);
	out_float(o, "pps", NULL, r->blocks_ps);
	out_float(o, "blocks_per_s", "%12.0f ", r->blocks_ps);
	if (r->packets_ps >= 0) {
		out_float(o, "packets_per_s", "%12.0f ", r->packets_ps);
		out_float(o, "packet_bytes", NULL, r->pkt_bytes);
	} else {
		out_null(o, "packets_per_s", NULL);
		out_text(o, "%12s ", "-");
		out_null(o, "packet_bytes", NULL);
	}
	out_uint(o, "retransmits", "%11llu ", r->retransmits);
	out_text(o, "%6.1f%% %6.1f%%", r->cpu_host, r->cpu_remote);
	if (trace) {
		out_text(o, " %14s", bench_fmt_bps(b, sizeof(b), r->est_bps));
		out_float(o, "est_bps", NULL, r->est_bps);
		out_bool(o, "est_reliable", NULL, r->est_reliable);
		out_text(o, "%s", r->est_reliable ? "" : " (unreliable)");
	}
	out_text(o, "\n");
}

/* Counters that saw fewer, larger packets than the MTU allows: the
 * driver counted GSO/GRO aggregates, not packets on a wire. */
static void bench_pkt_note(struct out *o, const struct bench_sweep *s)
{
	double most = 0;
	unsigned mtu = 0;

	for (int i = 0; i < s->n; i++)
		if (s->res[i].packets_ps >= 0 && s->res[i].mtu &&
		    s->res[i].pkt_bytes > most) {
			most = s->res[i].pkt_bytes;
			mtu = s->res[i].mtu;
		}
	if (mtu && most > mtu + BENCH_L2_HDR)
		out_text(o, "note: packets/s counts what the server's interface "
			 "counted: up to %.0f B per packet against an MTU of %u, "
			 "so GSO/GRO aggregates, not wire packets\n", most, mtu);
}

static void bench_chart(struct out *o, const struct bench_sweep *s)
{
	double max = 0;
	char bar[BENCH_BAR_COLS + 1], b[32];

	for (int i = 0; i < s->n; i++)
		if (s->res[i].bps > max)
			max = s->res[i].bps;
	out_text(o, "\nthroughput by block length\n");
	for (int i = 0; i < s->n; i++) {
		bench_bar(bar, sizeof(bar), s->res[i].bps, max, BENCH_BAR_COLS);
		out_text(o, "%7u |%-*s %s\n", s->res[i].length, BENCH_BAR_COLS,
			 bar, bench_fmt_bps(b, sizeof(b), s->res[i].bps));
	}
}

static int bench_files(struct cli_ctx *c, const struct cli_args *a,
		       const struct bench_sweep *s, const char *title)
{
	static const char *const kinds[] = { "csv", "plot" };

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		const char *path = cli_arg(a, kinds[k]);
		struct ovt_err e = { 0 };
		struct sfile f;

		if (!path)
			continue;
		if (sfile_open(&f, path, 0666, &e) < 0)
			return cmd_fail(c, &e);
		/* a failed write shows in the commit, with its errno */
		if (k == 0)
			bench_write_csv(f.fp, s->res, s->n);
		else
			bench_write_svg(f.fp, s->res, s->n, title);
		if (sfile_commit(&f, &e) < 0)
			return cmd_fail(c, &e);
		if (!out_is_json(cli_out(c)))
			cli_info(c, "wrote %s", path);
	}
	return CLI_OK;
}

static void bench_print(struct out *o, const struct bench_sweep *s,
			const struct bench_opts *bo, const char *why)
{
	out_obj_begin(o, NULL);
	if (bo->trace)
		trace_print_method(o, bo->method, why);
	out_arr_begin(o, "results");
	for (int i = 0; i < s->n; i++) {
		out_obj_begin(o, NULL);
		bench_row(o, &s->res[i], s->stats[i] != NULL);
		if (s->stats[i] && out_is_json(o))
			trace_print_stats(o, s->stats[i]);
		out_obj_end(o);
	}
	out_arr_end(o);
	out_obj_end(o);
}

static int cmd_bench_iperf(struct cli_ctx *c, const struct cli_args *a)
{
	struct bench_sweep *s = calloc(1, sizeof(*s));
	struct bench_opts bo = { 0 };
	struct ovt_err e = { 0 };
	struct out *o = cli_out(c);
	unsigned lens[BENCH_MAX_LENGTHS], repeat;
	char title[256], nb[2][96], pl[128], why[OVT_ERR_MSG] = "";
	int n = 0, ret, r = 0;

	if (!s)
		return cli_err(c, "out of memory");
	{
		static const char *const roles[2] = { "t", "f" };

		ret = cmd_iperf_opts(c, a, roles, &bo);
	}
	if (ret == CLI_OK)
		ret = bench_parse_lengths(c, cli_arg(a, "lengths"), lens, &n);
	if (ret != CLI_OK)
		goto out;
	if (bench_check(&bo, &e) < 0) {
		ret = cmd_fail(c, &e);
		goto out;
	}
	bo.seconds = (unsigned)cli_arg_num(a, "time", BENCH_TIME_DEFAULT);
	bo.udp = cli_arg_has(a, "udp");
	bo.trace = cli_arg_has(a, "trace");
	if (!bo.trace && cmd_cpu_given(a)) {
		ret = cli_err(c, "cpu places the tracer: it needs 'trace'");
		goto out;
	}
	if (!bo.trace && cmd_method_from_args(a) != TRACE_M_PTRACE) {
		ret = cli_err(c, "method picks the tracer: it needs 'trace'");
		goto out;
	}
	if (bo.trace)
		cmd_iperf_method(a, &bo, why, sizeof(why));
	repeat = (unsigned)cli_arg_num(a, "repeat", 1);
	snprintf(title, sizeof(title), "iperf3 %s %s -> %s, %u s%s%s",
		 bo.udp ? "UDP" : "TCP", node_str(&bo.client, nb[0], 96),
		 node_str(&bo.server, nb[1], 96), bo.seconds,
		 bo.trace ? ", server traced by " : "",
		 bo.trace ? trace_method_name(bo.method) : "");
	if (!out_is_json(o)) {
		cli_info(c, "%s, %u run%s per length%s%s", title, repeat,
			 repeat > 1 ? "s (median)" : "", bo.trace ? "; " : "",
			 bo.trace ? bench_placement(bo.cpu, pl, sizeof(pl)) :
				    "");
		if (bo.trace)
			trace_print_method(o, bo.method, why);
		out_text(o, " length     throughput     blocks/s    packets/s "
			 "retransmits cpu-snd cpu-rcv%s\n",
			 bo.trace ? "   est-by-reads" : "");
	}
	for (int i = 0; i < n; i++) {
		bo.length = lens[i];
		if (bo.trace && !(s->stats[i] = malloc(sizeof(*s->stats[i])))) {
			r = ovt_err_set(&e, ENOMEM, "out of memory");
			break;
		}
		r = bench_length(&bo, repeat, &s->res[s->n], s->stats[i], &e);
		if (r < 0)
			break;
		if (!out_is_json(o)) {
			bench_row(o, &s->res[s->n], bo.trace);
			fflush(out_file(o));
		}
		s->n++;
	}
	if (r < 0) {
		ret = r == -EINTR ? cli_err(c, "interrupted after %d of %d "
					    "lengths", s->n, n) :
			cli_err(c, "length %u: %s", bo.length, e.msg);
		goto out;
	}
	if (out_is_json(o)) {
		bench_print(o, s, &bo, why);
	} else {
		bench_pkt_note(o, s);
		bench_chart(o, s);
		for (int i = 0; bo.trace && i < s->n; i++) {
			out_text(o, "\nserver syscalls, length %u:\n",
				 s->res[i].length);
			trace_print_stats(o, s->stats[i]);
		}
	}
	ret = bench_files(c, a, s, title);
out:
	for (int i = 0; i < BENCH_MAX_LENGTHS; i++)
		free(s->stats[i]);
	free(s);
	return ret;
}

#define H_NODE_F  H_HV "Hypervisor (namespace) name of the client\n" \
		  H_CT "Container name of the client\n" \
		  H_VM "VM name of the client\n" H_HOST
#define H_NODE_T  H_HV "Hypervisor (namespace) name of the server\n" \
		  H_CT "Container name of the server\n" \
		  H_VM "VM name of the server\n" H_HOST

static const struct cli_cmd cmd_bench_cmds[] = {
	{
		.syntax = "bench iperf from "
			  CMD_NODE_SYNTAX_AS("f") " "
			  "to " CMD_NODE_SYNTAX_AS("t") " "
			  "{lengths LIST$lengths|time (1-3600)|repeat (1-100)|udp"
			  "|trace|address A.B.C.D|port (1-65535)|csv FILE$csv"
			  "|plot FILE$plot|" CMD_CPU_SYNTAX "|" CMD_METHOD_SYNTAX
			  "|json}",
		.help = "Measure throughput between lab nodes\n"
			"iperf3 over a sweep of block lengths\n"
			"The sending node (iperf3 client)\n"
			H_NODE_F
			"The receiving node (iperf3 server)\n"
			H_NODE_T
			"Block lengths, default 200,400,800,1600,3200,6400\n"
			"Comma-separated byte counts (1-1048576)\n"
			"Seconds per run (iperf3 -t), default 5\n"
			"Seconds\n"
			"Runs per length; the median is reported\n"
			"Number of runs\n"
			"UDP at full speed (-u -b 0) instead of TCP\n"
			"Trace the server and summarize its syscalls\n"
			"Server address the client dials\n"
			"IPv4 address (default: the server node's first)\n"
			"TCP port of the server\n"
			"Port, default 5201\n"
			"Write the results as CSV\n"
			"CSV file name\n"
			"Write an SVG plot of the results\n"
			"SVG file name\n"
			CMD_CPU_HELP
			CMD_METHOD_HELP
			H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_bench_iperf,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("bench", cmd_bench_cmds);
