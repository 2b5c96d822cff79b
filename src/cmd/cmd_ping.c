/* cmd_ping.c - "ping" and "pingall": is the lab wired as meant?
 *
 *   ping DEST {from NODE|count N|size BYTES|json}
 *   pingall {nodes LIST|json}
 *
 * The probes are ovtsh's own (net_probe_run in src/net/net_ping.c), not
 * /bin/ping's output parsed.  A node as destination is probed at its
 * address on a subnet it shares with the source, else its first global
 * one (net_addr_pick).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"

#define PING_COUNT_DEFAULT 3
#define PING_SIZE_DEFAULT  56
#define PING_INTERVAL_MS   200
#define PING_TIMEOUT_MS    1000
/* pingall: up to 3 tries 400 ms apart, 1 s for the last replies */
#define PINGALL_TRIES      3
#define PINGALL_RETRY_MS   400
#define PINGALL_TIMEOUT_MS 1000

/* A node and its IPv4 addresses. */
struct ping_node {
	struct node n;
	struct net_addr_info *addr;
	int naddr;
};

static void ping_nodes_free(struct ping_node *v, int n)
{
	for (int i = 0; v && i < n; i++)
		free(v[i].addr);
	free(v);
}

static int ping_node_read(struct ping_node *p, struct ovt_err *e)
{
	return net_node_addrs4(&p->n, &p->addr, &p->naddr, e);
}

/* The summary: one line, or one JSON object. */
static void ping_print(struct out *o, const char *dst,
		       const struct net_probe *p)
{
	unsigned loss = p->sent ? (p->sent - p->recv) * 100 / p->sent : 0;

	out_obj_begin(o, NULL);
	out_str(o, "destination", NULL, dst);
	out_uint(o, "transmitted", "%llu packets transmitted, ", p->sent);
	out_uint(o, "received", "%llu received, ", p->recv);
	out_uint(o, "loss_percent", "%llu%% packet loss", loss);
	if (p->recv) {
		out_float(o, "rtt_min_ms", ", rtt min/avg/max = %.3f",
			  p->rtt_min);
		out_float(o, "rtt_avg_ms", "/%.3f", p->rtt_sum / p->recv);
		out_float(o, "rtt_max_ms", "/%.3f ms", p->rtt_max);
	}
	out_obj_end(o);
	out_nl(o);
	out_flush(o);
}

int cmd_ping_dest(struct cli_ctx *c, const struct cli_args *a,
		  const struct node *src, struct in_addr *dst)
{
	struct ping_node s = { .n = *src }, d = { 0 };
	struct ovt_err e = { 0 };
	char nbuf[NODE_NAME_MAX + 16];
	int ret = CLI_OK;

	if (cli_arg_addr4(a, "addr", dst))
		return CLI_OK;
	if (cmd_node_named(c, a, "d", &d.n) != CLI_OK)
		return CLI_ERR;
	if (ping_node_read(&s, &e) < 0 || ping_node_read(&d, &e) < 0)
		ret = cmd_fail(c, &e);
	else if (!net_addr_pick(s.addr, s.naddr, d.addr, d.naddr, dst))
		ret = cli_err(c, "%s: %s has no IPv4 address",
			      cli_arg(a, "ping") ? "ping" : "expect",
			      node_str(&d.n, nbuf, sizeof(nbuf)));
	free(s.addr);
	free(d.addr);
	return ret;
}

static int cmd_ping(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_probe_opts po = {
		.count = cli_arg_u32(a, "count", PING_COUNT_DEFAULT),
		.size = cli_arg_u32(a, "size", PING_SIZE_DEFAULT),
		.interval_ms = PING_INTERVAL_MS,
		.timeout_ms = PING_TIMEOUT_MS,
	};
	struct node src;
	struct net_probe p = { 0 };
	struct ovt_err e = { 0 };
	char buf[INET_ADDRSTRLEN];
	bool intr;

	if (cmd_node_named(c, a, "s", &src) != CLI_OK ||
	    cmd_ping_dest(c, a, &src, &p.dst) != CLI_OK)
		return CLI_ERR;
	if (net_probe_run(&src, 1, &p, 1, &po, &intr, &e) < 0)
		return cmd_fail(c, &e);
	ping_print(cli_out(c), inet_ntop(AF_INET, &p.dst, buf, sizeof(buf)),
		   &p);
	if (intr)
		return cli_err(c, "ping: interrupted");
	if (p.recv == 0)
		return cli_err(c, "ping: %s: no reply", buf);
	return CLI_OK;
}

/* ---- pingall ---- */

static bool ping_in_list(const char *name, const char *list)
{
	size_t n = strlen(name);

	for (const char *p = list; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	}
	return false;
}

/* The lab's nodes of every kind (list filtered to the lab's own), or
 * those named in list; each with its IPv4 addresses. */
static int ping_lab_nodes(const char *list, struct ping_node **out, int *cnt,
			  struct ovt_err *e)
{
	const struct node_kind *const *k;
	struct ping_node *v = NULL;
	int nk, n = 0, r = 0;

	k = node_kinds(&nk);
	for (int i = 0; i < nk && r == 0; i++) {
		char **names = NULL;
		int nn = 0;

		if (!k[i]->list)        /* no host-side namespace to ping from */
			continue;
		r = k[i]->list(&names, &nn, e);
		if (r == -ECONNREFUSED) {       /* no such service: none */
			r = 0;
			continue;
		}
		for (int j = 0; r == 0 && j < nn; j++) {
			struct ping_node *nv;

			if ((list && !ping_in_list(names[j], list)) ||
			    (k[i]->lab_check &&
			     k[i]->lab_check(names[j], NULL) < 0))
				continue;
			nv = realloc(v, (size_t)(n + 1) * sizeof(*v));
			if (!nv) {
				r = ovt_err_set(e, ENOMEM, "out of memory");
				break;
			}
			v = nv;
			v[n] = (struct ping_node){ 0 };
			r = node_make(&v[n].n, k[i], names[j], e);
			if (r == 0)
				r = ping_node_read(&v[n], e);
			n++;
		}
		node_names_free(names, nn);
	}
	if (r < 0) {
		ping_nodes_free(v, n);
		return r;
	}
	*out = v;
	*cnt = n;
	return 0;
}

/* Every name of list is a lab node of v; else print which is not. */
static int ping_list_check(struct cli_ctx *c, const char *list,
			   const struct ping_node *v, int n)
{
	char *copy = strdup(list), *save = NULL, *w;
	int ret = CLI_OK;

	if (!copy)
		return cli_err(c, "pingall: out of memory");
	for (w = strtok_r(copy, ",", &save); w && ret == CLI_OK;
	     w = strtok_r(NULL, ",", &save)) {
		int i = 0;

		while (i < n && strcmp(v[i].n.name, w))
			i++;
		if (i == n)
			ret = cli_err(c, "pingall: no lab node '%s'", w);
	}
	free(copy);
	return ret;
}

/* Keep the nodes that have an IPv4 address to be probed at. */
static int ping_keep_addressed(struct ping_node *v, int n)
{
	struct in_addr ip;
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (net_addr_pick(NULL, 0, v[i].addr, v[i].naddr, &ip))
			v[k++] = v[i];
		else
			free(v[i].addr);
	}
	return k;
}

/* One probe per ordered pair; *np probes, in source-major order. */
static struct net_probe *ping_pairs(const struct ping_node *v, int n,
				    int *np)
{
	struct net_probe *p = calloc((size_t)n * (size_t)n + 1, sizeof(*p));
	int k = 0;

	for (int i = 0; p && i < n; i++)
		for (int j = 0; j < n; j++) {
			if (i == j)
				continue;
			p[k].src = i;
			net_addr_pick(v[i].addr, v[i].naddr, v[j].addr,
				      v[j].naddr, &p[k].dst);
			k++;
		}
	*np = k;
	return p;
}

static void pingall_print(struct out *o, const struct ping_node *v, int n,
			  const struct net_probe *p, int np)
{
	int k = 0, recv = 0;

	out_obj_begin(o, NULL);
	out_arr_begin(o, "nodes");
	for (int i = 0; i < n; i++) {
		out_obj_begin(o, NULL);
		out_str(o, "name", "%s ->", v[i].n.name);
		out_str(o, "kind", NULL, node_kind_name(v[i].n.kind));
		out_arr_begin(o, "reached");
		for (int j = 0; j < n; j++) {
			if (i == j)
				continue;
			if (p[k].recv) {
				out_str(o, NULL, " %s", v[j].n.name);
				recv++;
			} else {
				out_text(o, " X");
			}
			k++;
		}
		out_arr_end(o);
		out_obj_end(o);
		out_nl(o);
	}
	out_arr_end(o);
	out_uint(o, "dropped_percent", "Results: %llu%% dropped",
		 np ? (unsigned)(np - recv) * 100u / (unsigned)np : 0);
	out_uint(o, "received", " (%llu", (unsigned)recv);
	out_uint(o, "sent", "/%llu received)", (unsigned)np);
	out_obj_end(o);
	out_nl(o);
	out_flush(o);
}

static int cmd_pingall(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_probe_opts po = {
		.count = PINGALL_TRIES,
		.size = PING_SIZE_DEFAULT,
		.interval_ms = PINGALL_RETRY_MS,
		.timeout_ms = PINGALL_TIMEOUT_MS,
		.retry = true,
	};
	struct ping_node *v = NULL;
	struct net_probe *p = NULL;
	struct node *src = NULL;
	struct ovt_err e = { 0 };
	int n = 0, np = 0, ret = CLI_ERR, lost = 0;
	bool intr;

	if (ping_lab_nodes(cli_arg(a, "nodes"), &v, &n, &e) < 0)
		return cmd_fail(c, &e);
	if (cli_arg(a, "nodes") &&
	    ping_list_check(c, cli_arg(a, "nodes"), v, n) != CLI_OK)
		goto out;
	n = ping_keep_addressed(v, n);
	if (n < 2) {
		ret = cli_err(c, "pingall: fewer than two lab nodes with an "
			      "IPv4 address");
		goto out;
	}
	p = ping_pairs(v, n, &np);
	src = calloc((size_t)n, sizeof(*src));
	if (!p || !src) {
		ret = cli_err(c, "pingall: out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++)
		src[i] = v[i].n;
	if (net_probe_run(src, n, p, np, &po, &intr, &e) < 0) {
		ret = cmd_fail(c, &e);
		goto out;
	}
	pingall_print(cli_out(c), v, n, p, np);
	for (int i = 0; i < np; i++)
		lost += !p[i].recv;
	if (lost && np > net_neigh_max() && net_neigh_max() > 0)
		out_text(cli_out(c), "note: %d pairs need up to as many ARP "
			 "entries; the kernel keeps %d for all namespaces "
			 "(net.ipv4.neigh.default.gc_thresh3)\n", np,
			 net_neigh_max());
	if (intr)
		ret = cli_err(c, "pingall: interrupted");
	else if (lost)
		ret = cli_err(c, "pingall: %d of %d pairs unreachable", lost,
			      np);
	else
		ret = CLI_OK;
out:
	free(src);
	free(p);
	ping_nodes_free(v, n);
	return ret;
}

static const struct cli_cmd cmd_ping_cmds[] = {
	{
		.syntax = "ping <A.B.C.D$addr|" CMD_NODE_SYNTAX_AS("d") "> "
			  "{from " CMD_NODE_SYNTAX_AS("s") "|count (1-64)"
			  "|size (16-9000)|json}",
		.help = "Send ICMP echo requests and summarize the replies\n"
			"Destination IPv4 address\n"
			H_HV "Hypervisor (namespace) name to ping\n"
			H_CT "Container name to ping\n"
			H_VM "VM name to ping\n" H_HOST
			"The node to ping from (default: the host)\n"
			H_HV "Hypervisor (namespace) name of the source\n"
			H_CT "Container name of the source\n"
			H_VM "VM name of the source\n" H_HOST
			"Echo requests to send, 200 ms apart (default 3)\n"
			"Number of requests\n"
			"ICMP payload bytes (default 56)\n"
			"Bytes\n"
			H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_ping,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "pingall {nodes LIST$nodes|json}",
		.help = "Ping between every pair of lab nodes, all at once\n"
			"Only these nodes\n"
			"Comma-separated node names\n"
			H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_pingall,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};
CLI_TABLE("ping", cmd_ping_cmds);
