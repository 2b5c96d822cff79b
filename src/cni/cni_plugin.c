/* cni_plugin.c - the commands of the CNI plugin over src/net: one
 * dispatcher from CNI_COMMAND, as the reference plugins' skel does.
 *
 * An attachment is a veth: its node end "vethXXXXXXXXXX" (a hash of
 * network, container id and interface, so DEL finds it without state)
 * is a port of the bridge in the hypervisor and carries the lab's alias
 * "ovtsh:<lab> cni=<network> cid=<container> if=<ifname>", which GC
 * reads back and ovtsh's show and clear lab see; its pod end is
 * CNI_IFNAME, created directly inside CNI_NETNS. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovtsh/cni.h"
#include "ovtsh/net.h"

#define CNI_CID_MAX 100           /* the alias must fit IFALIASZ */

struct cni_ctx {
	const char *cmd, *cid, *netns, *ifname, *path;
	char *in;                         /* stdin, as read */
	size_t inlen;
	struct cni_conf conf;
	struct node hv;
	struct net_nl *hvnl, *podnl;
	char veth[IFNAMSIZ];
};

/* A backend's failure: try again for a busy resource, else ours. */
static int cni_net_fail(struct cni_error *er, const struct ovt_err *e,
			const char *what)
{
	int busy = e->code == EAGAIN || e->code == EBUSY;

	return cni_fail(er, busy ? CNI_E_AGAIN : CNI_E_PLUGIN, what, "%s",
			e->msg);
}

/* ---- environment ---- */

static int cni_env_check(struct cni_ctx *x, bool need_netns,
			 struct cni_error *er)
{
	if (!x->cid || !*x->cid || strlen(x->cid) > CNI_CID_MAX ||
	    val_name_bad(x->cid))
		return cni_fail(er, CNI_E_ENV, "invalid environment "
				"variables", "CNI_CONTAINERID must be 1-%d "
				"bytes of A-Z a-z 0-9 _ . - starting with a "
				"letter or digit", CNI_CID_MAX);
	if (!x->ifname || val_ifname(x->ifname, NULL) < 0)
		return cni_fail(er, CNI_E_ENV, "invalid environment "
				"variables", "CNI_IFNAME must be an interface "
				"name (1-15 bytes)");
	if (need_netns && (!x->netns || x->netns[0] != '/'))
		return cni_fail(er, CNI_E_ENV, "invalid environment "
				"variables", "CNI_NETNS must be an absolute "
				"path");
	if (!x->path || !*x->path)
		return cni_fail(er, CNI_E_ENV, "invalid environment "
				"variables", "CNI_PATH is not set");
	return 0;
}

/* FNV-1a of network, container and interface: 40 bits, 10 digits. */
static void cni_veth_name(struct cni_ctx *x, const char *cid,
			  const char *ifname)
{
	const char *parts[3] = { x->conf.name, cid, ifname };
	uint64_t h = 1469598103934665603ull;

	for (int i = 0; i < 3; i++)
		for (const char *p = parts[i]; ; p++) {
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
			if (!*p)
				break;
		}
	snprintf(x->veth, sizeof(x->veth), "veth%010llx",
		 (unsigned long long)(h & 0xffffffffffull));
}

/* ---- nodes ---- */

static int cni_open_hv(struct cni_ctx *x, bool *gone, struct cni_error *er)
{
	struct ovt_err e = { 0 };
	const char *h = x->conf.hypervisor;

	*gone = false;
	if (node_make(&x->hv, h[0] ? &net_hv_kind : NULL, h, &e) < 0)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "%s", e.msg);
	if (h[0] && !net_netns_exists(h)) {
		*gone = true;
		return cni_fail(er, CNI_E_AGAIN, "try again later",
				"hypervisor %s (the bridge's node) is not "
				"there yet", h);
	}
	if (net_open(&x->hv, &x->hvnl, &e) < 0)
		return cni_net_fail(er, &e, "cannot open the bridge's node");
	return 0;
}

static int cni_open_pod(struct cni_ctx *x, struct cni_error *er)
{
	struct ovt_err e = { 0 };

	if (net_open_path(x->netns, &x->podnl, &e) == 0)
		return 0;
	if (e.code == ENOENT)
		return cni_fail(er, CNI_E_CONTAINER, "unknown container",
				"%s", e.msg);
	if (e.code == EINVAL)
		return cni_fail(er, CNI_E_ENV, "invalid environment "
				"variables", "CNI_NETNS: %s", e.msg);
	return cni_net_fail(er, &e, "cannot open the container's netns");
}

/* ---- IPAM ---- */

/* One run of the IPAM plugin: started, then waited for, so that the
 * netlink work overlaps with it (host-local is a Go program: its start
 * costs as much as all of this plugin's requests). */
struct cni_ipam_run {
	struct cni_job job;
	int rc;                           /* of the start */
	char c[64], i[64], k[40 + CNI_CID_MAX];
	const char *set[4];
};

static void cni_ipam_start(struct cni_ctx *x, const char *cmd,
			   const char *cid, const char *ifname,
			   struct cni_ipam_run *u, struct cni_error *er)
{
	snprintf(u->c, sizeof(u->c), "CNI_COMMAND=%s", cmd);
	snprintf(u->k, sizeof(u->k), "CNI_CONTAINERID=%s", cid);
	snprintf(u->i, sizeof(u->i), "CNI_IFNAME=%s", ifname);
	u->set[0] = u->c;
	u->set[1] = u->k;
	u->set[2] = u->i;
	u->set[3] = NULL;
	u->rc = cni_exec_start(x->path, x->conf.ipam, u->set, x->in, x->inlen,
			       &u->job, er);
}

/* Its answer.  A configuration of 1.1.0 is offered as 1.0.0 to an IPAM
 * plugin that refuses 1.1.0 (Debian's host-local 1.1.1 does): the rest
 * is equal. */
static int cni_ipam_wait(struct cni_ctx *x, struct cni_ipam_run *u,
			 char **out, struct cni_error *er)
{
	char *down;
	int r;

	*out = NULL;
	r = u->rc ? u->rc : cni_exec_wait(&u->job, out, er);
	if (r != CNI_E_VERSION || cni_version_num(x->conf.version) < 10100)
		return r;
	json_object_set_new(x->conf.root, "cniVersion", json_string("1.0.0"));
	down = json_dumps(x->conf.root, JSON_COMPACT);
	json_object_set_new(x->conf.root, "cniVersion",
			    json_string(x->conf.version));
	if (!down)
		return cni_fail(er, CNI_E_IO, "I/O failure", "out of memory");
	r = cni_exec(x->path, x->conf.ipam, u->set, down, strlen(down), out,
		     er);
	free(down);
	return r;
}

static int cni_ipam(struct cni_ctx *x, const char *cmd, const char *cid,
		    const char *ifname, char **out, struct cni_error *er)
{
	struct cni_ipam_run u;

	cni_ipam_start(x, cmd, cid, ifname, &u, er);
	return cni_ipam_wait(x, &u, out, er);
}

/* Release a lease, errors ignored: a failure's cleanup. */
static void cni_ipam_release(struct cni_ctx *x, const char *cid,
			     const char *ifname)
{
	struct cni_error ign;
	char *out = NULL;

	cni_ipam(x, "DEL", cid, ifname, &out, &ign);
	free(out);
}

/* ---- ADD ---- */

static void cni_alias(struct cni_ctx *x, const char *cid, const char *ifname,
		      char *buf, size_t len)
{
	snprintf(buf, len, "%s cni=%s cid=%s if=%s", lab_alias(),
		 x->conf.name, cid, ifname);
}

/* The bridge, and the VXLAN port that joins it to the other nodes. */
static int cni_bridge(struct cni_ctx *x, struct ovt_err *e)
{
	const struct cni_vxlan *vx = &x->conf.vx;
	struct net_tunnel t = { .kind = NET_K_VXLAN, .has_vni = true,
				.nends = 1 };
	bool created;
	int r;

	r = net_bridge_add(x->hvnl, x->conf.bridge, &created, e);
	if (r < 0 || !vx->set)
		return r;
	snprintf(t.name, sizeof(t.name), "%s", vx->name);
	t.vni = vx->vni;
	t.port = vx->port;
	t.end[0].node = x->hv;
	t.end[0].local = vx->local;
	t.end[0].remote = vx->remote[0];
	memcpy(t.end[0].dev, vx->dev, sizeof(t.end[0].dev));
	memcpy(t.end[0].bridge, x->conf.bridge, sizeof(t.end[0].bridge));
	r = net_tunnel_apply(&t, e);
	/* without an underlay device the kernel gives VXLAN 1500: the
	 * configured MTU keeps the bridge's ports all alike */
	if (r == 0)
		r = net_link_set_mtu(x->hvnl, vx->name, x->conf.mtu, e);
	for (int i = 1; r == 0 && i < vx->nremote; i++)
		r = net_fdb_flood(x->hvnl, vx->name, &vx->remote[i], e);
	return r;
}

/* The veth, its ends configured; *created when this call made it. */
static int cni_veth(struct cni_ctx *x, bool *created, struct ovt_err *e)
{
	struct net_link_spec s = { .kind = NET_K_VETH };
	struct net_link_chg c = NET_LINK_CHG_KEEP;
	struct net_link_info br;
	int r;

	*created = false;
	if ((r = net_bridge_get(x->hvnl, x->conf.bridge, false, &br, e)) < 0)
		return r;
	memcpy(s.name, x->veth, sizeof(s.name));
	snprintf(s.peer, sizeof(s.peer), "%s", x->ifname);
	cni_alias(x, x->cid, x->ifname, s.alias, sizeof(s.alias));
	s.peer_fd = open(x->netns, O_RDONLY | O_CLOEXEC);
	if (s.peer_fd < 0)
		return ovt_err_set(e, errno, "%s: %s", x->netns,
				   strerror(errno));
	r = net_link_add(x->hvnl, &s, created, e);
	close(s.peer_fd);
	if (r < 0)
		return r;
	c.master = br.ifindex;
	c.up = 1;
	c.mtu = x->conf.mtu;
	r = net_link_set(x->hvnl, x->veth, &c, e);
	c.master = -1;
	if (r == 0)
		r = net_link_set(x->podnl, x->ifname, &c, e);
	return r;
}

/* Addresses and routes of the IPAM result in the pod. */
static int cni_pod_ip(struct cni_ctx *x, const struct cni_result *res,
		      struct ovt_err *e)
{
	int r = 0, i;

	for (i = 0; r == 0 && i < res->nip; i++)
		r = net_addr_add(x->podnl, x->ifname, &res->ip[i].addr, e);
	for (i = 0; r == 0 && i < res->nroute; i++) {
		const struct cni_route *rt = &res->route[i];

		r = net_route_add(x->podnl, &rt->dst, rt->has_gw ? &rt->gw :
				  NULL, x->ifname, e);
	}
	return r;
}

static void cni_iface_fill(struct cni_iface *f, const struct net_link_info *li,
			   const char *sandbox)
{
	memcpy(f->name, li->name, sizeof(f->name));
	memcpy(f->mac, li->mac, sizeof(f->mac));
	f->has_mac = true;
	f->mtu = li->mtu;
	snprintf(f->sandbox, sizeof(f->sandbox), "%s", sandbox ? sandbox : "");
}

/* The result's interfaces: bridge, node end, pod end (ips point here). */
static int cni_ifaces(struct cni_ctx *x, struct cni_result *res,
		      struct ovt_err *e)
{
	struct net_link_info li;
	int r;

	res->nifs = 0;
	if ((r = net_link_get(x->hvnl, x->conf.bridge, &li, e)) < 0)
		return r;
	cni_iface_fill(&res->ifs[res->nifs++], &li, NULL);
	if ((r = net_link_get(x->hvnl, x->veth, &li, e)) < 0)
		return r;
	cni_iface_fill(&res->ifs[res->nifs++], &li, NULL);
	if ((r = net_link_get(x->podnl, x->ifname, &li, e)) < 0)
		return r;
	cni_iface_fill(&res->ifs[res->nifs++], &li, x->netns);
	return 0;
}

static int cni_add(struct cni_ctx *x, json_t **out, struct cni_error *er)
{
	struct cni_result res = { 0 };
	struct ovt_err e = { 0 };
	struct cni_ipam_run u;
	bool gone, created = false;
	char *ipam = NULL;
	json_t *j = NULL;
	int r, rn = 0;

	if ((r = cni_env_check(x, true, er)) || (r = cni_open_hv(x, &gone, er)))
		return r;
	if ((r = cni_open_pod(x, er)))
		return r;
	/* the lease is asked for first; the links are made meanwhile */
	cni_ipam_start(x, "ADD", x->cid, x->ifname, &u, er);
	if (u.rc)
		return u.rc;
	/* a runtime adds pods in parallel: when another ADD made the
	 * bridge or the VXLAN between our look and our create, the second
	 * try finds it made (exists and matches is success) */
	rn = cni_bridge(x, &e);
	if (rn == -EEXIST)
		rn = cni_bridge(x, &e);
	if (rn == 0 && cni_veth(x, &created, &e) < 0)
		rn = -1;
	r = cni_ipam_wait(x, &u, &ipam, er);
	if (r == 0 && rn < 0)
		r = cni_net_fail(er, &e, "cannot attach the container");
	if (r == 0) {
		j = json_loads(ipam, 0, NULL);
		r = cni_result_parse(j, &res, er);
	}
	if (r == 0 && (cni_pod_ip(x, &res, &e) < 0 ||
		       cni_ifaces(x, &res, &e) < 0))
		r = cni_net_fail(er, &e, "cannot attach the container");
	if (r == 0) {
		*out = cni_result_json(&res, x->conf.version);
	} else {
		/* nothing half-made: the veth (its pod end with it, the
		 * addresses and routes on it) and the lease */
		if (created)
			net_link_del(x->hvnl, x->veth, NULL);
		cni_ipam_release(x, x->cid, x->ifname);
	}
	cni_result_free(&res);
	json_decref(j);
	free(ipam);
	return r;
}

/* ---- DEL ---- */

/* Delete the attachment's veth when it is this network's for cid. */
static int cni_veth_del(struct cni_ctx *x, const char *cid,
			struct cni_error *er)
{
	char have[CNI_CID_MAX + 1], net[CNI_NET_NAME_MAX + 1];
	struct net_link_info li;
	struct ovt_err e = { 0 };

	if (net_link_get(x->hvnl, x->veth, &li, &e) < 0)
		return e.code == ENODEV ? 0 :
		       cni_net_fail(er, &e, "cannot read the attachment");
	if (!net_alias_get(li.alias, "cid", have, sizeof(have)) ||
	    strcmp(have, cid) ||
	    !net_alias_get(li.alias, "cni", net, sizeof(net)) ||
	    strcmp(net, x->conf.name))
		return 0;        /* another's: not touched */
	if (net_link_del(x->hvnl, x->veth, &e) < 0 && e.code != ENODEV)
		return cni_net_fail(er, &e, "cannot delete the attachment");
	return 0;
}

static int cni_del(struct cni_ctx *x, struct cni_error *er)
{
	struct cni_error ev = { 0 };
	struct cni_ipam_run u;
	char *out = NULL;
	bool gone;
	int r, rv;

	if ((r = cni_env_check(x, false, er)))
		return r;
	/* gone already is success: the specification's DEL */
	r = cni_open_hv(x, &gone, er);
	if (r && !gone)
		return r;
	/* the lease goes back while the kernel tears the veth down */
	cni_ipam_start(x, "DEL", x->cid, x->ifname, &u, er);
	if (u.rc)
		return u.rc;
	rv = gone ? 0 : cni_veth_del(x, x->cid, &ev);
	r = cni_ipam_wait(x, &u, &out, er);
	free(out);
	if (r == 0 && rv) {
		*er = ev;
		r = rv;
	}
	return r;
}

/* ---- CHECK ---- */

static int cni_differs(struct cni_error *er, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int cni_differs(struct cni_error *er, const char *fmt, ...)
{
	va_list ap;

	cni_fail(er, CNI_E_PLUGIN, "the attachment differs from prevResult",
		 NULL);
	va_start(ap, fmt);
	vsnprintf(er->details, sizeof(er->details), fmt, ap);
	va_end(ap);
	return CNI_E_PLUGIN;
}

static bool cni_has_addr(const struct net_addr_info *a, int n,
			 const struct val_prefix *p)
{
	for (int i = 0; i < n; i++)
		if (a[i].p.family == p->family && a[i].p.len == p->len &&
		    !memcmp(a[i].p.addr, p->addr, sizeof(p->addr)))
			return true;
	return false;
}

static bool cni_has_route(const struct net_route_info *v, int n,
			  const struct cni_route *rt)
{
	size_t alen = rt->dst.family == AF_INET ? 4 : 16;

	for (int i = 0; i < n; i++)
		if (v[i].dst.family == rt->dst.family &&
		    v[i].dst.len == rt->dst.len &&
		    !memcmp(v[i].dst.addr, rt->dst.addr, alen) &&
		    v[i].has_gw == rt->has_gw &&
		    (!rt->has_gw || !memcmp(v[i].gw, rt->gw.addr, alen)))
			return true;
	return false;
}

/* The pod end's addresses and routes against prev. */
static int cni_check_ip(struct cni_ctx *x, int ifindex,
			const struct cni_result *prev, struct cni_error *er)
{
	struct net_addr_info *a = NULL;
	struct net_route_info *v = NULL;
	struct ovt_err e = { 0 };
	char b[64];
	int na = 0, nv = 0, r = 0, i;

	if (net_addr_list(x->podnl, ifindex, AF_UNSPEC, &a, &na, &e) < 0 ||
	    net_route_list(x->podnl, AF_UNSPEC, &v, &nv, &e) < 0) {
		r = cni_net_fail(er, &e, "cannot read the pod's addresses");
		goto out;
	}
	for (i = 0; r == 0 && i < prev->nip; i++)
		if (!cni_has_addr(a, na, &prev->ip[i].addr))
			r = cni_differs(er, "address %s is not on %s",
					val_prefix_str(&prev->ip[i].addr, b,
						       sizeof(b)), x->ifname);
	for (i = 0; r == 0 && i < prev->nroute; i++)
		if (!cni_has_route(v, nv, &prev->route[i]))
			r = cni_differs(er, "route to %s is missing in %s",
					val_prefix_str(&prev->route[i].dst, b,
						       sizeof(b)), x->netns);
out:
	free(a);
	free(v);
	return r;
}

static int cni_check_links(struct cni_ctx *x, const struct cni_result *prev,
			   struct cni_error *er)
{
	const struct cni_iface *want = cni_result_sandbox(prev, x->ifname);
	struct net_link_info host, pod, br;
	struct ovt_err e = { 0 };

	if (net_link_get(x->hvnl, x->veth, &host, &e) < 0)
		return cni_differs(er, "the node end %s of %s is gone",
				   x->veth, x->ifname);
	if (net_link_get(x->podnl, x->ifname, &pod, &e) < 0)
		return cni_differs(er, "%s is gone from %s", x->ifname,
				   x->netns);
	if (net_link_get(x->hvnl, x->conf.bridge, &br, &e) < 0 ||
	    host.master != br.ifindex)
		return cni_differs(er, "%s is not a port of bridge %s",
				   x->veth, x->conf.bridge);
	if (pod.kind != NET_K_VETH || pod.link != host.ifindex)
		return cni_differs(er, "%s in %s is not the peer of the node's "
				   "end", x->ifname, x->netns);
	if (!want)
		return cni_differs(er, "prevResult has no interface %s in %s",
				   x->ifname, x->netns);
	if (want->has_mac && memcmp(want->mac, pod.mac, 6))
		return cni_differs(er, "%s has another MAC than prevResult's",
				   x->ifname);
	if (!pod.up)
		return cni_differs(er, "%s in %s is down", x->ifname, x->netns);
	if (x->conf.mtu && pod.mtu != x->conf.mtu)
		return cni_differs(er, "%s's MTU is %u, not the configured %u",
				   x->ifname, pod.mtu, x->conf.mtu);
	return cni_check_ip(x, pod.ifindex, prev, er);
}

static int cni_check(struct cni_ctx *x, struct cni_error *er)
{
	struct cni_result prev;
	char *out = NULL;
	bool gone;
	int r;

	if ((r = cni_env_check(x, true, er)) ||
	    (r = cni_result_parse(x->conf.prev, &prev, er)))
		return r;
	if ((r = cni_open_hv(x, &gone, er)) || (r = cni_open_pod(x, er)))
		goto out;
	if ((r = cni_ipam(x, "CHECK", x->cid, x->ifname, &out, er)) == 0)
		r = cni_check_links(x, &prev, er);
out:
	free(out);
	cni_result_free(&prev);
	return r;
}

/* ---- GC, STATUS ---- */

static bool cni_gc_valid(json_t *valid, const char *cid, const char *ifname)
{
	size_t i;
	json_t *a;

	json_array_foreach(valid, i, a) {
		const char *c = json_string_value(json_object_get(a,
							"containerID"));
		const char *f = json_string_value(json_object_get(a, "ifname"));

		if (c && !strcmp(c, cid) && (!f || !strcmp(f, ifname)))
			return true;
	}
	return false;
}

static int cni_gc(struct cni_ctx *x, struct cni_error *er)
{
	json_t *valid = json_object_get(x->conf.root,
					"cni.dev/valid-attachments");
	char cid[CNI_CID_MAX + 1], ifn[IFNAMSIZ], net[CNI_NET_NAME_MAX + 1];
	struct net_link_info *l = NULL;
	struct ovt_err e = { 0 };
	int n = 0, r = 0, i;
	bool gone;

	if (!json_is_array(valid))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "GC needs "
				"cni.dev/valid-attachments");
	if (!x->path || !*x->path)
		return cni_fail(er, CNI_E_ENV, "invalid environment "
				"variables", "CNI_PATH is not set");
	r = cni_open_hv(x, &gone, er);
	if (r)
		return gone ? 0 : r;
	if (net_link_list(x->hvnl, &l, &n, &e) < 0)
		return cni_net_fail(er, &e, "cannot list the attachments");
	for (i = 0; r == 0 && i < n; i++) {
		if (l[i].kind != NET_K_VETH ||
		    !net_alias_get(l[i].alias, "cni", net, sizeof(net)) ||
		    strcmp(net, x->conf.name) ||
		    !net_alias_get(l[i].alias, "cid", cid, sizeof(cid)) ||
		    !net_alias_get(l[i].alias, "if", ifn, sizeof(ifn)) ||
		    cni_gc_valid(valid, cid, ifn))
			continue;
		cni_veth_name(x, cid, ifn);
		if ((r = cni_veth_del(x, cid, er)) == 0)
			cni_ipam_release(x, cid, ifn);
	}
	free(l);
	return r;
}

static int cni_status(struct cni_ctx *x, struct cni_error *er)
{
	const char *h = x->conf.hypervisor;
	char path[4096];

	if (h[0] && !net_netns_exists(h))
		return cni_fail(er, CNI_E_NOT_READY, "the plugin is not "
				"available", "hypervisor %s (the bridge's "
				"node) is not there", h);
	if (!cni_find(x->path, x->conf.ipam, path, sizeof(path)))
		return cni_fail(er, CNI_E_NOT_READY, "the plugin is not "
				"available", "IPAM plugin %s is not in "
				"CNI_PATH %s", x->conf.ipam,
				x->path ? x->path : "");
	return 0;
}

/* ---- the dispatcher ---- */

static int cni_read_stdin(struct cni_ctx *x, struct cni_error *er)
{
	size_t cap = 8192;
	ssize_t n;
	char *nb;

	x->in = malloc(cap);
	if (!x->in)
		return cni_fail(er, CNI_E_IO, "I/O failure", "out of memory");
	for (;;) {
		if (x->inlen + 1 >= cap) {
			nb = cap < (1u << 24) ? realloc(x->in, cap * 2) : NULL;
			if (!nb)
				return cni_fail(er, CNI_E_IO, "I/O failure",
						"stdin: too large");
			x->in = nb;
			cap *= 2;
		}
		n = read(0, x->in + x->inlen, cap - x->inlen - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cni_fail(er, CNI_E_IO, "I/O failure",
					"reading stdin: %s", strerror(errno));
		if (n == 0)
			break;
		x->inlen += (size_t)n;
	}
	x->in[x->inlen] = '\0';
	return 0;
}

static void cni_print(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	fflush(stdout);
}

/* VERSION: the versions spoken, in the version asked (if any). */
static int cni_version(struct cni_ctx *x)
{
	json_t *in = json_loadb(x->in, x->inlen, 0, NULL);
	const char *v = json_string_value(json_object_get(in, "cniVersion"));
	json_t *o = json_pack("{s:s,s:o}", "cniVersion",
			      v ? v : CNI_VERSION_LATEST, "supportedVersions",
			      cni_versions_json());

	cni_print(o);
	json_decref(o);
	json_decref(in);
	return 0;
}

static int cni_dispatch(struct cni_ctx *x, json_t **out, struct cni_error *er)
{
	int r;

	if (!x->cmd || !*x->cmd)
		return cni_fail(er, CNI_E_ENV, "invalid environment variables",
				"CNI_COMMAND is not set");
	if (strcmp(x->cmd, "ADD") && strcmp(x->cmd, "DEL") &&
	    strcmp(x->cmd, "CHECK") && strcmp(x->cmd, "GC") &&
	    strcmp(x->cmd, "STATUS") && strcmp(x->cmd, "VERSION"))
		return cni_fail(er, CNI_E_ENV, "invalid environment variables",
				"CNI_COMMAND '%s' is none of ADD, DEL, CHECK, "
				"GC, STATUS, VERSION", x->cmd);
	if ((r = cni_read_stdin(x, er)))
		return r;
	if (!strcmp(x->cmd, "VERSION"))
		return cni_version(x);
	if ((r = cni_conf_parse(x->in, x->inlen, x->cmd, &x->conf, er)))
		return r;
	/* the lab whose tag every object gets (ovtsh/lab.h) */
	setenv("OVTSH_LAB", x->conf.lab, 1);
	if (x->cid && x->ifname)
		cni_veth_name(x, x->cid, x->ifname);
	if (!strcmp(x->cmd, "ADD"))
		return cni_add(x, out, er);
	if (!strcmp(x->cmd, "DEL"))
		return cni_del(x, er);
	if (!strcmp(x->cmd, "CHECK"))
		return cni_check(x, er);
	if (!strcmp(x->cmd, "GC"))
		return cni_gc(x, er);
	return cni_status(x, er);
}

int cni_main(void)
{
	struct cni_ctx x = {
		.cmd = getenv("CNI_COMMAND"),
		.cid = getenv("CNI_CONTAINERID"),
		.netns = getenv("CNI_NETNS"),
		.ifname = getenv("CNI_IFNAME"),
		.path = getenv("CNI_PATH"),
	};
	struct cni_error er = { 0 };
	json_t *out = NULL, *j;
	int r;

	r = cni_dispatch(&x, &out, &er);
	if (r == 0 && out)
		cni_print(out);
	if (r) {
		j = json_pack("{s:s,s:i,s:s,s:s}", "cniVersion",
			      x.conf.version[0] ? x.conf.version :
			      CNI_VERSION_LATEST, "code", r, "msg", er.msg,
			      "details", er.details);
		cni_print(j);
		json_decref(j);
	}
	json_decref(out);
	net_close(x.podnl);
	net_close(x.hvnl);
	cni_conf_free(&x.conf);
	free(x.in);
	return r ? 1 : 0;
}
