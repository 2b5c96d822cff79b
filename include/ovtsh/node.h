/* node.h - a lab node (the host, or a node of a registered kind) and
 * entering its network namespace.
 *
 * Every backend that works "inside" a node (netlink, capture, trace,
 * iperf3) resolves it here.  node_enter()/node_leave() bracket the work:
 * ovtsh always returns to its own namespace.
 *
 * Node kinds are a table: the area that owns a kind registers its ops
 * with NODE_KIND() (net/ the hypervisor, docker/ the container), the way
 * commands register with CLI_TABLE().  This module names no kind; the
 * host is its one built-in ("hypervisor host" in the grammar).
 */
#ifndef OVTSH_NODE_H
#define OVTSH_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ovtsh/err.h"

#define NODE_NAME_MAX 64

struct node;
struct node_exec_res;

struct node_kind {
	const char *keyword;   /* grammar keyword, node_kind_name(): "hypervisor" */
	const char *prefix;    /* alias refs "hv:NAME", prompts, the grammar's
				  argument names ("$hv"): "hv" */
	int order;             /* listing order, lower first */
	bool host_alias;       /* "KEYWORD host" is the host's namespace */
	const char *shape;     /* its picture in "write topology": a Graphviz
				  node shape ("box"), NULL: an ellipse */
	/* Open the node's network namespace: an fd or -errno.  A program
	 * runs in a node of any kind by setns() into it in the child
	 * (trace_run(), iperf3 in bench). */
	int (*netns_open)(const struct node *n, struct ovt_err *e);
	/* The nodes of this kind that show walks, sorted by name (malloc'ed,
	 * free with node_names_free()); -ECONNREFUSED: the service that
	 * holds them is not there, so there are none. */
	int (*list)(char ***names, int *cnt, struct ovt_err *e);
	/* 0 when node name is this lab's, else -errno and why (-ENOENT: no
	 * such node). */
	int (*lab_check)(const char *name, struct ovt_err *e);
	/* For explain's commands (ovtsh/plan.h): shell words that give the
	 * PID of a process in the node, "@" standing for its name
	 * ("$(docker inspect -f '{{.State.Pid}}' @)"); NULL: the node has
	 * a name iproute2 knows (ip -n NAME). */
	const char *sh_pid;
	/* Run a program in the node when it is not a host namespace to
	 * setns() into (a VM: by its agent); NULL: node_exec() forks into
	 * netns_open()'s namespace.  Same contract as node_exec(). */
	int (*exec)(const struct node *n, char *const argv[], int out_fd,
		    int err_fd, struct node_exec_res *res, struct ovt_err *e);
	/* Its network is configured by the ovtsh running inside it (a VM's
	 * guest: exec of "ovtsh --lab LAB -c LINE..."), where the node is
	 * that ovtsh's host: a block naming the node (a tunnel's end) is
	 * run there with the node written as "host". */
	bool own_shell;
};

#define NODE_KIND(var_)                                                     \
	static const struct node_kind *const node_kind_ptr_##var_           \
	__attribute__((used, section("ovtsh_node_kinds"))) = &var_

/* The host: ovtsh's own network namespace. */
extern const struct node_kind node_host_kind;

struct node {
	const struct node_kind *kind;
	char name[NODE_NAME_MAX];
	pid_t pid;          /* a process's namespace: its pid when the caller
			       knows it (an inspect it made already), 0 = let
			       the kind look it up */
};

/* The saved namespace of a node_enter(). */
struct node_ns {
	int self_fd;
};

/* The registered kinds in their order (not the host); n set to the count. */
const struct node_kind *const *node_kinds(int *n);
/* By grammar keyword ("container") or by prefix ("ct"); NULL: none. */
const struct node_kind *node_kind_by_keyword(const char *keyword);
const struct node_kind *node_kind_by_prefix(const char *prefix);

/* Fill n; returns -EINVAL with a message for a bad name.  kind NULL is
 * the host, as is "host" of a kind with host_alias. */
int node_make(struct node *n, const struct node_kind *kind, const char *name,
	      struct ovt_err *e);
const char *node_kind_name(const struct node_kind *k);   /* "hypervisor" */
/* "hypervisor ns1", "container lc1", "host" */
const char *node_str(const struct node *n, char *buf, size_t len);
bool node_is_host(const struct node *n);
/* The same node: same kind and name. */
bool node_eq(const struct node *a, const struct node *b);
void node_names_free(char **v, int n);

/* Is n the lab's?  One rule for every kind, asked before a node's mode
 * is entered or a node is named for a change: 0 (the host always is),
 * -ENOENT when it does not exist, else -errno and why ("container 'c1'
 * belongs to lab 'x', not to lab 'y'; not touching it"). */
int node_lab_check(const struct node *n, struct ovt_err *e);
/* Open the node's network namespace; returns an fd or -errno. */
int node_netns_open(const struct node *n, struct ovt_err *e);
/* Enter the node's network namespace, remembering ovtsh's own. */
int node_enter(const struct node *n, struct node_ns *save, struct ovt_err *e);
/* Go back; never fails silently: aborts if ovtsh cannot return home,
 * since every later command would then act in the wrong namespace. */
void node_leave(struct node_ns *save);
/* ovtsh's own namespace fd, opened once at start-up. */
int node_home_fd(void);

/* A program's end, from node_exec(). */
struct node_exec_res {
	int status;             /* its wait status */
	bool interrupted;       /* Ctrl-C was forwarded to it */
};
/* Run argv (PATH searched) in n's network namespace with stdout/stderr on
 * out_fd/err_fd and stdin on /dev/null, and wait for it; Ctrl-C goes to
 * the program (SIGINT, a second one SIGKILL).  0 with res filled, or
 * -errno (the program could not be started: ENOENT, EACCES...). */
int node_exec(const struct node *n, char *const argv[], int out_fd,
	      int err_fd, struct node_exec_res *res, struct ovt_err *e);
/* node_exec() with the program's output collected: *out and *err its
 * stdout and stderr (malloc'ed, NUL-ended; NULL when it printed nothing),
 * *outlen the length of *out. */
int node_exec_capture(const struct node *n, char *const argv[], char **out,
		      size_t *outlen, char **err, struct node_exec_res *res,
		      struct ovt_err *e);
/* Programs of n run by its kind's exec op (a VM: another kernel, reached
 * by its agent): no namespace, pid or /proc of them on this host. */
bool node_is_remote(const struct node *n);
/* Start argv in n as node_exec() does, without waiting: *pid is a child
 * of ovtsh in a process group of its own, dying with ovtsh.  In a
 * namespace it is the program itself; in a remote node a helper that
 * runs it through the kind's exec op (its failure's text on err_fd) and
 * exits with the program's exit code (128 + signal when it was killed),
 * and killing the helper ends the program there.  Ctrl-C is the
 * caller's to handle.  -errno when the program could not be started in
 * a namespace (ENOENT...). */
int node_spawn(const struct node *n, char *const argv[], int out_fd,
	       int err_fd, pid_t *pid, struct ovt_err *e);

#endif
