/* cni_conf.c - a CNI network configuration: decoded, checked, the
 * version negotiated (see ovtsh/cni.h).  Pure: no kernel, no files. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ovtsh/cni.h"

int cni_fail(struct cni_error *er, int code, const char *msg,
	     const char *fmt, ...)
{
	va_list ap;

	er->code = code;
	snprintf(er->msg, sizeof(er->msg), "%s", msg);
	er->details[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(er->details, sizeof(er->details), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* Oldest first: the negotiation takes the newest both sides speak. */
static const char *const cni_versions[] = { "0.4.0", "1.0.0", "1.1.0" };
#define CNI_NVERSIONS (sizeof(cni_versions) / sizeof(cni_versions[0]))

long cni_version_num(const char *v)
{
	unsigned a, b, c;
	int n = -1;

	if (!v || sscanf(v, "%3u.%3u.%3u%n", &a, &b, &c, &n) != 3 ||
	    v[n] != '\0')
		return -1;
	return (long)a * 10000 + (long)b * 100 + c;
}

bool cni_version_supported(const char *v)
{
	for (size_t i = 0; i < CNI_NVERSIONS; i++)
		if (v && !strcmp(v, cni_versions[i]))
			return true;
	return false;
}

json_t *cni_versions_json(void)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < CNI_NVERSIONS; i++)
		json_array_append_new(a, json_string(cni_versions[i]));
	return a;
}

/* cniVersion, else the newest of cniVersions this plugin speaks. */
static int cni_conf_version(json_t *root, struct cni_conf *c,
			    struct cni_error *er)
{
	json_t *v = json_object_get(root, "cniVersion");
	json_t *vs = json_object_get(root, "cniVersions");
	const char *best = NULL;
	size_t i;
	json_t *x;

	if (v && !json_is_string(v))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "cniVersion is not a string");
	if (vs && !json_is_array(vs))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "cniVersions is not an "
				"array");
	if (v) {
		if (!cni_version_supported(json_string_value(v)))
			return cni_fail(er, CNI_E_VERSION, "incompatible CNI "
					"versions", "config is \"%s\", plugin "
					"supports 0.4.0, 1.0.0, 1.1.0",
					json_string_value(v));
		best = json_string_value(v);
	} else if (vs) {
		json_array_foreach(vs, i, x) {
			const char *s = json_string_value(x);

			if (cni_version_supported(s) &&
			    (!best || cni_version_num(s) >
				      cni_version_num(best)))
				best = s;
		}
		if (!best)
			return cni_fail(er, CNI_E_VERSION, "incompatible CNI "
					"versions", "none of cniVersions is "
					"one of 0.4.0, 1.0.0, 1.1.0");
	} else {
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "no cniVersion");
	}
	snprintf(c->version, sizeof(c->version), "%s", best);
	return 0;
}

/* A string member: absent leaves dst; a non-string or one that does
 * not fit is a bad value. */
static int cni_conf_str(json_t *o, const char *key, char *dst, size_t size,
			struct cni_error *er)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return 0;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) >= size)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "%s must be a string of 1-%zu "
				"bytes", key, size - 1);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int cni_conf_int(json_t *o, const char *key, long long lo,
			long long hi, long long *out, struct cni_error *er)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "%s must be an integer "
				"%lld-%lld", key, lo, hi);
	*out = json_integer_value(v);
	return 0;
}

static int cni_conf_ip4(json_t *v, const char *key, struct in_addr *a,
			struct cni_error *er)
{
	if (!json_is_string(v) ||
	    inet_pton(AF_INET, json_string_value(v), a) != 1)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "%s must be an IPv4 address",
				key);
	return 0;
}

static int cni_conf_vxlan(json_t *o, struct cni_vxlan *vx,
			  struct cni_error *er)
{
	static const char *const keys[] = { "vni", "port", "local",
					    "remotes", "dev", "name" };
	const char *k;
	long long n = -1;
	size_t i;
	json_t *v;
	int r;

	if (!json_is_object(o))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "vxlan must be an object");
	json_object_foreach(o, k, v) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strcmp(k, keys[i]))
				break;
		if (i == sizeof(keys) / sizeof(keys[0]))
			return cni_fail(er, CNI_E_FIELD, "unsupported field",
					"vxlan.%s", k);
	}
	vx->set = true;
	if ((r = cni_conf_int(o, "vni", 0, 16777215, &n, er)))
		return r;
	if (n < 0)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "vxlan needs a vni");
	vx->vni = (uint32_t)n;
	n = 0;
	if ((r = cni_conf_int(o, "port", 1, 65535, &n, er)))
		return r;
	vx->port = (uint16_t)n;
	if ((v = json_object_get(o, "local")) &&
	    (r = cni_conf_ip4(v, "vxlan.local", &vx->local, er)))
		return r;
	v = json_object_get(o, "remotes");
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > CNI_REMOTES_MAX)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "vxlan.remotes must be an "
				"array of 1-%d IPv4 addresses",
				CNI_REMOTES_MAX);
	for (i = 0; i < json_array_size(v); i++)
		if ((r = cni_conf_ip4(json_array_get(v, i), "vxlan.remotes[]",
				      &vx->remote[vx->nremote++], er)))
			return r;
	snprintf(vx->name, sizeof(vx->name), "vxlan%u", vx->vni);
	if ((r = cni_conf_str(o, "dev", vx->dev, sizeof(vx->dev), er)) ||
	    (r = cni_conf_str(o, "name", vx->name, sizeof(vx->name), er)))
		return r;
	if ((vx->dev[0] && val_ifname(vx->dev, NULL) < 0) ||
	    val_ifname(vx->name, NULL) < 0)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "vxlan.dev and vxlan.name "
				"must be interface names");
	return 0;
}

/* Keys of the reference bridge plugin this one does not do: said, not
 * silently ignored, when they ask for something. */
static int cni_conf_unsupported(json_t *root, struct cni_error *er)
{
	static const char *const keys[] = { "isGateway", "isDefaultGateway",
					    "ipMasq", "hairpinMode",
					    "promiscMode", "vlan" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(root, keys[i]);

		if (v && !json_is_false(v) &&
		    !(json_is_integer(v) && json_integer_value(v) == 0))
			return cni_fail(er, CNI_E_FIELD, "unsupported field",
					"%s (the ovtsh plugin puts pods on a "
					"lab bridge only)", keys[i]);
	}
	return 0;
}

static int cni_conf_names(json_t *root, struct cni_conf *c,
			  struct cni_error *er)
{
	json_t *ipam;
	int r;

	if ((r = cni_conf_str(root, "name", c->name, sizeof(c->name), er)))
		return r;
	if (!c->name[0] || val_name_bad(c->name))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "name must be 1-%d bytes of "
				"A-Z a-z 0-9 _ . - starting with a letter or "
				"digit", CNI_NET_NAME_MAX);
	if ((r = cni_conf_str(root, "lab", c->lab, sizeof(c->lab), er)))
		return r;
	if (lab_name_check(c->lab, NULL) < 0)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "lab '%s' is no lab name",
				c->lab);
	if ((r = cni_conf_str(root, "hypervisor", c->hypervisor,
			      sizeof(c->hypervisor), er)))
		return r;
	if (c->hypervisor[0] && val_name(c->hypervisor, NULL) < 0)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "hypervisor '%s' is no node "
				"name", c->hypervisor);
	if ((r = cni_conf_str(root, "bridge", c->bridge, sizeof(c->bridge),
			      er)))
		return r;
	if (val_ifname(c->bridge, NULL) < 0)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "bridge '%s' is no interface "
				"name", c->bridge);
	ipam = json_object_get(root, "ipam");
	if (!json_is_object(ipam) || !json_is_string(json_object_get(ipam,
								       "type")))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "ipam.type is missing");
	if ((r = cni_conf_str(ipam, "type", c->ipam, sizeof(c->ipam), er)))
		return r;
	if (strchr(c->ipam, '/'))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "ipam.type is a plugin name, "
				"not a path");
	return 0;
}

int cni_conf_parse(const char *buf, size_t len, const char *cmd,
		   struct cni_conf *c, struct cni_error *er)
{
	json_error_t je;
	long long mtu = 0;
	json_t *v;
	int r;

	memset(c, 0, sizeof(*c));
	snprintf(c->lab, sizeof(c->lab), "cni");
	snprintf(c->bridge, sizeof(c->bridge), "cni0");
	c->root = json_loadb(buf, len, 0, &je);
	if (!c->root || !json_is_object(c->root))
		return cni_fail(er, CNI_E_DECODE, "decoding failure",
				"line %d column %d: %s", je.line, je.column,
				c->root ? "not an object" : je.text);
	if ((r = cni_conf_version(c->root, c, er)))
		return r;
	if (cmd && (!strcmp(cmd, "STATUS") || !strcmp(cmd, "GC")) &&
	    cni_version_num(c->version) < 10100)
		return cni_fail(er, CNI_E_VERSION, "incompatible CNI "
				"versions", "%s needs cniVersion 1.1.0, the "
				"configuration is %s", cmd, c->version);
	if ((r = cni_conf_unsupported(c->root, er)) ||
	    (r = cni_conf_names(c->root, c, er)) ||
	    (r = cni_conf_int(c->root, "mtu", 68, 65535, &mtu, er)))
		return r;
	c->mtu = (unsigned)mtu;
	if ((v = json_object_get(c->root, "vxlan")) &&
	    (r = cni_conf_vxlan(v, &c->vx, er)))
		return r;
	if (c->vx.set && !c->mtu)
		c->mtu = 1450;        /* 1500 less VXLAN's 50 bytes */
	v = json_object_get(c->root, "prevResult");
	if (v && !json_is_object(v))
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "prevResult is not an "
				"object");
	c->prev = v;
	if (cmd && !strcmp(cmd, "CHECK") && !v)
		return cni_fail(er, CNI_E_CONFIG, "invalid network "
				"configuration", "CHECK without prevResult");
	return 0;
}

void cni_conf_free(struct cni_conf *c)
{
	json_decref(c->root);
	c->root = c->prev = NULL;
}
