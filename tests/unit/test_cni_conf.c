/* test_cni_conf.c - the CNI plugin's configuration and result parsers
 * on canned JSON: versions negotiated, every refusal with its code,
 * results decoded and written in each version's shape. */
#include <stdlib.h>
#include <string.h>

#include "ovtsh/cni.h"
#include "t.h"

static int parse(const char *cmd, const char *s, struct cni_conf *c,
		 struct cni_error *er)
{
	memset(er, 0, sizeof(*er));
	return cni_conf_parse(s, strlen(s), cmd, c, er);
}

static int code_of(const char *cmd, const char *s)
{
	struct cni_conf c;
	struct cni_error er;
	int r = parse(cmd, s, &c, &er);

	cni_conf_free(&c);
	return r;
}

#define IPAM "\"ipam\":{\"type\":\"host-local\"}"

static void test_conf_ok(void)
{
	struct cni_conf c;
	struct cni_error er;

	T_INTEQ(parse("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"pods\","
		      "\"type\":\"ovtsh\",\"lab\":\"k8s\",\"hypervisor\":"
		      "\"node1\",\"bridge\":\"br0\",\"vxlan\":{\"vni\":42,"
		      "\"port\":4790,\"local\":\"10.0.0.1\",\"remotes\":"
		      "[\"10.0.0.2\",\"10.0.0.3\"],\"dev\":\"eth1\"}," IPAM "}",
		      &c, &er), 0);
	T_STREQ(c.version, "1.0.0");
	T_STREQ(c.name, "pods");
	T_STREQ(c.lab, "k8s");
	T_STREQ(c.hypervisor, "node1");
	T_STREQ(c.bridge, "br0");
	T_STREQ(c.ipam, "host-local");
	T_CHECK(c.vx.set);
	T_INTEQ(c.vx.vni, 42);
	T_INTEQ(c.vx.port, 4790);
	T_INTEQ(c.vx.nremote, 2);
	T_STREQ(c.vx.name, "vxlan42");
	T_STREQ(c.vx.dev, "eth1");
	T_INTEQ(c.mtu, 1450);            /* VXLAN's default */
	T_CHECK(c.prev == NULL);
	cni_conf_free(&c);

	/* defaults; no VXLAN keeps the MTU */
	T_INTEQ(parse("DEL", "{\"cniVersion\":\"0.4.0\",\"name\":\"n\","
		      IPAM "}", &c, &er), 0);
	T_STREQ(c.lab, "cni");
	T_STREQ(c.bridge, "cni0");
	T_STREQ(c.hypervisor, "");
	T_INTEQ(c.mtu, 0);
	cni_conf_free(&c);

	/* cniVersions: the newest this plugin speaks */
	T_INTEQ(parse("ADD", "{\"cniVersions\":[\"0.3.1\",\"1.0.0\","
		      "\"1.1.0\",\"2.0.0\"],\"name\":\"n\",\"mtu\":1400,"
		      IPAM "}", &c, &er), 0);
	T_STREQ(c.version, "1.1.0");
	T_INTEQ(c.mtu, 1400);
	cni_conf_free(&c);
}

static void test_conf_codes(void)
{
	struct cni_conf c;
	struct cni_error er;

	T_INTEQ(code_of("ADD", "{\"cniVersion\":"), CNI_E_DECODE);
	T_INTEQ(code_of("ADD", "[1]"), CNI_E_DECODE);
	T_INTEQ(parse("ADD", "{\"cniVersion\":\"0.3.1\",\"name\":\"n\","
		      IPAM "}", &c, &er), CNI_E_VERSION);
	T_CHECK(strstr(er.details, "0.3.1") != NULL);
	cni_conf_free(&c);
	T_INTEQ(code_of("ADD", "{\"cniVersions\":[\"0.2.0\"],\"name\":\"n\","
			IPAM "}"), CNI_E_VERSION);
	/* STATUS and GC are 1.1.0's */
	T_INTEQ(code_of("GC", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			IPAM "}"), CNI_E_VERSION);
	T_INTEQ(code_of("STATUS", "{\"cniVersion\":\"1.1.0\",\"name\":\"n\","
			IPAM "}"), 0);
	T_INTEQ(parse("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
		      "\"ipMasq\":true," IPAM "}", &c, &er), CNI_E_FIELD);
	T_CHECK(strstr(er.details, "ipMasq") != NULL);
	cni_conf_free(&c);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			"\"ipMasq\":false," IPAM "}"), 0);
	T_INTEQ(parse("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
		      "\"vxlan\":{\"vni\":1,\"remotes\":[\"1.2.3.4\"],"
		      "\"group\":\"239.1.1.1\"}," IPAM "}", &c, &er),
		CNI_E_FIELD);
	T_CHECK(strstr(er.details, "vxlan.group") != NULL);
	cni_conf_free(&c);
	T_INTEQ(code_of("ADD", "{\"name\":\"n\"," IPAM "}"), CNI_E_CONFIG);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}"),
		CNI_E_CONFIG);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			"\"ipam\":{\"type\":\"../x\"}}"), CNI_E_CONFIG);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"a b\","
			IPAM "}"), CNI_E_CONFIG);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			"\"mtu\":20," IPAM "}"), CNI_E_CONFIG);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			"\"bridge\":\"a/b\"," IPAM "}"), CNI_E_CONFIG);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			"\"lab\":\"-x\"," IPAM "}"), CNI_E_CONFIG);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			"\"vxlan\":{\"remotes\":[\"1.2.3.4\"]}," IPAM "}"),
		CNI_E_CONFIG);
	T_INTEQ(code_of("ADD", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			"\"vxlan\":{\"vni\":1,\"remotes\":[\"x\"]}," IPAM "}"),
		CNI_E_CONFIG);
	T_INTEQ(code_of("CHECK", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
			IPAM "}"), CNI_E_CONFIG);
}

static const char *const prev =
	"{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"br0\"},"
	"{\"name\":\"veth1\",\"mac\":\"02:00:00:00:00:01\"},"
	"{\"name\":\"eth0\",\"mac\":\"0a:58:0a:2a:01:0a\",\"mtu\":1450,"
	"\"sandbox\":\"/run/netns/p\"}],\"ips\":[{\"address\":"
	"\"10.42.1.10/16\",\"gateway\":\"10.42.1.1\",\"interface\":2},"
	"{\"address\":\"fd00::5/64\",\"interface\":2}],\"routes\":"
	"[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.42.1.1\"},{\"dst\":"
	"\"10.96.0.0/12\"}],\"dns\":{\"nameservers\":[\"10.96.0.10\"]}}";

static void test_result(void)
{
	struct cni_result r;
	struct cni_error er;
	const struct cni_iface *f;
	json_t *j = json_loads(prev, 0, NULL), *o;
	char *s;

	T_INTEQ(cni_result_parse(j, &r, &er), 0);
	T_INTEQ(r.nifs, 3);
	T_INTEQ(r.nip, 2);
	T_INTEQ(r.nroute, 2);
	f = cni_result_sandbox(&r, "eth0");
	T_CHECK(f && f->has_mac && f->mac[5] == 0x0a && f->mtu == 1450);
	T_CHECK(cni_result_sandbox(&r, "veth1") == NULL);
	T_CHECK(r.ip[0].has_gw && !r.ip[1].has_gw);
	T_INTEQ(r.route[0].dst.len, 0);
	T_CHECK(r.route[0].has_gw && !r.route[1].has_gw);

	/* 1.1.0 says the MTU; ips point at the sandbox interface */
	o = cni_result_json(&r, "1.1.0");
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	T_STREQ(s, "{\"cniVersion\":\"1.1.0\",\"interfaces\":[{\"name\":"
		"\"br0\"},{\"name\":\"veth1\",\"mac\":\"02:00:00:00:00:01\"},"
		"{\"name\":\"eth0\",\"mac\":\"0a:58:0a:2a:01:0a\",\"mtu\":1450,"
		"\"sandbox\":\"/run/netns/p\"}],\"ips\":[{\"address\":"
		"\"10.42.1.10/16\",\"interface\":2,\"gateway\":\"10.42.1.1\"},"
		"{\"address\":\"fd00::5/64\",\"interface\":2}],\"routes\":"
		"[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.42.1.1\"},{\"dst\":"
		"\"10.96.0.0/12\"}],\"dns\":{\"nameservers\":"
		"[\"10.96.0.10\"]}}");
	free(s);
	json_decref(o);
	/* 0.4.0 has "version" in ips, 1.0.0 no MTU */
	o = cni_result_json(&r, "0.4.0");
	T_STREQ(json_string_value(json_object_get(json_array_get(
		json_object_get(o, "ips"), 1), "version")), "6");
	json_decref(o);
	o = cni_result_json(&r, "1.0.0");
	T_CHECK(json_object_get(json_array_get(json_object_get(o,
		"interfaces"), 2), "mtu") == NULL);
	json_decref(o);
	cni_result_free(&r);
	json_decref(j);

	/* refusals */
	j = json_loads("{\"ips\":[{\"address\":\"10.0.0.300/8\"}]}", 0, NULL);
	T_INTEQ(cni_result_parse(j, &r, &er), CNI_E_DECODE);
	cni_result_free(&r);
	json_decref(j);
	j = json_loads("{\"interfaces\":[{\"name\":\"e\",\"mac\":\"zz\"}]}",
		       0, NULL);
	T_INTEQ(cni_result_parse(j, &r, &er), CNI_E_DECODE);
	cni_result_free(&r);
	json_decref(j);
}

static void test_versions(void)
{
	T_INTEQ(cni_version_num("1.1.0"), 10100);
	T_INTEQ(cni_version_num("0.4.0"), 400);
	T_INTEQ(cni_version_num("1.1"), -1);
	T_INTEQ(cni_version_num("1.1.0x"), -1);
	T_CHECK(cni_version_supported("1.0.0"));
	T_CHECK(!cni_version_supported("0.3.1"));
}

int main(void)
{
	test_conf_ok();
	test_conf_codes();
	test_result();
	test_versions();
	T_DONE();
}
