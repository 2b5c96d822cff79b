/* cmd.h - helpers shared by the command areas (src/cmd/). */
#ifndef OVTSH_CMD_H
#define OVTSH_CMD_H

#include "ovtsh/cli.h"
#include "ovtsh/node.h"

/* Syntax fragment naming a node; use it inside a definition, e.g.
 *   "capture interface IFNAME [" CMD_NODE_SYNTAX "]"
 * with CMD_NODE_HELP at the matching place in the help string.  The
 * arguments are each kind's prefix (node.h: "hv", "ct", "vm") and "host"; a
 * line naming two nodes puts a role before them ("shv", "cct"). */
#define CMD_NODE_SYNTAX "<hypervisor NAME$hv|container NAME$ct|vm NAME$vm|host>"
/* The same for a line naming two nodes: a role before the names
 * ("s": "$shv", "$sct", "$shost"), read with cmd_node_named(). */
#define CMD_NODE_SYNTAX_AS(role) \
	"<hypervisor NAME$" role "hv|container NAME$" role "ct|vm NAME$" \
	role "vm|host$" role "host>"
#define CMD_NODE_HELP   H_HV H_HVNAME H_CT H_CTNAME H_VM H_VMNAME H_HOST

/* The node named by hv/ct/host arguments; without them, the node of the
 * current mode (hypervisor or container), else the host.  Prints the error
 * with cli_err() and returns CLI_ERR on a bad name. */
int cmd_node_from_args(struct cli_ctx *c, const struct cli_args *a,
		       struct node *n);
/* The same for the node of a role (CMD_NODE_SYNTAX_AS(role)). */
int cmd_node_from_role(struct cli_ctx *c, const struct cli_args *a,
		       const char *role, struct node *n);
/* The line names a node (CMD_NODE_SYNTAX's arguments). */
bool cmd_node_given(const struct cli_args *a);
/* cmd_node_from_args for a line that changes the node: a node named in
 * the arguments must be the lab's (a mode's node was checked when the
 * mode was entered; one that does not exist is left to the open that
 * follows).  CLI_ERR after printing why not. */
int cmd_node_for_change(struct cli_ctx *c, const struct cli_args *a,
			struct node *n);
/* Before entering node n's mode: refused (CLI_ERR, printed) when it
 * exists and is not the lab's, the same for every kind; a missing one
 * is left to the kind's creation. */
int cmd_node_enter_check(struct cli_ctx *c, const struct node *n);
/* --prune: remove the lab's objects that the replay's plan (ovtsh/plan.h,
 * recording now) neither made nor found in place (cmd_prune.c). */
int cmd_prune(struct cli_ctx *c);
/* Syntax fragment for the CPU a tracer shares with its tracee (trace.h,
 * placement), with CMD_CPU_HELP; read with cmd_cpu_from_args(). */
#define CMD_CPU_SYNTAX "cpu <(0-1023)$cpu|any$cpu_any>"
#define CMD_CPU_HELP \
	"CPU for the tracer and its tracee (default: ovtsh's own)\n" \
	"CPU number\n" \
	"Let the scheduler place them (parallel multi-threaded programs)\n"

/* The CPU named by the cpu/cpu_any arguments, checked against ovtsh's
 * affinity (TRACE_CPU_ANY for "any", ovtsh's current CPU when absent).
 * Prints the error and returns CLI_ERR on a CPU ovtsh may not use. */
int cmd_cpu_from_args(struct cli_ctx *c, const struct cli_args *a, int *cpu);
/* Syntax fragment for the trace method (trace.h, enum trace_method), with
 * CMD_METHOD_HELP; read with cmd_method_from_args(). */
#define CMD_METHOD_SYNTAX "method <ptrace$m_ptrace|ebpf$m_ebpf|auto$m_auto>"
#define CMD_METHOD_HELP \
	"How syscalls are counted (default: ptrace)\n" \
	"Stop the program at every syscall (portable, per-call detail)\n" \
	"Count in the kernel with eBPF, never stopping it (root, BTF)\n" \
	"ebpf where it loads, else ptrace\n"
/* The method the line asks for (ptrace when none). */
enum trace_method cmd_method_from_args(const struct cli_args *a);
/* The line names a CPU (cpu N or cpu any): an eBPF run that names none
 * is placed by the scheduler, as nothing stops to share a CPU with. */
bool cmd_cpu_given(const struct cli_args *a);
struct bench_opts;
/* Server and client of an iperf3 run from the roles of their node
 * arguments {server, client} ("s" for "$shv", "$sct"; neither: the
 * host), plus "a.b.c.d", "port" and the server's CPU (src/cmd/cmd_bench.c). */
int cmd_iperf_opts(struct cli_ctx *c, const struct cli_args *a,
		   const char *const roles[2], struct bench_opts *o);
/* The trace method of an iperf3 run (o->method), auto settled once for
 * every run (why, len bytes: what ebpf lacked, "" if nothing); an eBPF
 * server is placed by the scheduler unless the line names a CPU. */
void cmd_iperf_method(const struct cli_args *a, struct bench_opts *o,
		      char *why, size_t len);
/* The node named by the argument role + a kind's prefix ("" + "hv": a
 * hypervisor), the host when no kind's was given. */
int cmd_node_named(struct cli_ctx *c, const struct cli_args *a,
		   const char *role, struct node *n);
/* The node of the current mode (hypervisor or container), else the
 * host; -errno with e filled on a bad name. */
int cmd_node_of_mode(const struct cli_ctx *c, struct node *n,
		     struct ovt_err *e);
struct dec_ctx;
/* Teach the decoder context x the dstport of every VXLAN device on this
 * machine, so a lab tunnel on another port decodes (cmd_capture.c). */
void cmd_capture_ports(struct dec_ctx *x);
/* Print e with cli_err(); returns CLI_ERR. */
int cmd_fail(struct cli_ctx *c, const struct ovt_err *e);
/* Run lines[0..n) as a script of the ovtsh inside node nd (a kind with
 * own_shell, ovtsh/node.h), its output on ours; its errors come back
 * as this line's, those of lines[mine] at their column (mine -1: none
 * is this line).  CLI_OK or CLI_ERR. */
int cmd_node_shell(struct cli_ctx *c, const struct node *nd,
		   const char *const *lines, int n, int mine);
#define CMD_SHELL_LINES 16      /* lines of one cmd_node_shell() */
/* "exec LINE": run the words of "line" in the node of the line or mode. */
int cmd_node_exec(struct cli_ctx *c, const struct cli_args *a);

#endif
