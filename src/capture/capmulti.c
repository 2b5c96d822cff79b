/* capmulti.c - one capture at several points, one time-ordered stream.
 *
 * Each point's handle is opened in its node's namespace, made
 * non-blocking and polled with the others.  A live handle hands packets
 * over a block at a time (CAP_TIMEOUT_MS in capture.c), so points deliver
 * out of order: packets wait in a pending list sorted by timestamp and
 * are printed once older than CAP_MP_WINDOW_US.
 *
 * Timestamps: a packet socket stamps a frame with skb->tstamp when the
 * kernel set it on receive, else with the time of the copy.  A bridge in
 * promiscuous mode (pcap makes it so) forwards a frame to its ports
 * before it passes a copy up to its own device, so copy times put the
 * underlay before the bridge.  While the capture runs a socket holds
 * SO_TIMESTAMP, which has the kernel stamp every frame on receive (a
 * global switch, as any ping sets it): every copy of a frame in one
 * namespace then carries the time it came in, and the order follows the
 * path.  Such copies tie: VXLAN decapsulates on receive, so the copy with
 * more tunnel headers comes first, then the point given first, then
 * arrival.  Packets are kept raw and decoded
 * when printed, so JSON's "n" counts the merged stream.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "ovtsh/capprint.h"
#include "cap_int.h"

#define CAP_MP_WINDOW_US 300000    /* > a block's timeout, with margin */
#define CAP_MP_PENDING   65536     /* packets waiting at most */
#define CAP_MP_POLL_MS   50
#define CAP_MP_LABEL     (NODE_NAME_MAX + 20)

struct cap_mp_pkt {
	struct timeval ts;
	int point;
	int tunnels;                /* VXLAN/GRE headers: the tie-break */
	uint64_t seq;
	uint32_t caplen, len;
	uint8_t *data;
};

struct cap_mp {
	int n;                      /* points */
	pcap_t *p[CAP_POINTS_MAX];
	int dlt[CAP_POINTS_MAX];
	char label[CAP_POINTS_MAX][CAP_MP_LABEL];
	const struct cap_inner *inner;
	const struct dec_ctx *dec;
	FILE *fp;
	bool json, detail;
	int cur;                    /* the point being read */
	uint64_t seq, emitted, count;
	size_t head, npend;         /* pending: pend[head .. npend) */
	struct cap_mp_pkt pend[CAP_MP_PENDING];
	struct dec_pkt pkt;
	char buf[CAP_MP_LABEL + CAP_JSON_MAX];
};

static bool cap_mp_before(const struct cap_mp_pkt *a, const struct cap_mp_pkt *b)
{
	if (a->ts.tv_sec != b->ts.tv_sec)
		return a->ts.tv_sec < b->ts.tv_sec;
	if (a->ts.tv_usec != b->ts.tv_usec)
		return a->ts.tv_usec < b->ts.tv_usec;
	if (a->tunnels != b->tunnels)
		return a->tunnels > b->tunnels;
	if (a->point != b->point)
		return a->point < b->point;
	return a->seq < b->seq;
}

/* Print the oldest pending packet, with its point. */
static void cap_mp_emit_one(struct cap_mp *M)
{
	struct cap_mp_pkt *k = &M->pend[M->head++];
	const char *lb = M->label[k->point];
	size_t n, ll = strlen(lb);

	dec_packet(&M->pkt, M->dec, M->dlt[k->point], k->data, k->caplen,
		   k->len);
	M->pkt.ts = k->ts;
	M->emitted++;
	if (M->json) {
		/* {"point":"cs2:eth0","n":...}: the label first */
		n = cap_format_json(&M->pkt, M->emitted, M->buf + ll + 11,
				    CAP_JSON_MAX);
		if (n) {
			memcpy(M->buf, "{\"point\":\"", 10);
			memcpy(M->buf + 10, lb, ll);
			M->buf[10 + ll] = '"';
			M->buf[ll + 11] = ',';
			fwrite(M->buf, 1, ll + 11 + n, M->fp);
		}
	} else {
		memcpy(M->buf, lb, ll);
		M->buf[ll] = ' ';
		n = cap_format_pkt(&M->pkt, k->data, false, M->detail, 0,
				   M->buf + ll + 1, CAP_JSON_MAX);
		fwrite(M->buf, 1, ll + 1 + n, M->fp);
	}
	free(k->data);
	if (M->head == M->npend)
		M->head = M->npend = 0;
}

/* Print what is older than cutoff (everything: cutoff NULL), up to count. */
static void cap_mp_emit(struct cap_mp *M, const struct timeval *cutoff)
{
	while (M->head < M->npend && !(M->count && M->emitted >= M->count)) {
		const struct timeval *t = &M->pend[M->head].ts;

		if (cutoff && (t->tv_sec > cutoff->tv_sec ||
			       (t->tv_sec == cutoff->tv_sec &&
				t->tv_usec >= cutoff->tv_usec)))
			break;
		cap_mp_emit_one(M);
	}
	fflush(M->fp);
}

static void cap_mp_packet(u_char *user, const struct pcap_pkthdr *h,
			  const u_char *bytes)
{
	struct cap_mp *M = (struct cap_mp *)user;
	struct cap_mp_pkt k = { .ts = h->ts, .point = M->cur, .seq = M->seq++,
				.caplen = h->caplen, .len = h->len };
	size_t i;
	int l;

	dec_packet(&M->pkt, M->dec, M->dlt[M->cur], bytes, h->caplen, h->len);
	if (M->inner->on && !cap_inner_match(M->inner, &M->pkt, bytes))
		return;
	for (l = 0; l < M->pkt.n; l++)
		k.tunnels += M->pkt.l[l].proto == DEC_VXLAN ||
			     M->pkt.l[l].proto == DEC_GRE;
	k.data = malloc(h->caplen ? h->caplen : 1);
	if (!k.data)
		return;             /* counted as received, not printed */
	memcpy(k.data, bytes, h->caplen);
	if (M->npend == CAP_MP_PENDING) {
		if (M->head == 0)
			cap_mp_emit_one(M);      /* full: the oldest goes now */
		memmove(M->pend, M->pend + M->head,
			(M->npend - M->head) * sizeof(M->pend[0]));
		M->npend -= M->head;
		M->head = 0;
	}
	/* insertion from the end: each point delivers in order */
	for (i = M->npend; i > M->head && cap_mp_before(&k, &M->pend[i - 1]); i--)
		M->pend[i] = M->pend[i - 1];
	M->pend[i] = k;
	M->npend++;
}

static void cap_mp_label(struct cap_mp *M, int i, const struct node *n,
			 const char *ifname)
{
	snprintf(M->label[i], sizeof(M->label[i]), "%s:%s",
		 node_is_host(n) ? "host" : n->name, ifname);
}

/* Open point i: in its namespace, filtered, non-blocking. */
static int cap_mp_open(struct cap_mp *M, int i, const struct cap_opts *opts,
		       const struct node *n, const char *ifname,
		       struct ovt_err *e)
{
	struct cap_opts o = *opts;
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	int r;

	o.node = n;
	o.ifname = ifname;
	cap_mp_label(M, i, n, ifname);
	r = cap_open(&o, &M->p[i], e);
	if (r == 0 && opts->filter && *opts->filter)
		r = cap_set_filter(M->p[i], opts->filter, e);
	if (r == 0 && pcap_setnonblock(M->p[i], 1, errbuf) < 0)
		r = ovt_err_set(e, EIO, "%s: %s", M->label[i], errbuf);
	if (r < 0)
		return r;
	M->dlt[i] = pcap_datalink(M->p[i]);
	M->n = i + 1;
	return 0;
}

static int cap_mp_loop(struct cap_mp *M, struct ovt_err *e)
{
	struct pollfd pfd[CAP_POINTS_MAX + 1];
	struct timeval now, cut;
	int i;

	for (i = 0; i < M->n; i++)
		pfd[i] = (struct pollfd){ .fd = pcap_get_selectable_fd(M->p[i]),
					  .events = POLLIN };
	pfd[M->n] = (struct pollfd){ .fd = cancel_fd(), .events = POLLIN };
	while (!cancel_requested() && !(M->count && M->emitted >= M->count)) {
		if (poll(pfd, (nfds_t)M->n + 1, CAP_MP_POLL_MS) < 0 &&
		    errno != EINTR)
			return ovt_err_set(e, errno, "poll: %s", strerror(errno));
		for (i = 0; i < M->n; i++) {
			M->cur = i;
			if (pcap_dispatch(M->p[i], -1, cap_mp_packet,
					  (u_char *)M) == PCAP_ERROR)
				return ovt_err_set(e, EIO, "%s: %s", M->label[i],
						   pcap_geterr(M->p[i]));
		}
		gettimeofday(&now, NULL);
		cut.tv_sec = now.tv_sec - (now.tv_usec < CAP_MP_WINDOW_US);
		cut.tv_usec = (now.tv_usec + 1000000 - CAP_MP_WINDOW_US) %
			      1000000;
		cap_mp_emit(M, &cut);
	}
	return 0;
}

/* A socket asking for receive timestamps (see the top); -1 when it
 * cannot be had: the order then follows the copy times. */
static int cap_mp_tstamp_on(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &one,
				  sizeof(one)) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int cap_multi_run(const struct cap_opts *opts, const struct cap_inner *inner,
		  struct out *o, struct cap_stats *st, struct ovt_err *e)
{
	struct cap_mp *M;
	struct pcap_stat ps;
	int r = 0, i, ts_fd;

	if (opts->nmore < 0 || opts->nmore >= CAP_POINTS_MAX)
		return ovt_err_set(e, EINVAL, "at most %d points",
				   CAP_POINTS_MAX);
	if (opts->write || opts->file)
		return ovt_err_set(e, EINVAL, "several points are live and "
				   "printed: no write, no read");
	M = calloc(1, sizeof(*M));
	if (!M)
		return ovt_err_set(e, ENOMEM, "out of memory");
	M->inner = inner;
	M->dec = opts->dec;
	M->fp = out_file(o);
	M->json = out_is_json(o);
	M->detail = opts->detail;
	M->count = opts->count;
	/* first: the kernel turns the stamping on in a deferred work */
	ts_fd = cap_mp_tstamp_on();
	r = cap_mp_open(M, 0, opts, opts->node, opts->ifname, e);
	for (i = 0; r == 0 && i < opts->nmore; i++)
		r = cap_mp_open(M, i + 1, opts, opts->more[i].node,
				opts->more[i].ifname, e);
	if (r == 0)
		r = cap_mp_loop(M, e);
	if (ts_fd >= 0)
		close(ts_fd);
	st->interrupted = cancel_take();
	if (r == 0)
		cap_mp_emit(M, NULL);       /* the rest, in order */
	st->captured = M->emitted;
	for (i = 0; i < M->n; i++) {
		if (pcap_stats(M->p[i], &ps) == 0) {
			st->received += ps.ps_recv;
			st->dropped += ps.ps_drop;
		}
		pcap_close(M->p[i]);
	}
	while (M->head < M->npend)
		free(M->pend[M->head++].data);
	free(M);
	return r;
}
