/* capbg.c - background captures (ovtsh/capture.h): a thread per capture,
 * a mutex-protected ring of the last packets.
 *
 * The handle is opened (in the node's namespace) and filtered by the
 * caller's thread, so the capture thread never changes namespace.  The
 * ring keeps raw packets, not text: "show capture" decodes them when
 * asked, as text or JSON.  Records are laid out one after the other in a
 * byte ring and never split; the oldest are dropped to make room, so
 * memory is CAP_BG_BYTES plus the index whatever the run length.  The
 * thread blocks every signal (Ctrl-C stays the REPL's); stop is a flag
 * plus pcap_breakloop(), which wakes libpcap's poll.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_int.h"

#define CAP_BG_BATCH 4096   /* offline packets per pcap_dispatch */

struct cap_rec {
	size_t pos;                 /* in ring */
	uint32_t caplen, len;       /* kept and wire length */
	struct timeval ts;
	uint64_t n;                 /* number since the start, from 1 */
};

struct cap_bg {
	pthread_t th;
	pthread_mutex_t mu;
	pcap_t *p;
	struct cap_dump dump;
	struct cap_inner inner;
	struct dec_ctx dec;
	int dlt;
	uint64_t count;
	bool stop;                  /* under mu */
	struct cap_bg_info info;    /* under mu */
	struct dec_pkt pkt;         /* the thread's, for the inner filter */
	/* the ring, under mu */
	uint8_t *ring;
	size_t wpos;
	unsigned head, nrec;        /* oldest record, records kept */
	struct cap_rec rec[CAP_BG_PKTS];
};

/* Only the shell's thread touches the table. */
static struct cap_bg *cap_bg_tab[CAP_BG_MAX];
static unsigned cap_bg_next = 1;

static bool cap_bg_overlap(const struct cap_rec *r, size_t pos, size_t n)
{
	return r->pos < pos + n && pos < r->pos + r->caplen;
}

static void cap_bg_drop_oldest(struct cap_bg *B)
{
	B->head = (B->head + 1) % CAP_BG_PKTS;
	B->nrec--;
}

/* Keep a packet: drop the oldest records until it fits (mu held). */
static void cap_bg_keep(struct cap_bg *B, const struct pcap_pkthdr *h,
			const u_char *bytes)
{
	uint32_t n = h->caplen < CAP_BG_SNAP ? h->caplen : CAP_BG_SNAP;
	struct cap_rec *r;

	if (B->wpos + n > CAP_BG_BYTES) {
		/* the tail past wpos holds the previous lap's oldest */
		while (B->nrec && B->rec[B->head].pos >= B->wpos)
			cap_bg_drop_oldest(B);
		B->wpos = 0;
	}
	while (B->nrec && (B->nrec == CAP_BG_PKTS ||
			   cap_bg_overlap(&B->rec[B->head], B->wpos, n)))
		cap_bg_drop_oldest(B);
	r = &B->rec[(B->head + B->nrec) % CAP_BG_PKTS];
	r->pos = B->wpos;
	r->caplen = n;
	r->len = h->len;
	r->ts = h->ts;
	r->n = B->info.packets;
	memcpy(B->ring + B->wpos, bytes, n);
	B->wpos += n;
	B->nrec++;
}

static void cap_bg_packet(u_char *user, const struct pcap_pkthdr *h,
			  const u_char *bytes)
{
	struct cap_bg *B = (struct cap_bg *)user;
	bool full;

	if (B->inner.on) {
		dec_packet(&B->pkt, &B->dec, B->dlt, bytes, h->caplen, h->len);
		if (!cap_inner_match(&B->inner, &B->pkt, bytes))
			return;
	}
	if (B->dump.d)
		pcap_dump((u_char *)B->dump.d, h, bytes);
	pthread_mutex_lock(&B->mu);
	B->info.packets++;
	cap_bg_keep(B, h, bytes);
	full = B->count && B->info.packets >= B->count;
	pthread_mutex_unlock(&B->mu);
	if (full)
		pcap_breakloop(B->p);
}

static void cap_bg_fail(struct cap_bg *B, const struct ovt_err *e)
{
	pthread_mutex_lock(&B->mu);
	B->info.state = CAP_BG_FAILED;
	snprintf(B->info.err, sizeof(B->info.err), "%s", e->msg);
	pthread_mutex_unlock(&B->mu);
}

static void *cap_bg_main(void *arg)
{
	struct cap_bg *B = arg;
	struct ovt_err e = { 0 };
	struct pcap_stat ps;
	int batch = B->info.live ? -1 : CAP_BG_BATCH, n;
	bool stop = false, full;

	while (!stop) {
		n = pcap_dispatch(B->p, batch, cap_bg_packet, (u_char *)B);
		if (n == PCAP_ERROR) {
			ovt_err_set(&e, EIO, "%s", pcap_geterr(B->p));
			cap_bg_fail(B, &e);
			return NULL;
		}
		if (B->dump.d && cap_dump_check(&B->dump, false, &e) < 0) {
			cap_bg_fail(B, &e);
			return NULL;
		}
		pthread_mutex_lock(&B->mu);
		if (B->info.live && pcap_stats(B->p, &ps) == 0) {
			B->info.received = ps.ps_recv;
			B->info.dropped = ps.ps_drop;
		}
		full = B->count && B->info.packets >= B->count;
		stop = B->stop || full || (n == 0 && !B->info.live);
		if (stop && !B->stop)
			B->info.state = CAP_BG_DONE;
		pthread_mutex_unlock(&B->mu);
	}
	return NULL;
}

static void cap_bg_free(struct cap_bg *B)
{
	cap_inner_free(&B->inner);
	if (B->p)
		pcap_close(B->p);
	pthread_mutex_destroy(&B->mu);
	free(B->ring);
	free(B);
}

static void cap_bg_describe(struct cap_bg *B, const struct cap_opts *o)
{
	struct cap_bg_info *i = &B->info;

	i->live = !o->file;
	if (i->live)
		node_str(o->node, i->node, sizeof(i->node));
	snprintf(i->src, sizeof(i->src), "%s", o->file ? o->file : o->ifname);
	snprintf(i->filter, sizeof(i->filter), "%s", o->filter ? o->filter : "");
	snprintf(i->inner, sizeof(i->inner), "%s", o->inner ? o->inner : "");
}

/* The thread starts with every signal blocked (it inherits the mask). */
static int cap_bg_spawn(struct cap_bg *B)
{
	sigset_t all, old;
	int r;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&B->th, NULL, cap_bg_main, B);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -r;
}

int cap_bg_start(const struct cap_opts *opts, unsigned *id,
		 struct ovt_err *e)
{
	struct cap_bg *B;
	int slot, r;

	for (slot = 0; slot < CAP_BG_MAX && cap_bg_tab[slot]; slot++)
		;
	if (slot == CAP_BG_MAX)
		return ovt_err_set(e, ENOSPC, "at most %d background captures "
				   "(no capture ID stops one)", CAP_BG_MAX);
	B = calloc(1, sizeof(*B));
	if (!B || !(B->ring = malloc(CAP_BG_BYTES))) {
		free(B);
		return ovt_err_set(e, ENOMEM, "out of memory");
	}
	pthread_mutex_init(&B->mu, NULL);
	cap_bg_describe(B, opts);
	B->count = opts->count;
	if (opts->dec)
		B->dec = *opts->dec;
	r = cap_inner_compile(&B->inner, opts->inner, e);
	if (r == 0)
		r = cap_open(opts, &B->p, e);
	if (r == 0 && opts->filter && *opts->filter)
		r = cap_set_filter(B->p, opts->filter, e);
	if (r == 0 && opts->write)
		r = cap_dump_open(&B->dump, B->p, opts->write, e);
	if (r < 0)
		goto fail;
	B->dlt = pcap_datalink(B->p);
	B->info.id = cap_bg_next;
	r = cap_bg_spawn(B);
	if (r < 0) {
		ovt_err_set(e, -r, "cannot start a thread: %s", strerror(-r));
		if (B->dump.d)
			cap_dump_close(&B->dump, r, NULL);
		goto fail;
	}
	cap_bg_next++;
	cap_bg_tab[slot] = B;
	*id = B->info.id;
	return 0;
fail:
	cap_bg_free(B);
	return r;
}

static struct cap_bg **cap_bg_find(unsigned id)
{
	for (int i = 0; i < CAP_BG_MAX; i++)
		if (cap_bg_tab[i] && cap_bg_tab[i]->info.id == id)
			return &cap_bg_tab[i];
	return NULL;
}

static void cap_bg_info_get(struct cap_bg *B, struct cap_bg_info *i)
{
	pthread_mutex_lock(&B->mu);
	*i = B->info;
	pthread_mutex_unlock(&B->mu);
}

int cap_bg_list(struct cap_bg_info *v, int max)
{
	struct cap_bg *sorted[CAP_BG_MAX];
	int n = 0, i, j;

	for (i = 0; i < CAP_BG_MAX; i++) {
		if (!cap_bg_tab[i])
			continue;
		for (j = n; j > 0 && sorted[j - 1]->info.id >
				     cap_bg_tab[i]->info.id; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = cap_bg_tab[i];
		n++;
	}
	for (i = 0; i < n && i < max; i++)
		cap_bg_info_get(sorted[i], &v[i]);
	return i;
}

static int cap_bg_noent(unsigned id, struct ovt_err *e)
{
	return ovt_err_set(e, ENOENT, "no capture %u (show captures lists "
			   "them)", id);
}

int cap_bg_show(unsigned id, unsigned last, cap_bg_fn *fn, void *arg,
		struct cap_bg_info *info, struct ovt_err *e)
{
	struct cap_bg **pb = cap_bg_find(id), *B;
	struct cap_rec *rec = NULL;
	struct dec_pkt *pkt = NULL;
	uint8_t *data = NULL;
	size_t used = 0;
	unsigned n, i, k;
	int r = 0;

	if (!pb)
		return cap_bg_noent(id, e);
	B = *pb;
	/* copy the records out, so the thread waits only for a memcpy */
	pthread_mutex_lock(&B->mu);
	n = last && last < B->nrec ? last : B->nrec;
	rec = malloc((n ? n : 1) * sizeof(*rec));
	data = malloc(n ? (size_t)n * CAP_BG_SNAP : 1);
	if (rec && data) {
		for (i = 0; i < n; i++) {
			k = (B->head + B->nrec - n + i) % CAP_BG_PKTS;
			rec[i] = B->rec[k];
			memcpy(data + used, B->ring + rec[i].pos,
			       rec[i].caplen);
			rec[i].pos = used;
			used += rec[i].caplen;
		}
	}
	if (info)
		*info = B->info;
	pthread_mutex_unlock(&B->mu);
	pkt = malloc(sizeof(*pkt));
	if (!rec || !data || !pkt) {
		r = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		dec_packet(pkt, &B->dec, B->dlt, data + rec[i].pos,
			   rec[i].caplen, rec[i].len);
		pkt->ts = rec[i].ts;
		fn(arg, pkt, data + rec[i].pos, rec[i].n);
	}
out:
	free(pkt);
	free(data);
	free(rec);
	return r;
}

/* Stop B's thread, complete its file, free it. */
static int cap_bg_end(struct cap_bg *B, struct cap_bg_info *info,
		      struct ovt_err *e)
{
	int r = 0;

	pthread_mutex_lock(&B->mu);
	B->stop = true;
	pthread_mutex_unlock(&B->mu);
	pcap_breakloop(B->p);
	pthread_join(B->th, NULL);
	if (B->info.state == CAP_BG_RUNNING)
		B->info.state = CAP_BG_DONE;
	if (B->dump.d)
		r = cap_dump_close(&B->dump, B->info.state == CAP_BG_FAILED ?
				   -EIO : 0, e);
	if (info)
		*info = B->info;
	cap_bg_free(B);
	return r;
}

int cap_bg_stop(unsigned id, struct cap_bg_info *info, struct ovt_err *e)
{
	struct cap_bg **pb = cap_bg_find(id), *B;

	if (!pb)
		return cap_bg_noent(id, e);
	B = *pb;
	*pb = NULL;
	return cap_bg_end(B, info, e);
}

int cap_bg_stop_all(void)
{
	int n = 0;

	for (int i = 0; i < CAP_BG_MAX; i++) {
		if (!cap_bg_tab[i])
			continue;
		cap_bg_end(cap_bg_tab[i], NULL, NULL);
		cap_bg_tab[i] = NULL;
		n++;
	}
	return n;
}
