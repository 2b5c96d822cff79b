/* test_net_plan.c - the recording mode (ovtsh/plan.h) of the net and
 * docker backends: under a plan, calls on a node that is only planned
 * record the iproute2/sysctl/docker commands and touch no kernel (the
 * node does not exist; nothing is opened but its missing /run/netns
 * entry).  GRE is explained here too: this machine's kernel has none. */
#include "ovtsh/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>

#include "ovtsh/docker.h"
#include "ovtsh/plan.h"
#include "t.h"

#define HV "ovtplanunit9"

static void check_plan_basics(void)
{
	struct plan p = { 0 }, q = { 0 };

	plan_add(PLAN_CREATE, "nothing: no plan");
	T_CHECK(plan_active() == NULL);
	T_INTEQ(plan_begin(&p), 0);
	T_INTEQ(plan_begin(&q), -EBUSY);
	T_CHECK(plan_active() == &p);
	plan_obj_mark("hv:x/v0");
	T_CHECK(plan_obj_marked("hv:x/v0"));
	T_CHECK(!plan_obj_marked("hv:x/v1"));
	plan_end(&p);
	T_CHECK(plan_active() == NULL);
	T_CHECK(!plan_obj_marked("hv:x/v0"));    /* a plan's own */
	T_INTEQ(p.n, 0);
	T_STREQ(plan_what_sign(PLAN_CHANGE), "~");
	plan_free(&p);
}

/* Run the calls below against the planned hypervisor HV. */
static void check_net(void)
{
	struct net_link_spec gre = { .kind = NET_K_GRE, .name = "gt1",
				     .peer_fd = -1, .has_key = true,
				     .ikey = 7, .okey = 7, .ttl = 64 };
	struct net_link_spec vx = { .kind = NET_K_VXLAN, .name = "vx42",
				    .peer_fd = -1, .id = 42 };
	struct net_link_spec ve = { .kind = NET_K_VETH, .name = "v0",
				    .peer = "eth1", .peer_fd = -1 };
	struct val_prefix a, gw;
	struct ovt_err e = { 0 };
	struct net_nl *nl = NULL;
	struct node n, ct;
	struct plan p = { 0 };
	bool created = false;
	const char *want[] = {
		"ip netns add " HV,
		"ip -n " HV " link set lo up",
		"ip -n " HV " link add gt1 type gre local 10.0.0.1 remote "
		"10.0.0.2 ttl 64 key 7",
		"ip -n " HV " link add vx42 type vxlan id 42 dstport 4789 "
		"local 10.0.0.1 remote 10.0.0.2",
		"ip -n " HV " link add br0 type bridge",
		"ip -n " HV " link set br0 up",
		"ip -n " HV " addr add 10.0.0.1/24 dev br0",
		"ip -n " HV " route add default via 10.0.0.254",
		"ip netns exec " HV " sysctl -w net.ipv4.ip_forward=1",
		"ip -n " HV " link add v0 type veth peer name eth1 netns "
		"$(docker inspect -f '{{.State.Pid}}' c1)",
		"ip -n " HV " link set v0 mtu 1400 up",
		"ip -n " HV " link del v0",
	};
	size_t nw = sizeof(want) / sizeof(want[0]);

	inet_pton(AF_INET, "10.0.0.1", &gre.local);
	inet_pton(AF_INET, "10.0.0.2", &gre.remote);
	vx.local = gre.local;
	vx.remote = gre.remote;
	T_INTEQ(val_prefix_parse("10.0.0.1/24", AF_INET, &a, &e), 0);
	T_INTEQ(val_addr_parse("10.0.0.254", AF_INET, &gw, &e), 0);
	T_INTEQ(node_make(&ct, &docker_ct_kind, "c1", &e), 0);
	ve.peer_node = &ct;
	T_INTEQ(node_make(&n, &net_hv_kind, HV, &e), 0);
	if (net_netns_exists(HV)) {
		printf("hypervisor %s exists: skipped\n", HV);
		exit(77);
	}
	/* without a plan, the node does not exist */
	T_CHECK(net_open(&n, &nl, &e) < 0);
	T_INTEQ(plan_begin(&p), 0);
	T_INTEQ(net_netns_add(HV, &created, &e), 0);
	T_CHECK(created);
	T_INTEQ(net_open(&n, &nl, &e), 0);
	if (!nl) {
		plan_end(&p);
		T_CHECK(nl != NULL);
		return;
	}
	T_INTEQ(net_link_add(nl, &gre, &created, &e), 0);
	T_INTEQ(net_link_add(nl, &vx, &created, &e), 0);
	T_INTEQ(net_bridge_add(nl, "br0", &created, &e), 0);
	T_INTEQ(net_addr_add(nl, "br0", &a, &e), 0);
	T_INTEQ(net_route_add(nl, NULL, &gw, NULL, &e), 0);
	T_INTEQ(net_forwarding_set(&n, true, &e), 0);
	T_INTEQ(net_link_add(nl, &ve, &created, &e), 0);
	{
		struct net_link_chg c = NET_LINK_CHG_KEEP;

		c.up = 1;
		c.mtu = 1400;
		T_INTEQ(net_link_set(nl, "v0", &c, &e), 0);
	}
	T_INTEQ(net_link_del(nl, "v0", &e), 0);
	/* a link neither there nor planned is an error, as without plan */
	T_INTEQ(net_link_set_up(nl, "nosuch0", true, &e), -ENODEV);
	plan_end(&p);
	net_close(nl);
	T_CHECK(!net_netns_exists(HV));          /* nothing was made */
	T_INTEQ(p.n, (int)nw);
	for (int i = 0; i < p.n && i < (int)nw; i++)
		T_STREQ(p.v[i].cmd, want[i]);
	T_INTEQ(p.v[0].what, PLAN_CREATE);
	T_INTEQ(p.v[p.n - 1].what, PLAN_DELETE);
	plan_free(&p);
}

int main(void)
{
	check_plan_basics();
	check_net();
	T_DONE();
}
