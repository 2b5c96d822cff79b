/* test_plan.c - the plan (ovtsh/plan.h): a journal records and leaves
 * the backends acting, a dry plan may begin on it, the old value of a
 * change, and the keys --prune compares actions by. */
#include <errno.h>
#include <string.h>

#include "ovtsh/plan.h"
#include "t.h"

static void check_journal(void)
{
	struct plan j = { .journal = true }, d = { 0 }, j2 = { .journal = true };

	T_INTEQ(plan_begin(&j), 0);
	T_CHECK(plan_active() == NULL);         /* the backends act */
	T_CHECK(plan_recording() == &j);
	plan_add(PLAN_CREATE, "ip netns add %s", "h1");
	plan_obj_mark("hv:h1/v0");              /* a journal marks nothing */
	T_CHECK(!plan_obj_marked("hv:h1/v0"));
	T_INTEQ(plan_begin(&j2), -EBUSY);
	T_INTEQ(plan_begin(&d), 0);             /* explain inside a replay */
	T_CHECK(plan_active() == &d);
	plan_add(PLAN_CHANGE, "ip -n h1 link set br0 up");
	plan_old("%s", "down");
	plan_end(&d);
	T_CHECK(plan_recording() == &j);
	T_INTEQ(j.n, 1);
	T_INTEQ(d.n, 1);
	T_STREQ(d.v[0].old, "down");
	T_STREQ(j.v[0].old, "");
	T_STREQ(j.v[0].cmd, "ip netns add h1");
	T_CHECK(plan_suspend() == &j);
	T_CHECK(plan_recording() == NULL);
	plan_add(PLAN_CREATE, "lost");
	plan_resume(&j);
	T_INTEQ(j.n, 1);
	plan_end(&j);
	T_CHECK(plan_recording() == NULL);
	plan_free(&j);
	plan_free(&d);
}

static void key(const char *cmd, const char *want)
{
	char k[PLAN_CMD_MAX];
	bool ok = plan_key(cmd, k, sizeof(k));

	if (!want) {
		T_CHECK(!ok);
		return;
	}
	T_CHECK(ok);
	T_STREQ(ok ? k : "", want);
}

static void check_keys(void)
{
	char small[12];

	key("ip -n h1 addr add 10.0.0.1/24 dev v0", "ip -n h1 addr 10.0.0.1/24 dev v0");
	key("ip -n h1 addr del 10.0.0.1/24 dev v0", "ip -n h1 addr 10.0.0.1/24 dev v0");
	key("ip -n h1 route add default via 10.0.0.2", "ip -n h1 route default");
	key("ip -n h1 route del default dev v0", "ip -n h1 route default");
	key("ip -n h1 link add v0 type veth peer name v1 netns h2", "ip -n h1 link v0");
	key("ip -n h1 link del v0", "ip -n h1 link v0");
	key("nsenter -t $(docker inspect -f '{{.State.Pid}}' c1) -n ip addr add 32.0.0.2/24 dev eth0",
	    "nsenter -t $(docker inspect -f '{{.State.Pid}}' c1) -n ip addr 32.0.0.2/24 dev eth0");
	key("ip netns add h1", "netns h1");
	key("ip netns del h1", "netns h1");
	key("docker create --name c1 --hostname c1 labbox sleep infinity", "ct c1");
	key("docker create --name c1 labbox  # and docker start", "ct c1");
	key("docker rm -f c1", "ct c1");
	/* no object of its own */
	key("ip -n h1 link set br0 up", NULL);
	key("ip netns exec h1 sysctl -w net.ipv4.ip_forward=1", NULL);
	key("docker start c1", NULL);
	T_CHECK(!plan_key("ip netns add a-long-name", small, sizeof(small)));
}

/* The sign of another ovtsh's printed plan back to its action. */
static void check_signs(void)
{
	for (int w = PLAN_CREATE; w <= PLAN_DELETE; w++)
		T_INTEQ(plan_what_of(plan_what_sign((enum plan_what)w)[0]), w);
	T_INTEQ(plan_what_of('#'), -1);
	T_INTEQ(plan_what_of('\0'), -1);
}

int main(void)
{
	check_journal();
	check_keys();
	check_signs();
	printf("test_plan: %d checks, %d failed\n", t_checked, t_failed);
	return t_failed ? 1 : 0;
}
