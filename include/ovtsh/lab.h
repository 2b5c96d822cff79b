/* lab.h - what makes objects part of "the lab": its name and tag, the
 * phases of its running-config, and the areas that clear the lab.
 *
 * The kernel and Docker are the state: objects carry the lab tag
 * (interface alias LAB_ALIAS_PREFIX<lab>, Docker label LAB_LABEL=<lab>,
 * the alias of lo in a hypervisor namespace).  The backends read it back
 * as data; the command areas write the running-config from it
 * (src/cmd/cmd_runconf.h).  Backend areas register their "clear lab"
 * with LAB_AREA(); the lab command module iterates them, so no central
 * list is kept.
 */
#ifndef OVTSH_LAB_H
#define OVTSH_LAB_H

#include <stdio.h>

#include "ovtsh/err.h"

#define LAB_ALIAS_PREFIX "ovtsh:"    /* interface alias "ovtsh:<lab>" */
#define LAB_LABEL        "ovtsh.lab" /* Docker label key */
/* A lab name is 1..LAB_NAME_MAX bytes of [A-Za-z0-9_.-], starting with a
 * letter or digit: no space (the alias's separator), no newline (the
 * running-config), and short enough that the longest alias ovtsh writes
 * fits the kernel's IFALIASZ (checked at build time in net_tunnel.c). */
#define LAB_NAME_MAX     32

/* The lab this process works on: $OVTSH_LAB or "default". */
const char *lab_name(void);
/* 0 when name is a valid lab name, else -EINVAL and why. */
int lab_name_check(const char *name, struct ovt_err *e);
/* "ovtsh:<lab>", the alias put on every interface the lab creates. */
const char *lab_alias(void);

/* A running-config is written in phases so that a replay can always
 * resolve what a line refers to: every node exists before links join
 * them, links before addresses and tunnels over them, routes last.
 * An area may re-open a mode block ("hypervisor ns1") in several phases. */
enum lab_phase {
	LAB_PHASE_NODES = 0,   /* hypervisors, bridges, containers + image */
	LAB_PHASE_LINKS,       /* veth pairs, connects */
	LAB_PHASE_ADDRS,       /* interface blocks: addresses, mtu, shutdown */
	LAB_PHASE_TUNNELS,     /* tunnel blocks */
	LAB_PHASE_ROUTES,      /* routes, ip forwarding */
	LAB_PHASE_COUNT
};

/* The kinds of object "clear lab" counts, for its question and its
 * report ("Removed 2 hypervisors, 1 tunnel"). */
enum lab_kind {
	LAB_K_CONTAINER = 0,
	LAB_K_HYPERVISOR,
	LAB_K_INTERFACE,   /* the lab's links in a namespace not its own */
	LAB_K_TUNNEL,
	LAB_K_VM,
	LAB_K_COUNT
};
/* "container", "containers": the kind's noun for n objects. */
const char *lab_kind_noun(enum lab_kind k, int n);

struct lab_area {
	const char *name;
	int order;        /* clear order: lower first (containers 10,
			     hypervisors 30, tunnels 40) */
	/* Remove everything of this area that carries the lab's tag. */
	int (*clear)(struct ovt_err *e);
	/* Add what clear would remove, by kind, to n (NULL: the area's
	 * objects are counted by another's). */
	int (*count)(int n[LAB_K_COUNT], struct ovt_err *e);
};

#define LAB_AREA(var_)                                                      \
	static const struct lab_area *const lab_area_ptr_##var_             \
	__attribute__((used, section("ovtsh_lab_areas"))) = &var_

#endif
