/* node.h - a lab node (host, hypervisor namespace, container) and entering
 * its network namespace.
 *
 * Every backend that works "inside" a node (netlink, capture, trace,
 * iperf3) resolves it here.  node_enter()/node_leave() bracket the work:
 * ovtsh always returns to its own namespace.
 */
#ifndef OVTSH_NODE_H
#define OVTSH_NODE_H

#include <stdbool.h>
#include <sys/types.h>

#include "ovtsh/err.h"

enum node_kind {
	NODE_HOST = 0,      /* ovtsh's own network namespace */
	NODE_HV,            /* named netns, /run/netns/NAME */
	NODE_CT,            /* Docker container, /proc/PID/ns/net */
};

#define NODE_NAME_MAX 64

struct node {
	enum node_kind kind;
	char name[NODE_NAME_MAX];
	pid_t pid;          /* NODE_CT: its init when the caller knows it
			       (an inspect it made already), 0 = look it up */
};

/* The saved namespace of a node_enter(). */
struct node_ns {
	int self_fd;
};

/* Fill n; returns -EINVAL with a message for a bad name.  A hypervisor
 * named "host" is the host's own namespace. */
int node_make(struct node *n, enum node_kind kind, const char *name,
	      struct ovt_err *e);
const char *node_kind_name(enum node_kind k);   /* "hypervisor" ... */
/* "hypervisor ns1", "container lc1", "host" */
const char *node_str(const struct node *n, char *buf, size_t len);

/* Open the node's network namespace; returns an fd or -errno. */
int node_netns_open(const struct node *n, struct ovt_err *e);
/* Enter the node's network namespace, remembering ovtsh's own. */
int node_enter(const struct node *n, struct node_ns *save, struct ovt_err *e);
/* Go back; never fails silently: aborts if ovtsh cannot return home,
 * since every later command would then act in the wrong namespace. */
void node_leave(struct node_ns *save);
/* ovtsh's own namespace fd, opened once at start-up. */
int node_home_fd(void);

#endif
