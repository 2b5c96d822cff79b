/* cmd_net.h - what the network command areas (cmd_hypervisor.c,
 * cmd_iface.c, cmd_route.c, cmd_tunnel.c, cmd_netshow.c) share. */
#ifndef OVTSH_CMD_NET_H
#define OVTSH_CMD_NET_H

#include "ovtsh/cmd.h"
#include "ovtsh/net.h"

#define CMD_NET_HOSTWORD "host"   /* "hypervisor host": ovtsh's own ns */

/* A netlink socket in node n, or CLI_ERR after printing why. */
int cmd_net_open(struct cli_ctx *c, const struct node *n, struct net_nl **nl);
/* A handler's one backend call, on the object called name (an
 * interface, a bridge; NULL when the call needs none). */
typedef int (*cmd_net_op)(struct net_nl *nl, const char *name,
			  const struct cli_args *a, struct ovt_err *e);
/* What most network handlers do: open netlink in the line's node
 * (cmd_node_from_args), run op, close, print op's error.  CLI_OK or CLI_ERR. */
int cmd_net_run(struct cli_ctx *c, const struct cli_args *a,
		const char *name, cmd_net_op op);
/* The host first, then the hypervisors (all: every node of every kind,
 * containers: the lab's running ones); free() the array. */
int cmd_show_nodes(struct node **out, int *count, bool all,
		   struct ovt_err *e);
/* Is n a node of this lab (not the host, nor another lab's or nobody's
 * namespace)? */
bool cmd_show_lab_node(const struct node *n);
/* "connect": the same words in a node's mode (cmd_iface.c) and in vm
 * mode (cmd_vm.c, the VM's end named first). */
#define CMD_CONNECT_SYNTAX "connect IFNAME " CMD_NODE_SYNTAX \
	" {peer IFNAME$peer|bridge IFNAME$bridge|address IFADDR4$addr" \
	"|peer-address IFADDR4$peer_addr|master IFNAME$master}"
#define CMD_CONNECT_HELP(what) what \
	"Name of the end in this node\n" \
	CMD_NODE_HELP \
	"Name the other end (default: the same name)\n" \
	H_IFNAME \
	"Put the other end into a bridge of the other node\n" \
	H_BRNAME \
	"Address of the end in this node\n" H_V4PFX \
	"Address of the other end\n" H_V4PFX \
	"Put this end into a bridge of this node\n" H_BRNAME
/* A link from self (through its netlink na) to a VM: cs's ifname end in
 * self, its peer end in the VM (cmd_iface.c). */
int cmd_if_connect_vm(struct cli_ctx *c, const struct node *self,
		      const struct node *vm, const struct net_connect_spec *cs,
		      struct net_nl *na);
/* show links (cmd_links.c; its grammar entry is cmd_netshow.c's). */
int cmd_show_links(struct cli_ctx *c, const struct cli_args *a);

/* ping's DEST (cmd_ping.c): the "addr" argument, else the node of role
 * "d" at its address on a subnet it shares with src, else its first
 * global one.  CLI_ERR after printing why there is none. */
int cmd_ping_dest(struct cli_ctx *c, const struct cli_args *a,
		  const struct node *src, struct in_addr *dst);
/* The lab's cables, bridges and tunnels, as show links and show topology
 * (cmd_topology.c) read them from the kernel (cmd_links.c): the host
 * (a cable may end there) and the lab's nodes of every kind. */
struct cmd_links {
	struct net_lab_node *ln;          /* bridges, veths, interfaces */
	int n;
	struct net_tunnel *tun;           /* each tunnel once */
	int ntun;
};
/* Read s (free it with cmd_links_free() either way); 0 or -errno with e
 * filled: a node this user may not enter fails the read, one gone
 * meanwhile is left out. */
int cmd_links_read(struct cmd_links *s, struct ovt_err *e);
void cmd_links_free(struct cmd_links *s);
/* Node n's lab interface ifname, NULL if not read. */
const struct net_lab_iface *cmd_links_iface(const struct cmd_links *s,
					    const struct node *n,
					    const char *ifname);
/* The other end of the veth at n:ifname, from whichever end made it;
 * false: no cable of the lab ends there. */
bool cmd_links_peer(const struct cmd_links *s, const struct node *n,
		    const char *ifname, const struct node **peer,
		    const char **peer_ifname);
/* A node as show links names it: its name, "host". */
const char *cmd_links_label(const struct node *n);
/* The remote address of a tunnel's end i (its own, else the other end's
 * local). */
struct in_addr cmd_links_remote(const struct net_tunnel *t, int i);

#endif
