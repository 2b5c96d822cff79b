/* cmd_vm.c - vm mode: a qemu guest as a lab node, driven through the
 * guest's own ovtsh (the vm area, ovtsh/vm.h).
 *
 *   vm NAME            enter vm mode; the lab's VM of that name is reused
 *                      (started again if its qemu is gone), a new one is
 *                      started with the block's settings at the first
 *                      line that needs the guest or when the block ends
 *   no vm NAME         stop it and remove its runtime files
 *   memory MB | cpus N | kernel PATH | accel auto|kvm|tcg
 *                      (vm mode) settings of a VM not started yet; on a
 *                      running one they must match, as a container's image
 *   exec LINE          (vm mode) run a program in the guest
 *   show vms [json]    the lab's VMs
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/cmd.h"
#include "ovtsh/lab.h"
#include "ovtsh/plan.h"
#include "ovtsh/vm.h"

#include "cmd_net.h"
#include "cmd_runconf.h"

/* The state of one vm-mode level. */
struct vm_mode {
	char name[NODE_NAME_MAX];
	struct vm_conf conf;     /* the block's settings so far */
	bool running;            /* its qemu runs (these settings are its) */
	bool planned;            /* a dry plan's: started by no one */
};

/* What a start runs, as a plan's action ("+" made, "=" running). */
static void vm_plan_start(const struct vm_mode *m, enum plan_what w)
{
	plan_add(w, "qemu-system-x86_64 -name guest=ovtsh:%s:%s -m %u "
		 "-smp %u -accel %s  # vm %s", lab_name(), m->name,
		 m->conf.memory, m->conf.cpus, vm_accel_name(m->conf.accel),
		 m->name);
}

/* Start the mode's VM unless it runs: the block's settings are final. */
static int vm_ensure(struct cli_ctx *c, struct vm_mode *m)
{
	struct ovt_err e = { 0 };
	struct vm_info vi;
	char note[256];

	if (m->running || m->planned)
		return CLI_OK;
	if (vm_inspect(m->name, &vi, NULL) == 0 && vi.running) {
		m->running = true;        /* started by another ovtsh */
		vm_plan_start(m, PLAN_UNCHANGED);
		return CLI_OK;
	}
	if (plan_active()) {            /* explained, a dry run */
		struct node n;

		if (node_make(&n, &vm_kind, m->name, &e) < 0)
			return cmd_fail(c, &e);
		plan_node_mark(net_node_ref(&n, note, sizeof(note)));
		vm_plan_start(m, PLAN_CREATE);
		m->planned = true;
		return CLI_OK;
	}
	if (vm_start(m->name, &m->conf, &vi, note, sizeof(note), &e) < 0)
		return cmd_fail(c, &e);
	if (note[0])
		cli_info(c, "vm %s: %s", m->name, note);
	m->running = true;
	vm_plan_start(m, PLAN_CREATE);  /* a journal's */
	return CLI_OK;
}

/* A line of the guest's node mode, run by the guest's own ovtsh in its
 * host namespace ("hypervisor host"), after the lines that entered the
 * forwarded modes ("interface eth1") or those of a block before it
 * (cli_forward_lines: a tunnel block); its errors come back as this
 * line's, columns and all. */
static int vm_forward(struct cli_ctx *c, void *data, const char *const *pre,
		      int npre, const char *line, size_t len)
{
	struct vm_mode *m = data;
	const char *lines[CMD_SHELL_LINES];
	struct ovt_err e = { 0 };
	struct node n;
	char *copy;
	int k = 0, rc;

	if (npre + 2 > CMD_SHELL_LINES)
		return cli_err(c, "vm %s: more than %d lines at once",
			       m->name, CMD_SHELL_LINES);
	if (vm_ensure(c, m) != CLI_OK)
		return CLI_ERR;
	if (node_make(&n, &vm_kind, m->name, &e) < 0)
		return cmd_fail(c, &e);
	copy = strndup(line, len);
	if (!copy)
		return cli_err(c, "out of memory");
	lines[k++] = "hypervisor host";
	for (int i = 0; i < npre; i++)
		lines[k++] = pre[i];
	lines[k] = copy;
	rc = cmd_node_shell(c, &n, lines, k + 1, k);
	free(copy);
	return rc;
}

static int vm_on_exit(struct cli_ctx *c, void *data)
{
	return vm_ensure(c, data);
}

static int cmd_exec_vm(struct cli_ctx *c, const struct cli_args *a)
{
	const char *name = cli_arg(a, "vm");
	struct ovt_err e = { 0 };
	struct vm_mode *m;
	struct vm_info vi;
	struct node n;
	int r;

	if (node_make(&n, &vm_kind, name, &e) < 0)
		return cmd_fail(c, &e);
	r = vm_lab_check(name, &e);
	if (cli_arg_has(a, "no")) {
		if (r < 0)
			return cmd_fail(c, &e);
		plan_add(PLAN_DELETE, "kill $(cat %s/%s/qemu.pid)  # no vm %s",
			 VM_RUN_DIR, name, name);
		if (!plan_active() && vm_remove(name, &e) < 0)
			return cmd_fail(c, &e);
		return CLI_OK;
	}
	if (r < 0 && r != -ENOENT)
		return cmd_fail(c, &e);
	if (cli_mode_check(c, CLI_MODE_VM) != CLI_OK)
		return CLI_ERR;
	m = calloc(1, sizeof(*m));
	if (!m)
		return cli_err(c, "out of memory");
	snprintf(m->name, sizeof(m->name), "%s", name);
	vm_conf_default(&m->conf);
	/* an existing one keeps its settings; a stopped one starts again
	 * with them (and the block's) */
	if (r == 0 && vm_inspect(name, &vi, NULL) == 0) {
		m->conf = vi.conf;
		m->running = vi.running;
	}
	if (cli_mode_push(c, CLI_MODE_VM, name, vm_on_exit, m, free) != CLI_OK)
		return CLI_ERR;
	/* the guest's node commands run there, by its ovtsh */
	cli_mode_forward(c, CLI_MODE_HV, vm_forward);
	return CLI_OK;
}

/* A setting: taken while the VM is not started, else it must match. */
static int vm_setting(struct cli_ctx *c, struct vm_mode *m, bool same,
		      const char *what, const char *now)
{
	if (!m)
		return cli_err(c, "not in vm mode");
	if (m->running && !same)
		return cli_err(c, "vm '%s' runs with %s %s (remove it with "
			       "'no vm %s' to change it)", m->name, what, now,
			       m->name);
	return CLI_OK;
}

/* memory MB, cpus N: the same rule for both numbers. */
static int cmd_vm_number(struct cli_ctx *c, const struct cli_args *a)
{
	struct vm_mode *m = cli_mode_data(c, CLI_MODE_VM);
	bool mem = cli_arg_has(a, "memory");
	const char *what = mem ? "memory" : "cpus";
	unsigned v = cli_arg_u32(a, what, 0), *cur;
	char now[32];

	if (!m)
		return cli_err(c, "not in vm mode");
	cur = mem ? &m->conf.memory : &m->conf.cpus;
	snprintf(now, sizeof(now), "%u%s", *cur, mem ? " MB" : "");
	if (vm_setting(c, m, *cur == v, what, now))
		return CLI_ERR;
	*cur = v;
	return CLI_OK;
}

static int cmd_vm_kernel(struct cli_ctx *c, const struct cli_args *a)
{
	struct vm_mode *m = cli_mode_data(c, CLI_MODE_VM);
	const char *k = cli_arg(a, "file");

	if (strlen(k) >= sizeof(m->conf.kernel))
		return cli_err(c, "kernel: path too long");
	if (vm_setting(c, m, m && !strcmp(m->conf.kernel, k), "kernel",
		       m && m->conf.kernel[0] ? m->conf.kernel : "(default)"))
		return CLI_ERR;
	snprintf(m->conf.kernel, sizeof(m->conf.kernel), "%s", k);
	return CLI_OK;
}

static int cmd_vm_accel(struct cli_ctx *c, const struct cli_args *a)
{
	struct vm_mode *m = cli_mode_data(c, CLI_MODE_VM);
	int v = vm_accel_parse(cli_arg(a, "how"));

	if (v < 0)
		return cli_err(c, "accel: auto, kvm or tcg");
	if (vm_setting(c, m, m && m->conf.accel == (enum vm_accel)v, "accel",
		       m ? vm_accel_name(m->conf.accel) : ""))
		return CLI_ERR;
	m->conf.accel = (enum vm_accel)v;
	return CLI_OK;
}

static int cmd_vm_exec(struct cli_ctx *c, const struct cli_args *a)
{
	struct vm_mode *m = cli_mode_data(c, CLI_MODE_VM);

	if (!m)
		return cli_err(c, "not in vm mode");
	if (vm_ensure(c, m) != CLI_OK)
		return CLI_ERR;
	return cmd_node_exec(c, a);
}

/* "connect IF NODE ..." in vm mode: the VM's end named first; the same
 * link as "connect" from the other node with the ends swapped. */
static int cmd_vm_connect(struct cli_ctx *c, const struct cli_args *a)
{
	struct vm_mode *m = cli_mode_data(c, CLI_MODE_VM);
	const char *gif = cli_arg_ifname(a, "ifname");
	struct net_connect_spec cs = {
		.peer = gif,
		.master = cli_arg_ifname(a, "bridge"),
		.peer_master = cli_arg_ifname(a, "master"),
	};
	struct val_prefix pa, pb;
	struct net_nl *nl = NULL;
	struct ovt_err e = { 0 };
	struct node vm, other;
	int rc;

	if (!m)
		return cli_err(c, "not in vm mode");
	cs.ifname = cli_arg_ifname(a, "peer") ? cli_arg_ifname(a, "peer") : gif;
	if (cli_arg_prefix(a, "addr", &pa))
		cs.peer_addr = &pa;
	if (cli_arg_prefix(a, "peer_addr", &pb))
		cs.addr = &pb;
	if (cmd_node_for_change(c, a, &other) != CLI_OK)
		return CLI_ERR;
	if (other.kind == &vm_kind)
		return cli_err(c, "connect: a VM to a VM goes through a bridge "
			       "of a node (connect each to it)");
	if (vm_ensure(c, m) != CLI_OK ||
	    node_make(&vm, &vm_kind, m->name, &e) < 0 ||
	    cmd_net_open(c, &other, &nl) != CLI_OK)
		return e.msg[0] ? cmd_fail(c, &e) : CLI_ERR;
	rc = cmd_if_connect_vm(c, &other, &vm, &cs, nl);
	net_close(nl);
	return rc;
}

/* Its links: "eth1 (hypervisor ns1 v1-h)", JSON objects. */
static void vm_show_nics(struct out *o, const char *name)
{
	struct vm_nic *x = NULL;
	int n = 0;

	vm_nics(name, &x, &n, NULL);
	out_arr_begin(o, "interfaces");
	for (int i = 0; i < n; i++) {
		bool host = !strcmp(x[i].kind, "host");

		out_obj_begin(o, NULL);
		out_str(o, "name", i ? ", %s" : "%s", x[i].guest_if);
		out_str(o, "peer_kind", " (%s", x[i].kind);
		out_str(o, "peer_node", host ? NULL : " %s", x[i].node);
		out_str(o, "peer_ifname", " %s)", x[i].ifname);
		out_obj_end(o);
	}
	out_arr_end(o);
	if (!n)
		out_text(o, "-");
	free(x);
}

static int cmd_show_vms(struct cli_ctx *c, const struct cli_args *a)
{
	struct out *o = cli_out(c);
	struct ovt_err e = { 0 };
	struct vm_info *v;
	int n;

	(void)a;
	if (vm_list_lab(lab_name(), &v, &n, &e) < 0)
		return cmd_fail(c, &e);
	out_text(o, "%-16s %-8s %-6s %-7s %-5s %-8s %-7s %s\n", "NAME",
		 "STATE", "ACCEL", "MEMORY", "CPUS", "PID", "BOOT", "INTERFACES");
	out_obj_begin(o, NULL);
	out_str(o, "lab", NULL, lab_name());
	out_arr_begin(o, "vms");
	for (int i = 0; i < n; i++) {
		char mem[16], boot[16];

		snprintf(mem, sizeof(mem), "%uM", v[i].conf.memory);
		snprintf(boot, sizeof(boot), "%.1fs", v[i].boot_ms / 1000.0);
		out_obj_begin(o, NULL);
		out_str(o, "name", "%-16s ", v[i].name);
		out_str(o, "state", "%-8s ", v[i].running ? "running" :
			"stopped");
		out_str(o, "accel", "%-6s ", vm_accel_name(v[i].accel_used));
		out_text(o, "%-7s ", mem);
		out_uint(o, "memory_mb", NULL, v[i].conf.memory);
		out_uint(o, "cpus", "%-5llu ", v[i].conf.cpus);
		out_int(o, "pid", "%-8lld ", v[i].pid);
		out_text(o, "%-7s ", boot);
		out_float(o, "boot_s", NULL, v[i].boot_ms / 1000.0);
		out_int(o, "started", NULL, (long long)v[i].started);
		out_str(o, "kernel", NULL, v[i].kernel_used);
		vm_show_nics(o, v[i].name);
		out_obj_end(o);
		out_nl(o);
	}
	out_arr_end(o);
	out_obj_end(o);
	free(v);
	return CLI_OK;
}

static void vm_complete(struct cli_ctx *c, const struct cli_args *a,
			struct cli_complete *cc)
{
	struct vm_info *v;
	int n;

	(void)c;
	(void)a;
	if (vm_list_lab(lab_name(), &v, &n, NULL) < 0)
		return;
	for (int i = 0; i < n; i++)
		cli_complete_add(cc, v[i].name);
	free(v);
}
CLI_COMPLETER("vm", vm_complete);

static const struct cli_cmd vm_cmds[] = {
	{
		.syntax = "[no] vm NAME$vm",
		.help = H_NO H_VM H_VMNAME,
		.modes = CLI_M_EXEC,
		.handler = cmd_exec_vm,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "memory (128-16384)",
		.help = "The guest's memory in MB (default 256)\n"
			"Megabytes\n",
		.modes = CLI_M_VM,
		.handler = cmd_vm_number,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "cpus (1-16)",
		.help = "The guest's virtual CPUs (default 1)\n"
			"Number of CPUs\n",
		.modes = CLI_M_VM,
		.handler = cmd_vm_number,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "kernel FILE",
		.help = "The guest's kernel (default: the newest /boot/vmlinuz-* "
			"with the modules a lab needs)\n"
			"Kernel image, /boot/vmlinuz-RELEASE\n",
		.modes = CLI_M_VM,
		.handler = cmd_vm_kernel,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "accel <auto|kvm|tcg>$how",
		.help = "How qemu runs the guest (default auto)\n"
			"KVM when it answers, else software emulation\n"
			"KVM only\n"
			"Software emulation (tcg)\n",
		.modes = CLI_M_VM,
		.handler = cmd_vm_accel,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = CMD_CONNECT_SYNTAX,
		.help = CMD_CONNECT_HELP("Link the VM to another node: a NIC "
					 "here, a TAP there\n"),
		.modes = CLI_M_VM,
		.handler = cmd_vm_connect,
		.flags = CLI_F_PLAN,
	},
	{
		.syntax = "exec LINE",
		.help = "Run a program in the guest (by its ovtsh agent)\n"
			"The program and its arguments\n",
		.modes = CLI_M_VM,
		.handler = cmd_vm_exec,
		.flags = CLI_F_READONLY,
	},
	{
		.syntax = "show vms [json]",
		.help = H_SHOW "The lab's VMs: state, accel, memory, cpus, "
			"pid, boot time\n" H_JSON,
		.modes = CLI_M_EXEC,
		.handler = cmd_show_vms,
		.flags = CLI_F_READONLY,
	},
	{ 0 }
};
CLI_TABLE("vm", vm_cmds);

/* ---- the running-config: "vm NAME" blocks with their settings ---- */

static const struct cmd_rc_kind vm_rc_kinds[] = {
	{ .kind = "vm", .cmd = &vm_cmds[0] },
	{ .kind = "memory", .cmd = &vm_cmds[1] },
	{ .kind = "cpus", .cmd = &vm_cmds[2] },
	{ .kind = "kernel", .cmd = &vm_cmds[3] },
	{ .kind = "accel", .cmd = &vm_cmds[4] },
	{ .kind = "connect", .cmd = &vm_cmds[5] },
	{ 0 }
};

/* A VM's block with its settings as asked (accel auto stays auto: the
 * replay decides again). */
void cmd_vm_conf(struct cmd_rc *w, const struct vm_info *vi)
{
	cmd_rc_block(w, &vm_rc_kinds[0], CLI_MODE_VM, true, "%s", vi->name);
	cmd_rc_line(w, &vm_rc_kinds[1], "%u", vi->conf.memory);
	cmd_rc_line(w, &vm_rc_kinds[2], "%u", vi->conf.cpus);
	if (vi->conf.kernel[0])
		cmd_rc_line(w, &vm_rc_kinds[3], "%s", vi->conf.kernel);
	cmd_rc_line(w, &vm_rc_kinds[4], "%s", vm_accel_name(vi->conf.accel));
	cmd_rc_end(w);
}

/* "vm NAME" with a line per link: "connect NIC KIND NODE peer TAP
 * [bridge BR]", bridges[i] the TAP's bridge ("": none, NULL: the TAP is
 * gone, no line). */
void cmd_vm_conf_nics(struct cmd_rc *w, const char *vm,
		      const struct vm_nic *x, const char *const *bridges,
		      int n)
{
	cmd_rc_block(w, &vm_rc_kinds[0], CLI_MODE_VM, false, "%s", vm);
	for (int i = 0; i < n; i++) {
		bool host = !strcmp(x[i].kind, "host");

		if (!bridges[i])
			continue;
		cmd_rc_line(w, &vm_rc_kinds[5], "%s %s%s%s peer %s%s%s",
			    x[i].guest_if, x[i].kind, host ? "" : " ",
			    host ? "" : x[i].node, x[i].ifname,
			    bridges[i][0] ? " bridge " : "", bridges[i]);
	}
	cmd_rc_end(w);
}

/* The links, each TAP's bridge read back from its node. */
static void vm_runconf_links(struct cmd_rc *w, const struct vm_info *vi)
{
	struct ovt_err e = { 0 };
	struct net_link_info *li;
	const char **br;
	struct vm_nic *x;
	int n;

	if (vm_nics(vi->name, &x, &n, &e) < 0)
		return;
	li = calloc((size_t)n + 1, sizeof(*li));
	br = calloc((size_t)n + 1, sizeof(*br));
	for (int i = 0; li && br && i < n; i++) {
		struct net_nl *nl = NULL;
		struct node nd;

		if (node_make(&nd, node_kind_by_keyword(x[i].kind), x[i].node,
			      &e) == 0 && net_open(&nd, &nl, &e) == 0 &&
		    net_link_get(nl, x[i].ifname, &li[i], &e) == 0)
			br[i] = li[i].master_name;
		net_close(nl);
	}
	if (li && br)
		cmd_vm_conf_nics(w, vi->name, x, br, n);
	free(br);
	free(li);
	free(x);
}

/* The guest's own running-config: the lines of its "hypervisor host"
 * blocks and its tunnel blocks (their ends are "host", the guest), as
 * they are and in their order, inside "vm NAME" (vm mode runs them
 * there). */
static int vm_runconf_guest(struct cmd_rc *w, const struct vm_info *vi,
			    struct ovt_err *e)
{
	char *text, *save = NULL;
	bool in = false, tun = false, fwd = false;
	int r = vm_guest_runconf(vi->name, &text, e);

	if (r == 0 && (r = vm_guest_forwarding(vi->name, &fwd, e)) < 0)
		free(text);
	if (r < 0)
		return r;
	cmd_rc_block(w, &vm_rc_kinds[0], CLI_MODE_VM, false, "%s", vi->name);
	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(l, "hypervisor host")) {
			in = true;
		} else if (!strncmp(l, "tunnel ", 7)) {
			tun = true;       /* a block of vm mode there too */
			cmd_rc_raw(w, l);
		} else if (l[0] != ' ') {
			if (tun && !strcmp(l, "exit"))
				cmd_rc_raw(w, l);
			in = tun = false; /* "exit", another block, "end" */
		} else if (in) {
			cmd_rc_raw(w, l + 1);
		} else if (tun) {
			cmd_rc_raw(w, l);
		}
	}
	if (fwd)        /* a line of the guest's grammar, as the rest */
		cmd_rc_raw(w, "ip forwarding");
	cmd_rc_end(w);
	free(text);
	return 0;
}

/* Every VM of the lab: its settings (nodes; a stopped one too: a replay
 * starts it again), its links (links), the guest's own configuration
 * (routes, last: it addresses the NICs the links made). */
static int vm_runconf(struct cmd_rc *w, enum lab_phase ph, struct ovt_err *e)
{
	struct vm_info *v;
	int n, r;

	if (ph != LAB_PHASE_NODES && ph != LAB_PHASE_LINKS &&
	    ph != LAB_PHASE_ROUTES)
		return 0;
	r = vm_list_lab(lab_name(), &v, &n, e);
	for (int i = 0; r == 0 && i < n; i++) {
		if (ph == LAB_PHASE_NODES)
			cmd_vm_conf(w, &v[i]);
		else if (v[i].running && ph == LAB_PHASE_LINKS)
			vm_runconf_links(w, &v[i]);
		else if (v[i].running)
			r = vm_runconf_guest(w, &v[i], e);
	}
	free(v);
	return r;
}

CMD_RUNCONF("vms", 5, vm_rc_kinds, vm_runconf);
