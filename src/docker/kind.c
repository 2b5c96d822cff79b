/* kind.c - the container node kind: a Docker container of the lab, its
 * network namespace at /proc/PID/ns/net of its init (see ovtsh/node.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovtsh/docker.h"
#include "ovtsh/lab.h"
#include "ovtsh/node.h"

int docker_inspect_lab(const char *name, struct docker_ct *ct,
		       struct ovt_err *e)
{
	int r = docker_inspect(name, ct, e);

	if (r < 0)
		return r;
	if (!ct->has_lab)
		return ovt_err_set(e, EEXIST, "container '%s' exists but was "
				   "not made by ovtsh (no %s label); not "
				   "touching it", name, LAB_LABEL);
	if (strcmp(ct->lab, lab_name()))
		return ovt_err_set(e, EEXIST, "container '%s' belongs to lab "
				   "'%s', not to lab '%s'; not touching it",
				   name, ct->lab, lab_name());
	return 0;
}

static int docker_kind_lab_check(const char *name, struct ovt_err *e)
{
	struct docker_ct ct;

	return docker_inspect_lab(name, &ct, e);
}

static int docker_kind_open(const struct node *n, struct ovt_err *e)
{
	char path[64];
	pid_t pid = n->pid;
	int fd, r;

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

/* The lab's running containers (a stopped one has no namespace). */
static int docker_kind_list(char ***names, int *cnt, struct ovt_err *e)
{
	struct docker_ct_list cl = { 0 };
	char **v;
	int k = 0, r;

	*names = NULL;
	*cnt = 0;
	r = docker_list_lab(lab_name(), &cl, e);
	if (r < 0)
		return r;
	v = calloc(cl.n + 1, sizeof(*v));
	for (size_t j = 0; v && j < cl.n; j++)
		if (cl.v[j].running && !(v[k++] = strdup(cl.v[j].name)))
			break;
	docker_ct_list_free(&cl);
	if (!v || (k && !v[k - 1])) {
		node_names_free(v, k);
		return ovt_err_set(e, ENOMEM, "out of memory");
	}
	*names = v;
	*cnt = k;
	return 0;
}

const struct node_kind docker_ct_kind = {
	.keyword = "container",
	.prefix = "ct",
	.order = 20,
	.shape = "box3d",
	.netns_open = docker_kind_open,
	.list = docker_kind_list,
	.lab_check = docker_kind_lab_check,
	.sh_pid = "$(docker inspect -f '{{.State.Pid}}' @)",
};
NODE_KIND(docker_ct_kind);
