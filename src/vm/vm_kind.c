/* vm_kind.c - the vm node kind and the VMs' part of "clear lab".
 *
 * A VM's network is inside its guest: there is no namespace on the host
 * to setns() into, so the kind runs programs by the guest's agent (the
 * table's exec op) and has no list for the host-side walks (show links,
 * pingall), which skip it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vm_int.h"

static int vm_kind_open(const struct node *n, struct ovt_err *e)
{
	return ovt_err_set(e, EOPNOTSUPP, "vm '%s' is a qemu guest: its "
			   "network is inside the guest, not in a namespace "
			   "of the host", n->name);
}

static int vm_kind_exec(const struct node *n, char *const argv[],
			int out_fd, int err_fd, struct node_exec_res *res,
			struct ovt_err *e)
{
	struct vm_info vi;
	int r = vm_lab_check(n->name, e);

	if (r < 0)
		return r;
	if (vm_inspect(n->name, &vi, e) < 0)
		return -ENOENT;
	if (!vi.running)
		return ovt_err_set(e, ESRCH, "vm '%s' is stopped", n->name);
	return vm_exec(n->name, argv, out_fd, err_fd, &res->status,
		       &res->interrupted, e);
}

const struct node_kind vm_kind = {
	.keyword = "vm",
	.prefix = "vm",
	.order = 30,
	.netns_open = vm_kind_open,
	.lab_check = vm_lab_check,
	.exec = vm_kind_exec,
	.own_shell = true,
};
NODE_KIND(vm_kind);

/* Order 5, first: a VM's TAPs end with its qemu. */
static int vm_clear(struct ovt_err *e)
{
	struct vm_info *v;
	int n, r;

	r = vm_list_lab(lab_name(), &v, &n, e);
	for (int i = 0; r == 0 && i < n; i++)
		r = vm_remove(v[i].name, e);
	free(v);
	return r;
}

static int vm_count(int n[LAB_K_COUNT], struct ovt_err *e)
{
	struct vm_info *v;
	int k, r = vm_list_lab(lab_name(), &v, &k, e);

	if (r == 0)
		n[LAB_K_VM] += k;
	free(v);
	return r;
}

static const struct lab_area vm_lab_area = {
	.name = "vms",
	.order = 5,
	.clear = vm_clear,
	.count = vm_count,
};
LAB_AREA(vm_lab_area);
