/* bench_int.h - shared inside src/bench/ only. */
#ifndef OVTSH_BENCH_INT_H
#define OVTSH_BENCH_INT_H

#include "ovtsh/bench.h"
#include "ovtsh/memfd.h"

#define BENCH_OUT_MAX (4u << 20)   /* largest output read back */

/* The first IPv4 address (not loopback) of a remote node, asked of its
 * own ip. */
int bench_node_addr(const struct node *n, char *buf, size_t len,
		    struct ovt_err *e);

#endif
