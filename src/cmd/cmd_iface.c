/* cmd_iface.c - interfaces of a node: "connect" (a veth pair to another
 * node) and the interface sub-mode (addresses, shutdown, mtu, master).
 * The same handlers serve hypervisors and containers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_net.h"
#include "ovtsh/lab.h"
#include "ovtsh/plan.h"
#include "ovtsh/vm.h"
#include "cmd_runconf.h"

static int cmd_if_exists(struct net_nl *nl, const char *ifname,
			 const struct cli_args *a, struct ovt_err *e)
{
	struct net_link_info li;
	int r;

	(void)a;
	r = net_link_get(nl, ifname, &li, e);
	if (r < 0 && net_link_planned(nl, ifname)) {
		ovt_err_clear(e);       /* an explained line makes it */
		return 0;
	}
	return r < 0 ? r : net_link_lab_check(nl, &li, false, e);
}

static int cmd_if_enter(struct cli_ctx *c, const struct cli_args *a)
{
	const char *ifname = cli_arg_ifname(a, "ifname");

	if (cli_mode_check(c, CLI_MODE_IF) != CLI_OK ||
	    cmd_net_run(c, a, ifname, cmd_if_exists) != CLI_OK)
		return CLI_ERR;
	return cli_mode_push(c, CLI_MODE_IF, ifname, NULL, NULL, NULL);
}

struct cmd_vm_host {
	struct net_nl *nl;
	const struct net_connect_spec *cs;
};

/* This end of a link to a VM: tagged, bridged, addressed and up as a
 * veth's would be, before the guest's NIC comes up (vm_nic_add). */
static int cmd_if_vm_host_side(void *arg, struct ovt_err *e)
{
	const struct cmd_vm_host *h = arg;
	const char *ifname = h->cs->ifname;
	int r = net_link_set_alias(h->nl, ifname, lab_alias(), e);

	if (r == 0 && h->cs->master)
		r = net_link_set_master(h->nl, ifname, h->cs->master, e);
	if (r == 0 && h->cs->addr)
		r = net_addr_add(h->nl, ifname, h->cs->addr, e);
	if (r == 0)
		r = net_link_set_up(h->nl, ifname, true, e);
	return r;
}

/* The other end in a VM: a TAP here, a hot-plugged NIC there (vm_nic.c).
 * An existing TAP of the lab by that name is the link made before. */
int cmd_if_connect_vm(struct cli_ctx *c, const struct node *self,
		      const struct node *vm, const struct net_connect_spec *cs,
		      struct net_nl *na)
{
	const char *gif = cs->peer ? cs->peer : cs->ifname;
	struct cmd_vm_host h = { .nl = na, .cs = cs };
	struct net_link_info li;
	struct ovt_err e = { 0 };
	char gaddr[64] = "", b[64], note[128];

	snprintf(note, sizeof(note), "and a virtio-net NIC %s in vm %s "
		 "(QMP device_add)", gif, vm->name);
	if (net_link_get(na, cs->ifname, &li, &e) == 0) {
		if (net_link_lab_check(na, &li, true, &e) < 0)
			return cmd_fail(c, &e);
		net_plan_tap(na, cs->ifname, true, note);
		return CLI_OK;
	}
	ovt_err_clear(&e);
	if (plan_active()) {    /* explained, a dry run: nothing plugged */
		net_plan_tap(na, cs->ifname, false, note);
		return cmd_if_vm_host_side(&h, &e) < 0 ? cmd_fail(c, &e) :
		       CLI_OK;
	}
	if (cs->peer_addr)
		snprintf(gaddr, sizeof(gaddr), "%s",
			 val_prefix_str(cs->peer_addr, b, sizeof(b)));
	if (vm_nic_add(vm->name, self, cs->ifname, gif,
		       gaddr[0] ? gaddr : NULL, cs->peer_master,
		       cmd_if_vm_host_side, &h, &e) < 0)
		return cmd_fail(c, &e);
	net_plan_tap(na, cs->ifname, false, note);      /* a journal's */
	return CLI_OK;
}

static int cmd_if_connect(struct cli_ctx *c, const struct cli_args *a)
{
	struct net_connect_spec cs = {
		.ifname = cli_arg_ifname(a, "ifname"),
		.peer = cli_arg_ifname(a, "peer"),
		.master = cli_arg_ifname(a, "master"),
		.peer_master = cli_arg_ifname(a, "bridge"),
	};
	struct net_nl *na = NULL, *nb = NULL;
	const struct cli_args none = { 0 };
	struct val_prefix pa, pb;
	struct ovt_err e = { 0 };
	struct node self, other;
	bool created;
	int rc = CLI_ERR;

	if (cli_arg_prefix(a, "addr", &pa))
		cs.addr = &pa;
	if (cli_arg_prefix(a, "peer_addr", &pb))
		cs.peer_addr = &pb;
	/* this node from the mode, the other from the arguments */
	if (cmd_node_from_args(c, &none, &self) != CLI_OK ||
	    cmd_node_for_change(c, a, &other) != CLI_OK)
		return CLI_ERR;
	if (other.kind == &vm_kind) {
		if (cmd_net_open(c, &self, &na) == CLI_OK)
			rc = cmd_if_connect_vm(c, &self, &other, &cs, na);
		goto out;
	}
	if (cmd_net_open(c, &self, &na) != CLI_OK ||
	    cmd_net_open(c, &other, &nb) != CLI_OK)
		goto out;
	if (net_connect(na, nb, &cs, &created, &e) < 0)
		rc = cmd_fail(c, &e);
	else
		rc = CLI_OK;
out:
	net_close(na);
	net_close(nb);
	return rc;
}

static int cmd_if_disconnect_op(struct net_nl *nl, const char *ifname,
				const struct cli_args *a, struct ovt_err *e)
{
	(void)a;
	return net_disconnect(nl, ifname, e);
}

static int cmd_if_disconnect(struct cli_ctx *c, const struct cli_args *a)
{
	return cmd_net_run(c, a, cli_arg_ifname(a, "ifname"),
			   cmd_if_disconnect_op);
}

/* The settings of the interface mode: one backend call each, on the
 * interface of the mode; "no" undoes. */
static int cmd_if_address(struct net_nl *nl, const char *ifname,
			  const struct cli_args *a, struct ovt_err *e)
{
	struct val_prefix p = { 0 };

	cli_arg_prefix(a, "addr", &p);   /* the syntax requires it */
	if (cli_arg_has(a, "no"))
		return net_addr_del(nl, ifname, &p, e);
	return net_addr_add(nl, ifname, &p, e);
}

static int cmd_if_shutdown(struct net_nl *nl, const char *ifname,
			   const struct cli_args *a, struct ovt_err *e)
{
	return net_link_set_up(nl, ifname, cli_arg_has(a, "no"), e);
}

static int cmd_if_mtu(struct net_nl *nl, const char *ifname,
		      const struct cli_args *a, struct ovt_err *e)
{
	unsigned mtu = cli_arg_u32(a, "mtu", 1500);

	return net_link_set_mtu(nl, ifname, cli_arg_has(a, "no") ? 1500 : mtu,
				e);
}

static int cmd_if_master(struct net_nl *nl, const char *ifname,
			 const struct cli_args *a, struct ovt_err *e)
{
	return net_link_set_master(nl, ifname, cli_arg_has(a, "no") ? NULL :
				   cli_arg_ifname(a, "master"), e);
}

/* The keyword of each setting's syntax picks its call. */
static const struct {
	const char *word;
	cmd_net_op op;
} cmd_if_settings[] = {
	{ .word = "address", .op = cmd_if_address },
	{ .word = "shutdown", .op = cmd_if_shutdown },
	{ .word = "mtu", .op = cmd_if_mtu },
	{ .word = "master", .op = cmd_if_master },
	{ 0 }
};

static int cmd_if_set(struct cli_ctx *c, const struct cli_args *a)
{
	const char *ifname = cli_mode_name(c, CLI_MODE_IF);
	int i;

	if (!ifname)
		return cli_err(c, "not in interface mode");
	for (i = 0; cmd_if_settings[i].word; i++)
		if (cli_arg_has(a, cmd_if_settings[i].word))
			return cmd_net_run(c, a, ifname, cmd_if_settings[i].op);
	return cli_err(c, "no interface setting in this line");
}

/* Links of the node of the current mode (or of the line's node). */
static void cmd_if_complete(struct cli_ctx *c, const struct cli_args *a,
			    struct cli_complete *cc)
{
	struct net_link_info *l = NULL;
	struct net_nl *nl = NULL;
	struct node n;
	int cnt = 0, i;

	(void)a;
	if (cmd_node_of_mode(c, &n, NULL) < 0)
		return;
	if (net_open(&n, &nl, NULL) == 0 &&
	    net_link_list(nl, &l, &cnt, NULL) == 0)
		for (i = 0; i < cnt; i++)
			cli_complete_add(cc, l[i].name);
	free(l);
	net_close(nl);
}
CLI_COMPLETER("ifname", cmd_if_complete);

static const struct cli_cmd cmd_if_cmds[] = {
	{
		.syntax = "interface IFNAME",
		.help = H_IF H_IFNAME,
		.modes = CLI_M_NODE,
		.handler = cmd_if_enter,
		.flags = CLI_F_PLAN,
		.enters = CLI_MODE_IF,
	},
	{
		.syntax = CMD_CONNECT_SYNTAX,
		.help = CMD_CONNECT_HELP("Connect this node to another with a "
					 "veth pair\n"),
		.modes = CLI_M_NODE,
		.handler = cmd_if_connect,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "no connect IFNAME",
		.help = H_NO "Delete a veth pair this lab made\n"
			"Name of the end in this node\n",
		.modes = CLI_M_NODE,
		.handler = cmd_if_disconnect,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "[no] ip address IFADDR4$addr",
		.help = H_NO "IPv4 settings\n" H_ADDRESS H_V4PFX,
		.modes = CLI_M_IF,
		.handler = cmd_if_set,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "[no] ipv6 address IFADDR6$addr",
		.help = H_NO "IPv6 settings\n" H_ADDRESS H_V6PFX,
		.modes = CLI_M_IF,
		.handler = cmd_if_set,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "[no] shutdown",
		.help = H_NO "Bring the interface down\n",
		.modes = CLI_M_IF,
		.handler = cmd_if_set,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "mtu (68-65535)$mtu",
		.help = "Set the MTU\nMTU in bytes\n",
		.modes = CLI_M_IF,
		.handler = cmd_if_set,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "no mtu",
		.help = H_NO "Set the MTU back to 1500\n",
		.modes = CLI_M_IF,
		.handler = cmd_if_set,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "master IFNAME$master",
		.help = "Put the interface into a bridge\n" H_BRNAME,
		.modes = CLI_M_IF,
		.handler = cmd_if_set,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "no master",
		.help = H_NO "Take the interface out of its bridge\n",
		.modes = CLI_M_IF,
		.handler = cmd_if_set,
		.flags = CLI_F_PLAN,
	},
	{ 0 }
};

CLI_TABLE("interface", cmd_if_cmds);

/* ---- the running-config: connects, interface blocks ---- */

static const struct cmd_rc_kind cmd_if_conn_kinds[] = {
	{ .kind = "connect", .cmd = &cmd_if_cmds[1] },
	{ 0 }
};

static void cmd_if_conn_conf(struct cmd_rc *w, const struct net_lab_node *n)
{
	char words[200];

	for (int i = 0; i < n->nconn; i++) {
		const struct net_lab_conn *x = &n->conn[i];

		cmd_rc_line(w, &cmd_if_conn_kinds[0], "%s %s peer %s",
			    x->ifname, node_str(&x->peer, words, sizeof(words)),
			    x->peer_ifname);
	}
}

CMD_NODECONF("connects", LAB_PHASE_LINKS, NET_LAB_CONNS,
	     cmd_if_conn_kinds, cmd_if_conn_conf);

enum { CMD_IF_K_IF, CMD_IF_K_IP, CMD_IF_K_IPV6, CMD_IF_K_MTU,
       CMD_IF_K_MASTER, CMD_IF_K_SHUT };
static const struct cmd_rc_kind cmd_if_rc_kinds[] = {
	[CMD_IF_K_IF] = { .kind = "interface", .cmd = &cmd_if_cmds[0] },
	[CMD_IF_K_IP] = { .kind = "ip address", .cmd = &cmd_if_cmds[3] },
	[CMD_IF_K_IPV6] = { .kind = "ipv6 address", .cmd = &cmd_if_cmds[4] },
	[CMD_IF_K_MTU] = { .kind = "mtu", .cmd = &cmd_if_cmds[6] },
	[CMD_IF_K_MASTER] = { .kind = "master", .cmd = &cmd_if_cmds[8] },
	[CMD_IF_K_SHUT] = { .kind = "shutdown", .cmd = &cmd_if_cmds[5] },
	{ 0 }
};

/* A block per interface with something to say. */
static void cmd_if_conf(struct cmd_rc *w, const struct net_lab_node *n)
{
	const struct cmd_rc_kind *k = cmd_if_rc_kinds;
	char pb[64];

	for (int i = 0; i < n->niface; i++) {
		const struct net_lab_iface *f = &n->iface[i];

		cmd_rc_block(w, &k[CMD_IF_K_IF], CLI_MODE_IF, false, "%s",
			     f->name);
		for (int j = 0; j < f->naddr; j++) {
			const struct val_prefix *p = &f->addr[j];

			cmd_rc_line(w, &k[p->family == AF_INET ? CMD_IF_K_IP :
					  CMD_IF_K_IPV6], "%s",
				    val_prefix_str(p, pb, sizeof(pb)));
		}
		if (f->mtu)
			cmd_rc_line(w, &k[CMD_IF_K_MTU], "%u", f->mtu);
		if (f->master[0])
			cmd_rc_line(w, &k[CMD_IF_K_MASTER], "%s", f->master);
		if (!f->up)
			cmd_rc_line(w, &k[CMD_IF_K_SHUT], NULL);
		cmd_rc_end(w);
	}
}

CMD_NODECONF("interfaces", LAB_PHASE_ADDRS, NET_LAB_IFACES,
	     cmd_if_rc_kinds, cmd_if_conf);
