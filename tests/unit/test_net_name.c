/* test_net_name.c - the checks every net command runs before it touches
 * the kernel: node references, lab aliases, lab names, tunnel blocks
 * (interface names and prefixes: test_value.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ovtsh/net.h"
#include "t.h"

static void check_refs_and_aliases(void)
{
	struct ovt_err e = { 0 };
	struct node n;
	char buf[80];

	setenv("OVTSH_LAB", "ovtnunit", 1);
	T_INTEQ(net_node_from_ref("hv:ns1", &n, &e), 0);
	T_STREQ(node_kind_name(n.kind), "hypervisor");
	T_STREQ(net_node_ref(&n, buf, sizeof(buf)), "hv:ns1");
	T_INTEQ(net_node_from_ref("ct:lc1", &n, &e), 0);
	T_STREQ(node_kind_name(n.kind), "container");
	T_INTEQ(net_node_from_ref("host", &n, &e), 0);
	T_STREQ(net_node_ref(&n, buf, sizeof(buf)), "host");
	T_INTEQ(net_node_from_ref("vm:x", &n, &e), -EINVAL);

	T_CHECK(net_alias_is_lab("ovtsh:ovtnunit"));
	T_CHECK(net_alias_is_lab("ovtsh:ovtnunit connect=hv:b/eth1"));
	T_CHECK(!net_alias_is_lab("ovtsh:ovtnunit2"));
	T_CHECK(!net_alias_is_lab("ovtsh:other tunnel=x"));
	T_CHECK(!net_alias_is_lab(""));
	/* the lab token matches exactly: not a prefix, and what follows
	 * it is key=value words (the tag an unchecked "ovtnunit x" wrote) */
	T_CHECK(!net_alias_is_lab("ovtsh:ovtnunit x"));
	T_CHECK(!net_alias_is_lab("ovtsh:ovtnunit x connect=hv:b/eth1"));
	T_CHECK(!net_alias_is_lab("ovtsh:ovtnuni"));
	T_CHECK(!net_alias_is_lab("ovtsh:ovtnunit "));
	T_CHECK(!net_alias_is_lab("ovtsh:ovtnunit =x"));
	T_CHECK(!net_alias_is_lab("ovtsh:ovtnunit\nhypervisor x"));
	T_CHECK(!net_alias_is_lab("xovtsh:ovtnunit"));
	T_CHECK(!net_alias_is_lab(NULL));
	T_CHECK(net_alias_get("ovtsh:ovtnunit tunnel=vx42 end=1 "
			      "peer=hv:hv2/vx42", "peer", buf, sizeof(buf)));
	T_STREQ(buf, "hv:hv2/vx42");
	T_CHECK(net_alias_get("ovtsh:ovtnunit tunnel=vx42 end=1", "tunnel",
			      buf, sizeof(buf)));
	T_STREQ(buf, "vx42");
	T_CHECK(!net_alias_get("ovtsh:ovtnunit tunnel=vx42", "peer", buf,
			       sizeof(buf)));
	T_CHECK(!net_alias_get("ovtsh:other tunnel=vx42", "tunnel", buf,
			       sizeof(buf)));
}

static void check_lab_names(void)
{
	char big[LAB_NAME_MAX + 2], lab[LAB_NAME_MAX + 1];
	struct ovt_err e = { 0 };

	T_INTEQ(lab_name_check("rel3", &e), 0);
	T_INTEQ(lab_name_check("0a_b.c-D", &e), 0);
	T_INTEQ(lab_name_check("", &e), -EINVAL);
	T_STREQ(e.msg, "lab name is empty");
	T_INTEQ(lab_name_check("rel3 x", &e), -EINVAL);
	T_STREQ(e.msg, "lab name has a character other than A-Z a-z 0-9 _ . "
		"- (byte 0x20 at 5)");
	T_INTEQ(lab_name_check("a\nb", &e), -EINVAL);
	T_INTEQ(lab_name_check("a:b", &e), -EINVAL);
	T_INTEQ(lab_name_check("a/b", &e), -EINVAL);
	T_INTEQ(lab_name_check("\xc3\xa9t\xc3\xa9", &e), -EINVAL);
	T_INTEQ(lab_name_check("-x", &e), -EINVAL);
	T_STREQ(e.msg, "lab name must start with a letter or a digit");
	T_INTEQ(lab_name_check(".x", &e), -EINVAL);
	memset(big, 'a', sizeof(big));
	big[LAB_NAME_MAX] = '\0';
	T_INTEQ(lab_name_check(big, &e), 0);
	big[LAB_NAME_MAX] = 'a';
	big[LAB_NAME_MAX + 1] = '\0';
	T_INTEQ(lab_name_check(big, &e), -EINVAL);
	T_STREQ(e.msg, "lab name is 33 bytes, at most 32");

	/* which lab an alias names, and the refusal naming it */
	T_CHECK(net_alias_lab("ovtsh:rel30 tunnel=t end=1", lab, sizeof(lab)));
	T_STREQ(lab, "rel30");
	T_CHECK(!net_alias_lab("ovtsh:rel3 x", lab, sizeof(lab)));
	T_CHECK(!net_alias_lab("something else", lab, sizeof(lab)));
	setenv("OVTSH_LAB", "rel3", 1);
	T_INTEQ(net_alias_lab_check("ovtsh:rel3 peer=hv:a/b", false, "veth v "
				    "in host", &e), 0);
	T_INTEQ(net_alias_lab_check("ovtsh:rel30", false, "bridge b in "
				    "hypervisor h", &e), -EPERM);
	T_STREQ(e.msg, "bridge b in hypervisor h belongs to lab 'rel30', not "
		"to lab 'rel3'; not touching it");
	T_INTEQ(net_alias_lab_check("", false, "hypervisor 'h'", &e), -EPERM);
	T_STREQ(e.msg, "hypervisor 'h' was not created by lab 'rel3' (it has "
		"no lab tag); not touching it");
	T_INTEQ(net_alias_lab_check("", true, "lo in hypervisor h", &e), 0);
	T_INTEQ(net_alias_lab_check("ovtsh:other", true, "x", &e), -EPERM);
	T_STREQ(lab_alias(), "ovtsh:rel3");
}

static void check_tunnel_blocks(void)
{
	struct net_tunnel t = { .name = "vx42" };
	struct ovt_err e = { 0 };

	T_INTEQ(net_tunnel_check(&t, &e), -EINVAL);
	T_STREQ(e.msg, "tunnel vx42 is incomplete: no type");
	t.kind = NET_K_VXLAN;
	T_INTEQ(net_tunnel_check(&t, &e), -EINVAL);
	T_STREQ(e.msg, "tunnel vx42 is incomplete: no vni");
	t.has_vni = true;
	t.vni = 42;
	T_INTEQ(net_tunnel_check(&t, &e), -EINVAL);
	T_STREQ(e.msg, "tunnel vx42 is incomplete: no endpoint");
	t.nends = 1;
	T_INTEQ(net_tunnel_check(&t, &e), -EINVAL);
	T_STREQ(e.msg, "tunnel vx42 is incomplete: a single endpoint needs "
		"'remote A.B.C.D'");
	t.nends = 2;
	T_INTEQ(net_tunnel_check(&t, &e), 0);
	t.has_key = true;
	T_INTEQ(net_tunnel_check(&t, &e), -EINVAL);
	T_STREQ(e.msg, "tunnel vx42: key is for gre and gretap, not vxlan");
	t.kind = NET_K_GRE;
	t.has_key = false;
	T_INTEQ(net_tunnel_check(&t, &e), -EINVAL);
	T_STREQ(e.msg, "tunnel vx42: vni is for vxlan, not gre");
	t.has_vni = false;
	snprintf(t.end[1].ifname, sizeof(t.end[1].ifname), "%s", "a/b");
	T_INTEQ(net_tunnel_check(&t, &e), -EINVAL);
}

int main(void)
{
	check_refs_and_aliases();
	check_lab_names();
	check_tunnel_blocks();
	T_DONE();
}
