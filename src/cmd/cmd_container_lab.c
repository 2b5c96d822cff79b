/* cmd_container_lab.c - containers in the running-config and in
 * "clear lab": read back from Docker (the lab's label), never from a
 * list ovtsh keeps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/docker.h"
#include "ovtsh/lab.h"
#include "ovtsh/net.h"
#include "ovtsh/node.h"

/* Phase NODES: "container NAME / image IMG / exit" per lab container,
 * with "stop" for one that is not running (its namespace, and with it
 * every veth it had, is gone: nothing else refers to it). */
static int ct_runconf_nodes(FILE *fp, const struct docker_ct_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		fprintf(fp, "container %s\n image %s\n%sexit\n", l->v[i].name,
			l->v[i].image, l->v[i].running ? "" : " stop\n");
	return 0;
}

/* One container's body for phase ph from the net module, wrapped in
 * "container NAME ... exit" only when there is a body. */
static int ct_runconf_body(FILE *fp, const char *name, enum lab_phase ph,
			   struct ovt_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	struct node n;
	FILE *mem;
	int r;

	r = node_make(&n, &docker_ct_kind, name, e);
	if (r < 0)
		return r;
	if (ph == LAB_PHASE_TUNNELS)     /* complete blocks of their own */
		return net_runconf_tunnels(fp, &n, e);
	mem = open_memstream(&buf, &len);
	if (!mem)
		return ovt_err_set(e, errno, "open_memstream: %s",
				   strerror(errno));
	r = net_runconf_node(mem, &n, ph, e);
	fclose(mem);
	if (r == 0 && len)
		fprintf(fp, "container %s\n%sexit\n", name, buf);
	free(buf);
	return r;
}

static int ct_runconf(FILE *fp, enum lab_phase ph, struct ovt_err *e)
{
	struct docker_ct_list l;
	int r;

	r = docker_list_lab(lab_name(), &l, e);
	if (r == -ECONNREFUSED) {
		/* no daemon (a guest, a host without Docker): no containers;
		 * the rest of the lab is still written, with a note */
		if (ph == LAB_PHASE_NODES)
			fprintf(fp, "! no containers: %s\n", e->msg);
		ovt_err_clear(e);
		return 0;
	}
	if (r < 0)
		return r;
	if (ph == LAB_PHASE_NODES) {
		r = ct_runconf_nodes(fp, &l);
		goto out;
	}
	for (size_t i = 0; i < l.n && r == 0; i++) {
		/* a stopped container has no namespace: nothing to read */
		if (l.v[i].running)
			r = ct_runconf_body(fp, l.v[i].name, ph, e);
	}
out:
	docker_ct_list_free(&l);
	return r;
}

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

static const struct lab_area ct_lab_area = {
	.name = "containers",
	.order = 10,
	.runconf = ct_runconf,
	.clear = ct_clear,
};
LAB_AREA(ct_lab_area);
