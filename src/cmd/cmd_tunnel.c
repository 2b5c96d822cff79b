/* cmd_tunnel.c - the tunnel block: "tunnel IFNAME" collects type, vni,
 * dstport, key, ttl and one or two endpoints; leaving the block (exit,
 * end, a parent command, end of script) applies it once complete. */
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"

static struct net_tunnel *cmd_tun_cur(struct cli_ctx *c)
{
	return cli_mode_data(c, CLI_MODE_TUN);
}

static int cmd_tun_apply(struct cli_ctx *c, void *data)
{
	struct net_tunnel *t = data;
	struct ovt_err e = { 0 };

	if (net_tunnel_apply(t, &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

static int cmd_tun_enter(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg_ifname(a, "name");
	struct ovt_err e = { 0 };
	struct net_tunnel *t;

	t = calloc(1, sizeof(*t));
	if (!t)
		return cli_err(c, "out of memory");
	if (val_copy(t->name, sizeof(t->name), name, "tunnel name", &e) < 0) {
		free(t);
		return cmd_fail(c, &e);
	}
	return cli_mode_push(c, CLI_MODE_TUN, name, cmd_tun_apply, t, free);
}

static int cmd_tun_delete(struct cli_ctx *c, const struct cli_args *a)
{
	struct ovt_err e = { 0 };

	if (net_tunnel_del(cli_arg_ifname(a, "name"), &e) < 0)
		return cmd_fail(c, &e);
	return CLI_OK;
}

static int cmd_tun_type(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_tunnel *t = cmd_tun_cur(c);

	t->kind = net_kind_from_name(cli_arg(a, "kind"));
	return CLI_OK;
}

static int cmd_tun_param(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_tunnel *t = cmd_tun_cur(c);

	if (cli_arg_has(a, "vni")) {
		t->has_vni = true;
		t->vni = cli_arg_u32(a, "vni_num", 0);
	} else if (cli_arg_has(a, "dstport")) {
		t->port = (uint16_t)cli_arg_u32(a, "port", 0);   /* 1-65535 */
	} else if (cli_arg_has(a, "key")) {
		t->has_key = true;
		t->key = cli_arg_u32(a, "key_num", 0);
	} else if (cli_arg_has(a, "ttl")) {
		t->ttl = (uint8_t)cli_arg_u32(a, "ttl_num", 0);   /* 1-255 */
	}
	return CLI_OK;
}

static int cmd_tun_endpoint(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_tunnel *t = cmd_tun_cur(c);
	struct ovt_err e = { 0 };
	struct net_tun_end x = { 0 };
	int i;

	if (cmd_node_for_change(c, a, &x.node) != CLI_OK)
		return CLI_ERR;
	cli_arg_addr4(a, "local", &x.local);
	cli_arg_addr4(a, "remote", &x.remote);
	x.has_addr = cli_arg_prefix(a, "addr", &x.addr);
	/* IFNAME values: they fit, never cut */
	if (val_ifname_set(x.dev, cli_arg_ifname(a, "dev"), &e) < 0 ||
	    val_ifname_set(x.bridge, cli_arg_ifname(a, "bridge"), &e) < 0 ||
	    val_ifname_set(x.ifname, cli_arg_ifname(a, "tunif"), &e) < 0)
		return cmd_fail(c, &e);
	/* the same node again replaces its endpoint */
	for (i = 0; i < t->nends; i++)
		if (node_eq(&t->end[i].node, &x.node))
			break;
	if (i == 2)
		return cli_err(c, "tunnel %s already has two endpoints",
			       t->name);
	t->end[i] = x;
	if (i == t->nends)
		t->nends++;
	return CLI_OK;
}

static const struct cli_cmd cmd_tun_cmds[] = {
	{
		.syntax = "tunnel IFNAME$name",
		.help = "Configure a tunnel (applied when the block is left)\n"
			"Tunnel name (also its interface name, 1-15 bytes)\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_tun_enter,
		.flags = CLI_F_READONLY,   /* collects; exit applies */
	},
	{
		.syntax = "no tunnel IFNAME$name",
		.help = H_NO "Delete a tunnel, every end of it\n"
			"Tunnel name (1-15 bytes)\n",
		.modes = CLI_M_EXEC,
		.handler = cmd_tun_delete,
	},
	{
		.syntax = "type <vxlan|gre|gretap>$kind",
		.help = "Tunnel type\n"
			"VXLAN: Ethernet in UDP\n"
			"GRE: IP in GRE\n"
			"GRE tap: Ethernet in GRE\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_type,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "vni (0-16777215)$vni_num",
		.help = "VXLAN network identifier\nVNI\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_param,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "dstport (1-65535)$port",
		.help = "VXLAN UDP destination port (default 4789)\n"
			"UDP port\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_param,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "key (0-4294967295)$key_num",
		.help = "GRE key (both directions)\nKey\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_param,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "ttl (1-255)$ttl_num",
		.help = "TTL of the outer IP header\nTTL\n",
		.modes = CLI_M_TUN,
		.handler = cmd_tun_param,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "endpoint " CMD_NODE_SYNTAX " local A.B.C.D$local "
			  "{dev IFNAME$dev|remote A.B.C.D$remote"
			  "|bridge IFNAME$bridge|address IFADDR4$addr"
			  "|ifname IFNAME$tunif}",
		.help = "An end of the tunnel (one or two)\n"
			CMD_NODE_HELP
			"Local (underlay) address of this end\n"
			"IPv4 address\n"
			"Underlay device\n" H_IFNAME
			"Remote address (default: the other end's local)\n"
			"IPv4 address\n"
			"Put the tunnel device into a bridge\n" H_BRNAME
			"Address of the tunnel device\n" H_V4PFX
			"Name of the tunnel device (default: the tunnel's)\n"
			H_IFNAME,
		.modes = CLI_M_TUN,
		.handler = cmd_tun_endpoint,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};

CLI_TABLE("tunnel", cmd_tun_cmds);
