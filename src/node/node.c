/* node.c - lab nodes and their network namespaces (see ovtsh/node.h). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovtsh/docker.h"
#include "ovtsh/node.h"
#include "ovtsh/value.h"

#define NODE_NETNS_DIR "/run/netns"

static int node_home = -1;

int node_home_fd(void)
{
	if (node_home < 0)
		node_home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	return node_home;
}

static const char *const node_kinds[] = {
	[NODE_HOST] = "host",
	[NODE_HV] = "hypervisor",
	[NODE_CT] = "container",
};

const char *node_kind_name(enum node_kind k)
{
	return (unsigned)k < sizeof(node_kinds) / sizeof(node_kinds[0]) ?
		       node_kinds[k] : "?";
}

const char *node_str(const struct node *n, char *buf, size_t len)
{
	if (n->kind == NODE_HOST)
		snprintf(buf, len, "host");
	else
		snprintf(buf, len, "%s %s", node_kind_name(n->kind), n->name);
	return buf;
}

int node_make(struct node *n, enum node_kind kind, const char *name,
	      struct ovt_err *e)
{
	int r;

	memset(n, 0, sizeof(*n));
	/* "hypervisor host" is the host's own namespace, for every caller */
	if (kind == NODE_HV && name && !strcmp(name, "host"))
		kind = NODE_HOST;
	n->kind = kind;
	if (kind == NODE_HOST)
		return 0;
	/* a name the grammar did not check (a namespace's, an alias's)
	 * must still be a file name that fits n->name, never cut */
	r = val_node_name(node_kind_name(kind), name, sizeof(n->name), e);
	if (r == 0)
		memcpy(n->name, name, strlen(name) + 1);
	return r;
}

int node_netns_open(const struct node *n, struct ovt_err *e)
{
	char path[128];
	pid_t pid;
	int fd, r;

	switch (n->kind) {
	case NODE_HOST:
		fd = node_home_fd();
		if (fd < 0)
			return ovt_err_set(e, errno, "cannot open own netns: %s",
					   strerror(errno));
		fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0)
			return ovt_err_set(e, errno, "dup: %s", strerror(errno));
		return fd;
	case NODE_HV:
		snprintf(path, sizeof(path), NODE_NETNS_DIR "/%s", n->name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT)
			return ovt_err_set(e, ENOENT, "no hypervisor '%s'",
					   n->name);
		if (fd < 0)
			return ovt_err_set(e, errno, "hypervisor '%s': %s",
					   n->name, strerror(errno));
		return fd;
	case NODE_CT:
		pid = n->pid;
		r = pid > 0 ? 0 : docker_container_pid(n->name, &pid, e);
		if (r < 0)
			return r;
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return ovt_err_set(e, errno, "container '%s': %s: %s",
					   n->name, path, strerror(errno));
		return fd;
	}
	return ovt_err_set(e, EINVAL, "unknown node kind");
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
