/* net_neigh.c - a node's neighbor tables: the bridges' forwarding
 * databases (AF_BRIDGE: which MAC behind which port, and for a VXLAN
 * port from which remote VTEP) and the ARP/ND caches (AF_INET/6). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "net_int.h"

/* One RTM_NEWNEIGH of a dump into d->v.  Raw, as net_addr.c: libnl's
 * neigh cache dumps AF_BRIDGE only as one family of an NL_CACHE_AF_ITER
 * cache and has no accessor for NDA_VNI; one request per table is all
 * a show needs.  Never NL_STOP (the dump must be read to its end): a failed
 * allocation is remembered. */
struct net_neigh_dump {
	int family;
	struct net_neigh_info *v;
	int n, cap;
	int err;
};

static void net_neigh_addr(const struct nlattr *a, struct val_prefix *p,
			   bool *has)
{
	int len = nla_len(a);

	if (len != 4 && len != 16)
		return;
	memset(p, 0, sizeof(*p));
	p->family = len == 4 ? AF_INET : AF_INET6;
	p->len = (unsigned)len * 8;
	memcpy(p->addr, nla_data(a), (size_t)len);
	*has = true;
}

static void net_neigh_fill(struct net_neigh_info *x, const struct ndmsg *nd,
			   struct nlattr **tb)
{
	memset(x, 0, sizeof(*x));
	x->family = nd->ndm_family;
	x->ifindex = nd->ndm_ifindex;
	x->state = nd->ndm_state;
	x->flags = nd->ndm_flags;
	if (tb[NDA_LLADDR] && nla_len(tb[NDA_LLADDR]) == 6) {
		memcpy(x->lladdr, nla_data(tb[NDA_LLADDR]), 6);
		x->has_lladdr = true;
	}
	/* the entry's own address (ARP/ND), or a VXLAN entry's remote */
	if (tb[NDA_DST])
		net_neigh_addr(tb[NDA_DST], &x->dst, &x->has_dst);
	if (tb[NDA_MASTER] && nla_len(tb[NDA_MASTER]) >= 4)
		x->master = (int)nla_get_u32(tb[NDA_MASTER]);
	if (tb[NDA_VLAN] && nla_len(tb[NDA_VLAN]) >= 2) {
		x->vlan = nla_get_u16(tb[NDA_VLAN]);
		x->has_vlan = true;
	}
	if (tb[NDA_VNI] && nla_len(tb[NDA_VNI]) >= 4) {
		x->vni = nla_get_u32(tb[NDA_VNI]);
		x->has_vni = true;
	}
}

int net_neigh_decode(struct nlmsghdr *h, int family, struct net_neigh_info *x)
{
	struct nlattr *tb[NDA_MAX + 1];
	const struct ndmsg *nd;

	if (h->nlmsg_type != RTM_NEWNEIGH ||
	    nlmsg_parse(h, sizeof(*nd), tb, NDA_MAX, NULL) < 0)
		return 0;
	nd = nlmsg_data(h);
	if (family == AF_UNSPEC ? (nd->ndm_family != AF_INET &&
				   nd->ndm_family != AF_INET6) :
	    nd->ndm_family != family)
		return 0;
	net_neigh_fill(x, nd, tb);
	return 1;
}

static int net_neigh_parse(struct nl_msg *msg, void *arg)
{
	struct net_neigh_dump *d = arg;
	struct net_neigh_info x, *nv;

	if (!net_neigh_decode(nlmsg_hdr(msg), d->family, &x))
		return NL_SKIP;
	nv = net_grow(d->v, d->n, &d->cap, sizeof(*d->v), &d->err);
	if (!nv)
		return NL_SKIP;
	d->v = nv;
	d->v[d->n++] = x;
	return NL_OK;
}

int net_neigh_list(struct net_nl *nl, int family, struct net_neigh_info **out,
		   int *count, struct ovt_err *e)
{
	struct net_neigh_dump d = { .family = family };
	struct ndmsg req = { .ndm_family = (uint8_t)family };
	int r;

	*out = NULL;
	*count = 0;
	r = net_nl_dump(nl, RTM_GETNEIGH, &req, sizeof(req), net_neigh_parse,
			&d);
	if (r < 0 || d.err) {
		free(d.v);
		return r < 0 ? net_nl_fail(nl, r, e, family == AF_BRIDGE ?
					   "listing the forwarding database" :
					   "listing neighbors") :
		       ovt_err_set(e, d.err, "out of memory");
	}
	*out = d.v ? d.v : calloc(1, sizeof(*d.v));
	if (!*out)
		return ovt_err_set(e, ENOMEM, "out of memory");
	*count = d.n;
	return 0;
}

/* The kernel's NUD_* bits by the names "ip neigh" gives them. */
static const struct { uint16_t bit; const char *name; } net_nud_names[] = {
	{ NUD_INCOMPLETE, "INCOMPLETE" }, { NUD_REACHABLE, "REACHABLE" },
	{ NUD_STALE, "STALE" },           { NUD_DELAY, "DELAY" },
	{ NUD_PROBE, "PROBE" },           { NUD_FAILED, "FAILED" },
	{ NUD_NOARP, "NOARP" },           { NUD_PERMANENT, "PERMANENT" },
};

const char *net_neigh_state_name(uint16_t state)
{
	for (size_t i = 0; i < sizeof(net_nud_names) / sizeof(*net_nud_names);
	     i++)
		if (state & net_nud_names[i].bit)
			return net_nud_names[i].name;
	return "NONE";
}

/* An fdb entry's flags as "bridge fdb" names them, in its order. */
static const struct { uint8_t bit; const char *name; } net_ntf_names[] = {
	{ NTF_SELF, "self" }, { NTF_MASTER, "master" },
	{ NTF_EXT_LEARNED, "extern_learn" }, { NTF_OFFLOADED, "offload" },
	{ NTF_ROUTER, "router" }, { NTF_STICKY, "sticky" },
};

int net_fdb_flag_names(const struct net_neigh_info *x, const char **names,
		       int max)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(net_ntf_names) / sizeof(*net_ntf_names);
	     i++)
		if ((x->flags & net_ntf_names[i].bit) && n < max)
			names[n++] = net_ntf_names[i].name;
	/* the state says how it got there: set by hand, or learned */
	if ((x->state & NUD_PERMANENT) && n < max)
		names[n++] = "permanent";
	else if ((x->state & NUD_NOARP) && n < max)
		names[n++] = "static";
	return n;
}

int net_fdb_flood(struct net_nl *nl, const char *vxlan,
		  const struct in_addr *remote, struct ovt_err *e)
{
	static const uint8_t zero[6];
	struct nl_msg *m;
	struct ndmsg nd = {
		.ndm_family = AF_BRIDGE,
		.ndm_state = NUD_NOARP | NUD_PERMANENT,
		.ndm_flags = NTF_SELF,
	};
	int idx, r;

	idx = net_ifindex(nl, vxlan, e);
	if (idx < 0)
		return idx;
	nd.ndm_ifindex = idx;
	m = nlmsg_alloc_simple(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_APPEND);
	if (!m)
		return ovt_err_set(e, ENOMEM, "out of memory");
	r = nlmsg_append(m, &nd, sizeof(nd), NLMSG_ALIGNTO);
	if (r == 0)
		r = nla_put(m, NDA_LLADDR, sizeof(zero), zero);
	if (r == 0)
		r = nla_put(m, NDA_DST, sizeof(*remote), remote);
	if (r < 0) {
		nlmsg_free(m);
		return ovt_err_set(e, ENOMEM, "out of memory");
	}
	net_nl_reset(nl);
	r = nl_send_sync(nl->sk, m);          /* frees m */
	if (r < 0 && net_nl_errno(nl, r) != EEXIST) {
		char b[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, remote, b, sizeof(b));
		return net_nl_fail(nl, r, e, "adding flood entry to %s on %s",
				   b, vxlan);
	}
	return 0;
}
