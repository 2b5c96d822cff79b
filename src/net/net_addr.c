/* net_addr.c - IPv4/IPv6 addresses on a node's interfaces. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/route/addr.h>

#include "net_int.h"
#include "ovtsh/value.h"

/* One RTM_NEWADDR of a dump into d->v.  Raw, not libnl's rtnl_addr:
 * libnl 3.7 drops IFA_PROTO, which tells the kernel's own addresses.
 * Never NL_STOP: the rest of the dump must still be read off the
 * socket, so an allocation failure is only remembered. */
struct net_addr_dump {
	int ifindex, family;
	struct net_addr_info *v;
	int n, cap;
	int err;
};

static int net_addr_parse(struct nl_msg *msg, void *arg)
{
	struct net_addr_dump *d = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct nlattr *tb[IFA_MAX + 1], *loc;
	const struct ifaddrmsg *ifa;
	struct net_addr_info *x, *nv;
	size_t alen;

	if (h->nlmsg_type != RTM_NEWADDR ||
	    nlmsg_parse(h, sizeof(*ifa), tb, IFA_MAX, NULL) < 0)
		return NL_SKIP;
	ifa = nlmsg_data(h);
	alen = ifa->ifa_family == AF_INET ? 4 : 16;
	/* IFA_LOCAL is the address of a point-to-point link's own end */
	loc = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if ((ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) ||
	    (d->family != AF_UNSPEC && ifa->ifa_family != d->family) ||
	    (d->ifindex && (int)ifa->ifa_index != d->ifindex) || !loc ||
	    (size_t)nla_len(loc) != alen)
		return NL_SKIP;
	nv = net_grow(d->v, d->n, &d->cap, sizeof(*d->v), &d->err);
	if (!nv)
		return NL_SKIP;
	d->v = nv;
	x = &d->v[d->n++];
	memset(x, 0, sizeof(*x));
	x->ifindex = (int)ifa->ifa_index;
	x->p.family = ifa->ifa_family;
	memcpy(x->p.addr, nla_data(loc), alen);
	x->p.len = ifa->ifa_prefixlen;
	x->scope = ifa->ifa_scope;
	x->flags = tb[IFA_FLAGS] && nla_len(tb[IFA_FLAGS]) >= 4 ?
		   nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	x->proto = tb[IFA_PROTO] && nla_len(tb[IFA_PROTO]) >= 1 ?
		   nla_get_u8(tb[IFA_PROTO]) : 0;
	return NL_OK;
}

int net_addr_list(struct net_nl *nl, int ifindex, int family,
		  struct net_addr_info **out, int *count, struct ovt_err *e)
{
	struct net_addr_dump d = { .ifindex = ifindex, .family = family };
	struct ifaddrmsg req = { .ifa_family = (uint8_t)family };
	int r;

	*out = NULL;
	*count = 0;
	r = net_nl_dump(nl, RTM_GETADDR, &req, sizeof(req), net_addr_parse, &d);
	if (r < 0) {
		free(d.v);
		return net_nl_fail(nl, r, e, "listing addresses");
	}
	if (d.err) {
		free(d.v);
		return ovt_err_set(e, d.err, "out of memory");
	}
	*out = d.v ? d.v : calloc(1, sizeof(*d.v));
	if (!*out)
		return ovt_err_set(e, ENOMEM, "out of memory");
	*count = d.n;
	return 0;
}

/* fe80::/64 with the modified EUI-64 of mac (RFC 4291 2.5.1): what
 * addrconf makes in its default mode (addr_gen_mode eui64). */
static bool net_addr_eui64(const struct val_prefix *p, const uint8_t mac[6])
{
	static const uint8_t zero[6];
	uint8_t ll[16] = { 0xfe, 0x80 };

	if (!mac || !memcmp(mac, zero, 6) || p->len != 64)
		return false;
	ll[8] = mac[0] ^ 0x02;
	memcpy(&ll[9], &mac[1], 2);
	ll[11] = 0xff;
	ll[12] = 0xfe;
	memcpy(&ll[13], &mac[3], 3);
	return !memcmp(p->addr, ll, 16);
}

bool net_addr_kernel_made(const struct net_addr_info *a, int n, int i,
			  const uint8_t mac[6])
{
	const struct net_addr_info *x = &a[i];
	int k;

	if (x->p.family != AF_INET6)
		return false;
	/* since Linux 5.18 the kernel labels what it adds itself */
	if (x->proto == IFAPROT_KERNEL_LL || x->proto == IFAPROT_KERNEL_RA)
		return true;
	for (k = 0; k < n; k++)
		if (a[k].proto)
			return false;   /* it labels, and left x unlabelled */
	/* an older kernel: its link-local addresses by how they are made */
	if (x->p.addr[0] != 0xfe || (x->p.addr[1] & 0xc0) != 0x80)
		return false;
	return (x->flags & IFA_F_STABLE_PRIVACY) || net_addr_eui64(&x->p, mac);
}

int net_addr_where(struct net_nl *nl, int ifindex, const char *ifname,
			  const struct val_prefix *p, struct ovt_err *e)
{
	struct net_addr_info *v = NULL;
	size_t alen = p->family == AF_INET ? 4 : 16;
	char pb[64], ob[64], other[IFNAMSIZ + 16];
	int n = 0, i, r;

	r = net_addr_list(nl, 0, p->family, &v, &n, e);
	if (r < 0)
		return r;
	for (i = 0; i < n && r == 0; i++) {
		if (memcmp(v[i].p.addr, p->addr, alen))
			continue;
		val_prefix_str(p, pb, sizeof(pb));
		val_prefix_str(&v[i].p, ob, sizeof(ob));
		if (v[i].ifindex != ifindex) {
			if (net_link_name(nl, v[i].ifindex, other,
					  sizeof(other)) < 0)
				snprintf(other, sizeof(other), "ifindex %d",
					 v[i].ifindex);
			r = ovt_err_set(e, EEXIST, "address %s is already on "
					"%s", ob, other);
		} else if (v[i].p.len != p->len) {
			r = ovt_err_set(e, EEXIST, "%s already has %s, not "
					"%s", ifname, ob, pb);
		} else {
			r = 1;
		}
	}
	free(v);
	return r;
}

/* RTM_NEWADDR (del false) or RTM_DELADDR for p on ifindex idx. */
static int net_addr_send(struct net_nl *nl, int idx, const char *ifname,
			 const struct val_prefix *p, bool del,
			 struct ovt_err *e)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *loc;
	char pb[64];
	int r;

	loc = nl_addr_build(p->family, p->addr, p->family == AF_INET ? 4 : 16);
	if (!a || !loc) {
		rtnl_addr_put(a);
		nl_addr_put(loc);
		return ovt_err_set(e, ENOMEM, "out of memory");
	}
	nl_addr_set_prefixlen(loc, (int)p->len);
	rtnl_addr_set_ifindex(a, idx);
	rtnl_addr_set_family(a, p->family);
	rtnl_addr_set_local(a, loc);
	rtnl_addr_set_prefixlen(a, p->len);
	nl_addr_put(loc);
	net_nl_reset(nl);
	r = del ? rtnl_addr_delete(nl->sk, a, 0) : rtnl_addr_add(nl->sk, a, 0);
	rtnl_addr_put(a);
	if (r < 0)
		return net_nl_fail(nl, r, e, del ? "deleting %s from %s" :
				   "adding %s to %s",
				   val_prefix_str(p, pb, sizeof(pb)), ifname);
	return 0;
}

int net_addr_add(struct net_nl *nl, const char *ifname,
		 const struct val_prefix *p, struct ovt_err *e)
{
	char pb[64];
	int idx, r;

	/* the grammar refuses these already; every caller keeps its rule */
	r = val_ifaddr(p, e);
	if (r < 0)
		return r;
	idx = net_ifindex(nl, ifname, e);
	if (idx < 0 && net_plan_has(nl, ifname))
		idx = 0;                /* the plan makes it: no address yet */
	if (idx < 0)
		return idx;
	r = net_addr_where(nl, idx, ifname, p, e);
	if (r < 0)
		return r;
	/* a journal records it too, before the change (it is not undone) */
	if (plan_recording())
		net_plan_ip(&nl->node, r ? PLAN_UNCHANGED : PLAN_CREATE,
			    "addr add %s dev %s",
			    val_prefix_str(p, pb, sizeof(pb)), ifname);
	if (r != 0 || net_planning())
		return 0;
	return net_addr_send(nl, idx, ifname, p, false, e);
}

int net_addr_del(struct net_nl *nl, const char *ifname,
		 const struct val_prefix *p, struct ovt_err *e)
{
	char pb[64];
	int idx, r;

	idx = net_ifindex(nl, ifname, e);
	if (idx < 0)
		return idx;
	r = net_addr_where(nl, idx, ifname, p, e);
	if (r < 0 && r != -EEXIST)
		return r;
	if (r != 1)
		return ovt_err_set(e, EADDRNOTAVAIL, "%s is not on %s",
				   val_prefix_str(p, pb, sizeof(pb)), ifname);
	if (plan_recording())
		net_plan_ip(&nl->node, PLAN_DELETE, "addr del %s dev %s",
			    val_prefix_str(p, pb, sizeof(pb)), ifname);
	if (net_planning())
		return 0;
	return net_addr_send(nl, idx, ifname, p, true, e);
}
