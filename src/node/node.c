/* node.c - lab nodes and their network namespaces (see ovtsh/node.h). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovtsh/node.h"
#include "ovtsh/value.h"

static int node_home = -1;

int node_home_fd(void)
{
	if (node_home < 0)
		node_home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	return node_home;
}

static int node_host_open(const struct node *n, struct ovt_err *e)
{
	int fd = node_home_fd();

	(void)n;
	if (fd < 0)
		return ovt_err_set(e, errno, "cannot open own netns: %s",
				   strerror(errno));
	fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return ovt_err_set(e, errno, "dup: %s", strerror(errno));
	return fd;
}

const struct node_kind node_host_kind = {
	.keyword = "host",
	.prefix = "host",
	.shape = "house",
	.netns_open = node_host_open,
};

/* ---- the registry: kinds collected from the ovtsh_node_kinds section */

extern const struct node_kind *const __start_ovtsh_node_kinds[]
	__attribute__((weak));
extern const struct node_kind *const __stop_ovtsh_node_kinds[]
	__attribute__((weak));

#define NODE_KINDS_MAX 8

/* By the kind's order, then keyword. */
static int node_kind_cmp(const void *a, const void *b)
{
	const struct node_kind *x = *(const struct node_kind *const *)a;
	const struct node_kind *y = *(const struct node_kind *const *)b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->keyword, y->keyword);
}

const struct node_kind *const *node_kinds(int *n)
{
	static const struct node_kind *v[NODE_KINDS_MAX];
	static int nv = -1;

	if (nv < 0) {
		int k = 0;

		for (const struct node_kind *const *p = __start_ovtsh_node_kinds;
		     p && p < __stop_ovtsh_node_kinds && k < NODE_KINDS_MAX; p++)
			v[k++] = *p;
		/* a stable order whatever the link order */
		qsort(v, (size_t)k, sizeof(*v), node_kind_cmp);
		nv = k;
	}
	*n = nv;
	return v;
}

static const struct node_kind *node_kind_find(const char *s, bool by_prefix)
{
	const struct node_kind *const *v;
	int n;

	if (!s)
		return NULL;
	v = node_kinds(&n);
	for (int i = 0; i < n; i++)
		if (!strcmp(by_prefix ? v[i]->prefix : v[i]->keyword, s))
			return v[i];
	return NULL;
}

const struct node_kind *node_kind_by_keyword(const char *keyword)
{
	return node_kind_find(keyword, false);
}

const struct node_kind *node_kind_by_prefix(const char *prefix)
{
	return node_kind_find(prefix, true);
}

const char *node_kind_name(const struct node_kind *k)
{
	return k ? k->keyword : "?";
}

bool node_is_host(const struct node *n)
{
	return n->kind == &node_host_kind;
}

bool node_eq(const struct node *a, const struct node *b)
{
	return a->kind == b->kind && !strcmp(a->name, b->name);
}

void node_names_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

const char *node_str(const struct node *n, char *buf, size_t len)
{
	if (node_is_host(n))
		snprintf(buf, len, "host");
	else
		snprintf(buf, len, "%s %s", node_kind_name(n->kind), n->name);
	return buf;
}

int node_make(struct node *n, const struct node_kind *kind, const char *name,
	      struct ovt_err *e)
{
	int r;

	memset(n, 0, sizeof(*n));
	/* "hypervisor host" is the host's own namespace, for every caller */
	if (!kind || (kind->host_alias && name && !strcmp(name, "host")))
		kind = &node_host_kind;
	n->kind = kind;
	if (kind == &node_host_kind)
		return 0;
	/* a name the grammar did not check (a namespace's, an alias's)
	 * must still be a file name that fits n->name, never cut */
	r = val_node_name(node_kind_name(kind), name, sizeof(n->name), e);
	if (r == 0)
		memcpy(n->name, name, strlen(name) + 1);
	return r;
}

int node_lab_check(const struct node *n, struct ovt_err *e)
{
	if (node_is_host(n) || !n->kind->lab_check)
		return 0;
	return n->kind->lab_check(n->name, e);
}

int node_netns_open(const struct node *n, struct ovt_err *e)
{
	if (!n->kind || !n->kind->netns_open)
		return ovt_err_set(e, EINVAL, "unknown node kind");
	return n->kind->netns_open(n, e);
}

static bool node_same_ns(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int node_enter(const struct node *n, struct node_ns *save, struct ovt_err *e)
{
	int fd, home;

	save->self_fd = -1;
	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		return ovt_err_set(e, errno, "cannot open own netns: %s",
				   strerror(errno));
	fd = node_netns_open(n, e);
	if (fd < 0) {
		close(home);
		return fd;
	}
	if (node_same_ns(fd, home)) {
		/* already there (the host, mostly): nothing to enter or leave */
		close(fd);
		close(home);
		return 0;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		int err = errno;
		char b[96];

		close(fd);
		close(home);
		return ovt_err_set(e, err, "cannot enter %s: %s%s",
				   node_str(n, b, sizeof(b)), strerror(err),
				   err == EPERM ? " (ovtsh needs CAP_SYS_ADMIN)" :
				   "");
	}
	close(fd);
	save->self_fd = home;
	return 0;
}

void node_leave(struct node_ns *save)
{
	if (save->self_fd < 0)
		return;
	if (setns(save->self_fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "ovtsh: cannot return to own namespace: %s\n",
			strerror(errno));
		abort();
	}
	close(save->self_fd);
	save->self_fd = -1;
}
