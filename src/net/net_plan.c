/* net_plan.c - the net backends under a plan (ovtsh/plan.h): the
 * commands a student would type for what a call would do (iproute2,
 * sysctl), and the empty namespace of a node that is only planned.
 *
 * The lab's tags (interface aliases, the routes' protocol NET_RTPROT)
 * are left out: they are how ovtsh finds its own objects again, not
 * part of the network a student builds. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net_int.h"
#include "ovtsh/plan.h"

bool net_planning(void)
{
	return plan_active() != NULL;
}

/* The node's PID as shell words: its kind's sh_pid, "@" its name. */
static void net_plan_pid(const struct node *n, char *buf, size_t len)
{
	const char *t = n->kind->sh_pid, *at = strchr(t, '@');

	if (!at)
		snprintf(buf, len, "%s", t);
	else
		snprintf(buf, len, "%.*s%s%s", (int)(at - t), t, n->name,
			 at + 1);
}

const char *net_plan_netns(const struct node *n, char *buf, size_t len)
{
	if (node_is_host(n))
		snprintf(buf, len, "1");      /* init's namespace: the host's */
	else if (!n->kind->sh_pid)
		snprintf(buf, len, "%s", n->name);
	else
		net_plan_pid(n, buf, len);
	return buf;
}

/* prog run in node n: "ip -n hv1", "ip netns exec hv1 sysctl",
 * "nsenter -t PID -n ip", or prog alone in the host. */
static void net_plan_vadd(const struct node *n, enum plan_what w,
			  const char *prog, const char *fmt, va_list ap)
{
	char pre[256], rest[PLAN_CMD_MAX], pid[160];

	if (!plan_recording())
		return;
	vsnprintf(rest, sizeof(rest), fmt, ap);
	if (node_is_host(n)) {
		snprintf(pre, sizeof(pre), "%s", prog);
	} else if (!n->kind->sh_pid) {
		if (!strcmp(prog, "ip"))
			snprintf(pre, sizeof(pre), "ip -n %s", n->name);
		else
			snprintf(pre, sizeof(pre), "ip netns exec %s %s",
				 n->name, prog);
	} else {
		net_plan_pid(n, pid, sizeof(pid));
		snprintf(pre, sizeof(pre), "nsenter -t %s -n %s", pid, prog);
	}
	plan_add(w, "%s %s", pre, rest);
}

void net_plan_ip(const struct node *n, enum plan_what w, const char *fmt,
		 ...)
{
	va_list ap;

	va_start(ap, fmt);
	net_plan_vadd(n, w, "ip", fmt, ap);
	va_end(ap);
}

void net_plan_run(const struct node *n, enum plan_what w, const char *prog,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	net_plan_vadd(n, w, prog, fmt, ap);
	va_end(ap);
}

/* ---- what the plan creates: nodes, links ---- */

static const char *net_plan_ref(const struct node *n, const char *ifname,
				char *buf, size_t len)
{
	char ref[80];

	snprintf(buf, len, "%s/%s", net_node_ref(n, ref, sizeof(ref)),
		 ifname);
	return buf;
}

void net_plan_obj(const struct node *n, const char *ifname)
{
	char ref[128];

	plan_obj_mark(net_plan_ref(n, ifname, ref, sizeof(ref)));
}

bool net_link_planned(struct net_nl *nl, const char *name)
{
	return net_plan_has(nl, name);
}

void net_plan_tap(struct net_nl *nl, const char *name, bool exists,
		  const char *note)
{
	net_plan_ip(&nl->node, exists ? PLAN_UNCHANGED : PLAN_CREATE,
		    "tuntap add dev %s mode tap  # %s", name, note);
	if (!exists && plan_active())
		net_plan_obj(&nl->node, name);
}

bool net_plan_has(const struct net_nl *nl, const char *ifname)
{
	char ref[128];

	return plan_active() &&
	       plan_obj_marked(net_plan_ref(&nl->node, ifname, ref,
					    sizeof(ref)));
}

/* A link the plan makes has no ifindex yet: one past any the kernel
 * gives, for a bridge to join (net_plan_link_set names it again). */
#define NET_PLAN_IDX0 0x40000000

int net_plan_index(const struct net_nl *nl, const char *ifname)
{
	char ref[128];
	int i;

	if (!plan_active())
		return -1;
	i = plan_obj_find(net_plan_ref(&nl->node, ifname, ref, sizeof(ref)));
	return i < 0 ? -1 : NET_PLAN_IDX0 + i;
}

static bool net_plan_index_name(int idx, char *buf, size_t len)
{
	const char *ref = idx >= NET_PLAN_IDX0 ?
			  plan_obj_at(idx - NET_PLAN_IDX0) : NULL;
	const char *slash = ref ? strrchr(ref, '/') : NULL;

	if (!slash)
		return false;
	snprintf(buf, len, "%s", slash + 1);
	return true;
}

void net_plan_ifname(struct net_nl *nl, int idx, char *buf, size_t len)
{
	if (!net_plan_index_name(idx, buf, len) &&
	    net_link_name(nl, idx, buf, len) < 0)
		snprintf(buf, len, "%d", idx);
}

bool net_plan_node(const struct node *n)
{
	char ref[80];

	return plan_active() &&
	       plan_node_marked(net_node_ref(n, ref, sizeof(ref)));
}

int net_plan_open(const struct node *n, struct net_nl **out, int r)
{
	struct net_nl *nl;

	if (!net_plan_node(n))
		return r;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return r;
	nl->node = *n;
	nl->phantom = true;
	*out = nl;
	return 0;
}

/* ---- links ---- */

void net_plan_link_add(struct net_nl *nl, const struct net_link_spec *s,
		       enum plan_what w)
{
	const struct net_kind_ops *o = net_kind_ops(s->kind);
	char t[PLAN_CMD_MAX / 2] = "";

	if (o->text)
		o->text(nl, s, t, sizeof(t));
	net_plan_ip(&nl->node, w, "link add %s type %s%s", s->name, o->name,
		    t);
	if (w != PLAN_CREATE)
		return;
	net_plan_obj(&nl->node, s->name);
	if (s->kind == NET_K_VETH)
		net_plan_obj(s->peer_node ? s->peer_node : &nl->node, s->peer);
}

/* Append " WORD" to all, and to chg when it changes something (and
 * " WAS", the value it replaces, to old). */
static void net_plan_word(char *all, char *chg, size_t len, bool changes,
			  const char *word, char *old, const char *was)
{
	size_t k = strlen(all);

	snprintf(all + k, len - k, " %s", word);
	if (!changes)
		return;
	k = strlen(chg);
	snprintf(chg + k, len - k, " %s", word);
	k = strlen(old);
	snprintf(old + k, len - k, " %s", was);
}

int net_plan_link_set(struct net_nl *nl, const char *name,
		      const struct net_link_chg *c, struct ovt_err *e)
{
	char all[160] = "", chg[160] = "", old[160] = "", w[40], ow[40];
	char mn[IFNAMSIZ] = "", om[IFNAMSIZ] = "", nb[96];
	struct net_link_info li = { 0 };
	bool have;

	have = !nl->phantom && net_link_get(nl, name, &li, NULL) == 0;
	if (!have && !net_plan_has(nl, name))
		return ovt_err_set(e, ENODEV, "no interface %s in %s", name,
				   node_str(&nl->node, nb, sizeof(nb)));
	if (c->master > 0)
		net_plan_ifname(nl, c->master, mn, sizeof(mn));
	if (c->master > 0)
		snprintf(w, sizeof(w), "master %s", mn);
	if (have && li.master > 0 &&
	    net_link_name(nl, li.master, om, sizeof(om)) < 0)
		snprintf(om, sizeof(om), "%d", li.master);
	snprintf(ow, sizeof(ow), "master %s", om);
	if (c->master >= 0)
		net_plan_word(all, chg, sizeof(all),
			      !have || li.master != c->master,
			      c->master ? w : "nomaster", old,
			      li.master > 0 ? ow : "nomaster");
	snprintf(w, sizeof(w), "mtu %u", c->mtu);
	snprintf(ow, sizeof(ow), "mtu %u", li.mtu);
	if (c->mtu)
		net_plan_word(all, chg, sizeof(all), !have || li.mtu != c->mtu,
			      w, old, ow);
	if (c->up >= 0)
		net_plan_word(all, chg, sizeof(all),
			      !have || li.up != (c->up > 0),
			      c->up ? "up" : "down", old, li.up ? "up" : "down");
	if (!all[0])
		return 0;                /* the lab tag alone */
	if (chg[0] && have) {
		net_plan_ip(&nl->node, PLAN_CHANGE, "link set %s%s", name, chg);
		plan_old("%s", old + 1);
	} else if (chg[0])
		net_plan_ip(&nl->node, PLAN_CREATE, "link set %s%s", name, chg);
	else
		net_plan_ip(&nl->node, PLAN_UNCHANGED, "link set %s%s", name,
			    all);
	return 0;
}
