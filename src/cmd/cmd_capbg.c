/* cmd_capbg.c - background captures: "capture ... background" starts one
 * (cmd_capture_bg, from cmd_capture.c), "show captures", "show capture
 * ID [last N]", "no capture ID", "clear captures".  The threads and the
 * ring are src/capture/capbg.c; they end with the shell (main.c). */
#include <stdio.h>

#include "ovtsh/capprint.h"
#include "cmd_capture.h"

static const char *const cmd_capbg_states[] = {
	[CAP_BG_RUNNING] = "running",
	[CAP_BG_DONE] = "done",
	[CAP_BG_FAILED] = "failed",
};

int cmd_capture_bg(struct cli_ctx *c, const struct cap_opts *opts)
{
	struct ovt_err e = { 0 };
	char where[96];
	unsigned id;

	if (out_is_json(cli_out(c)) || opts->detail)
		return cli_err(c, "a background capture keeps its packets: "
			       "ask 'show capture ID %s'",
			       opts->detail ? "detail" : "json");
	if (cap_bg_start(opts, &id, &e) < 0)
		return cmd_fail(c, &e);
	if (opts->file)
		cli_info(c, "capture %u started on file %s", id, opts->file);
	else
		cli_info(c, "capture %u started on %s %s", id,
			 node_str(opts->node, where, sizeof(where)),
			 opts->ifname);
	return CLI_OK;
}

static void cmd_capbg_row(struct out *o, const struct cap_bg_info *i)
{
	out_obj_begin(o, NULL);
	out_uint(o, "id", "%-3llu ", i->id);
	out_str(o, "state", "%-8s ", cmd_capbg_states[i->state]);
	if (i->live) {
		out_str(o, "node", "%-20s ", i->node);
		out_str(o, "interface", "%-16s ", i->src);
	} else {
		out_text(o, "%-20s ", "file");
		out_str(o, "file", "%-16s ", i->src);
	}
	out_uint(o, "packets", "%9llu ", i->packets);
	if (i->live)
		out_uint(o, "drops", "%7llu ", i->dropped);
	else
		out_text(o, "%7s ", "-");
	if (i->filter[0])
		out_str(o, "filter", "%s", i->filter);
	else
		out_text(o, "-");
	if (i->inner[0])
		out_str(o, "inner", " inner \"%s\"", i->inner);
	if (i->state == CAP_BG_FAILED)
		out_str(o, "error", NULL, i->err);
	out_obj_end(o);
	out_nl(o);
}

static int cmd_show_captures(struct cli_ctx *c, const struct cli_args *a)
{
	struct cap_bg_info v[CAP_BG_MAX];
	struct out *o = cli_out(c);
	int n = cap_bg_list(v, CAP_BG_MAX), i;

	(void)a;
	out_text(o, "%-3s %-8s %-20s %-16s %9s %7s %s\n", "ID", "State",
		 "Node", "Interface", "Packets", "Drops", "Filter");
	out_arr_begin(o, "captures");
	for (i = 0; i < n; i++)
		cmd_capbg_row(o, &v[i]);
	out_arr_end(o);
	return CLI_OK;
}

struct cmd_capbg_print {
	FILE *fp;
	bool json, detail;
	char buf[CAP_JSON_MAX];
};

static void cmd_capbg_packet(void *arg, struct dec_pkt *pkt,
			     const uint8_t *data, uint64_t n)
{
	struct cmd_capbg_print *P = arg;
	size_t len;

	if (P->json) {
		len = cap_format_json(pkt, n, P->buf, sizeof(P->buf));
	} else if (P->detail) {
		dec_checksums(pkt, data);
		len = cap_format_detail(pkt, P->buf, sizeof(P->buf));
	} else {
		len = cap_format_text(pkt, P->buf, sizeof(P->buf));
	}
	fwrite(P->buf, 1, len, P->fp);
}

static int cmd_show_capture(struct cli_ctx *c, const struct cli_args *a)
{
	static struct cmd_capbg_print P;     /* 32 KiB: not on the stack */
	struct ovt_err e = { 0 };
	struct cap_bg_info i;

	P.fp = out_file(cli_out(c));
	P.json = out_is_json(cli_out(c));
	P.detail = cli_arg_has(a, "detail");
	if (cap_bg_show(cli_arg_u32(a, "id", 0), cli_arg_u32(a, "last", 0),
			cmd_capbg_packet, &P, &i, &e) < 0)
		return cmd_fail(c, &e);
	fflush(P.fp);
	if (i.state == CAP_BG_FAILED)
		return cli_err(c, "capture %u failed: %s", i.id, i.err);
	return CLI_OK;
}

static int cmd_no_capture(struct cli_ctx *c, const struct cli_args *a)
{
	struct ovt_err e = { 0 };
	struct cap_bg_info i = { 0 };
	struct cap_stats st = { 0 };
	int r = cap_bg_stop(cli_arg_u32(a, "id", 0), &i, &e);

	if (r < 0 && !i.id)
		return cmd_fail(c, &e);
	st.live = i.live;
	st.captured = i.packets;
	st.received = i.live ? i.received : i.packets;
	st.dropped = i.dropped;
	cmd_capture_summary(c, &st);
	if (r < 0)
		return cmd_fail(c, &e);
	if (i.state == CAP_BG_FAILED)
		return cli_err(c, "capture %u failed: %s", i.id, i.err);
	return CLI_OK;
}

static int cmd_clear_captures(struct cli_ctx *c, const struct cli_args *a)
{
	int n = cap_bg_stop_all();

	(void)a;
	cli_info(c, "%d capture%s stopped", n, n == 1 ? "" : "s");
	return CLI_OK;
}

#define H_CAPID "Background capture id (show captures)\n"

static const struct cli_cmd cmd_capbg_cmds[] = {
	{
		.syntax = "show captures [json]",
		.help = H_SHOW "The background captures: id, state, where, "
			"packets, drops, filter\n" H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_show_captures,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show capture (1-4294967295)$id "
			  "[last (1-4294967295)] [detail|json]",
		.help = H_SHOW "The packets a background capture kept "
			"(the last 4096 at most)\n" H_CAPID
			"Only the last packets\nNumber of packets\n"
			H_CAP_DETAIL H_JSON,
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_show_capture,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "no capture (1-4294967295)$id",
		.help = H_NO "Stop a background capture and forget it\n"
			H_CAPID,
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_no_capture,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "clear captures",
		.help = "Remove things\n"
			"Stop and forget every background capture\n",
		.modes = CLI_M_EXEC | CLI_M_NODE,
		.handler = cmd_clear_captures,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("capbg", cmd_capbg_cmds);
