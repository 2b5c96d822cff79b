/* cmd_container_lab.c - containers in "clear lab": read back from
 * Docker (the lab's label), never from a list ovtsh keeps.  (Their
 * running-config is written beside their table, in cmd_container.c.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/docker.h"
#include "ovtsh/lab.h"
#include "ovtsh/node.h"

/* Order 10, before tunnels and hypervisors: removing a container takes
 * its namespace and with it the container ends of its veth pairs. */
static int ct_clear(struct ovt_err *e)
{
	struct docker_ct_list l;
	const char **names;
	int r;

	r = docker_list_lab(lab_name(), &l, e);
	if (r == -ECONNREFUSED) {      /* no daemon: no container to remove */
		ovt_err_clear(e);
		return 0;
	}
	if (r < 0)
		return r;
	names = calloc(l.n + 1, sizeof(*names));
	if (!names) {
		r = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < l.n; i++)
		names[i] = l.v[i].name;
	r = docker_remove_many(names, l.n, e);
out:
	free(names);
	docker_ct_list_free(&l);
	return r;
}

static int ct_count(int n[LAB_K_COUNT], struct ovt_err *e)
{
	struct docker_ct_list l;
	int r = docker_list_lab(lab_name(), &l, e);

	if (r == -ECONNREFUSED) {      /* no daemon: no container */
		ovt_err_clear(e);
		return 0;
	}
	if (r < 0)
		return r;
	n[LAB_K_CONTAINER] += (int)l.n;
	docker_ct_list_free(&l);
	return 0;
}

static const struct lab_area ct_lab_area = {
	.name = "containers",
	.order = 10,
	.clear = ct_clear,
	.count = ct_count,
};
LAB_AREA(ct_lab_area);
