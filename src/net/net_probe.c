/* net_probe.c - does this kernel have a link kind?  The one sure answer
 * is to make one: the thread moves to a namespace of its own (unshare),
 * creates a throwaway link of the kind there and comes back; the scratch
 * namespace dies with its last reference.  No lab's namespace and not the
 * host's is touched.  The answer is kept for the life of the process, so
 * a tunnel block can refuse "type gre" at that line on a kernel without
 * GRE (this machine's), not when the block is applied. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "net_int.h"
#include "ovtsh/plan.h"

/* 1: made, -EOPNOTSUPP: the kernel lacks it, 0: could not ask (no
 * privilege to make a namespace: the creation itself will tell). */
static int net_probe_kind(enum net_kind k)
{
	struct net_link_spec s = {
		.kind = k, .name = "ovtprobe", .peer = "ovtprobe1",
		.peer_fd = -1, .id = 1,
		.local.s_addr = htonl(0x7f000002),
		.remote.s_addr = htonl(0x7f000003),
	};
	struct ovt_err ign = { 0 };
	struct net_nl *nl = NULL;
	struct node here;
	bool created = false;
	int home, r;

	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		return 0;
	if (unshare(CLONE_NEWNET) < 0) {
		close(home);
		return 0;
	}
	node_make(&here, NULL, NULL, NULL);
	r = net_open_here(&here, &nl, &ign);
	if (r == 0) {
		r = net_link_add(nl, &s, &created, &ign);
		net_close(nl);
	}
	if (setns(home, CLONE_NEWNET) < 0)
		abort();    /* every later command would act in the wrong ns */
	close(home);
	return r == 0 ? 1 : r == -EOPNOTSUPP ? -EOPNOTSUPP : 0;
}

int net_kind_available(enum net_kind k, struct ovt_err *e)
{
	static int known[NET_K_COUNT];
	const struct net_kind_ops *o = net_kind_ops(k);

	if (!o)
		return ovt_err_set(e, EINVAL, "unknown link kind");
	/* explained, a kind this kernel lacks is still text ("explain type
	 * gre" on a kernel without GRE says what another one would run); a
	 * dry run probes, as the real run will refuse the line */
	if (plan_active() && plan_active()->text)
		return 0;
	if (!known[k]) {
		/* the probe's scratch link is no change of the lab: a plan
		 * or journal recording now must not see it */
		struct plan *p = plan_suspend();

		known[k] = net_probe_kind(k);
		plan_resume(p);
	}
	if (known[k] == -EOPNOTSUPP)
		return ovt_err_set(e, EOPNOTSUPP, "%s is not available in this "
				   "kernel (module %s missing)", o->label,
				   o->module);
	return 0;
}
