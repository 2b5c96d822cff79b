/* net_link.c - create, read, change and delete links in a node. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/route/link.h>

#include "net_int.h"

/* A failed request about the link called name: a missing link is said
 * the same way whichever request found it missing. */
static int net_link_fail(struct net_nl *nl, int r, const char *name,
			 const char *what, struct ovt_err *e)
{
	int err = net_nl_errno(nl, r);
	char nb[96];

	if (err == ENODEV || err == ENOENT)
		return ovt_err_set(e, ENODEV, "no interface %s in %s", name,
				   node_str(&nl->node, nb, sizeof(nb)));
	return net_nl_fail(nl, r, e, "%s %s", what, name);
}

int net_link_get(struct net_nl *nl, const char *name,
		 struct net_link_info *li, struct ovt_err *e)
{
	struct rtnl_link *l = NULL;
	int r;

	net_nl_reset(nl);
	if (nl->phantom)
		return net_link_fail(nl, -NLE_NODEV, name, "reading", e);
	r = rtnl_link_get_kernel(nl->sk, 0, name, &l);
	if (r < 0)
		return net_link_fail(nl, r, name, "reading", e);
	net_link_info_fill(l, li);
	rtnl_link_put(l);
	return 0;
}

int net_link_name(struct net_nl *nl, int ifindex, char *buf, size_t len)
{
	struct rtnl_link *l = NULL;

	if (nl->phantom || rtnl_link_get_kernel(nl->sk, ifindex, NULL, &l) < 0)
		return -1;
	snprintf(buf, len, "%s", rtnl_link_get_name(l));
	rtnl_link_put(l);
	return 0;
}

int net_ifindex(struct net_nl *nl, const char *name, struct ovt_err *e)
{
	struct net_link_info li;
	int r = net_link_get(nl, name, &li, e);

	return r < 0 ? r : li.ifindex;
}

int net_link_stats(struct net_nl *nl, int ifindex, struct net_link_stats *st,
		   struct ovt_err *e)
{
	struct rtnl_link *l = NULL;
	int r;

	net_nl_reset(nl);
	r = nl->phantom ? -NLE_NODEV :
	    rtnl_link_get_kernel(nl->sk, ifindex, NULL, &l);
	if (r < 0)
		return net_nl_fail(nl, r, e, "reading counters of link %d",
				   ifindex);
	st->rx_packets = rtnl_link_get_stat(l, RTNL_LINK_RX_PACKETS);
	st->rx_bytes = rtnl_link_get_stat(l, RTNL_LINK_RX_BYTES);
	st->mtu = rtnl_link_get_mtu(l);
	rtnl_link_put(l);
	return 0;
}

const char *net_link_kind_label(const struct net_link_info *li)
{
	return li->kind_name[0] ? li->kind_name : "device";
}

int net_bridge_get(struct net_nl *nl, const char *name, bool in_node,
		   struct net_link_info *li, struct ovt_err *e)
{
	char nb[96];
	int r;

	r = net_link_get(nl, name, li, e);
	if (r < 0 && net_plan_index(nl, name) >= 0) {
		/* a bridge the plan makes (only a bridge line marks one
		 * that a connect can name as its bridge) */
		memset(li, 0, sizeof(*li));
		li->ifindex = net_plan_index(nl, name);
		return 0;
	}
	if (r < 0)
		return r;
	if (li->kind == NET_K_BRIDGE)   /* to join or delete: the lab's */
		return net_link_lab_check(nl, li, true, e);
	if (in_node)
		return ovt_err_set(e, EINVAL, "%s in %s is a %s, not a bridge",
				   name, node_str(&nl->node, nb, sizeof(nb)),
				   net_link_kind_label(li));
	return ovt_err_set(e, EINVAL, "%s is a %s, not a bridge", name,
			   net_link_kind_label(li));
}

static int net_link_cmp(const void *a, const void *b)
{
	const struct net_link_info *x = a, *y = b;

	return x->ifindex - y->ifindex;
}

int net_link_list(struct net_nl *nl, struct net_link_info **out, int *count,
		  struct ovt_err *e)
{
	struct nl_cache *cache = NULL;
	struct net_link_info *v = NULL;
	struct nl_object *o;
	int n = 0, r, i;

	*out = NULL;
	*count = 0;
	net_nl_reset(nl);
	if (nl->phantom)
		return 0;               /* a planned node: no links yet */
	r = rtnl_link_alloc_cache(nl->sk, AF_UNSPEC, &cache);
	if (r < 0)
		return net_nl_fail(nl, r, e, "listing links");
	v = calloc((size_t)nl_cache_nitems(cache) + 1, sizeof(*v));
	if (!v) {
		r = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o))
		net_link_info_fill((struct rtnl_link *)o, &v[n++]);
	qsort(v, (size_t)n, sizeof(*v), net_link_cmp);
	for (i = 0; i < n; i++) {
		struct rtnl_link *m;

		if (!v[i].master)
			continue;
		m = rtnl_link_get(cache, v[i].master);
		if (m) {
			snprintf(v[i].master_name, sizeof(v[i].master_name),
				 "%s", rtnl_link_get_name(m));
			rtnl_link_put(m);
		}
	}
	*out = v;
	*count = n;
	v = NULL;
	r = 0;
out:
	free(v);
	nl_cache_free(cache);
	return r;
}

/* Apply the attributes set in chg to the link called name: one
 * RTM_NEWLINK that names the link (no read-back first; the kernel finds
 * it by IFLA_IFNAME and says ENODEV when it is missing). */
static int net_link_send(struct net_nl *nl, const char *name,
			 struct rtnl_link *chg, const char *what,
			 struct ovt_err *e)
{
	struct rtnl_link *orig = rtnl_link_alloc();
	int r;

	if (!orig)
		return ovt_err_set(e, ENOMEM, "out of memory");
	rtnl_link_set_name(orig, name);
	rtnl_link_set_name(chg, name);
	net_nl_reset(nl);
	r = rtnl_link_change(nl->sk, orig, chg, 0);
	rtnl_link_put(orig);
	return r < 0 ? net_link_fail(nl, r, name, what, e) : 0;
}

/* The changes in c, said as "WHAT NAME" when the kernel refuses. */
static int net_link_change(struct net_nl *nl, const char *name,
			   const struct net_link_chg *c, const char *what,
			   struct ovt_err *e)
{
	struct rtnl_link *chg;
	int r;

	if (plan_recording()) {
		r = net_plan_link_set(nl, name, c, e);
		if (r < 0 || net_planning())
			return r;
	}
	chg = rtnl_link_alloc();
	if (!chg)
		return ovt_err_set(e, ENOMEM, "out of memory");
	if (c->alias)
		rtnl_link_set_ifalias(chg, c->alias);
	if (c->master >= 0)
		rtnl_link_set_master(chg, c->master);
	if (c->up > 0)
		rtnl_link_set_flags(chg, IFF_UP);
	else if (c->up == 0)
		rtnl_link_unset_flags(chg, IFF_UP);
	if (c->mtu)
		rtnl_link_set_mtu(chg, c->mtu);
	r = net_link_send(nl, name, chg, what, e);
	rtnl_link_put(chg);
	return r;
}

int net_link_set(struct net_nl *nl, const char *name,
		 const struct net_link_chg *c, struct ovt_err *e)
{
	return net_link_change(nl, name, c, "configuring", e);
}

int net_link_set_up(struct net_nl *nl, const char *name, bool up,
		    struct ovt_err *e)
{
	struct net_link_chg c = NET_LINK_CHG_KEEP;

	c.up = up;
	return net_link_change(nl, name, &c, up ? "bringing up" :
			       "shutting down", e);
}

int net_link_set_mtu(struct net_nl *nl, const char *name, unsigned mtu,
		     struct ovt_err *e)
{
	struct net_link_chg c = NET_LINK_CHG_KEEP;

	c.mtu = mtu;
	return net_link_change(nl, name, &c, "setting mtu of", e);
}

/* The alias alone, sent as is: part of a creation, nothing to record. */
static int net_link_tag(struct net_nl *nl, const char *name,
			const char *alias, struct ovt_err *e)
{
	struct rtnl_link *chg = rtnl_link_alloc();
	int r;

	if (!chg)
		return ovt_err_set(e, ENOMEM, "out of memory");
	rtnl_link_set_ifalias(chg, alias);
	r = net_link_send(nl, name, chg, "setting the alias of", e);
	rtnl_link_put(chg);
	return r;
}

int net_link_set_alias(struct net_nl *nl, const char *name,
		       const char *alias, struct ovt_err *e)
{
	struct net_link_chg c = NET_LINK_CHG_KEEP;

	c.alias = alias ? alias : "";
	return net_link_change(nl, name, &c, "setting the alias of", e);
}

int net_link_enslave(struct net_nl *nl, const char *name, int master,
		     struct ovt_err *e)
{
	struct net_link_chg c = NET_LINK_CHG_KEEP;

	c.master = master;
	return net_link_change(nl, name, &c, master ? "enslaving" :
			       "releasing", e);
}

int net_link_set_master(struct net_nl *nl, const char *name,
			const char *master, struct ovt_err *e)
{
	struct net_link_info li;
	int r;

	if (!master || !*master)
		return net_link_enslave(nl, name, 0, e);
	r = net_bridge_get(nl, master, false, &li, e);
	return r < 0 ? r : net_link_enslave(nl, name, li.ifindex, e);
}

int net_link_lab_check(struct net_nl *nl, const struct net_link_info *li,
		       bool strict, struct ovt_err *e)
{
	char nb[96], what[160];

	node_str(&nl->node, nb, sizeof(nb));
	snprintf(what, sizeof(what), "%s %s in %s", net_link_kind_label(li),
		 li->name, nb);
	return net_alias_lab_check(li->alias, !strict &&
				   !node_is_host(&nl->node), what, e);
}

/* The link exists: the lab's, same kind and parameters is success. */
static int net_link_match(struct net_nl *nl, const struct net_link_info *li,
			  const struct net_link_spec *s, struct ovt_err *e)
{
	const struct net_kind_ops *o = net_kind_ops(s->kind);
	char nb[96], diff[384];

	node_str(&nl->node, nb, sizeof(nb));
	if (net_link_lab_check(nl, li, true, e) < 0)
		return -EPERM;
	if (li->kind != s->kind)
		return ovt_err_set(e, EEXIST, "%s already exists in %s as a "
				   "%s, not a %s", s->name, nb,
				   net_link_kind_label(li), o->name);
	if (o->diff && o->diff(li, s, diff, sizeof(diff)) < 0)
		return ovt_err_set(e, EEXIST, "%s %s exists in %s but "
				   "differs: %s", o->name, s->name, nb, diff);
	return 0;
}

/* The intent file of a link this process creates in nl's node: the
 * kernel cannot tag a link as it makes it, so a kill between creating
 * and tagging leaves an untagged link; its intent tells a replay that
 * the lab made it. */
static void net_link_intent_path(struct net_nl *nl, const char *name,
				 char *buf, size_t len)
{
	char ref[NODE_NAME_MAX + 16];

	net_node_ref(&nl->node, ref, sizeof(ref));
	snprintf(buf, len, NET_LINK_NEW "/%s:%s:%s", lab_name(), ref, name);
}

/* A link left untagged by a creation of this lab that was killed before
 * it tagged it: tagged now (li updated), so the replay goes on with it. */
static void net_link_adopt(struct net_nl *nl, struct net_link_info *li,
			   const struct net_link_spec *s, const char *ipath)
{
	pid_t pid;

	if (li->alias[0] || access(ipath, F_OK) < 0)
		return;
	pid = net_intent_pid(ipath);
	if (pid == getpid() || net_pid_alive(pid))
		return;                 /* a live creator: its own to finish */
	if (net_link_tag(nl, li->name, s->alias[0] ? s->alias : lab_alias(),
			 NULL) == 0)
		snprintf(li->alias, sizeof(li->alias), "%s",
			 s->alias[0] ? s->alias : lab_alias());
	unlink(ipath);
}

int net_link_add(struct net_nl *nl, const struct net_link_spec *s,
		 bool *created, struct ovt_err *e)
{
	char ipath[NET_ALIAS_MAX + 2 * IFNAMSIZ + 128];
	const struct net_kind_ops *o = net_kind_ops(s->kind);
	struct rtnl_link *l = NULL;
	struct net_link_info li;
	struct ovt_err ign;
	int r;

	*created = false;
	if (!o)
		return ovt_err_set(e, EINVAL, "unknown link kind");
	r = val_ifname(s->name, e);
	if (r < 0)
		return r;
	net_link_intent_path(nl, s->name, ipath, sizeof(ipath));
	r = net_link_get(nl, s->name, &li, &ign);
	if (r == 0) {
		net_link_adopt(nl, &li, s, ipath);
		r = net_link_match(nl, &li, s, e);
		if (r == 0)
			net_plan_link_add(nl, s, PLAN_UNCHANGED);
		return r;
	}
	if (r != -ENODEV)
		return ovt_err_set(e, ign.code, "%s", ign.msg);
	if (net_planning()) {
		net_plan_link_add(nl, s, PLAN_CREATE);
		*created = true;
		return 0;
	}
	r = net_link_build(s, &l, e);
	if (r < 0)
		return r;
	unlink(ipath);          /* a stale one: its link is gone */
	r = net_intent_write(NET_LINK_NEW, ipath, e);
	if (r < 0) {
		rtnl_link_put(l);
		return r;
	}
	net_nl_reset(nl);
	r = rtnl_link_add(nl->sk, l, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(l);
	if (r < 0) {
		unlink(ipath);
		if (net_nl_errno(nl, r) == EOPNOTSUPP)
			return ovt_err_set(e, EOPNOTSUPP, "%s is not "
					   "available in this kernel (module "
					   "%s missing): nothing created",
					   o->label, o->module);
		return net_nl_fail(nl, r, e, "creating %s %s", o->name,
				   s->name);
	}
	net_netns_test_kill("link-made");
	/* The kernel ignores IFLA_IFALIAS on creation: tag it now, at
	 * once (no plan's look at the link first: a kill in between
	 * leaves a link of no lab, which a replay must not touch) */
	r = net_link_tag(nl, s->name, s->alias[0] ? s->alias : lab_alias(),
			 e);
	unlink(ipath);
	if (r < 0) {
		net_link_del(nl, s->name, NULL);
		return r;
	}
	net_plan_link_add(nl, s, PLAN_CREATE);    /* a journal's record */
	*created = true;
	return 0;
}

/* The desired state of "bridge NAME" includes up (as connect and tunnel
 * bring their ends up): one that exists and matches is brought up again,
 * so a replay repairs a bridge set down behind ovtsh's back.  Only
 * "shutdown" in its interface block, written by the running-config after
 * the bridge line, keeps it down. */
int net_bridge_add(struct net_nl *nl, const char *name, bool *created,
		   struct ovt_err *e)
{
	struct net_link_spec s = { .kind = NET_K_BRIDGE, .peer_fd = -1 };
	int r;

	*created = false;
	r = val_ifname_set(s.name, name, e);
	if (r == 0)
		r = net_link_add(nl, &s, created, e);
	if (r == 0)
		r = net_link_set_up(nl, name, true, e);
	if (r < 0 && *created) {
		net_link_del(nl, name, NULL);
		*created = false;
	}
	return r;
}

int net_link_del(struct net_nl *nl, const char *name, struct ovt_err *e)
{
	struct rtnl_link *l;
	int r;

	net_plan_ip(&nl->node, PLAN_DELETE, "link del %s", name);
	if (net_planning())
		return 0;
	l = rtnl_link_alloc();
	if (!l)
		return ovt_err_set(e, ENOMEM, "out of memory");
	rtnl_link_set_name(l, name);
	net_nl_reset(nl);
	r = rtnl_link_delete(nl->sk, l);
	rtnl_link_put(l);
	return r < 0 ? net_link_fail(nl, r, name, "deleting", e) : 0;
}
