/* cap_int.h - what the capture files share: opening a handle (in the
 * node's namespace), the kernel filter, the pcap dump through safefile,
 * the inner filter (ovtsh/capture.h) and the loop's per-packet work. */
#ifndef OVTSH_CAP_INT_H
#define OVTSH_CAP_INT_H

#include <pcap/pcap.h>

#include "ovtsh/capture.h"
#include "ovtsh/dissect.h"
#include "ovtsh/safefile.h"

/* A raw pcap being written. */
struct cap_dump {
	pcap_dumper_t *d;           /* NULL: none */
	struct sfile wf;            /* where d writes, while d is set */
};

/* The inner BPF: one program per link type the innermost frame can have
 * (Ethernet, or bare IP inside plain GRE). */
struct cap_inner {
	bool on;
	bool has_raw;               /* the expression compiles for DLT_RAW */
	struct bpf_program eth, raw;
};

/* The packet as JSON, detail or default text (capprint.h); detail first
 * verifies pkt's checksums in data, the bytes it was decoded from. */
size_t cap_format_pkt(struct dec_pkt *pkt, const uint8_t *data, bool json,
		      bool detail, uint64_t n, char *buf, size_t size);
int cap_open(const struct cap_opts *opts, pcap_t **pp, struct ovt_err *e);
int cap_set_filter(pcap_t *p, const char *filter, struct ovt_err *e);
int cap_dump_open(struct cap_dump *D, pcap_t *p, const char *path,
		  struct ovt_err *e);
/* The errno of a failed write so far (flush: push the rest out first). */
int cap_dump_check(struct cap_dump *D, bool flush, struct ovt_err *e);
/* Close; on an earlier error (r < 0) the old file stays.  Returns r or
 * the commit's error. */
int cap_dump_close(struct cap_dump *D, int r, struct ovt_err *e);

int cap_inner_compile(struct cap_inner *I, const char *expr,
		      struct ovt_err *e);
void cap_inner_free(struct cap_inner *I);
/* Does the innermost frame of pkt (decoded from data) match? */
bool cap_inner_match(const struct cap_inner *I, const struct dec_pkt *pkt,
		     const uint8_t *data);

/* The multi-point capture (capmulti.c): opts->more holds the points
 * after the first. */
int cap_multi_run(const struct cap_opts *opts, const struct cap_inner *inner,
		  struct out *o, struct cap_stats *st, struct ovt_err *e);

#endif
