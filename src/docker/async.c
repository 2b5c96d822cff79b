/* async.c - overlap the slow Docker calls; the one facade over pending
 * starts.
 *
 * Starting a container costs dockerd, containerd and runc ~100-200 ms of
 * mostly waiting (shim spawn, cgroup and mount setup), and removing one
 * about as much.  A lab script creates many containers before it wires
 * any (the running-config writes all nodes first), so ovtsh starts each
 * one in a worker thread and goes on with the next line; whoever needs a
 * container running (docker_container_pid for netlink work inside it,
 * inspect, exec...) joins its worker first.  Worker threads each own a
 * curl handle (libcurl handles are per thread) and only talk HTTP; they
 * never setns(), so the main thread's namespace moves do not touch them.
 * Only the main thread launches and joins; a worker writes only its own
 * slot, and pthread_join orders that write before the read.
 *
 * The calls of docker.h that need a container's pending start finished
 * are here, as waits around container.c's synchronous calls: container.c
 * never calls back into this file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docker_int.h"
#include "ovtsh/plan.h"
#include "ovtsh/value.h"

#define ASYNC_SLOTS 8       /* starts in flight; dockerd handles more, but
			       2 cores gain nothing beyond this */

enum async_state { ASYNC_FREE = 0, ASYNC_BUSY, ASYNC_FAILED };

struct async_slot {
	enum async_state state;
	char name[VAL_NAME_MAX + 1];
	pthread_t th;
	int ret;
	struct ovt_err err;
	bool done;              /* the worker finished (under async_lock) */
};

static struct async_slot async_slots[ASYNC_SLOTS];
static pthread_mutex_t async_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t async_cond = PTHREAD_COND_INITIALIZER;
static bool async_atexit;

static void *async_start_main(void *arg)
{
	struct async_slot *s = arg;

	s->ret = docker_start_now(s->name, &s->err);
	/* nothing half-made: a container that cannot start is removed, as
	 * the command that created it would have done had it waited */
	if (s->ret < 0 && docker_remove_now(s->name, true, NULL) == 0) {
		char msg[OVT_ERR_MSG];

		memcpy(msg, s->err.msg, sizeof(msg));
		ovt_err_set(&s->err, -s->ret, "%.400s (container removed)",
			    msg);
	}
	docker_http_thread_done();
	pthread_mutex_lock(&async_lock);
	s->done = true;
	pthread_cond_signal(&async_cond);
	pthread_mutex_unlock(&async_lock);
	return NULL;
}

/* Join a busy slot; a failure stays in it until someone waits for it. */
static void async_join(struct async_slot *s)
{
	if (s->state != ASYNC_BUSY)
		return;
	pthread_join(s->th, NULL);
	s->state = s->ret < 0 ? ASYNC_FAILED : ASYNC_FREE;
}

/* Hand a failed slot's error over and free the slot. */
static int async_take(struct async_slot *s, struct ovt_err *e)
{
	int ret = 0;

	async_join(s);
	if (s->state == ASYNC_FAILED) {
		ret = s->ret;
		if (e)
			*e = s->err;
	}
	s->state = ASYNC_FREE;
	return ret;
}

int docker_wait(const char *name, struct ovt_err *e)
{
	for (int i = 0; i < ASYNC_SLOTS; i++)
		if (async_slots[i].state != ASYNC_FREE &&
		    !strcmp(async_slots[i].name, name))
			return async_take(&async_slots[i], e);
	return 0;
}

void docker_join_all(void)
{
	for (int i = 0; i < ASYNC_SLOTS; i++)
		async_join(&async_slots[i]);
}

int docker_wait_all(struct ovt_err *e)
{
	int ret = 0;

	for (int i = 0; i < ASYNC_SLOTS; i++) {
		struct ovt_err one;
		int r;

		if (async_slots[i].state == ASYNC_FREE)
			continue;
		r = async_take(&async_slots[i], &one);
		if (r < 0 && ret == 0) {
			ret = r;
			if (e)
				*e = one;
		}
	}
	return ret;
}

static void async_exit(void)
{
	docker_join_all();
}

/* Under a plan (ovtsh/plan.h): the docker command, nothing done;
 * under a journal, the command recorded and done. */
static bool async_planned(enum plan_what w, const char *verb,
			  const char *name)
{
	plan_add(w, "docker %s %s", verb, name);
	return plan_active() != NULL;
}

int docker_start_async(const char *name, struct ovt_err *e)
{
	struct async_slot *s = NULL;
	int r;

	/* a slot holds the name whole: a cut one could start another */
	r = val_name(name, e);
	if (r < 0 || async_planned(PLAN_CREATE, "start", name))
		return r;
	r = docker_wait(name, e);
	if (r < 0)
		return r;
	for (int i = 0; i < ASYNC_SLOTS && !s; i++)
		if (async_slots[i].state == ASYNC_FREE)
			s = &async_slots[i];
	/* every slot taken: wait for whichever start ends first (not the
	 * oldest: starts finish out of order).  Failed slots wait to be
	 * told; only when every slot holds one is one dropped (its
	 * container was removed, and a later use says there is none). */
	pthread_mutex_lock(&async_lock);
	while (!s) {
		struct async_slot *failed = NULL;
		bool busy = false;

		for (int i = 0; i < ASYNC_SLOTS && !s; i++) {
			struct async_slot *t = &async_slots[i];

			if (t->state == ASYNC_BUSY) {
				busy = true;
				if (t->done)
					s = t;
			} else if (!failed) {
				failed = t;
			}
		}
		if (!s && busy)
			pthread_cond_wait(&async_cond, &async_lock);
		else if (!s)
			s = failed;
	}
	pthread_mutex_unlock(&async_lock);
	async_join(s);
	if (!async_atexit) {
		atexit(async_exit);
		async_atexit = true;
	}
	memset(s, 0, sizeof(*s));
	memcpy(s->name, name, strlen(name) + 1);   /* VAL_NAME_MAX fits */
	r = pthread_create(&s->th, NULL, async_start_main, s);
	if (r != 0)      /* no thread: start it here and now */
		return docker_start_now(name, e);
	s->state = ASYNC_BUSY;
	return 0;
}

/* ---- the facade: wait for the container's pending start, then call ---- */

int docker_inspect(const char *name, struct docker_ct *ct, struct ovt_err *e)
{
	int ret = docker_wait(name, e);

	return ret < 0 ? ret : docker_inspect_now(name, ct, e);
}

int docker_container_pid(const char *name, pid_t *pid, struct ovt_err *e)
{
	int ret = docker_wait(name, e);

	return ret < 0 ? ret : docker_container_pid_now(name, pid, e);
}

int docker_list_lab(const char *lab, struct docker_ct_list *l,
		    struct ovt_err *e)
{
	docker_join_all();     /* the list shows them started */
	return docker_list_lab_now(lab, l, e);
}

int docker_start(const char *name, struct ovt_err *e)
{
	int ret;

	if (async_planned(PLAN_CHANGE, "start", name))
		return 0;
	ret = docker_wait(name, e);
	return ret < 0 ? ret : docker_start_now(name, e);
}

int docker_stop(const char *name, struct ovt_err *e)
{
	int ret;

	if (async_planned(PLAN_CHANGE, "stop", name))
		return 0;
	ret = docker_wait(name, e);
	return ret < 0 ? ret : docker_stop_now(name, e);
}

int docker_restart(const char *name, struct ovt_err *e)
{
	int ret;

	if (async_planned(PLAN_CHANGE, "restart", name))
		return 0;
	ret = docker_wait(name, e);
	return ret < 0 ? ret : docker_restart_now(name, e);
}

int docker_kill(const char *name, int sig, struct ovt_err *e)
{
	int ret = docker_wait(name, e);

	return ret < 0 ? ret : docker_kill_now(name, sig, e);
}

int docker_remove(const char *name, bool force, struct ovt_err *e)
{
	if (async_planned(PLAN_DELETE, force ? "rm -f" : "rm", name))
		return 0;
	/* a pending start's failure does not matter to a removal */
	docker_wait(name, NULL);
	return docker_remove_now(name, force, e);
}

/* ---- remove many ---- */

struct async_rm {
	pthread_mutex_t lock;
	const char *const *names;
	size_t n, next;
	int ret;
	struct ovt_err err;
};

static void *async_rm_main(void *arg)
{
	struct async_rm *m = arg;

	for (;;) {
		struct ovt_err e = { 0 };
		const char *name;
		int r;

		pthread_mutex_lock(&m->lock);
		name = m->next < m->n ? m->names[m->next++] : NULL;
		pthread_mutex_unlock(&m->lock);
		if (!name)
			break;
		r = docker_remove_now(name, true, &e);
		if (r < 0 && r != -ENOENT) {
			pthread_mutex_lock(&m->lock);
			if (m->ret == 0) {
				m->ret = r;
				m->err = e;
			}
			pthread_mutex_unlock(&m->lock);
		}
	}
	docker_http_thread_done();
	return NULL;
}

int docker_remove_many(const char *const *names, size_t n, struct ovt_err *e)
{
	struct async_rm m = { .names = names, .n = n };
	pthread_t th[ASYNC_SLOTS];
	size_t nth = n < ASYNC_SLOTS ? n : ASYNC_SLOTS, started = 0;

	docker_join_all();
	pthread_mutex_init(&m.lock, NULL);
	for (size_t i = 0; i < nth; i++)
		if (pthread_create(&th[started], NULL, async_rm_main, &m) == 0)
			started++;
	if (started == 0)            /* no threads: do it here */
		async_rm_main(&m);
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&m.lock);
	if (m.ret < 0 && e)
		*e = m.err;
	return m.ret;
}
