/* net_int.h - what the files of src/net/ share (not exported). */
#ifndef OVTSH_NET_INT_H
#define OVTSH_NET_INT_H

#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "ovtsh/net.h"
#include "ovtsh/plan.h"

struct net_nl {
	struct nl_sock *sk;
	struct node node;
	int kerr;                 /* errno of the last NLMSG_ERROR */
	char ext[256];            /* its extack message, "" if none */
	bool phantom;             /* a node only planned (net_plan.c): no
				     socket, nothing in it */
};

/* An NLMSG_ERROR message of len bytes: its errno (positive) and the
 * extended ACK's text ("" when none); -1 when buf is no such message.
 * Never reads past len. */
int net_extack_parse(const void *buf, size_t len, int *err, char *msg,
		     size_t msglen);
/* A socket in the namespace the calling thread is in now. */
int net_open_here(const struct node *n, struct net_nl **out,
		  struct ovt_err *e);
/* A descriptor of the namespace nl's socket is in (SIOCGSKNS), without
 * looking the node up again (for a container, a Docker API request). */
int net_nl_netns_fd(struct net_nl *nl, struct ovt_err *e);
/* Send a dump request (type, header req of len bytes) and hand every
 * answer to parse (a libnl NL_CB_VALID callback) with the socket's own
 * error handler in place; a libnl code < 0 on failure. */
int net_nl_dump(struct net_nl *nl, int type, const void *req, size_t len,
		nl_recvmsg_msg_cb_t parse, void *arg);
/* v (n elements of size sz used of *cap) with room for one more,
 * doubled when full (16 first); NULL, v untouched and *err ENOMEM, when
 * out of memory (a dump callback remembers it and reads on). */
void *net_grow(void *v, int n, int *cap, size_t sz, int *err);
/* One RTM_NEWNEIGH message h into x when it is of family (AF_UNSPEC:
 * AF_INET or AF_INET6): 1; else 0 (another message, another family, a
 * message that does not parse).  Never reads past the message. */
int net_neigh_decode(struct nlmsghdr *h, int family, struct net_neigh_info *x);
/* Forget the previous request's kernel error. */
void net_nl_reset(struct net_nl *nl);
/* Fill e from a libnl return code r (and the kernel's errno/extack when
 * the socket recorded them): "WHAT: <kernel text>"; returns -errno. */
int net_nl_fail(struct net_nl *nl, int r, struct ovt_err *e,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* errno behind the last failure (kernel errno, else mapped from libnl). */
int net_nl_errno(struct net_nl *nl, int r);

/* Unmount and remove /run/netns/name, as "ip netns del" does: the kernel
 * then destroys the namespace's links in one batch, veth peers in other
 * namespaces with them, asynchronously (no tag check: the caller's). */
int net_netns_unlink(const char *name, struct ovt_err *e);

/* net_netns_foreach, but fn only for the namespaces of processes that
 * are neither ovtsh's own nor under /run/netns (containers). */
int net_netns_foreach_pids(int (*fn)(struct net_nl *nl, void *arg),
			   void *arg, struct ovt_err *e);

/* The name of link ifindex, read with one RTM_GETLINK (no dump); -1
 * when there is no such link. */
int net_link_name(struct net_nl *nl, int ifindex, char *buf, size_t len);
/* net_link_set_master with the bridge's ifindex already known (0:
 * release). */
int net_link_enslave(struct net_nl *nl, const char *name, int master,
		     struct ovt_err *e);
/* Routes of the main table (as net_route_list) with their devices named
 * from links, the namespace's links the caller already listed. */
int net_route_list_named(struct net_nl *nl, int family,
			 const struct net_link_info *links, int nlinks,
			 struct net_route_info **out, int *count,
			 struct ovt_err *e);

/* Where is p's address already?  0: nowhere; 1: on ifindex (0 for a
 * link still to be made) with the same length; -errno and a message
 * naming the other interface or length otherwise. */
int net_addr_where(struct net_nl *nl, int ifindex, const char *ifname,
		   const struct val_prefix *p, struct ovt_err *e);

/* Did the kernel add a[i] itself (the link-local address addrconf gives
 * every IPv6 link, an address from a router advertisement) rather than a
 * user?  a: the whole dump a[i] came from; mac: a[i]'s link's address.
 * By IFA_PROTO where the kernel sends it (5.18+, any addr_gen_mode);
 * before that a link-local address flagged stable-privacy (modes
 * stable_secret and random) or equal to the MAC's EUI-64 (mode eui64).
 * What it says no to is configuration, written by the running-config. */
bool net_addr_kernel_made(const struct net_addr_info *a, int n, int i,
			  const uint8_t mac[6]);

/* fn for a node the lab has something in, with the socket and the links
 * that showed it; tagged: a hypervisor whose lo carries the tag. */
typedef int (*net_lab_fn)(struct net_nl *nl, struct net_link_info *l,
			  int cnt, bool tagged, void *arg);
/* fn for the hypervisors by name, then the host, each entered and its
 * links listed once; stops when fn fails.  A node gone meanwhile, or no
 * namespace at all, is skipped; one this process may not enter or read
 * fails the walk: the lab may well be in it. */
int net_lab_walk(net_lab_fn fn, void *arg, struct ovt_err *e);
/* Remove the lab's links (and with them its routes) from the node nl
 * is in, its links l (not the node itself). */
int net_clear_links(struct net_nl *nl, const struct net_link_info *l,
		    int cnt, struct ovt_err *e);

/* ---- under a plan (net_plan.c, ovtsh/plan.h) ---- */
bool net_planning(void);
/* What "ip link add ... netns X" names node n by. */
const char *net_plan_netns(const struct node *n, char *buf, size_t len);
/* Record "ip [-n NODE] ARGS" / "PROG ARGS" run in node n. */
void net_plan_ip(const struct node *n, enum plan_what w, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));
void net_plan_run(const struct node *n, enum plan_what w, const char *prog,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Link ifname of node n is made by the plan; does nl's node get it? */
void net_plan_obj(const struct node *n, const char *ifname);
bool net_plan_has(const struct net_nl *nl, const char *ifname);
/* Node n is one the plans of this process would create. */
bool net_plan_node(const struct node *n);
/* The stand-in ifindex of a link the active plan makes, or -1. */
int net_plan_index(const struct net_nl *nl, const char *ifname);
/* The name of ifindex idx (a stand-in one too), else its number. */
void net_plan_ifname(struct net_nl *nl, int idx, char *buf, size_t len);
/* net_open's failure r for node n, or 0 and an empty (phantom) socket
 * when n is only planned. */
int net_plan_open(const struct node *n, struct net_nl **out, int r);
/* "ip link add" for s (w: PLAN_CREATE, or PLAN_UNCHANGED when it
 * exists and matches). */
void net_plan_link_add(struct net_nl *nl, const struct net_link_spec *s,
		       enum plan_what w);
/* "ip link set" for the changes in c that the link does not have. */
int net_plan_link_set(struct net_nl *nl, const char *name,
		      const struct net_link_chg *c, struct ovt_err *e);

/* Link kinds, iproute2 style (net_kind.c). */
struct net_kind_ops {
	enum net_kind kind;
	const char *name;          /* rtnl kind string */
	const char *module;        /* kernel module that provides it */
	const char *label;         /* "GRE" for messages */
	struct rtnl_link *(*alloc)(void);
	int (*build)(struct rtnl_link *l, const struct net_link_spec *s);
	void (*read)(struct rtnl_link *l, struct net_link_info *li);
	/* Write "differs" text when the kernel link li does not match s. */
	int (*diff)(const struct net_link_info *li,
		    const struct net_link_spec *s, char *buf, size_t len);
	/* The words of "ip link add NAME type KIND" after KIND, as a
	 * student would type them (explain); nl names the devices. */
	void (*text)(struct net_nl *nl, const struct net_link_spec *s,
		     char *buf, size_t len);
};
const struct net_kind_ops *net_kind_ops(enum net_kind k);
void net_link_info_fill(struct rtnl_link *l, struct net_link_info *li);

/* Intent files (net_netns.c): a creation in progress, named by a file
 * holding the creator's pid, so a creation that was killed half-way is
 * told from a live one and from what another program made. */
#define NET_OVTSH_RUN "/run/ovtsh"
#define NET_LINK_NEW  NET_OVTSH_RUN "/link-new"
int net_intent_write(const char *dir, const char *ipath, struct ovt_err *e);
pid_t net_intent_pid(const char *path);
/* Is pid a live ovtsh (so a reused pid does not count)? */
bool net_pid_alive(pid_t pid);
/* Test hook: SIGKILL itself at step when $OVTSH_TEST_KILL_AT says so. */
void net_netns_test_kill(const char *step);

#endif
