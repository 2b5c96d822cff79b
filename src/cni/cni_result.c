/* cni_result.c - CNI results: decoded (IPAM's, a prevResult) and
 * written in the shape of the configuration's version.  Pure. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ovtsh/cni.h"

static int cni_bad(struct cni_error *er, const char *what)
{
	return cni_fail(er, CNI_E_DECODE, "decoding failure", "result: %s",
			what);
}

static bool cni_mac_parse(const char *s, uint8_t mac[6])
{
	unsigned b[6];
	int n = -1;

	if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2],
			 &b[3], &b[4], &b[5], &n) != 6 || s[n])
		return false;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return true;
}

static int cni_parse_ifs(json_t *a, struct cni_result *r,
			 struct cni_error *er)
{
	size_t i;
	json_t *x;

	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > CNI_IFS_MAX)
		return cni_bad(er, "interfaces is not an array of at most 4");
	json_array_foreach(a, i, x) {
		struct cni_iface *f = &r->ifs[r->nifs++];
		const char *name = json_string_value(json_object_get(x, "name"));
		json_t *mac = json_object_get(x, "mac");
		json_t *sb = json_object_get(x, "sandbox");
		json_t *mtu = json_object_get(x, "mtu");

		if (!name || val_ifname_set(f->name, name, NULL) < 0)
			return cni_bad(er, "an interface without a valid name");
		if (mac) {
			if (!cni_mac_parse(json_string_value(mac), f->mac))
				return cni_bad(er, "an interface's mac");
			f->has_mac = true;
		}
		if (sb && (!json_is_string(sb) ||
			   json_string_length(sb) >= sizeof(f->sandbox)))
			return cni_bad(er, "an interface's sandbox");
		if (sb)
			snprintf(f->sandbox, sizeof(f->sandbox), "%s",
				 json_string_value(sb));
		if (json_is_integer(mtu))
			f->mtu = (unsigned)json_integer_value(mtu);
	}
	return 0;
}

/* "A.B.C.D" into p (full length) when s is an address. */
static bool cni_addr(json_t *s, struct val_prefix *p)
{
	return json_is_string(s) &&
	       val_addr_parse(json_string_value(s), AF_UNSPEC, p, NULL) == 0;
}

static int cni_parse_ips(json_t *a, struct cni_result *r,
			 struct cni_error *er)
{
	size_t i;
	json_t *x;

	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > CNI_IPS_MAX)
		return cni_bad(er, "ips is not an array of at most 8");
	json_array_foreach(a, i, x) {
		struct cni_ip *ip = &r->ip[r->nip++];
		json_t *ad = json_object_get(x, "address");
		json_t *gw = json_object_get(x, "gateway");

		if (!json_is_string(ad) ||
		    val_prefix_parse(json_string_value(ad), AF_UNSPEC,
				     &ip->addr, NULL) < 0)
			return cni_bad(er, "an ip without a valid address");
		if (gw && !cni_addr(gw, &ip->gw))
			return cni_bad(er, "an ip's gateway");
		ip->has_gw = gw != NULL;
	}
	return 0;
}

static int cni_parse_routes(json_t *a, struct cni_result *r,
			    struct cni_error *er)
{
	size_t i;
	json_t *x;

	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > CNI_ROUTES_MAX)
		return cni_bad(er, "routes is not an array of at most 32");
	json_array_foreach(a, i, x) {
		struct cni_route *rt = &r->route[r->nroute++];
		json_t *dst = json_object_get(x, "dst");
		json_t *gw = json_object_get(x, "gw");

		if (!json_is_string(dst) ||
		    val_prefix_parse(json_string_value(dst), AF_UNSPEC,
				     &rt->dst, NULL) < 0)
			return cni_bad(er, "a route without a valid dst");
		if (gw && !cni_addr(gw, &rt->gw))
			return cni_bad(er, "a route's gw");
		rt->has_gw = gw != NULL;
	}
	return 0;
}

int cni_result_parse(json_t *j, struct cni_result *r, struct cni_error *er)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(j))
		return cni_bad(er, "not an object");
	if ((rc = cni_parse_ifs(json_object_get(j, "interfaces"), r, er)) ||
	    (rc = cni_parse_ips(json_object_get(j, "ips"), r, er)) ||
	    (rc = cni_parse_routes(json_object_get(j, "routes"), r, er)))
		return rc;
	r->dns = json_object_get(j, "dns");
	if (r->dns && !json_is_object(r->dns)) {
		r->dns = NULL;
		return cni_bad(er, "dns is not an object");
	}
	json_incref(r->dns);
	return 0;
}

void cni_result_free(struct cni_result *r)
{
	json_decref(r->dns);
	r->dns = NULL;
}

const struct cni_iface *cni_result_sandbox(const struct cni_result *r,
					   const char *ifname)
{
	for (int i = 0; i < r->nifs; i++)
		if (r->ifs[i].sandbox[0] && !strcmp(r->ifs[i].name, ifname))
			return &r->ifs[i];
	return NULL;
}

static json_t *cni_iface_json(const struct cni_iface *f, bool v11)
{
	json_t *o = json_pack("{s:s}", "name", f->name);
	char mac[18];

	if (f->has_mac) {
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 f->mac[0], f->mac[1], f->mac[2], f->mac[3], f->mac[4],
			 f->mac[5]);
		json_object_set_new(o, "mac", json_string(mac));
	}
	if (v11 && f->mtu)
		json_object_set_new(o, "mtu", json_integer(f->mtu));
	if (f->sandbox[0])
		json_object_set_new(o, "sandbox", json_string(f->sandbox));
	return o;
}

json_t *cni_result_json(const struct cni_result *r, const char *version)
{
	long v = cni_version_num(version);
	json_t *o, *ifs, *ips, *routes;
	char b[64];
	int i;

	ifs = json_array();
	ips = json_array();
	routes = json_array();
	o = json_pack("{s:s,s:o,s:o,s:o}", "cniVersion", version,
		      "interfaces", ifs, "ips", ips, "routes", routes);
	for (i = 0; i < r->nifs; i++)
		json_array_append_new(ifs, cni_iface_json(&r->ifs[i],
							   v >= 10100));
	for (i = 0; i < r->nip; i++) {
		json_t *x = json_pack("{s:s}", "address", val_prefix_str(
					      &r->ip[i].addr, b, sizeof(b)));

		if (v < 10000)
			json_object_set_new(x, "version", json_string(
				r->ip[i].addr.family == AF_INET ? "4" : "6"));
		if (r->nifs)
			json_object_set_new(x, "interface",
					    json_integer(r->nifs - 1));
		if (r->ip[i].has_gw)
			json_object_set_new(x, "gateway", json_string(
				val_addr_str(&r->ip[i].gw, b, sizeof(b))));
		json_array_append_new(ips, x);
	}
	for (i = 0; i < r->nroute; i++) {
		json_t *x = json_pack("{s:s}", "dst", val_prefix_str(
					      &r->route[i].dst, b, sizeof(b)));

		if (r->route[i].has_gw)
			json_object_set_new(x, "gw", json_string(
				val_addr_str(&r->route[i].gw, b, sizeof(b))));
		json_array_append_new(routes, x);
	}
	json_object_set_new(o, "dns", r->dns ? json_incref(r->dns) :
						 json_object());
	return o;
}
