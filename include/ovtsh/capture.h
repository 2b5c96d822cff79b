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

/* A capture that starts before the traffic it is to see (expect capture
 * ... while ping): open it live (opts: node, ifname, filter, dec), make
 * the traffic, then cap_live_take() decodes up to max packets into pkts,
 * waiting at most timeout_ms for them (Ctrl-C ends the wait); *n is how
 * many came.  Each returns 0 or -errno with e filled. */
struct cap_live;
struct dec_pkt;
int cap_live_open(const struct cap_opts *opts, struct cap_live **out,
		  struct ovt_err *e);
int cap_live_take(struct cap_live *h, struct dec_pkt *pkts, int max,
		  int timeout_ms, int *n, struct ovt_err *e);
void cap_live_close(struct cap_live *h);

#endif
