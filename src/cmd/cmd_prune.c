/* cmd_prune.c - "--prune": after a replay, remove the lab's objects the
 * script does not describe, so the lab equals the script.
 *
 * The desired set is what the replay's plan (a journal, or the dry plan
 * of --dry-run) recorded as made or in place.  The live set is the lab
 * read back as the running-config reads it: its hypervisors and
 * containers, and in each its bridges, the veths made from there, the
 * addresses of its links, its routes.  Each live object is first
 * removed under a scratch dry plan: the command it records ("ip -n hv1
 * addr del ...") names it the way the replay's actions do, so both sides
 * compare as text, through one key (plan_key).  What the script does not
 * describe is then removed through the same backend call under the
 * replay's plan (a journal records "-"; dry, the "-" is only recorded).
 * A tunnel is pruned end by end, from the node of its first end; the
 * host's own links (and tunnels starting there) are left alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ovtsh/cli.h"
#include "ovtsh/cmd.h"
#include "ovtsh/docker.h"
#include "ovtsh/net.h"
#include "ovtsh/node.h"
#include "ovtsh/plan.h"

#define PRUNE_KEY PLAN_CMD_MAX

enum prune_what { PR_NODE, PR_LINK, PR_ADDR, PR_ROUTE };

struct prune_obj {
	enum prune_what what;
	const struct node *node;
	const char *name;                 /* link, the address's or the
					     route's link */
	const struct val_prefix *p;       /* address, or route's dst */
};

static int prune_del(const struct prune_obj *o, struct ovt_err *e)
{
	struct net_nl *nl = NULL;
	int r;

	if (o->what == PR_NODE)
		return !strcmp(o->node->kind->prefix, "ct") ?
		       docker_remove(o->node->name, true, e) :
		       net_netns_del(o->node->name, e);
	r = net_open(o->node, &nl, e);
	if (r < 0)
		return r;
	if (o->what == PR_LINK)
		r = net_link_del(nl, o->name, e);
	else if (o->what == PR_ADDR)
		r = net_addr_del(nl, o->name, o->p, e);
	else
		r = net_route_del(nl, o->p->len ? o->p : NULL, NULL,
				  o->name[0] ? o->name : NULL, e);
	net_close(nl);
	return r;
}

struct prune {
	struct plan *outer;               /* the replay's plan */
	int ndesired;                     /* its actions before the prune */
	int removed, failed;
};

static bool prune_desired(const struct prune *pr, const char *key)
{
	char k[PRUNE_KEY];

	for (int i = 0; i < pr->ndesired; i++)
		if (pr->outer->v[i].what != PLAN_DELETE &&
		    plan_key(pr->outer->v[i].cmd, k, sizeof(k)) &&
		    !strcmp(k, key))
			return true;
	return false;
}

/* One live object: kept when described; else removed (true). */
static bool prune_one(struct cli_ctx *c, struct prune *pr,
		      const struct prune_obj *o)
{
	struct plan scratch = { 0 };
	struct ovt_err e = { 0 };
	char key[PRUNE_KEY] = "", cmd[PLAN_CMD_MAX] = "";
	bool gone = false;
	int r;

	plan_suspend();
	if (plan_begin(&scratch) == 0) {
		r = prune_del(o, &e);
		plan_end(&scratch);
		if (r == 0 && scratch.n > 0) {
			snprintf(cmd, sizeof(cmd), "%s", scratch.v[0].cmd);
			plan_key(cmd, key, sizeof(key));
		}
	}
	plan_free(&scratch);
	plan_resume(pr->outer);
	if (!key[0] || prune_desired(pr, key))
		return false;
	e = (struct ovt_err){ 0 };
	if (pr->outer->journal)
		r = prune_del(o, &e);         /* the journal records "-" */
	else
		plan_add(PLAN_DELETE, "%s", cmd), r = 0;
	if (r < 0) {
		pr->failed++;
		cli_err(c, "prune: %s", e.msg);
	} else {
		pr->removed++;
		gone = true;
	}
	return gone;
}

/* The tunnels whose first end is in n: each end, in its own node, a
 * link the script's tunnel block made ("link add vx42 type vxlan ..."). */
static void prune_tunnels(struct cli_ctx *c, struct prune *pr,
			  const struct node *n)
{
	struct net_tunnel *t = NULL;
	struct ovt_err e = { 0 };
	int nt = 0;

	if (net_lab_tunnels(n, &t, &nt, &e) < 0)
		return;
	for (int i = 0; i < nt; i++)
		for (int k = 0; k < t[i].nends; k++) {
			struct prune_obj o = {
				.what = PR_LINK, .node = &t[i].end[k].node,
				.name = t[i].end[k].ifname[0] ?
					t[i].end[k].ifname : t[i].name,
			};

			prune_one(c, pr, &o);
		}
	free(t);
}

/* A described node's parts the script does not describe. */
static void prune_node_parts(struct cli_ctx *c, struct prune *pr,
			     const struct node *n)
{
	struct net_lab_node ln;
	struct ovt_err e = { 0 };
	struct prune_obj o = { .node = n };

	if (net_lab_node_read(n, NET_LAB_BRIDGES | NET_LAB_CONNS |
			      NET_LAB_IFACES | NET_LAB_ROUTES, &ln, &e) < 0)
		return;
	/* routes and addresses first: a link's removal takes its own */
	o.what = PR_ROUTE;
	for (int i = 0; i < ln.nroute; i++) {
		o.p = &ln.route[i].dst;
		o.name = ln.route[i].dev;
		prune_one(c, pr, &o);
	}
	o.what = PR_ADDR;
	for (int i = 0; i < ln.niface; i++)
		for (int k = 0; k < ln.iface[i].naddr; k++) {
			if (ln.iface[i].addr[k].family == AF_INET6 &&
			    ln.iface[i].addr[k].addr[0] == 0xfe &&
			    (ln.iface[i].addr[k].addr[1] & 0xc0) == 0x80)
				continue;       /* fe80::/10, the kernel's */
			o.name = ln.iface[i].name;
			o.p = &ln.iface[i].addr[k];
			prune_one(c, pr, &o);
		}
	o.what = PR_LINK;
	for (int i = 0; i < ln.nconn; i++) {
		o.name = ln.conn[i].ifname;
		prune_one(c, pr, &o);
	}
	for (int i = 0; i < ln.nbridge; i++) {
		o.name = ln.bridge[i];
		prune_one(c, pr, &o);
	}
	net_lab_node_free(&ln);
	prune_tunnels(c, pr, n);
}

int cmd_prune(struct cli_ctx *c)
{
	struct prune pr = { .outer = plan_recording() };
	const struct node_kind *const *k;
	int nk;

	if (!pr.outer)
		return cli_err(c, "prune: the replay kept no record");
	pr.ndesired = pr.outer->n;
	k = node_kinds(&nk);
	for (int i = 0; i < nk; i++) {
		struct ovt_err e = { 0 };
		char **names = NULL;
		int cnt = 0;

		/* a kind with no list (a VM: its guest is not pruned) */
		if (!k[i]->list || k[i]->list(&names, &cnt, &e) < 0)
			continue;          /* no dockerd: no containers */
		for (int j = 0; j < cnt; j++) {
			struct prune_obj o = { .what = PR_NODE };
			struct node n;

			if ((k[i]->lab_check &&
			     k[i]->lab_check(names[j], NULL) < 0) ||
			    node_make(&n, k[i], names[j], NULL) < 0)
				continue;
			o.node = &n;
			if (!prune_one(c, &pr, &o))
				prune_node_parts(c, &pr, &n);
		}
		node_names_free(names, cnt);
	}
	return pr.failed ? CLI_ERR : CLI_OK;
}
