/* capture.c - libpcap live and offline capture feeding the dissectors.
 *
 * Live handles are opened inside the node's network namespace (the packet
 * socket stays bound there after node_leave()).  They use libpcap's
 * default memory-mapped TPACKET_V3 ring with a 32 MiB buffer and a short
 * read timeout instead of immediate mode: immediate mode falls back to a
 * small ring and drops a full-speed veth stream, the timeout only delays
 * terminal output by at most CAP_TIMEOUT_MS.  Ctrl-C (ovtsh/cancel.h)
 * wakes the loop with pcap_breakloop() from a waker.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcap/pcap.h>

#include "ovtsh/cancel.h"
#include "ovtsh/capprint.h"
#include "ovtsh/capture.h"
#include "ovtsh/dissect.h"
#include "ovtsh/safefile.h"

#define CAP_TIMEOUT_MS  100
#define CAP_BUFFER      (32 << 20)
#define CAP_SNAPLEN     262144
#define CAP_BATCH       4096       /* offline packets per pcap_dispatch */
#define CAP_OUTBUF      (64 << 10)
#define CAP_FILEBUF     (1 << 20)

struct cap_loop {
	pcap_t *p;
	pcap_dumper_t *dump;
	struct sfile wf;            /* where dump writes, while dump is set */
	FILE *fp;
	bool json;
	int dlt;
	const struct dec_ctx *dec;
	uint64_t count, n;
	size_t pos;                 /* text or JSON bytes pending in buf */
	struct dec_pkt pkt;
	char buf[CAP_OUTBUF];
};

/* A cancellation waker: libpcap's TPACKET_V3 loop polls without a
 * timeout while the ring is empty and retries on EINTR, so only
 * pcap_breakloop() (its eventfd) wakes it.  Safe in a signal handler. */
static void cap_wake(void *p)
{
	pcap_breakloop(p);
}

static void cap_flush(struct cap_loop *L)
{
	if (L->pos) {
		fwrite(L->buf, 1, L->pos, L->fp);
		L->pos = 0;
	}
	fflush(L->fp);
}

static void cap_packet(u_char *user, const struct pcap_pkthdr *h,
		       const u_char *bytes)
{
	struct cap_loop *L = (struct cap_loop *)user;
	size_t max = L->json ? CAP_JSON_MAX : CAP_LINE_MAX;

	L->n++;
	if (L->dump) {
		pcap_dump((u_char *)L->dump, h, bytes);
	} else {
		dec_packet(&L->pkt, L->dec, L->dlt, bytes, h->caplen, h->len);
		L->pkt.ts = h->ts;
		if (L->pos > sizeof(L->buf) - max) {
			fwrite(L->buf, 1, L->pos, L->fp);
			L->pos = 0;
		}
		L->pos += L->json ?
			  cap_format_json(&L->pkt, L->n, L->buf + L->pos, max) :
			  cap_format_text(&L->pkt, L->buf + L->pos, max);
	}
	if (L->count && L->n >= L->count)
		pcap_breakloop(L->p);
}

/* Open and activate a live handle in the current namespace. */
static pcap_t *cap_open_live(const struct cap_opts *opts, struct ovt_err *e,
			     int *rc)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(opts->ifname, errbuf);
	int r;

	if (!p) {
		*rc = ovt_err_set(e, ENODEV, "interface %s: %s", opts->ifname,
				  errbuf);
		return NULL;
	}
	pcap_set_snaplen(p, opts->snaplen ? opts->snaplen : CAP_SNAPLEN);
	pcap_set_promisc(p, 1);
	pcap_set_timeout(p, CAP_TIMEOUT_MS);
	pcap_set_buffer_size(p, CAP_BUFFER);
	r = pcap_activate(p);
	if (r < 0) {
		const char *why = pcap_geterr(p);

		if (!why || !*why)
			why = pcap_statustostr(r);
		*rc = ovt_err_set(e, r == PCAP_ERROR_NO_SUCH_DEVICE ? ENODEV :
				  r == PCAP_ERROR_PERM_DENIED ? EPERM : EIO,
				  "interface %s: %s", opts->ifname, why);
		pcap_close(p);
		return NULL;
	}
	return p;
}

/* Offline: our own FILE with a large buffer (libpcap's stdio default of
 * 4 KiB costs one read() per 27 packets). */
static int cap_open_file(const char *path, pcap_t **pp, struct ovt_err *e)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return ovt_err_set(e, errno, "%s: %s", path, strerror(errno));
	setvbuf(fp, NULL, _IOFBF, CAP_FILEBUF);
	*pp = pcap_fopen_offline(fp, errbuf);
	if (!*pp) {
		fclose(fp);
		return ovt_err_set(e, EINVAL, "%s: %s", path, errbuf);
	}
	return 0;
}

static int cap_open(const struct cap_opts *opts, pcap_t **pp,
		    struct ovt_err *e)
{
	struct node_ns ns;
	char where[96];
	int r = 0;

	if (opts->file)
		return cap_open_file(opts->file, pp, e);
	r = node_enter(opts->node, &ns, e);
	if (r < 0)
		return r;
	*pp = cap_open_live(opts, e, &r);
	node_leave(&ns);
	if (!*pp && !node_is_host(opts->node))
		ovt_err_prefix(e, "%s", node_str(opts->node, where,
						   sizeof(where)));
	return r;
}

static int cap_set_filter(pcap_t *p, const char *filter, struct ovt_err *e)
{
	struct bpf_program prog;
	int r = 0;

	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0)
		return ovt_err_set(e, EINVAL, "filter \"%s\": %s", filter,
				   pcap_geterr(p));
	if (pcap_setfilter(p, &prog) < 0)
		r = ovt_err_set(e, EINVAL, "filter \"%s\": %s", filter,
				pcap_geterr(p));
	pcap_freecode(&prog);
	return r;
}

/* The dump file through ovtsh/safefile.h: pcap writes the safe FILE. */
static int cap_dump_open(struct cap_loop *L, const char *path,
			 struct ovt_err *e)
{
	int r = sfile_open(&L->wf, path, 0666, e);

	if (r < 0)
		return r;
	L->dump = pcap_dump_fopen(L->p, L->wf.fp);
	if (!L->dump) {
		r = ovt_err_set(e, EIO, "%s: %s", path, pcap_geterr(L->p));
		sfile_abort(&L->wf);
	}
	return r;
}

/* pcap_dump() returns nothing: the safe file keeps the errno of a failed
 * write, a flush pushes out the rest. */
static int cap_dump_check(struct cap_loop *L, bool flush, struct ovt_err *e)
{
	int err;

	if (flush && pcap_dump_flush(L->dump) < 0 && !sfile_error(&L->wf))
		err = errno ? errno : EIO;
	else
		err = sfile_error(&L->wf);
	if (!err)
		return 0;
	return ovt_err_set(e, err, "writing '%s': %s", L->wf.path,
			   strerror(err));
}

/* Close the dump; on an earlier error (r < 0) the old file stays. */
static int cap_dump_close(struct cap_loop *L, int r, struct ovt_err *e)
{
	if (r == 0)
		r = cap_dump_check(L, true, e);
	pcap_dump_close(L->dump);   /* fcloses wf.fp, already flushed */
	L->dump = NULL;
	L->wf.fp = NULL;
	if (r < 0) {
		sfile_abort(&L->wf);
		return r;
	}
	return sfile_commit(&L->wf, e);
}

static int cap_loop_run(struct cap_loop *L, const struct cap_opts *opts,
			struct ovt_err *e)
{
	int batch = opts->file ? CAP_BATCH : -1, n, r;

	while (!cancel_requested()) {
		n = pcap_dispatch(L->p, batch, cap_packet, (u_char *)L);
		if (!L->dump)
			cap_flush(L);
		else if ((r = cap_dump_check(L, false, e)) < 0)
			return r;   /* stop at the first failed write */
		if (n == PCAP_ERROR)
			return ovt_err_set(e, EIO, "%s", pcap_geterr(L->p));
		if (n == PCAP_ERROR_BREAK || (L->count && L->n >= L->count))
			break;
		if (n == 0 && opts->file)
			break;                  /* end of file */
	}
	return 0;
}

int cap_run(const struct cap_opts *opts, struct out *o, struct cap_stats *st,
	    struct ovt_err *e)
{
	struct cap_loop *L = NULL;
	struct cancel_waker wake = { cap_wake, NULL };
	struct pcap_stat ps;
	pcap_t *p = NULL;
	int r;

	memset(st, 0, sizeof(*st));
	st->live = !opts->file;
	r = cap_open(opts, &p, e);
	if (r < 0)
		goto out;
	if (opts->filter && *opts->filter) {
		r = cap_set_filter(p, opts->filter, e);
		if (r < 0)
			goto out;
	}
	L = calloc(1, sizeof(*L));
	if (!L) {
		r = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	L->p = p;
	wake.arg = p;
	L->fp = out_file(o);
	L->json = out_is_json(o);
	L->dlt = pcap_datalink(p);
	L->dec = opts->dec;
	L->count = opts->count;
	if (opts->write) {
		r = cap_dump_open(L, opts->write, e);
		if (r < 0)
			goto out;
	}
	r = cancel_wake_add(&wake);
	if (r < 0) {
		r = ovt_err_set(e, -r, "no room for another capture's Ctrl-C");
		goto out;
	}
	r = cap_loop_run(L, opts, e);
	cancel_wake_del(&wake);
	st->interrupted = cancel_take();
	st->captured = L->n;
	if (st->live && pcap_stats(p, &ps) == 0) {
		st->received = ps.ps_recv;
		st->dropped = ps.ps_drop;
	} else {
		st->received = L->n;
	}
out:
	if (L && L->dump)
		r = cap_dump_close(L, r, e);
	free(L);
	if (p)
		pcap_close(p);
	return r;
}

/* ---- a capture that starts before its traffic (cap_live_*) ---- */

struct cap_live {
	pcap_t *p;
	int dlt, fd;
	const struct dec_ctx *dec;
	struct dec_pkt *pkts;       /* where cap_live_take() decodes to */
	int max, n;
};

int cap_live_open(const struct cap_opts *opts, struct cap_live **out,
		  struct ovt_err *e)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct cap_live *h = calloc(1, sizeof(*h));
	int r;

	if (!h)
		return ovt_err_set(e, ENOMEM, "out of memory");
	r = cap_open(opts, &h->p, e);
	if (r == 0 && opts->filter && *opts->filter)
		r = cap_set_filter(h->p, opts->filter, e);
	/* non-blocking, polled against our own deadline: a TPACKET_V3
	 * handle hands over a block when it fills or after CAP_TIMEOUT_MS */
	if (r == 0 && pcap_setnonblock(h->p, 1, errbuf) < 0)
		r = ovt_err_set(e, EIO, "%s", errbuf);
	if (r == 0 && (h->fd = pcap_get_selectable_fd(h->p)) < 0)
		r = ovt_err_set(e, EIO, "capture: no descriptor to wait on");
	if (r < 0) {
		cap_live_close(h);
		return r;
	}
	h->dlt = pcap_datalink(h->p);
	h->dec = opts->dec;
	*out = h;
	return 0;
}

static void cap_live_packet(u_char *user, const struct pcap_pkthdr *hdr,
			    const u_char *bytes)
{
	struct cap_live *h = (struct cap_live *)user;
	struct dec_pkt *pkt;

	if (h->n >= h->max)
		return;
	pkt = &h->pkts[h->n++];
	dec_packet(pkt, h->dec, h->dlt, bytes, hdr->caplen, hdr->len);
	pkt->ts = hdr->ts;
}

static long long cap_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cap_live_take(struct cap_live *h, struct dec_pkt *pkts, int max,
		  int timeout_ms, int *n, struct ovt_err *e)
{
	long long end = cap_now_ms() + timeout_ms, left;
	struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
	int r;

	h->pkts = pkts;
	h->max = max;
	h->n = 0;
	while (h->n < max && !cancel_requested()) {
		r = pcap_dispatch(h->p, max - h->n, cap_live_packet,
				  (u_char *)h);
		if (r == PCAP_ERROR)
			return ovt_err_set(e, EIO, "%s", pcap_geterr(h->p));
		if (r > 0)
			continue;
		left = end - cap_now_ms();
		if (left <= 0)
			break;
		if (poll(&pfd, 1, left < CAP_TIMEOUT_MS ? (int)left :
			 CAP_TIMEOUT_MS) < 0 && errno != EINTR)
			return ovt_err_set(e, errno, "capture: %s",
					   strerror(errno));
	}
	*n = h->n;
	return 0;
}

void cap_live_close(struct cap_live *h)
{
	if (!h)
		return;
	if (h->p)
		pcap_close(h->p);
	free(h);
}
