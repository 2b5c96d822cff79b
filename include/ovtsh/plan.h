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
 *
 * A journal (plan.journal set before plan_begin) records AND acts: a
 * real replay's recap ("N changed, ...") from the same calls.  The
 * backends then act as without a plan (plan_active() is NULL) and
 * record through plan_add() what they did or found in place; a dry
 * plan (explain, --dry-run) may begin on top of a journal.
 */
#ifndef OVTSH_PLAN_H
#define OVTSH_PLAN_H

#include <stdbool.h>
#include <stddef.h>

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
	char old[96];             /* a change's old value ("down"), or "" */
};

struct plan {
	struct plan_action *v;
	int n, cap;
	bool oom;                 /* an action could not be kept */
	char (*obj)[80];          /* objects this plan creates (plan_obj_*) */
	int nobj, capobj;
	bool journal;             /* record and act (set before plan_begin) */
	bool text;                /* explain: what a line stands for, also
				     where this kernel could not run it */
	struct plan *outer;       /* the journal a dry plan began on */
};

/* Make p (zeroed by the caller, journal set or not) the plan of this
 * thread; -EBUSY when one is active already (a dry plan may begin on a
 * journal). */
int plan_begin(struct plan *p);
/* No plan active any more (the actions stay in p). */
void plan_end(struct plan *p);
void plan_free(struct plan *p);
/* The active dry plan, or NULL: the backends act for real. */
struct plan *plan_active(void);
/* The plan plan_add() records into, dry or journal, or NULL. */
struct plan *plan_recording(void);
/* Stop recording (work no line asked for: containers made ahead) and
 * resume with what plan_suspend() returned. */
struct plan *plan_suspend(void);
void plan_resume(struct plan *p);
/* Append an action to the recording plan (nothing without one). */
void plan_add(enum plan_what w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The old value that the last action (a PLAN_CHANGE) replaces. */
void plan_old(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An object ("hv:ns1/v0") the active plan creates: later calls of the
 * same plan find it although the kernel does not have it. */
void plan_obj_mark(const char *ref);
bool plan_obj_marked(const char *ref);
/* Its position in the active plan (-1: none), and the ref there. */
int plan_obj_find(const char *ref);
const char *plan_obj_at(int i);
/* A node ("hv:ns9", "ct:c1") some plan of this process would create. */
void plan_node_mark(const char *ref);
bool plan_node_marked(const char *ref);
/* The object an action's command names, as a key the same for making
 * and removing it: what precedes the verb, the kind, the object's words
 * ("ip -n h addr add P dev v0" and "... addr del P dev v0" -> "ip -n h
 * addr P dev v0"; "... route add DST via G" -> "... route DST"; "ip
 * netns add N" -> "netns N"; "docker create --name N ..." -> "ct N");
 * false for one that names no object (link set, sysctl, docker start)
 * or a key over len. */
bool plan_key(const char *cmd, char *key, size_t len);
/* "+", "~", "=", "-" */
const char *plan_what_sign(enum plan_what w);
/* The action whose sign is c (a plan printed by another ovtsh), or -1. */
int plan_what_of(char c);

#endif
