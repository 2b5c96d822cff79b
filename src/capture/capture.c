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
#include "cap_int.h"

#define CAP_TIMEOUT_MS  100
#define CAP_BUFFER      (32 << 20)
#define CAP_SNAPLEN     262144
#define CAP_BATCH       4096       /* offline packets per pcap_dispatch */
#define CAP_OUTBUF      (64 << 10)
#define CAP_FILEBUF     (1 << 20)

struct cap_loop {
	pcap_t *p;
	struct cap_dump dump;
	const struct cap_inner *inner;
	FILE *fp;
	bool json, detail;
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

	if (L->inner->on || !L->dump.d)
		dec_packet(&L->pkt, L->dec, L->dlt, bytes, h->caplen, h->len);
	if (L->inner->on && !cap_inner_match(L->inner, &L->pkt, bytes))
		return;
	L->n++;
	if (L->dump.d) {
		pcap_dump((u_char *)L->dump.d, h, bytes);
	} else {
		L->pkt.ts = h->ts;
		if (L->pos > sizeof(L->buf) - max) {
			fwrite(L->buf, 1, L->pos, L->fp);
			L->pos = 0;
		}
		L->pos += cap_format_pkt(&L->pkt, bytes, L->json, L->detail,
					 L->n, L->buf + L->pos, max);
	}
	if (L->count && L->n >= L->count)
		pcap_breakloop(L->p);
}

size_t cap_format_pkt(struct dec_pkt *pkt, const uint8_t *data, bool json,
		      bool detail, uint64_t n, char *buf, size_t size)
{
	if (json)
		return cap_format_json(pkt, n, buf, size);
	if (!detail)
		return cap_format_text(pkt, buf, size);
	dec_checksums(pkt, data);
	return cap_format_detail(pkt, buf, size);
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

int cap_open(const struct cap_opts *opts, pcap_t **pp,
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

int cap_set_filter(pcap_t *p, const char *filter, struct ovt_err *e)
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
int cap_dump_open(struct cap_dump *D, pcap_t *p, const char *path,
		  struct ovt_err *e)
{
	int r = sfile_open(&D->wf, path, 0666, e);

	if (r < 0)
		return r;
	D->d = pcap_dump_fopen(p, D->wf.fp);
	if (!D->d) {
		r = ovt_err_set(e, EIO, "%s: %s", path, pcap_geterr(p));
		sfile_abort(&D->wf);
	}
	return r;
}

/* pcap_dump() returns nothing: the safe file keeps the errno of a failed
 * write, a flush pushes out the rest. */
int cap_dump_check(struct cap_dump *D, bool flush, struct ovt_err *e)
{
	int err;

	if (flush && pcap_dump_flush(D->d) < 0 && !sfile_error(&D->wf))
		err = errno ? errno : EIO;
	else
		err = sfile_error(&D->wf);
	if (!err)
		return 0;
	return ovt_err_set(e, err, "writing '%s': %s", D->wf.path,
			   strerror(err));
}

int cap_dump_close(struct cap_dump *D, int r, struct ovt_err *e)
{
	if (r == 0)
		r = cap_dump_check(D, true, e);
	pcap_dump_close(D->d);      /* fcloses wf.fp, already flushed */
	D->d = NULL;
	D->wf.fp = NULL;
	if (r < 0) {
		sfile_abort(&D->wf);
		return r;
	}
	return sfile_commit(&D->wf, e);
}

/* Compile expr for a link type on a dead handle (no packet socket). */
static int cap_inner_prog(int dlt, const char *expr, struct bpf_program *bp,
			  struct ovt_err *e)
{
	pcap_t *d = pcap_open_dead(dlt, CAP_SNAPLEN);
	int r = 0;

	if (!d)
		return ovt_err_set(e, ENOMEM, "out of memory");
	if (pcap_compile(d, bp, expr, 1, PCAP_NETMASK_UNKNOWN) < 0)
		r = ovt_err_set(e, EINVAL, "inner \"%s\": %s", expr,
				pcap_geterr(d));
	pcap_close(d);
	return r;
}

int cap_inner_compile(struct cap_inner *I, const char *expr,
		      struct ovt_err *e)
{
	int r;

	memset(I, 0, sizeof(*I));
	if (!expr || !*expr)
		return 0;
	r = cap_inner_prog(DLT_EN10MB, expr, &I->eth, e);
	if (r < 0)
		return r;
	/* "ether host X" has no meaning on bare IP: such a frame then
	 * never matches */
	I->has_raw = cap_inner_prog(DLT_RAW, expr, &I->raw, NULL) == 0;
	I->on = true;
	return 0;
}

void cap_inner_free(struct cap_inner *I)
{
	if (!I->on)
		return;
	pcap_freecode(&I->eth);
	if (I->has_raw)
		pcap_freecode(&I->raw);
	I->on = false;
}

/* The innermost frame starts at the layer after the last tunnel header
 * (VXLAN: Ethernet; GRE: Ethernet for gretap, else bare IP), or at the
 * first layer when there is no tunnel. */
bool cap_inner_match(const struct cap_inner *I, const struct dec_pkt *pkt,
		     const uint8_t *data)
{
	const struct dec_layer *l;
	const struct bpf_program *bp;
	struct pcap_pkthdr h = { .ts = { 0, 0 } };
	int i, at = 0;

	for (i = 0; i < pkt->n; i++)
		if (pkt->l[i].proto == DEC_VXLAN || pkt->l[i].proto == DEC_GRE)
			at = i + 1;
	if (at >= pkt->n)
		return false;
	l = &pkt->l[at];
	if (l->proto == DEC_ETH)
		bp = &I->eth;
	else if ((l->proto == DEC_IPV4 || l->proto == DEC_IPV6) && I->has_raw)
		bp = &I->raw;
	else
		return false;
	if (l->off >= pkt->caplen)
		return false;
	h.caplen = pkt->caplen - l->off;
	h.len = pkt->len > l->off ? pkt->len - l->off : h.caplen;
	return pcap_offline_filter(bp, &h, data + l->off) != 0;
}

static int cap_loop_run(struct cap_loop *L, const struct cap_opts *opts,
			struct ovt_err *e)
{
	int batch = opts->file ? CAP_BATCH : -1, n, r;

	while (!cancel_requested()) {
		n = pcap_dispatch(L->p, batch, cap_packet, (u_char *)L);
		if (!L->dump.d)
			cap_flush(L);
		else if ((r = cap_dump_check(&L->dump, false, e)) < 0)
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
	struct cap_inner inner;
	pcap_t *p = NULL;
	int r;

	memset(st, 0, sizeof(*st));
	st->live = !opts->file;
	r = cap_inner_compile(&inner, opts->inner, e);
	if (r < 0)
		return r;
	if (opts->nmore) {
		r = cap_multi_run(opts, &inner, o, st, e);
		cap_inner_free(&inner);
		return r;
	}
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
	L->detail = opts->detail;
	L->dlt = pcap_datalink(p);
	L->dec = opts->dec;
	L->count = opts->count;
	L->inner = &inner;
	if (opts->write) {
		r = cap_dump_open(&L->dump, p, opts->write, e);
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
	if (L && L->dump.d)
		r = cap_dump_close(&L->dump, r, e);
	free(L);
	cap_inner_free(&inner);
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
