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
struct dec_pkt;

/* A further point of a multi-point capture. */
#define CAP_POINTS_MAX 6
struct cap_point {
	const struct node *node;
	const char *ifname;
};

struct cap_opts {
	const char *ifname;     /* live capture, or */
	const char *file;       /* offline: pcap/pcapng file */
	const struct node *node;    /* live: where the interface lives */
	const char *filter;     /* BPF, NULL for all */
	const char *inner;      /* BPF on the innermost frame (the one after
				   the last VXLAN/GRE header), run in user
				   space; NULL for all */
	uint64_t count;         /* stop after count packets, 0 = no limit */
	const char *write;      /* write raw packets here instead of decoding */
	int snaplen;            /* 0: 262144 */
	bool detail;            /* text as tcpdump -nn -e -v (capprint.h) */
	const struct dec_ctx *dec;  /* for the decoder; NULL: built-ins */
	/* live, multi-point: the points after (node, ifname), up to
	 * CAP_POINTS_MAX - 1; one time-ordered stream, each line led by its
	 * point ("cs2:eth0"), each JSON object with "point"; no write */
	const struct cap_point *more;
	int nmore;
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
/* Background captures: each runs in a thread of its own (the handle is
 * opened in the node's namespace before the thread starts) and keeps the
 * last packets it saw in a fixed ring (at most CAP_BG_PKTS packets,
 * CAP_BG_BYTES bytes, CAP_BG_SNAP bytes of each), optionally writing them
 * all to opts->write.  Ids count from 1 in each ovtsh process. */
#define CAP_BG_MAX   16
#define CAP_BG_PKTS  4096
#define CAP_BG_BYTES (4u << 20)
#define CAP_BG_SNAP  2048

enum cap_bg_state { CAP_BG_RUNNING, CAP_BG_DONE, CAP_BG_FAILED };

struct cap_bg_info {
	unsigned id;
	enum cap_bg_state state;
	bool live;
	char node[96];          /* "hypervisor ns1"; empty for a file */
	char src[256];          /* the interface, or the file read */
	char filter[256], inner[256];
	uint64_t packets;       /* matched (and kept or written) so far */
	uint64_t received;      /* by the kernel filter (live) */
	uint64_t dropped;       /* by the kernel (live) */
	char err[OVT_ERR_MSG];  /* why it failed (CAP_BG_FAILED) */
};

/* Start one: 0 with *id set, or -errno with e filled (nothing left
 * running). */
int cap_bg_start(const struct cap_opts *opts, unsigned *id,
		 struct ovt_err *e);
/* The running and finished captures, in id order: how many (at most
 * max) were filled. */
int cap_bg_list(struct cap_bg_info *v, int max);
typedef void cap_bg_fn(void *arg, struct dec_pkt *pkt, const uint8_t *data,
		       uint64_t n);
/* fn(arg, pkt, data, n) for each kept packet (decoded from data), oldest first, the last `last`
 * of them (0: all); n numbers packets from 1 since the start.  Runs on a
 * copy: the capture goes on meanwhile.  info filled when not NULL.
 * 0, or -ENOENT with e filled. */
int cap_bg_show(unsigned id, unsigned last, cap_bg_fn *fn, void *arg,
		struct cap_bg_info *info, struct ovt_err *e);
/* Stop one and forget it (its pcap file completed): 0 with its last
 * info, or -errno (-ENOENT: no such id; a write error: e filled, the
 * capture is gone all the same). */
int cap_bg_stop(unsigned id, struct cap_bg_info *info, struct ovt_err *e);
/* Stop and forget all (the shell's end, "clear captures"); returns how
 * many there were. */
int cap_bg_stop_all(void);

#endif
