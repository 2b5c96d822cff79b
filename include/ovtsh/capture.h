/* capture.h - packet capture: libpcap live (inside a node's namespace)
 * and offline, each packet decoded (ovtsh/dissect.h) and printed
 * (ovtsh/capprint.h), or saved raw to a pcap file.
 */
#ifndef OVTSH_CAPTURE_H
#define OVTSH_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "ovtsh/err.h"
#include "ovtsh/node.h"
#include "ovtsh/out.h"

struct dec_ctx;

struct cap_opts {
	const char *ifname;     /* live capture, or */
	const char *file;       /* offline: pcap/pcapng file */
	const struct node *node;    /* live: where the interface lives */
	const char *filter;     /* BPF, NULL for all */
	uint64_t count;         /* stop after count packets, 0 = no limit */
	const char *write;      /* write raw packets here instead of decoding */
	int snaplen;            /* 0: 262144 */
	const struct dec_ctx *dec;  /* for the decoder; NULL: built-ins */
};

struct cap_stats {
	uint64_t captured;      /* packets handled by ovtsh */
	uint64_t received;      /* received by filter (pcap_stats ps_recv) */
	uint64_t dropped;       /* dropped by kernel (ps_drop) */
	bool live;
	bool interrupted;       /* ended by Ctrl-C (ovtsh/cancel.h, taken) */
};

/* Run a capture; packets go to o (text or JSON as o was opened), unless
 * opts->write.  Ctrl-C ends it like a count (st->interrupted).  0 or
 * -errno with pcap's own message in e. */
int cap_run(const struct cap_opts *opts, struct out *o, struct cap_stats *st,
	    struct ovt_err *e);

#endif
