/* cmd_expect.c - "expect": assertions a grader (or the student) writes
 * into a lab script, judged on the live lab.
 *
 *   expect reach|unreachable SRC DEST       ping's probe and DEST
 *   expect route NODE PREFIX|default [via GW]
 *   expect capture interface IFNAME NODE layers L1,L2,...
 *          {filter BPF|count N|timeout S|while ping DEST from NODE}
 *   expect output "COMMAND" contains "TEXT"
 *
 * A verdict goes through cli_expect(): a failure says what was seen, at
 * the line of its "expect", and the replay goes on to its summary.  The
 * lab not being as expected is a failure too, whatever says so (a node
 * that does not exist, an interface that is down: cli_expect_begin());
 * a line that cannot be judged (a layer name the decoder does not know,
 * a gateway of the other family) is an error as any other.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_net.h"
#include "ovtsh/cancel.h"
#include "ovtsh/capture.h"
#include "ovtsh/dissect.h"

/* reach/unreachable: pingall's probe, up to 3 tries 400 ms apart */
#define EXPECT_TRIES      3
#define EXPECT_RETRY_MS   400
#define EXPECT_TIMEOUT_MS 1000
#define EXPECT_SIZE       56
#define EXPECT_CAP_WAIT_S 3        /* capture: default wait */
#define EXPECT_OUT_MAX    (1 << 20)

static const struct net_probe_opts expect_probe_opts = {
	.count = EXPECT_TRIES,
	.size = EXPECT_SIZE,
	.interval_ms = EXPECT_RETRY_MS,
	.timeout_ms = EXPECT_TIMEOUT_MS,
	.retry = true,
};

/* Ctrl-C is no verdict: the line fails as an interrupted ping does. */
static int expect_interrupted(struct cli_ctx *c)
{
	cli_expect_end(c, CLI_ERR);
	return cli_err(c, "expect: interrupted");
}

/* Probe from the node of role "s" to ping's DEST; CLI_ERR when the line
 * cannot run (printed). */
static int expect_probe(struct cli_ctx *c, const struct cli_args *a,
			struct node *src, struct net_probe *p)
{
	struct ovt_err e = { 0 };
	bool intr;

	*p = (struct net_probe){ 0 };
	if (cmd_node_named(c, a, "s", src) != CLI_OK ||
	    cmd_ping_dest(c, a, src, &p->dst) != CLI_OK)
		return CLI_ERR;
	if (net_probe_run(src, 1, p, 1, &expect_probe_opts, &intr, &e) < 0)
		return cmd_fail(c, &e);
	if (intr)
		return expect_interrupted(c);
	return CLI_OK;
}

static int cmd_expect_reach(struct cli_ctx *c, const struct cli_args *a)
{
	bool want = !strcmp(cli_arg(a, "verdict"), "reach");
	char sbuf[NODE_NAME_MAX + 16], dbuf[INET_ADDRSTRLEN];
	struct net_probe p;
	struct node src;

	cli_expect_begin(c);
	if (expect_probe(c, a, &src, &p) != CLI_OK)
		return cli_expect_end(c, CLI_ERR);
	node_str(&src, sbuf, sizeof(sbuf));
	inet_ntop(AF_INET, &p.dst, dbuf, sizeof(dbuf));
	return cli_expect(c, (p.recv > 0) == want,
			  "%s %s %s: %u sent, %u received", sbuf,
			  want ? "cannot reach" : "reaches", dbuf, p.sent,
			  p.recv);
}

/* ---- route ---- */

/* Do the first len bits of a and b agree? */
static bool expect_bits_eq(const uint8_t *a, const uint8_t *b, unsigned len)
{
	unsigned n = len / 8, rest = len % 8;

	if (memcmp(a, b, n))
		return false;
	return !rest || !((a[n] ^ b[n]) & (uint8_t)(0xff << (8 - rest)));
}

static bool expect_route_is(const struct net_route_info *r,
			    const struct val_prefix *dst)
{
	return r->dst.family == dst->family && r->dst.len == dst->len &&
	       expect_bits_eq(r->dst.addr, dst->addr, dst->len);
}

/* "PREFIX [via GW]" of r into buf. */
static const char *expect_route_str(const struct net_route_info *r,
				    char *buf, size_t len)
{
	char d[64] = "default", g[64];
	size_t o;

	if (r->dst.len)
		val_prefix_str(&r->dst, d, sizeof(d));
	o = (size_t)snprintf(buf, len, "%s", d);
	if (r->has_gw && o < len)
		snprintf(buf + o, len - o, " via %s",
			 net_route_gw_str(r, g, sizeof(g)));
	return buf;
}

/* What the node has instead: its routes of that family, the first few. */
static void expect_route_seen(const struct net_route_info *v, int n,
			      int family, char *buf, size_t len)
{
	size_t o = (size_t)snprintf(buf, len, "its routes:");
	char one[160];
	int shown = 0;

	for (int i = 0; i < n && o < len; i++) {
		if (v[i].dst.family != family)
			continue;
		if (shown++ == 6) {
			snprintf(buf + o, len - o, " ...");
			return;
		}
		o += (size_t)snprintf(buf + o, len - o, "%s %s",
				      shown > 1 ? "," : "",
				      expect_route_str(&v[i], one,
						       sizeof(one)));
	}
	if (!shown)
		snprintf(buf, len, "it has no %s routes",
			 family == AF_INET ? "IPv4" : "IPv6");
}

static int cmd_expect_route(struct cli_ctx *c, const struct cli_args *a)
{
	struct val_prefix dst = { .family = AF_INET }, gw = { 0 };
	bool has_gw = cli_arg_addr(a, "gw", &gw);
	struct net_route_info *v = NULL;
	struct net_nl *nl = NULL;
	struct ovt_err e = { 0 };
	char nb[NODE_NAME_MAX + 16], want[160], seen[512], g[64];
	const struct net_route_info *hit = NULL;
	struct node n;
	int cnt = 0, r;

	if (!cli_arg_prefix(a, "prefix", &dst) && has_gw)
		dst.family = gw.family;         /* default via an IPv6 GW */
	if (has_gw && gw.family != dst.family)
		return cli_err(c, "expect: the gateway is not of the "
			       "prefix's family");
	cli_expect_begin(c);
	if (cmd_node_from_args(c, a, &n) != CLI_OK ||
	    cmd_net_open(c, &n, &nl) != CLI_OK)
		return cli_expect_end(c, CLI_ERR);
	r = net_route_list(nl, dst.family, &v, &cnt, &e);
	net_close(nl);
	if (r < 0)
		return cli_expect_end(c, cmd_fail(c, &e));
	for (int i = 0; i < cnt && !hit; i++)
		if (expect_route_is(&v[i], &dst))
			hit = &v[i];
	node_str(&n, nb, sizeof(nb));
	if (dst.len)
		val_prefix_str(&dst, want, sizeof(want));
	else
		snprintf(want, sizeof(want), "default");
	if (!hit) {
		expect_route_seen(v, cnt, dst.family, seen, sizeof(seen));
		r = cli_expect(c, false, "%s has no route %s (%s)", nb, want,
			       seen);
	} else if (has_gw && (!hit->has_gw ||
			      !expect_bits_eq(hit->gw, gw.addr, gw.len))) {
		r = cli_expect(c, false, "%s routes %s, not via %s",
			       nb, expect_route_str(hit, seen, sizeof(seen)),
			       val_addr_str(&gw, g, sizeof(g)));
	} else {
		r = cli_expect(c, true, NULL);
	}
	free(v);
	return r;
}

/* ---- capture ---- */

/* The layer list LIST as protocols; CLI_ERR on a name the decoder does
 * not give. */
static int expect_layers_parse(struct cli_ctx *c, const char *list,
			       uint8_t *want, int *n)
{
	const char *p = list;

	*n = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int k = 0;

		while (k < DEC_PROTO_COUNT &&
		       (strlen(dec_proto_name(k)) != len ||
			strncmp(dec_proto_name(k), p, len)))
			k++;
		if (k == DEC_PROTO_COUNT)
			return cli_err(c, "expect: no layer '%.*s' (the "
				       "decoder's: eth, vlan, arp, ipv4, "
				       "ipv6, icmp, icmpv6, udp, tcp, vxlan, "
				       "gre, igmp)", (int)len, p);
		if (*n == DEC_MAX_LAYERS)
			return cli_err(c, "expect: more than %d layers",
				       DEC_MAX_LAYERS);
		want[(*n)++] = (uint8_t)k;
		p += len + (p[len] == ',');
	}
	return CLI_OK;
}

static bool expect_layers_eq(const struct dec_pkt *pkt, const uint8_t *want,
			     int n)
{
	if (pkt->n != n)
		return false;
	for (int i = 0; i < n; i++)
		if (pkt->l[i].proto != want[i])
			return false;
	return true;
}

/* "eth,ipv4,..." of pkt (a layer the capture cut short says so). */
static size_t expect_layers_str(const struct dec_pkt *pkt, char *buf,
				size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < pkt->n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s%s",
				      i ? "," : "",
				      dec_proto_name(pkt->l[i].proto),
				      pkt->l[i].status == DEC_TRUNCATED ?
				      "(truncated)" :
				      pkt->l[i].status == DEC_INVALID ?
				      "(invalid)" : "");
	return o < len ? o : len;
}

/* The traffic of "while ping DEST from NODE", while the capture runs. */
static int expect_capture_ping(struct cli_ctx *c, const struct cli_args *a,
			       char *note, size_t len)
{
	char dbuf[INET_ADDRSTRLEN];
	struct net_probe p;
	struct node src;

	note[0] = '\0';
	if (!cli_arg_has(a, "while"))
		return CLI_OK;
	if (expect_probe(c, a, &src, &p) != CLI_OK)
		return CLI_ERR;
	snprintf(note, len, "; ping %s: %u sent, %u received",
		 inet_ntop(AF_INET, &p.dst, dbuf, sizeof(dbuf)), p.sent,
		 p.recv);
	return CLI_OK;
}

static long long expect_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cmd_expect_capture(struct cli_ctx *c, const struct cli_args *a)
{
	int count = (int)cli_arg_num(a, "count", 1);
	int wait_ms = (int)cli_arg_num(a, "timeout", EXPECT_CAP_WAIT_S) * 1000;
	struct cap_opts opts = { 0 };
	struct cap_live *h = NULL;
	struct dec_ctx dec = { 0 };
	struct ovt_err e = { 0 };
	struct dec_pkt *pkt = NULL;
	uint8_t want[DEC_MAX_LAYERS];
	char where[IFNAMSIZ + NODE_NAME_MAX + 32], note[128], seen[512];
	int nwant, got = 0, ret = CLI_ERR;
	long long end;
	bool ok = false;
	struct node n;

	if (expect_layers_parse(c, cli_arg(a, "layers"), want, &nwant) !=
	    CLI_OK)
		return CLI_ERR;
	pkt = malloc(sizeof(*pkt));
	if (!pkt)
		return cli_err(c, "expect: out of memory");
	/* from here on, a node or interface not as expected is the verdict */
	cli_expect_begin(c);
	if (cmd_node_from_args(c, a, &n) != CLI_OK)
		goto out;
	cmd_capture_ports(&dec);
	opts.ifname = cli_arg_ifname(a, "ifname");
	opts.node = &n;
	opts.filter = cli_arg(a, "filter");
	opts.dec = &dec;
	if ((ret = cap_live_open(&opts, &h, &e)) < 0) {
		/* a filter that does not compile is the line's fault */
		if (ret == -EINVAL)
			cli_expect_end(c, CLI_ERR);
		ret = cmd_fail(c, &e);
		goto out;
	}
	if (expect_capture_ping(c, a, note, sizeof(note)) != CLI_OK)
		goto out;
	/* the first count packets the filter lets through, one at a time
	 * so that the first with these layers ends the wait */
	seen[0] = '\0';
	end = expect_now_ms() + wait_ms;
	for (int k = 0; k < count && !ok; k++) {
		long long left = end - expect_now_ms();
		int one = 0;
		size_t o = strlen(seen);

		if (left < 0)
			left = 0;
		if (cap_live_take(h, pkt, 1, (int)left, &one, &e) < 0) {
			ret = cmd_fail(c, &e);
			goto out;
		}
		if (!one)
			break;
		got++;
		ok = expect_layers_eq(pkt, want, nwant);
		if (!ok && got <= 3 && o + 4 < sizeof(seen)) {
			if (o)
				o += (size_t)snprintf(seen + o,
						      sizeof(seen) - o, " | ");
			expect_layers_str(pkt, seen + o, sizeof(seen) - o);
		}
	}
	if (cancel_take()) {
		ret = expect_interrupted(c);
		goto out;
	}
	snprintf(where, sizeof(where), "%s in ", opts.ifname);
	node_str(&n, where + strlen(where), sizeof(where) - strlen(where));
	if (ok)
		ret = cli_expect(c, true, NULL);
	else if (!got)
		ret = cli_expect(c, false, "no packet on %s within %d s%s",
				 where, wait_ms / 1000, note);
	else
		ret = cli_expect(c, false, "%s: %d packet%s, none with layers "
				 "%s; saw %s%s%s", where, got,
				 got == 1 ? "" : "s", cli_arg(a, "layers"),
				 seen, got > 3 ? " | ..." : "", note);
out:
	cap_live_close(h);
	free(pkt);
	return cli_expect_end(c, ret);
}

/* ---- output ---- */

/* The last line of s[0..len) that holds more than blanks (a failed
 * command's message, a table's last row), quoted into buf: at most 60
 * bytes of it; "" when there is none. */
static void expect_last_line(const char *s, size_t len, char *buf,
			     size_t size)
{
	size_t end = len, start;

	buf[0] = '\0';
	while (end > 0) {
		while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == ' '))
			end--;
		start = end;
		while (start > 0 && s[start - 1] != '\n')
			start--;
		if (end > start) {
			snprintf(buf, size, ", the last: \"%.*s%s\"",
				 (int)(end - start > 60 ? 60 : end - start),
				 s + start, end - start > 60 ? "..." : "");
			return;
		}
	}
}

static int cmd_expect_output(struct cli_ctx *c, const struct cli_args *a)
{
	const char *cmd = cli_arg(a, "command"), *text = cli_arg(a, "text");
	char *out = NULL, last[96];
	size_t len = 0;
	int lines = 0, r;

	cli_run_captured(c, cmd, EXPECT_OUT_MAX, &out, &len);
	if (!out)
		return CLI_ERR;
	if (strstr(out, text)) {
		free(out);
		return cli_expect(c, true, NULL);
	}
	for (size_t i = 0; i < len; i++)
		lines += out[i] == '\n';
	expect_last_line(out, len, last, sizeof(last));
	r = cli_expect(c, false, "\"%s\" printed %d line%s without \"%s\"%s",
		       cmd, lines, lines == 1 ? "" : "s", text, last);
	free(out);
	return r;
}

#define H_EXPECT "Check the lab: a failed expectation is reported, the " \
		 "script goes on\n"
#define H_DEST   "Destination IPv4 address\n" \
		 H_HV "Hypervisor (namespace) name to reach\n" \
		 H_CT "Container name to reach\n" \
		 H_VM "VM name to reach\n" H_HOST
#define H_SRC    H_HV "Hypervisor (namespace) name of the source\n" \
		 H_CT "Container name of the source\n" \
		 H_VM "VM name of the source\n" H_HOST
#define EXPECT_DEST "<A.B.C.D$addr|" CMD_NODE_SYNTAX_AS("d") ">"

static const struct cli_cmd cmd_expect_cmds[] = {
	{
		.syntax = "expect <reach|unreachable>$verdict "
			  CMD_NODE_SYNTAX_AS("s") " " EXPECT_DEST,
		.help = H_EXPECT
			"SRC gets echo replies from DEST (3 tries)\n"
			"SRC gets no echo reply from DEST (3 tries)\n"
			H_SRC H_DEST,
		.modes = CLI_M_EXEC,
		.handler = cmd_expect_reach,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "expect route " CMD_NODE_SYNTAX " "
			  "<A.B.C.D/M$prefix|X:X::X:X/M$prefix|default> "
			  "[via <A.B.C.D$gw|X:X::X:X$gw>]",
		.help = H_EXPECT
			"The node's main routing table has a route\n"
			CMD_NODE_HELP
			"IPv4 prefix\n"
			"IPv6 prefix\n"
			"The default route\n"
			"Through this gateway\n"
			"IPv4 gateway\n"
			"IPv6 gateway\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_expect_route,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "expect capture interface IFNAME " CMD_NODE_SYNTAX
			  " layers LIST$layers {filter STRING$filter|"
			  "count (1-100)$count|timeout (1-60)$timeout|"
			  "while ping " EXPECT_DEST " from "
			  CMD_NODE_SYNTAX_AS("s") "}",
		.help = H_EXPECT
			"A captured packet has exactly these decoded layers\n"
			"Capture live on an interface\n"
			H_IFNAME CMD_NODE_HELP
			"The layers, outer to inner, as capture's JSON names "
			"them\n"
			"Comma-separated: eth,ipv4,udp,vxlan,eth,ipv4,icmp\n"
			"Only packets matching a BPF expression (tcpdump "
			"syntax)\n"
			"BPF expression, quoted: \"udp port 4789\"\n"
			"Packets to look at for one with the layers "
			"(default 1)\n"
			"Number of packets\n"
			"Seconds to wait for a packet (default 3)\n"
			"Seconds\n"
			"Make the traffic once the capture runs\n"
			"Ping DEST (3 tries) during the capture\n"
			H_DEST
			"The node to ping from\n"
			H_SRC,
		.modes = CLI_M_EXEC,
		.handler = cmd_expect_capture,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "expect output STRING$command contains STRING$text",
		.help = H_EXPECT
			"A command's output (stdout and stderr) holds a text\n"
			"The command, quoted: \"show links\"\n"
			"The text to find\n"
			"Text, quoted\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_expect_output,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};
CLI_TABLE("expect", cmd_expect_cmds);
