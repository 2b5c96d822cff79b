/* plan.h - the recording mode of the backends ("explain", later
 * "--dry-run").
 *
 * While a plan is active (plan_begin()), every mutating backend call
 * (net/, docker/) checks the live state exactly as it does for
 * idempotence, then, instead of changing the kernel or Docker, appends
 * what it would do: an action with the command a student would type for
 * it (iproute2, sysctl, docker).  Nothing else changes.  The plan is
 * per thread and per call of plan_begin(): later lines of a script do
 * not see what earlier explained lines would have made, except the nodes
 * (namespaces, containers) an explained line would create, which stay
 * marked for the process (plan_node_mark) so that lines inside their
 * mode can be explained against an empty node.
 */
#ifndef OVTSH_PLAN_H
#define OVTSH_PLAN_H

#include <stdbool.h>

enum plan_what {
	PLAN_CREATE = 0,       /* "+": a new object */
	PLAN_CHANGE,           /* "~": an existing object changes */
	PLAN_UNCHANGED,        /* "=": already in place */
	PLAN_DELETE,           /* "-": removed */
};

#define PLAN_CMD_MAX 512

struct plan_action {
	enum plan_what what;
	char cmd[PLAN_CMD_MAX];   /* "ip -n hv1 link add br1 type bridge" */
};

struct plan {
	struct plan_action *v;
	int n, cap;
	bool oom;                 /* an action could not be kept */
	char (*obj)[80];          /* objects this plan creates (plan_obj_*) */
	int nobj, capobj;
};

/* Make p (zeroed by the caller) the active plan of this thread; -EBUSY
 * when one is active already. */
int plan_begin(struct plan *p);
/* No plan active any more (the actions stay in p). */
void plan_end(struct plan *p);
void plan_free(struct plan *p);
/* The active plan, or NULL: the backends act for real. */
struct plan *plan_active(void);
/* Append an action to the active plan (nothing without one). */
void plan_add(enum plan_what w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An object ("hv:ns1/v0") the active plan creates: later calls of the
 * same plan find it although the kernel does not have it. */
void plan_obj_mark(const char *ref);
bool plan_obj_marked(const char *ref);
/* A node ("hv:ns9", "ct:c1") some plan of this process would create. */
void plan_node_mark(const char *ref);
bool plan_node_marked(const char *ref);
/* "+", "~", "=", "-" */
const char *plan_what_sign(enum plan_what w);

#endif
