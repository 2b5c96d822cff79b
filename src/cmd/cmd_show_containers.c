/* cmd_show_containers.c - "show containers [json]": the lab's containers
 * as Docker reports them (name, state, pid, image) and their interfaces
 * with addresses as the kernel reports them inside each container's
 * network namespace (the net module's listing API).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/cmd.h"
#include "ovtsh/docker.h"
#include "ovtsh/lab.h"
#include "ovtsh/net.h"

/* Interfaces (lo left out) with their addresses, read inside the
 * container; a container that vanished meanwhile shows none. */
static void ct_show_ifaces(struct out *o, const struct docker_ct *ct)
{
	struct net_link_info *links = NULL;
	struct net_addr_info *addrs = NULL;
	struct ovt_err e = { 0 };
	struct net_nl *nl = NULL;
	int nlinks = 0, naddrs = 0;
	bool first = true;
	struct node n;
	char buf[64];

	out_arr_begin(o, "interfaces");
	if (node_make(&n, &docker_ct_kind, ct->name, &e) < 0)
		goto out;
	n.pid = (pid_t)ct->pid;      /* from the inspect just made */
	if (net_open(&n, &nl, &e) < 0)
		goto out;
	if (net_link_list(nl, &links, &nlinks, &e) < 0 ||
	    net_addr_list(nl, 0, AF_UNSPEC, &addrs, &naddrs, &e) < 0)
		goto out;
	for (int i = 0; i < nlinks; i++) {
		if (!strcmp(links[i].name, "lo"))
			continue;
		out_obj_begin(o, NULL);
		out_str(o, "name", first ? "%s" : ", %s", links[i].name);
		out_bool(o, "up", links[i].up ? NULL : " (down)",
			 links[i].up);
		out_arr_begin(o, "addresses");
		for (int j = 0; j < naddrs; j++) {
			const struct val_prefix *p = &addrs[j].p;
			/* IPv6 link-local: in JSON, left out of the text */
			bool ll = p->family == AF_INET6 && p->addr[0] == 0xfe &&
				  (p->addr[1] & 0xc0) == 0x80;

			if (addrs[j].ifindex != links[i].ifindex)
				continue;
			out_str(o, NULL, ll ? NULL : " %s",
				val_prefix_str(p, buf, sizeof(buf)));
		}
		out_arr_end(o);
		out_obj_end(o);
		first = false;
	}
out:
	out_arr_end(o);
	free(links);
	free(addrs);
	if (nl)
		net_close(nl);
}

/* The lab's containers; with "all" every lab's, with a LAB column. */
static int cmd_show_containers(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);
	struct docker_ct_list l;
	struct ovt_err e = { 0 };
	bool all = cli_arg_has(a, "all");

	if (docker_list_lab(all ? NULL : lab_name(), &l, &e) < 0)
		return cmd_fail(c, &e);
	out_text(o, "%-16s ", "NAME");
	if (all)
		out_text(o, "%-16s ", "LAB");
	out_text(o, "%-10s %-8s %-16s %s\n", "STATE", "PID", "IMAGE",
		 "INTERFACES");
	out_obj_begin(o, NULL);
	out_str(o, "lab", NULL, all ? NULL : lab_name());
	out_arr_begin(o, "containers");
	for (size_t i = 0; i < l.n; i++) {
		struct docker_ct ct;

		/* list has no pid: inspect each (it may be gone meanwhile) */
		if (docker_inspect(l.v[i].name, &ct, &e) < 0)
			continue;
		out_obj_begin(o, NULL);
		out_str(o, "name", "%-16s ", ct.name);
		if (all)
			out_text(o, "%-16s ", ct.lab);
		out_str(o, "state", "%-10s ", ct.state);
		out_int(o, "pid", "%-8lld ", ct.pid);
		out_str(o, "image", "%-16s ", ct.image);
		if (ct.running)
			ct_show_ifaces(o, &ct);
		else {
			out_arr_begin(o, "interfaces");
			out_arr_end(o);
		}
		out_str(o, "lab", NULL, ct.lab);
		out_obj_end(o);
		out_nl(o);
	}
	out_arr_end(o);
	out_obj_end(o);
	docker_ct_list_free(&l);
	return CLI_OK;
}

static const struct cli_cmd ct_show_cmds[] = {
	{
		.syntax = "show containers [all] [json]",
		.help = H_SHOW "The lab's containers, their interfaces and "
			"addresses\n" H_ALL H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_containers,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};
CLI_TABLE("container-show", ct_show_cmds);
