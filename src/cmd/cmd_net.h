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
/* show links (cmd_links.c; its grammar entry is cmd_netshow.c's). */
int cmd_show_links(struct cli_ctx *c, const struct cli_args *a);

/* ping's DEST (cmd_ping.c): the "addr" argument, else the node of role
 * "d" at its address on a subnet it shares with src, else its first
 * global one.  CLI_ERR after printing why there is none. */
int cmd_ping_dest(struct cli_ctx *c, const struct cli_args *a,
		  const struct node *src, struct in_addr *dst);

#endif
