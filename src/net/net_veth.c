/* net_veth.c - "connect": a veth pair with one end in each node.  The
 * peer end is created directly in the other namespace (IFLA_NET_NS_FD in
 * the peer's info), so no half-moved pair can be left behind. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "net_int.h"

/* An existing local end: it must be a veth whose peer is b's peer (lb,
 * as read already; NULL when b has no link of that name). */
static int net_connect_match(struct net_nl *a, struct net_nl *b,
			     const struct net_link_info *la,
			     const struct net_link_info *lb, const char *peer,
			     struct ovt_err *e)
{
	char an[96], bn[96];
	int r;

	node_str(&a->node, an, sizeof(an));
	node_str(&b->node, bn, sizeof(bn));
	/* a pair another lab (or no lab) made is not adopted */
	if ((r = net_link_lab_check(a, la, true, e)) < 0 ||
	    (lb && (r = net_link_lab_check(b, lb, true, e)) < 0))
		return r;
	if (la->kind != NET_K_VETH)
		return ovt_err_set(e, EEXIST, "%s already exists in %s as a "
				   "%s", la->name, an, net_link_kind_label(la));
	if (!lb || lb->kind != NET_K_VETH || lb->link != la->ifindex ||
	    la->link != lb->ifindex)
		return ovt_err_set(e, EEXIST, "veth %s exists in %s but its "
				   "peer is not %s in %s", la->name, an, peer,
				   bn);
	return 0;
}

/* Checks before anything is made; the bridges' ifindexes for later. */
static int net_connect_checks(struct net_nl *a, struct net_nl *b,
			      const struct net_connect_spec *cs,
			      const char *peer, int *mi, int *pmi,
			      struct ovt_err *e)
{
	struct net_link_info li;
	char bn[96];
	int r;

	*mi = *pmi = -1;
	node_str(&b->node, bn, sizeof(bn));
	if ((r = val_ifname(cs->ifname, e)) < 0 ||
	    (r = val_ifname(peer, e)) < 0)
		return r;
	if (node_eq(&a->node, &b->node) && !strcmp(cs->ifname, peer))
		return ovt_err_set(e, EINVAL, "both ends are %s in %s: name "
				   "the peer differently", peer, bn);
	if (cs->master) {
		r = net_bridge_get(a, cs->master, false, &li, e);
		if (r < 0)
			return r;
		*mi = li.ifindex;
	}
	if (cs->peer_master) {
		r = net_bridge_get(b, cs->peer_master, true, &li, e);
		if (r < 0)
			return r;
		*pmi = li.ifindex;
	}
	return 0;
}

/* Tag, enslave and bring up one end in one request, then address it. */
static int net_connect_end(struct net_nl *nl, const char *name,
			   const char *alias, int master,
			   const struct val_prefix *addr, struct ovt_err *e)
{
	struct net_link_chg c = NET_LINK_CHG_KEEP;
	int r;

	c.alias = alias;
	c.master = master;
	c.up = 1;
	r = net_link_set(nl, name, &c, e);
	if (r == 0 && addr)
		r = net_addr_add(nl, name, addr, e);
	return r;
}

int net_connect(struct net_nl *a, struct net_nl *b,
		const struct net_connect_spec *cs, bool *created,
		struct ovt_err *e)
{
	const char *peer = cs->peer ? cs->peer : cs->ifname;
	struct net_link_spec s = { .kind = NET_K_VETH, .peer_fd = -1 };
	char ar[80], br[80], la_alias[NET_ALIAS_MAX], lb_alias[NET_ALIAS_MAX];
	struct net_link_info li, lp;
	bool exists, peer_exists;
	int r, mi, pmi;

	*created = false;
	r = net_connect_checks(a, b, cs, peer, &mi, &pmi, e);
	if (r < 0)
		return r;
	peer_exists = net_link_get(b, peer, &lp, NULL) == 0;
	if (peer_exists && lp.kind == NET_K_BRIDGE) {
		node_str(&b->node, br, sizeof(br));
		return ovt_err_set(e, EINVAL, "%s in %s is a bridge: use "
				   "'bridge %s' to join it, not 'peer %s'",
				   peer, br, peer, peer);
	}
	exists = net_link_get(a, cs->ifname, &li, NULL) == 0;
	if (exists && (r = net_connect_match(a, b, &li, peer_exists ? &lp :
					     NULL, peer, e)) < 0)
		return r;
	if (!exists && peer_exists) {
		node_str(&b->node, br, sizeof(br));
		return ovt_err_set(e, EEXIST, "%s already exists in %s", peer,
				   br);
	}
	if (cs->addr && (r = net_addr_where(a, exists ? li.ifindex : 0,
					    cs->ifname, cs->addr, e)) < 0)
		return r;
	if (cs->peer_addr && !exists &&
	    (r = net_addr_where(b, 0, peer, cs->peer_addr, e)) < 0)
		return r;
	net_node_ref(&a->node, ar, sizeof(ar));
	net_node_ref(&b->node, br, sizeof(br));
	snprintf(la_alias, sizeof(la_alias), "%s connect=%s/%s", lab_alias(),
		 br, peer);
	snprintf(lb_alias, sizeof(lb_alias), "%s peer=%s/%s", lab_alias(), ar,
		 cs->ifname);
	/* checked above: whole, never cut */
	if ((r = val_ifname_set(s.name, cs->ifname, e)) < 0 ||
	    (r = val_ifname_set(s.peer, peer, e)) < 0)
		return r;
	if (!node_eq(&a->node, &b->node))
		s.peer_node = &b->node;
	if (exists)             /* in place: said under a plan or journal */
		net_plan_link_add(a, &s, PLAN_UNCHANGED);
	if (!exists) {
		snprintf(s.alias, sizeof(s.alias), "%s", la_alias);
		if (!node_eq(&a->node, &b->node) && !net_planning()) {
			s.peer_fd = net_nl_netns_fd(b, e);
			if (s.peer_fd < 0)
				return s.peer_fd;
		}
		r = net_link_add(a, &s, created, e);
		if (s.peer_fd >= 0)
			close(s.peer_fd);
		if (r < 0)
			return r;
	}
	r = net_connect_end(a, cs->ifname, NULL, mi, cs->addr, e);
	if (r == 0)
		r = net_connect_end(b, peer, *created ? lb_alias : NULL, pmi,
				    cs->peer_addr, e);
	if (r < 0 && *created) {
		net_link_del(a, cs->ifname, NULL);
		*created = false;
	}
	return r;
}

int net_disconnect(struct net_nl *a, const char *ifname, struct ovt_err *e)
{
	struct net_link_info li;
	char an[96];
	int r;

	r = val_ifname(ifname, e);
	if (r == 0)
		r = net_link_get(a, ifname, &li, e);
	if (r < 0)
		return r;
	node_str(&a->node, an, sizeof(an));
	if (li.kind != NET_K_VETH)
		return ovt_err_set(e, EINVAL, "%s in %s is a %s, not a "
				   "connection", ifname, an,
				   net_link_kind_label(&li));
	r = net_link_lab_check(a, &li, true, e);
	return r < 0 ? r : net_link_del(a, ifname, e);
}
