/* plan.c - the recording mode of the backends (see ovtsh/plan.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/plan.h"

#define PLAN_NODES_MAX 64

static _Thread_local struct plan *plan_cur;
/* names only: a marked node is explained, never made */
static char plan_nodes[PLAN_NODES_MAX][80];
static int plan_nnodes;

int plan_begin(struct plan *p)
{
	if (plan_cur && (!plan_cur->journal || p->journal))
		return -EBUSY;
	p->outer = plan_cur;
	plan_cur = p;
	return 0;
}

void plan_end(struct plan *p)
{
	if (plan_cur == p)
		plan_cur = p->outer;
}

void plan_free(struct plan *p)
{
	free(p->v);
	free(p->obj);
	memset(p, 0, sizeof(*p));
}

struct plan *plan_active(void)
{
	return plan_cur && !plan_cur->journal ? plan_cur : NULL;
}

struct plan *plan_recording(void)
{
	return plan_cur;
}

struct plan *plan_suspend(void)
{
	struct plan *p = plan_cur;

	plan_cur = NULL;
	return p;
}

void plan_resume(struct plan *p)
{
	plan_cur = p;
}

/* Room for one more element in *v (n used of *cap, size sz). */
static bool plan_grow(void **v, int n, int *cap, size_t sz)
{
	void *nv;

	if (n < *cap)
		return true;
	nv = realloc(*v, (size_t)(*cap ? *cap * 2 : 8) * sz);
	if (!nv)
		return false;
	*v = nv;
	*cap = *cap ? *cap * 2 : 8;
	return true;
}

void plan_add(enum plan_what w, const char *fmt, ...)
{
	struct plan *p = plan_cur;
	va_list ap;

	if (!p)
		return;
	if (!plan_grow((void **)&p->v, p->n, &p->cap, sizeof(*p->v))) {
		p->oom = true;
		return;
	}
	p->v[p->n].what = w;
	p->v[p->n].old[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(p->v[p->n].cmd, sizeof(p->v[p->n].cmd), fmt, ap);
	va_end(ap);
	p->n++;
}

void plan_old(const char *fmt, ...)
{
	struct plan *p = plan_cur;
	va_list ap;

	if (!p || p->n == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(p->v[p->n - 1].old, sizeof(p->v[0].old), fmt, ap);
	va_end(ap);
}

void plan_obj_mark(const char *ref)
{
	struct plan *p = plan_active();

	if (!p || plan_obj_marked(ref))
		return;
	if (!plan_grow((void **)&p->obj, p->nobj, &p->capobj,
		       sizeof(*p->obj))) {
		p->oom = true;
		return;
	}
	snprintf(p->obj[p->nobj++], sizeof(*p->obj), "%s", ref);
}

bool plan_obj_marked(const char *ref)
{
	return plan_obj_find(ref) >= 0;
}

int plan_obj_find(const char *ref)
{
	const struct plan *p = plan_active();

	for (int i = 0; p && i < p->nobj; i++)
		if (!strcmp(p->obj[i], ref))
			return i;
	return -1;
}

const char *plan_obj_at(int i)
{
	const struct plan *p = plan_active();

	return p && i >= 0 && i < p->nobj ? p->obj[i] : NULL;
}

void plan_node_mark(const char *ref)
{
	if (plan_node_marked(ref) || plan_nnodes == PLAN_NODES_MAX)
		return;
	snprintf(plan_nodes[plan_nnodes++], sizeof(plan_nodes[0]), "%s", ref);
}

bool plan_node_marked(const char *ref)
{
	for (int i = 0; i < plan_nnodes; i++)
		if (!strcmp(plan_nodes[i], ref))
			return true;
	return false;
}

bool plan_key(const char *cmd, char *key, size_t len)
{
	static const struct {
		const char *verb, *kind;
		int words;
	} v[] = {
		{ " addr add ", " addr", 3 }, { " addr del ", " addr", 3 },
		{ " route add ", " route", 1 }, { " route del ", " route", 1 },
		{ " link add ", " link", 1 }, { " link del ", " link", 1 },
		{ "ip netns add ", "netns", 1 }, { "ip netns del ", "netns", 1 },
		{ "docker create --name ", "ct", 1 }, { "docker rm -f ", "ct", 1 },
	};
	const char *at = NULL, *obj, *end;
	size_t i, pl, ol, kl;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if ((at = strstr(cmd, v[i].verb)))
			break;
	if (!at)
		return false;
	obj = end = at + strlen(v[i].verb);
	for (int w = 0; w < v[i].words; w++) {
		end += strspn(end, " ");
		end += strcspn(end, " ");
	}
	pl = (size_t)(at - cmd);
	ol = (size_t)(end - obj);
	kl = strlen(v[i].kind);
	if (pl + kl + 1 + ol + 1 > len)
		return false;
	memcpy(key, cmd, pl);
	memcpy(key + pl, v[i].kind, kl);
	key[pl + kl] = ' ';
	memcpy(key + pl + kl + 1, obj, ol);
	key[pl + kl + 1 + ol] = '\0';
	return true;
}

const char *plan_what_sign(enum plan_what w)
{
	static const char *const sign[] = {
		[PLAN_CREATE] = "+", [PLAN_CHANGE] = "~",
		[PLAN_UNCHANGED] = "=", [PLAN_DELETE] = "-",
	};

	return sign[w];
}

int plan_what_of(char c)
{
	for (int w = PLAN_CREATE; w <= PLAN_DELETE; w++)
		if (c && plan_what_sign((enum plan_what)w)[0] == c)
			return w;
	return -1;
}
