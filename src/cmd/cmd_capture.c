/* cmd_capture.c - "capture interface ..." and "capture read ...".
 *
 * The handlers only gather arguments and print the summary; opening the
 * handle in the node's namespace, the loop and the dissectors live in
 * src/capture/.  Ctrl-C ends a capture (ovtsh/cancel.h): the summary is
 * printed and a script (-c, -f) goes on, as after a count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ovtsh/dissect.h"
#include "ovtsh/net.h"
#include "cmd_capture.h"

/* net_netns_foreach() callback: teach the VXLAN dissector (the context
 * at arg) the dstport of every VXLAN device in the namespace. */
static int cmd_capture_ports_ns(struct net_nl *nl, void *arg)
{
	struct net_link_info *l = NULL;
	int n = 0, i;

	if (net_link_list(nl, &l, &n, NULL) < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (l[i].kind == NET_K_VXLAN && l[i].port)
			dec_vxlan_port_add(arg, l[i].port);
	free(l);
	return 0;
}

/* VXLAN on a port other than 4789/8472 decodes too when a tunnel on this
 * machine uses it (the lab's tunnels, whichever node the capture is in;
 * the capture may well be on a link between the two ends). */
void cmd_capture_ports(struct dec_ctx *x)
{
	net_netns_foreach(cmd_capture_ports_ns, x, NULL);
}

/* The summary goes to stdout in text mode; with json it goes to stderr so
 * that stdout stays one JSON object per packet. */
void cmd_capture_summary(struct cli_ctx *c, const struct cap_stats *st)
{
	struct out *o = cli_out(c);
	char line[160];

	if (st->live)
		snprintf(line, sizeof(line),
			 "%llu packets captured, %llu received by filter, "
			 "%llu dropped by kernel",
			 (unsigned long long)st->captured,
			 (unsigned long long)st->received,
			 (unsigned long long)st->dropped);
	else
		snprintf(line, sizeof(line), "%llu packets read",
			 (unsigned long long)st->captured);
	if (out_is_json(o)) {
		fflush(out_file(o));
		fprintf(stderr, "%s\n", line);
	} else {
		out_text(o, "%s\n", line);
	}
}

static int cmd_capture_run(struct cli_ctx *c, const struct cli_args *a,
			   struct cap_opts *opts)
{
	struct dec_ctx dec = { 0 };
	struct cap_stats st;
	struct ovt_err e = { 0 };
	int r;

	opts->filter = cli_arg(a, "filter");
	opts->inner = cli_arg(a, "inner");
	opts->detail = cli_arg_has(a, "detail");
	if (opts->detail && out_is_json(cli_out(c)))
		return cli_err(c, "detail is a text view, json another: "
			       "choose one");
	opts->count = (uint64_t)cli_arg_num(a, "count", 0);
	cmd_capture_ports(&dec);
	opts->dec = &dec;
	if (cli_arg_has(a, "background"))
		return cmd_capture_bg(c, opts);
	r = cap_run(opts, cli_out(c), &st, &e);
	/* the terminal echoed "^C": start the summary on a line of its own */
	if (st.interrupted && isatty(STDOUT_FILENO) &&
	    !out_is_json(cli_out(c)))
		out_text(cli_out(c), "\n");
	if (r < 0)
		return cmd_fail(c, &e);
	cmd_capture_summary(c, &st);
	return CLI_OK;
}

/* The points after the first ("IFNAME$if2 <node>$p2..."): a point
 * without a node is in the node of the mode, as the first one. */
static int cmd_capture_points(struct cli_ctx *c, const struct cli_args *a,
			      struct node *nodes, struct cap_point *pts)
{
	char name[8], role[8];
	int k, n = 0;

	for (k = 2; k <= CAP_POINTS_MAX; k++) {
		snprintf(name, sizeof(name), "if%d", k);
		snprintf(role, sizeof(role), "p%d", k);
		if (!cli_arg(a, name))
			break;
		pts[n].ifname = cli_arg_ifname(a, name);
		pts[n].node = &nodes[n];
		if (cmd_node_from_role(c, a, role, &nodes[n]) != CLI_OK)
			return -1;
		n++;
	}
	return n;
}

static int cmd_capture_interface(struct cli_ctx *c, const struct cli_args *a)
{
	struct cap_opts opts = { 0 };
	struct cap_point pts[CAP_POINTS_MAX - 1];
	struct node n, more[CAP_POINTS_MAX - 1];

	if (cmd_node_from_args(c, a, &n) != CLI_OK)
		return CLI_ERR;
	opts.ifname = cli_arg_ifname(a, "ifname");
	opts.node = &n;
	opts.write = cli_arg(a, "out");
	opts.nmore = cmd_capture_points(c, a, more, pts);
	if (opts.nmore < 0)
		return CLI_ERR;
	opts.more = pts;
	if (opts.nmore && (opts.write || cli_arg_has(a, "background")))
		return cli_err(c, "a capture at several points is printed as "
			       "it runs: no write, no background");
	return cmd_capture_run(c, a, &opts);
}

static int cmd_capture_read(struct cli_ctx *c, const struct cli_args *a)
{
	struct cap_opts opts = { 0 };

	opts.file = cli_arg(a, "file");
	opts.write = cli_arg(a, "out");
	return cmd_capture_run(c, a, &opts);
}

#define H_CAPTURE \
	"Capture packets, decoding VXLAN and GRE to the inner packet\n"
#define H_CAP_OPTS                                                          \
	"Only packets matching a BPF expression (tcpdump syntax)\n"         \
	"BPF expression, quoted: \"udp port 4789\"\n"                       \
	"Only packets whose innermost frame (inside VXLAN/GRE) matches\n"   \
	"BPF expression on that frame: \"icmp and host 32.0.0.5\"\n"        \
	"Stop after a number of packets\n"                                  \
	"Number of packets\n"
#define H_CAP_WRITE                                                         \
	"Save the raw packets to a pcap file instead of printing them\n"   \
	"pcap file to write (tcpdump and Wireshark read it)\n"             \
	"Run in the background: show capture ID, no capture ID\n"         \
	H_CAP_DETAIL

/* One more point: ", interface IFNAME$ifK [node$pK...]", nested so that
 * point K needs point K-1 (the "]" closing each follow the last). */
#define CMD_CAP_POINT(k) \
	"[, interface IFNAME$if" k " [" CMD_NODE_SYNTAX_AS("p" k) "] "
#define H_CAP_POINT                                                         \
	"Capture at one more point too: one time-ordered stream\n"          \
	"The interface at that point\n" H_IFNAME CMD_NODE_HELP

static const struct cli_cmd cmd_capture_cmds[] = {
	{
		.syntax = "capture interface IFNAME [" CMD_NODE_SYNTAX "] "
			  CMD_CAP_POINT("2") CMD_CAP_POINT("3")
			  CMD_CAP_POINT("4") CMD_CAP_POINT("5")
			  CMD_CAP_POINT("6") "]]]]] "
			  "{filter STRING$filter|inner STRING$inner|"
			  "count (1-4294967295)$count|write FILE$out|"
			  "background|detail|json}",
		.help = H_CAPTURE
			"Capture live on an interface (Ctrl-C stops)\n"
			H_IFNAME CMD_NODE_HELP H_CAP_POINT H_CAP_POINT H_CAP_POINT
			H_CAP_POINT H_CAP_POINT H_CAP_OPTS H_CAP_WRITE H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_capture_interface,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "capture read FILE {filter STRING$filter|"
			  "inner STRING$inner|count (1-4294967295)$count|"
			  "write FILE$out|background|detail|json}",
		.help = H_CAPTURE
			"Decode a pcap or pcapng file\n"
			"File to read\n" H_CAP_OPTS H_CAP_WRITE H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_capture_read,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("capture", cmd_capture_cmds);
