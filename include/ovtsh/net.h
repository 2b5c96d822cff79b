/* net.h - the network half of a lab over netlink (libnl-route-3):
 * namespaces, links (veth, bridge, vxlan, gre, gretap), addresses, routes
 * and IPv4 forwarding, always inside a node (host, hypervisor, container).
 *
 * A struct net_nl is a netlink socket opened inside a node's namespace
 * (a socket stays bound to the namespace it was created in, so ovtsh
 * enters the node only for the socket() call).  Every function returns 0
 * or -errno and fills struct ovt_err with the kernel's extack text when it
 * gave one, else a precise sentence.  "Exists and matches" is success.
 *
 * Lab tag: every link ovtsh creates carries the interface alias
 * "ovtsh:<lab>[ key=value...]" (lab_alias()); a hypervisor namespace that
 * ovtsh created carries it on its lo.  Routes ovtsh adds use protocol
 * NET_RTPROT.
 */
#ifndef OVTSH_NET_H
#define OVTSH_NET_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ovtsh/err.h"
#include "ovtsh/lab.h"
#include "ovtsh/node.h"
#include "ovtsh/value.h"

#define NET_ALIAS_MAX 256      /* IFALIASZ */
#define NET_RTPROT    177      /* rtm_protocol of routes ovtsh adds */

struct net_nl;
struct rtnl_link;

/* ---- sockets (net_sock.c) ---- */
int net_open(const struct node *n, struct net_nl **out, struct ovt_err *e);
void net_close(struct net_nl *nl);
const struct node *net_node(const struct net_nl *nl);
/* A socket in the network namespace bound at path (a CNI runtime's
 * CNI_NETNS: /run/netns/X, /proc/PID/ns/net): the node is a "netns"
 * named by the path's last component, known only through the socket
 * (node_enter() cannot find it again).  -ENOENT when path is missing,
 * -EINVAL when it is no network namespace. */
int net_open_path(const char *path, struct net_nl **out, struct ovt_err *e);

/* ---- node references and lab aliases (net_name.c) ---- */
/* Names, addresses and prefixes are checked and parsed by ovtsh/value.h
 * (struct val_prefix), the grammar's parser too.
 * "hv:NAME", "ct:NAME", "host" - how aliases name a node. */
const char *net_node_ref(const struct node *n, char *buf, size_t len);
int net_node_from_ref(const char *ref, struct node *n, struct ovt_err *e);
/* The lab token of an ovtsh alias "ovtsh:<lab>[ key=value...]" (a
 * valid lab name, then only key=value words) copied into buf; false when
 * alias is no such tag. */
bool net_alias_lab(const char *alias, char *buf, size_t len);
/* alias is exactly this lab's tag (the lab token equal, not a prefix). */
bool net_alias_is_lab(const char *alias);
/* May the lab change the object (what: "bridge br1 in hypervisor a")
 * whose alias this is?  0 when it carries the lab's tag (or no tag at
 * all and untagged_ok); else -EPERM: "WHAT belongs to lab 'Y', not to
 * lab 'Z'; ..." or "WHAT was not created by lab 'Z' (it has no lab tag);
 * ...". */
int net_alias_lab_check(const char *alias, bool untagged_ok,
			const char *what, struct ovt_err *e);
/* The value of key in a lab alias ("ovtsh:lab k=v k2=v2"), copied into
 * buf; false when the alias is not this lab's or has no such key. */
bool net_alias_get(const char *alias, const char *key, char *buf, size_t len);
/* The same in any lab's alias (a listing of every lab). */
bool net_alias_get_any(const char *alias, const char *key, char *buf,
		       size_t len);

/* ---- namespaces (net_netns.c) ---- */
/* Create /run/netns/NAME the way "ip netns add" does, its lo tagged; an
 * existing namespace of the lab is used untouched (*created false), one
 * of another lab or untagged is refused (-EPERM).  A creation of this lab
 * killed half-way is cleaned up first (see net_netns.c). */
int net_netns_add(const char *name, bool *created, struct ovt_err *e);
/* Delete a namespace the lab created (its lo carries the lab tag), or
 * what a killed creation of it left. */
int net_netns_del(const char *name, struct ovt_err *e);
/* 0 when hypervisor name exists and is this lab's (its lo's tag); else
 * -ENOENT, or -EPERM naming its lab or saying it has none. */
int net_netns_lab_check(const char *name, struct ovt_err *e);
/* The hypervisor node kind (a named namespace, /run/netns/NAME), which
 * this module registers; "hypervisor host" is the host. */
extern const struct node_kind net_hv_kind;
/* Remove what this lab's killed creations left (for "clear lab"). */
void net_netns_recover_all(void);
bool net_netns_exists(const char *name);
/* Names under /run/netns, sorted; free with net_names_free(). */
int net_netns_list(char ***names, int *count, struct ovt_err *e);
void net_names_free(char **names, int count);
/* Call fn with a socket in every network namespace on the machine, each
 * once: ovtsh's own (a host node), those under /run/netns by name
 * (hypervisors), then the namespaces processes run in (containers; an
 * unregistered "process" node named "pid N").  Returns the sum of fn's results.  With e, the host or a
 * hypervisor this process may not enter (not root) is an error, -EPERM or
 * -EACCES: "nothing found" would be a lie; with e NULL, best effort. */
int net_netns_foreach(int (*fn)(struct net_nl *nl, void *arg), void *arg,
		      struct ovt_err *e);

/* ---- links (net_link.c, net_kind.c) ---- */
enum net_kind {
	NET_K_OTHER = 0,
	NET_K_VETH,
	NET_K_BRIDGE,
	NET_K_VXLAN,
	NET_K_GRE,
	NET_K_GRETAP,
	NET_K_COUNT
};

struct net_link_spec {
	enum net_kind kind;
	char name[IFNAMSIZ];
	char alias[NET_ALIAS_MAX];       /* "" = lab_alias() */
	/* veth: the peer end, created directly in peer_fd's namespace */
	char peer[IFNAMSIZ];
	char peer_alias[NET_ALIAS_MAX];
	int peer_fd;                     /* -1: same namespace */
	const struct node *peer_node;    /* peer_fd's node (NULL: same), for
					    explain's "netns" */
	/* tunnels */
	uint32_t id;                     /* vxlan vni */
	uint16_t port;                   /* vxlan dstport (0: 4789) */
	struct in_addr local, remote;
	int dev_ifindex;                 /* underlay device, 0 = none */
	bool has_key;
	uint32_t ikey, okey;
	uint8_t ttl;                     /* 0 = inherit / kind default */
};

/* What a link in a namespace looks like, read back from the kernel. */
struct net_link_info {
	int ifindex;
	char name[IFNAMSIZ];
	char kind_name[16];
	enum net_kind kind;
	char alias[NET_ALIAS_MAX];
	unsigned mtu;
	bool up, lower_up;
	int master;                      /* ifindex, 0 = none */
	char master_name[IFNAMSIZ];
	int link;                        /* veth peer / underlay ifindex */
	uint8_t mac[6];
	/* tunnels */
	uint32_t id;
	uint16_t port;
	struct in_addr local, remote;
	bool has_key;
	uint32_t ikey, okey;
	uint8_t ttl;
};

const char *net_kind_name(enum net_kind k);
/* Can this kernel make links of kind k (net_probe.c)?  Asked once, by
 * making one in a scratch namespace, then remembered: 0, or -EOPNOTSUPP
 * with e saying which module is missing.  0 too when it cannot be asked
 * (no privilege: making the link will tell). */
int net_kind_available(enum net_kind k, struct ovt_err *e);
enum net_kind net_kind_from_name(const char *s);
/* Build the rtnl_link libnl sends for spec (no kernel needed; used by the
 * unit tests with rtnl_link_build_add_request). */
int net_link_build(const struct net_link_spec *s, struct rtnl_link **out,
		   struct ovt_err *e);
/* Create a link; an existing link of the same name is success when it
 * matches (kind and kind parameters), else an error naming the
 * difference.  *created tells which. */
int net_link_add(struct net_nl *nl, const struct net_link_spec *s,
		 bool *created, struct ovt_err *e);
int net_link_del(struct net_nl *nl, const char *name, struct ovt_err *e);
/* May the lab change link li of nl's node?  It must carry the lab's
 * tag; an untagged one passes only when !strict and the node is a
 * hypervisor or container (the lab's own namespace: its lo, say), never
 * in the host.  0 or -EPERM with net_alias_lab_check's message. */
int net_link_lab_check(struct net_nl *nl, const struct net_link_info *li,
		       bool strict, struct ovt_err *e);
int net_link_get(struct net_nl *nl, const char *name,
		 struct net_link_info *li, struct ovt_err *e);
/* All links of the namespace, by ifindex; free() the array. */
int net_link_list(struct net_nl *nl, struct net_link_info **out, int *count,
		  struct ovt_err *e);
int net_link_set_up(struct net_nl *nl, const char *name, bool up,
		    struct ovt_err *e);
/* mtu 0 keeps the MTU, as in struct net_link_chg. */
int net_link_set_mtu(struct net_nl *nl, const char *name, unsigned mtu,
		     struct ovt_err *e);
/* master NULL or "" releases the link from its bridge. */
int net_link_set_master(struct net_nl *nl, const char *name,
			const char *master, struct ovt_err *e);
int net_link_set_alias(struct net_nl *nl, const char *name,
		       const char *alias, struct ovt_err *e);
int net_ifindex(struct net_nl *nl, const char *name, struct ovt_err *e);
/* Does the active dry plan make link name (an earlier explained or
 * dry-run line), so that its mode may be entered? */
bool net_link_planned(struct net_nl *nl, const char *name);
/* A TAP made elsewhere (a VM's link, vm/) as a plan's action: "ip
 * tuntap add dev NAME mode tap  # note", made ("+") or in place ("=");
 * under a dry plan a made one exists for the plan's later calls. */
void net_plan_tap(struct net_nl *nl, const char *name, bool exists,
		  const char *note);
/* Receive counters of link ifindex (RTM_GETLINK, IFLA_STATS64) and its
 * MTU.  A packet here is what the driver counted: with GSO/GRO (veth
 * does both) one counted packet may carry many MTU-sized segments. */
struct net_link_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	unsigned mtu;
};
int net_link_stats(struct net_nl *nl, int ifindex, struct net_link_stats *st,
		   struct ovt_err *e);
/* The link called name, when it is a bridge of the lab (to join or
 * delete; -EPERM otherwise, net_link_lab_check); else -EINVAL "NAME is a
 * KIND, not a bridge" ("NAME in NODE is ..." with in_node, for a bridge
 * of the far end of a connect). */
int net_bridge_get(struct net_nl *nl, const char *name, bool in_node,
		   struct net_link_info *li, struct ovt_err *e);
/* "bridge NAME": create it, or find it matching, and bring it up; a
 * failure deletes what this call created. */
int net_bridge_add(struct net_nl *nl, const char *name, bool *created,
		   struct ovt_err *e);
/* The kind's name for messages, "device" for a link without one. */
const char *net_link_kind_label(const struct net_link_info *li);
/* Several changes in one request. */
struct net_link_chg {
	const char *alias;       /* NULL: keep */
	int master;              /* -1: keep, 0: release, else ifindex */
	int up;                  /* -1: keep, 0: down, 1: up */
	unsigned mtu;            /* 0: keep */
};
#define NET_LINK_CHG_KEEP { .alias = NULL, .master = -1, .up = -1, .mtu = 0 }
int net_link_set(struct net_nl *nl, const char *name,
		 const struct net_link_chg *c, struct ovt_err *e);

/* ---- veth pairs between nodes (net_veth.c) ---- */
struct net_connect_spec {
	const char *ifname;               /* end in node a */
	const char *peer;                 /* end in node b (NULL: ifname) */
	const char *master;               /* bridge in a, or NULL */
	const char *peer_master;          /* bridge in b, or NULL */
	const struct val_prefix *addr;    /* address of the a end, or NULL */
	const struct val_prefix *peer_addr;
};
/* Create (or find matching) a veth with one end in a's node and one in
 * b's, both up, tagged, enslaved and addressed; a failure part-way
 * deletes what this call created. */
int net_connect(struct net_nl *a, struct net_nl *b,
		const struct net_connect_spec *cs, bool *created,
		struct ovt_err *e);
/* Delete a veth this lab created from node a (its peer goes with it). */
int net_disconnect(struct net_nl *a, const char *ifname, struct ovt_err *e);

/* ---- tunnels (net_tunnel.c) ---- */
#define NET_TUN_NAME_MAX 32
struct net_tun_end {
	struct node node;
	struct in_addr local, remote;     /* remote 0: the other end's local */
	char dev[IFNAMSIZ];               /* underlay device, "" = none */
	char bridge[IFNAMSIZ];            /* join this bridge, "" = none */
	char ifname[IFNAMSIZ];            /* "" = tunnel name */
	bool has_addr;
	struct val_prefix addr;
};
struct net_tunnel {
	char name[NET_TUN_NAME_MAX];
	enum net_kind kind;               /* NET_K_OTHER: not set */
	bool has_vni, has_key;
	uint32_t vni, key;
	uint16_t port;                    /* 0: 4789 */
	uint8_t ttl;
	int nends;
	struct net_tun_end end[2];
};
/* Is t complete and consistent?  -EINVAL naming what is missing or
 * wrong ("tunnel vx42 is incomplete: no vni"). */
int net_tunnel_check(const struct net_tunnel *t, struct ovt_err *e);
/* Create both ends (idempotent); on failure nothing is left behind. */
int net_tunnel_apply(const struct net_tunnel *t, struct ovt_err *e);
/* Delete every end of tunnel name made by this lab: in the host, the
 * hypervisors, and any other namespace a process runs in (containers). */
int net_tunnel_del(const char *name, struct ovt_err *e);
/* Delete every tunnel end of the lab in namespaces of processes
 * (containers): "clear lab" after the hypervisors area, which took those
 * of the host and the hypervisors; returns how many, or -errno. */
int net_tunnel_clear(struct ovt_err *e);
/* Read a tunnel back from its end li (seen through nl) and the peer end
 * (opened through the peer reference in li's alias). */
int net_tunnel_read(struct net_nl *nl, const struct net_link_info *li,
		    struct net_tunnel *t, struct ovt_err *e);

/* ---- addresses (net_addr.c) ---- */
struct net_addr_info {
	int ifindex;
	struct val_prefix p;
	uint8_t scope;                   /* RT_SCOPE_* */
	uint8_t proto;                   /* IFA_PROTO, 0 when not sent */
	uint32_t flags;                  /* IFA_F_* */
};
/* Add; present on the same link = success, on another link = error. */
int net_addr_add(struct net_nl *nl, const char *ifname,
		 const struct val_prefix *p, struct ovt_err *e);
int net_addr_del(struct net_nl *nl, const char *ifname,
		 const struct val_prefix *p, struct ovt_err *e);
/* ifindex 0 = every link; family AF_UNSPEC = both. free() the array. */
int net_addr_list(struct net_nl *nl, int ifindex, int family,
		  struct net_addr_info **out, int *count, struct ovt_err *e);

/* ---- neighbours and forwarding databases (net_neigh.c) ---- */
struct net_neigh_info {
	int family;                      /* AF_BRIDGE: an fdb entry;
					    AF_INET/6: ARP/ND */
	int ifindex;                     /* the device (bridge port) */
	int master;                      /* its bridge (NDA_MASTER), 0 none */
	bool has_lladdr;
	uint8_t lladdr[6];               /* the MAC */
	bool has_dst;
	struct val_prefix dst;           /* ARP/ND: the neighbour's address;
					    fdb of a VXLAN port: the remote
					    VTEP (full-length prefix) */
	uint16_t state;                  /* NUD_* */
	uint8_t flags;                   /* NTF_* */
	bool has_vlan, has_vni;
	uint16_t vlan;
	uint32_t vni;
};
/* family AF_BRIDGE: every fdb entry of the node; AF_INET or AF_INET6:
 * that ARP/ND table; AF_UNSPEC: both.  free() the array. */
int net_neigh_list(struct net_nl *nl, int family, struct net_neigh_info **out,
		   int *count, struct ovt_err *e);
/* "REACHABLE", "STALE", ... (ip neigh's words) for an NUD_* state. */
const char *net_neigh_state_name(uint16_t state);
/* Up to max names of fdb entry x's flags ("self", "master",
 * "extern_learn", ..., "permanent"/"static"); their count. */
int net_fdb_flag_names(const struct net_neigh_info *x, const char **names,
		       int max);

/* Flood unknown and broadcast frames of VXLAN device vxlan also to
 * remote (the all-zero fdb entry "append", head-end replication to one
 * more node); present already is success. */
int net_fdb_flood(struct net_nl *nl, const char *vxlan,
		  const struct in_addr *remote, struct ovt_err *e);

/* ---- routes (net_route.c) ---- */
struct net_route_info {
	struct val_prefix dst;           /* len 0 = default */
	bool has_gw;
	uint8_t gw[16];
	int oif;
	char dev[IFNAMSIZ];
	uint8_t protocol, scope, type;
	uint32_t table;
};
/* dst NULL = default route; gw (an address) and dev may be NULL (add
 * needs one of them; del without either deletes the route to dst however
 * it goes).  A gateway in none of the node's connected subnets is
 * refused naming them, not with the kernel's "invalid gateway". */
int net_route_add(struct net_nl *nl, const struct val_prefix *dst,
		  const struct val_prefix *gw, const char *dev,
		  struct ovt_err *e);
int net_route_del(struct net_nl *nl, const struct val_prefix *dst,
		  const struct val_prefix *gw, const char *dev,
		  struct ovt_err *e);
/* Routes of the main table; family AF_UNSPEC = both. free() the array. */
int net_route_list(struct net_nl *nl, int family,
		   struct net_route_info **out, int *count, struct ovt_err *e);
const char *net_route_gw_str(const struct net_route_info *r, char *buf,
			     size_t len);

/* IPv4 forwarding of the node (/proc/sys/net/ipv4/ip_forward). */
int net_forwarding_set(const struct node *n, bool on, struct ovt_err *e);
int net_forwarding_get(const struct node *n, bool *on, struct ovt_err *e);

/* ---- ICMP echo probes (net_ping.c) ---- */
struct net_probe {                      /* one source -> destination */
	int src;                          /* index into the sources */
	struct in_addr dst;
	unsigned sent, recv;
	uint64_t seen;                    /* rounds answered (dedup) */
	double rtt_min, rtt_max, rtt_sum; /* ms, over recv replies */
};
struct net_probe_opts {
	unsigned count;                   /* rounds, 1-64 */
	size_t size;                      /* ICMP payload bytes, >= 16 */
	unsigned interval_ms;             /* between rounds */
	unsigned timeout_ms;              /* wait after the last round */
	bool retry;                       /* rounds after the first resend
					     only the unanswered probes, and
					     one reply each is enough */
};
/* Send count echo requests for every probe, all probes of a round at
 * once, from one socket per source made in that source's namespace, and
 * count the replies (sent/recv/rtt filled).  Ctrl-C stops it early with
 * *interrupted set and what was counted so far.  0 or -errno. */
int net_probe_run(const struct node *src, int nsrc, struct net_probe *p,
		  int np, const struct net_probe_opts *o, bool *interrupted,
		  struct ovt_err *e);
/* The address to probe a node at, from its addresses (dst) and the
 * source's: its first global IPv4 address on a subnet it shares with the
 * source, else its first global one; false when it has none. */
bool net_addr_pick(const struct net_addr_info *src, int ns,
		   const struct net_addr_info *dst, int nd,
		   struct in_addr *out);
/* The ARP table's hard limit, one for all namespaces
 * (net.ipv4.neigh.default.gc_thresh3): every probed pair on a shared
 * subnet needs an entry.  -1 when unknown. */
int net_neigh_max(void);
/* Node n's IPv4 addresses (net_addr_list); free() the array. */
int net_node_addrs4(const struct node *n, struct net_addr_info **out,
		    int *count, struct ovt_err *e);

/* ---- the lab's state as data (net_lab.c) ---- */
/* What the lab made and configured, read back from the kernel: the
 * command areas write the running-config from it (src/cmd/), this module
 * never does.  Links are in name order. */
struct net_lab_conn {                   /* a veth pair, from one end */
	char ifname[IFNAMSIZ];
	struct node peer;                 /* the other end's node */
	char peer_ifname[IFNAMSIZ];
};
struct net_lab_iface {                  /* a lab link (not lo, not a
					   tunnel end) and its settings */
	char name[IFNAMSIZ];
	struct val_prefix *addr;          /* configured addresses (a
					     link-local one too; not those
					     the kernel made itself) */
	int naddr;
	unsigned mtu;                     /* 0: not configured (1500, or
					     derived: a bridge's follows its
					     ports, VXLAN's 1450) */
	char master[IFNAMSIZ];            /* its bridge, "" = none */
	bool up;
};
struct net_lab_node {
	struct node node;
	bool tagged;                      /* a hypervisor the lab created */
	char (*bridge)[IFNAMSIZ];         /* the lab's bridges */
	int nbridge;
	struct net_lab_conn *conn;        /* veths the lab made from here */
	int nconn;
	struct net_lab_iface *iface;
	int niface;
	struct net_route_info *route;     /* routes the lab added */
	int nroute;
	bool has_fwd, fwd;                /* IPv4 forwarding (every node but
					     the host, with NET_LAB_ROUTES) */
};
/* What to read (a running-config phase needs one part). */
enum net_lab_what {
	NET_LAB_BRIDGES = 1u << 0,
	NET_LAB_CONNS   = 1u << 1,
	NET_LAB_IFACES  = 1u << 2,
	NET_LAB_ROUTES  = 1u << 3,        /* routes and forwarding */
};
/* Node n's part of the lab (what: enum net_lab_what bits); free with
 * net_lab_node_free(). */
int net_lab_node_read(const struct node *n, unsigned what,
		      struct net_lab_node *out, struct ovt_err *e);
void net_lab_node_free(struct net_lab_node *o);
/* The hypervisors the lab has something in (a tagged lo or a lab link),
 * by name, then the host when it holds a lab link; free with
 * net_lab_nodes_free(). */
int net_lab_nodes(unsigned what, struct net_lab_node **out, int *count,
		  struct ovt_err *e);
void net_lab_nodes_free(struct net_lab_node *v, int n);
/* The tunnels whose first end (or only surviving end) is in node n, in
 * creation order; free() the array.  net_lab_tunnels_all: those of the
 * host and the hypervisors (containers' are read per container). */
int net_lab_tunnels(const struct node *n, struct net_tunnel **out,
		    int *count, struct ovt_err *e);
int net_lab_tunnels_all(struct net_tunnel **out, int *count,
			struct ovt_err *e);

#endif
