/* cmd_runconf.h - the running-config, written by the command areas
 * beside the tables whose commands read it back (FRR's config_write per
 * node): the backends return data (net_lab_*, docker_list_lab), each
 * area turns its part into lines, and every line names the command of its
 * own table that reads it (a unit test re-parses each one). */
#ifndef OVTSH_CMD_RUNCONF_H
#define OVTSH_CMD_RUNCONF_H

#include <stdio.h>

#include "ovtsh/cmd.h"
#include "ovtsh/lab.h"
#include "ovtsh/net.h"

/* A kind of line: its leading keywords and the command that reads it
 * (an entry of the writer's own table; NULL for the engine's own command
 * whose syntax is the kind: "exit", "end"). */
struct cmd_rc_kind {
	const char *kind;          /* "route", "no ip forwarding" */
	const struct cli_cmd *cmd;
};

#define CMD_RC_DEPTH 4

/* A running-config being written: lines indented by the blocks open. */
struct cmd_rc {
	FILE *fp;
	int depth;
	struct cmd_rc_blk {
		enum cli_mode mode;       /* the lines inside are read in it */
		bool shown;               /* its first line is written */
		char head[160];
		const struct cmd_rc_kind *kind;
	} blk[CMD_RC_DEPTH];
	/* for tests: each line as written, the mode it is read in and its
	 * kind (NULL for a comment) */
	void (*seen)(void *arg, const struct cmd_rc_kind *k, enum cli_mode m,
		     const char *line);
	void *seen_arg;
};

void cmd_rc_init(struct cmd_rc *w, FILE *fp);
/* "KIND[ FMT...]" at the current depth, after the blocks not yet shown. */
void cmd_rc_line(struct cmd_rc *w, const struct cmd_rc_kind *k,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void cmd_rc_comment(struct cmd_rc *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A line another writer made (a VM's guest ovtsh), its own indentation
 * kept, at the current depth; no kind of this writer's. */
void cmd_rc_raw(struct cmd_rc *w, const char *text);
/* Open a block "KIND FMT..." whose lines are read in mode m; written
 * with its first line, or at once when shown (a block said even empty). */
void cmd_rc_block(struct cmd_rc *w, const struct cmd_rc_kind *k,
		  enum cli_mode m, bool shown, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Close it: "exit" when it was written. */
void cmd_rc_end(struct cmd_rc *w);
extern const struct cmd_rc_kind cmd_rc_exit, cmd_rc_endk;  /* engine lines */

/* An area's own blocks of phase ph (lab.h: nodes, links, addresses,
 * tunnels, routes).  Registered with CMD_RUNCONF(); in a phase the areas
 * write from the highest order down (hypervisors before containers). */
struct cmd_runconf {
	const char *name;           /* "hypervisors": prefixes its errors */
	int order;
	const struct cmd_rc_kind *kinds;   /* what it writes, { 0 } ends */
	int (*write)(struct cmd_rc *w, enum lab_phase ph, struct ovt_err *e);
};
#define CMD_RUNCONF(name_, order_, kinds_, write_)                          \
	static const struct cmd_runconf cmd_runconf_##write_ = {             \
		.name = name_, .order = order_, .kinds = kinds_,             \
		.write = write_ };                                           \
	static const struct cmd_runconf *const cmd_runconf_ptr_##write_     \
	__attribute__((used, section("ovtsh_runconf"))) =                   \
		&cmd_runconf_##write_

/* A part of a node's block (hypervisor, container) in one phase, from
 * the node's data.  Registered with CMD_NODECONF(). */
struct cmd_nodeconf {
	const char *name;
	enum lab_phase phase;
	unsigned what;              /* enum net_lab_what it reads */
	const struct cmd_rc_kind *kinds;
	void (*write)(struct cmd_rc *w, const struct net_lab_node *n);
};
#define CMD_NODECONF(name_, phase_, what_, kinds_, write_)                   \
	static const struct cmd_nodeconf cmd_nodeconf_##write_ = {           \
		.name = name_, .phase = phase_, .what = what_,               \
		.kinds = kinds_, .write = write_ };                          \
	static const struct cmd_nodeconf *const cmd_nodeconf_ptr_##write_   \
	__attribute__((used, section("ovtsh_nodeconf"))) =                  \
		&cmd_nodeconf_##write_

/* The registered writers (for the lint test), count in *n. */
const struct cmd_runconf *const *cmd_runconf_all(int *n);
const struct cmd_nodeconf *const *cmd_nodeconf_all(int *n);
/* What the node parts of phase ph in a block of mode m read (0: none
 * has a part there). */
unsigned cmd_nodeconf_what(enum lab_phase ph, enum cli_mode m);
/* A node's block "KIND NAME" (lines read in mode m) for phase ph, its
 * parts from n, written when one has a line, or even empty when shown.
 * A part is written only in the modes its first command is read in. */
void cmd_rc_node(struct cmd_rc *w, const struct cmd_rc_kind *k,
		 enum cli_mode m, const char *name, bool shown,
		 enum lab_phase ph, const struct net_lab_node *n);
/* The whole running-config: "! ovtsh running-config of lab X", every
 * area phase by phase, "end". */
int cmd_runconf_write(struct cmd_rc *w, struct ovt_err *e);

/* The areas' blocks from data (the unit test feeds them canned data):
 * a hypervisor's (or the host's) in phase ph (cmd_hypervisor.c), a
 * container's in the nodes phase and in the others
 * (cmd_container_lab.c). */
void cmd_hv_conf(struct cmd_rc *w, enum lab_phase ph,
		 const struct net_lab_node *n);
struct docker_ct;
void cmd_ct_conf_node(struct cmd_rc *w, const struct docker_ct *ct);
void cmd_ct_conf(struct cmd_rc *w, enum lab_phase ph,
		 const struct net_lab_node *n);
/* A VM's block, its settings (cmd_vm.c). */
struct vm_info;
void cmd_vm_conf(struct cmd_rc *w, const struct vm_info *vi);
struct vm_nic;
/* A VM's links, in its block (cmd_vm.c): bridges[i] the TAP's bridge
 * ("" none, NULL: the TAP is gone). */
void cmd_vm_conf_nics(struct cmd_rc *w, const char *vm,
		      const struct vm_nic *x, const char *const *bridges,
		      int n);
/* A tunnel block (cmd_tunnel.c): the tunnels area writes those of the
 * host and the hypervisors, the containers area those of containers. */
void cmd_tun_conf(struct cmd_rc *w, const struct net_tunnel *t);

#endif
