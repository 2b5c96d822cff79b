/* net_ping.c - ICMP echo probes from nodes (net.h, "probes").
 *
 * One socket per source node, made inside its namespace (a socket keeps
 * the namespace it was created in, so ovtsh goes straight back home) and
 * then driven from ovtsh's own: every probe of every source is sent in
 * the same round and the replies are read as they come with poll(), so
 * a lab of a hundred nodes is checked in about one timeout.
 *
 * The socket is raw (root; a new namespace's ping_group_range admits no
 * one to ICMP datagram sockets), else an ICMP datagram socket.  A raw
 * socket sees every ICMP packet of its namespace: replies are ours when
 * the identifier, the probe index and the round in the payload match.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "ovtsh/net.h"

#define PING_BUF 65536
/* Sends between two pauses of PING_PAUSE_MS: each request is queued to
 * the receiving veth's per-CPU backlog (netdev_max_backlog, 1000), which
 * softirq work drains only when ovtsh lets it run; a burst of thousands
 * would be dropped there. */
#define PING_BURST    64
#define PING_PAUSE_MS 1

/* What a probe carries after the ICMP header. */
struct ping_stamp {
	uint64_t ns;            /* send time, CLOCK_MONOTONIC */
	uint32_t probe;         /* index in the caller's array */
	uint32_t round;
};

struct ping_sock {
	int fd;
	bool raw;               /* replies start with the IP header */
	uint16_t id;            /* raw: the identifier we send */
};

static uint64_t ping_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint16_t ping_cksum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t s = 0;

	for (; n > 1; n -= 2, b += 2)
		s += (uint32_t)(b[0] << 8 | b[1]);
	if (n)
		s += (uint32_t)b[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((uint16_t)~s);
}

static int ping_sock_open(const struct node *n, uint16_t id,
			  struct ping_sock *s, struct ovt_err *e)
{
	struct node_ns save;
	int r, big = 1 << 20;

	r = node_enter(n, &save, e);
	if (r < 0)
		return r;
	s->raw = true;
	s->fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       IPPROTO_ICMP);
	if (s->fd < 0 && (errno == EPERM || errno == EACCES)) {
		s->raw = false;
		s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
			       SOCK_CLOEXEC, IPPROTO_ICMP);
	}
	r = s->fd < 0 ? -errno : 0;
	node_leave(&save);
	if (r < 0) {
		char buf[NODE_NAME_MAX + 16];

		return ovt_err_set(e, -r, "ICMP socket in %s: %s",
				   node_str(n, buf, sizeof(buf)),
				   strerror(-r));
	}
	/* a hundred peers' requests and replies arrive at once */
	if (setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &big,
		       sizeof(big)) < 0)
		setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	s->id = id;
	return 0;
}

static void ping_send(const struct ping_sock *s, struct net_probe *p,
		      uint32_t idx, uint32_t round, size_t size, uint8_t *buf)
{
	struct icmphdr *h = (struct icmphdr *)buf;
	struct ping_stamp st = { .probe = idx, .round = round };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = p->dst };
	size_t len = sizeof(*h) + size;

	memset(buf, 0, len);
	for (size_t i = sizeof(*h) + sizeof(st); i < len; i++)
		buf[i] = (uint8_t)i;
	h->type = ICMP_ECHO;
	h->un.echo.id = htons(s->id);
	h->un.echo.sequence = htons((uint16_t)round);
	st.ns = ping_now();
	memcpy(buf + sizeof(*h), &st, sizeof(st));
	h->checksum = ping_cksum(buf, len);
	/* a send that fails (no route, full buffer) is a lost probe */
	sendto(s->fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to));
	p->sent++;
}

/* Account one packet read from source src's socket. */
static void ping_recv_one(const struct ping_sock *s, int src,
			  struct net_probe *p, int np, const uint8_t *b,
			  size_t n, uint64_t now)
{
	const struct icmphdr *h;
	struct ping_stamp st;
	struct net_probe *q;
	double ms;

	if (s->raw) {
		size_t ihl;

		if (n < sizeof(struct iphdr))
			return;
		ihl = (size_t)(b[0] & 0x0f) * 4;
		if (ihl < sizeof(struct iphdr) || n < ihl)
			return;
		b += ihl;
		n -= ihl;
	}
	if (n < sizeof(*h) + sizeof(st))
		return;
	h = (const struct icmphdr *)b;
	if (h->type != ICMP_ECHOREPLY ||
	    (s->raw && ntohs(h->un.echo.id) != s->id))
		return;
	memcpy(&st, b + sizeof(*h), sizeof(st));
	if (st.probe >= (uint32_t)np)
		return;
	q = &p[st.probe];
	/* another source's probe (two raw sockets in one namespace), or a
	 * round already counted (a duplicate) */
	if (q->src != src || st.round >= 64 || (q->seen >> st.round) & 1 ||
	    st.ns > now)
		return;
	q->seen |= 1ull << st.round;
	ms = (double)(now - st.ns) / 1e6;
	if (!q->recv || ms < q->rtt_min)
		q->rtt_min = ms;
	if (ms > q->rtt_max)
		q->rtt_max = ms;
	q->rtt_sum += ms;
	q->recv++;
}

static void ping_drain(const struct ping_sock *s, int src,
		       struct net_probe *p, int np, uint8_t *buf)
{
	ssize_t n;

	while ((n = recv(s->fd, buf, PING_BUF, 0)) > 0)
		ping_recv_one(s, src, p, np, buf, (size_t)n, ping_now());
}

/* Wait up to ms for replies and read those that came. */
static int ping_wait(struct pollfd *pf, const struct ping_sock *s, int nsrc,
		     struct net_probe *p, int np, uint8_t *buf, int ms,
		     struct ovt_err *e)
{
	if (poll(pf, (nfds_t)nsrc + 1, ms) < 0 && errno != EINTR)
		return ovt_err_set(e, errno, "poll: %s", strerror(errno));
	for (int i = 0; i < nsrc; i++)
		if (pf[i].revents & POLLIN)
			ping_drain(&s[i], i, p, np, buf);
	return 0;
}

/* Nothing left to wait for: every request answered (retry: every probe
 * answered once, the later rounds are not needed). */
static bool ping_all_back(const struct net_probe *p, int np, bool retry)
{
	for (int i = 0; i < np; i++)
		if (retry ? !p[i].recv : p[i].recv < p[i].sent)
			return false;
	return true;
}

int net_probe_run(const struct node *src, int nsrc, struct net_probe *p,
		  int np, const struct net_probe_opts *o, bool *interrupted,
		  struct ovt_err *e)
{
	struct ping_sock *s = calloc((size_t)nsrc, sizeof(*s));
	struct pollfd *pf = calloc((size_t)nsrc + 1, sizeof(*pf));
	uint8_t *buf = malloc(PING_BUF);
	uint64_t next = ping_now(), end = 0;
	uint16_t id0 = (uint16_t)(getpid() * 131u);
	unsigned round = 0;
	int r = 0, i;

	*interrupted = false;
	if (!s || !pf || !buf) {
		r = ovt_err_set(e, ENOMEM, "out of memory");
		goto out;
	}
	if (o->count < 1 || o->count > 64 ||
	    o->size < sizeof(struct ping_stamp) ||
	    o->size > PING_BUF - 128) {
		r = ovt_err_set(e, EINVAL, "bad probe count or size");
		goto out;
	}
	for (i = 0; i < nsrc; i++)
		s[i].fd = -1;
	for (i = 0; i < np; i++) {
		p[i].sent = p[i].recv = 0;
		p[i].seen = 0;
		p[i].rtt_min = p[i].rtt_max = p[i].rtt_sum = 0;
	}
	for (i = 0; i < nsrc; i++) {
		r = ping_sock_open(&src[i], (uint16_t)(id0 + i), &s[i], e);
		if (r < 0)
			goto out;
		pf[i] = (struct pollfd){ .fd = s[i].fd, .events = POLLIN };
	}
	pf[nsrc] = (struct pollfd){ .fd = cancel_fd(), .events = POLLIN };
	for (;;) {
		uint64_t now = ping_now(), until;
		int wait_ms;

		if (cancel_take()) {
			*interrupted = true;
			break;
		}
		if (round < o->count && now >= next) {
			unsigned n = 0;

			for (i = 0; i < np; i++) {
				if (o->retry && p[i].recv)
					continue;
				ping_send(&s[p[i].src], &p[i], (uint32_t)i,
					  round, o->size, buf);
				if (++n % PING_BURST == 0 &&
				    (r = ping_wait(pf, s, nsrc, p, np, buf,
						   PING_PAUSE_MS, e)) < 0)
					goto out;
			}
			round++;
			next = now + (uint64_t)o->interval_ms * 1000000u;
			if (round == o->count)
				end = now + (uint64_t)o->timeout_ms * 1000000u;
		}
		if ((round == o->count && now >= end) ||
		    ((round == o->count || (o->retry && round)) &&
		     ping_all_back(p, np, o->retry)))
			break;
		until = round < o->count ? next : end;
		wait_ms = until > now ? (int)((until - now + 999999) / 1000000)
				      : 0;
		r = ping_wait(pf, s, nsrc, p, np, buf, wait_ms, e);
		if (r < 0)
			goto out;
	}
out:
	for (i = 0; s && i < nsrc; i++)
		if (s[i].fd >= 0)
			close(s[i].fd);
	free(s);
	free(pf);
	free(buf);
	return r;
}

/* ---- which address of a node to probe ---- */

static bool ping_same_subnet(const struct val_prefix *a,
			     const struct val_prefix *b)
{
	uint32_t x, y, mask;
	unsigned len = a->len < b->len ? a->len : b->len;

	memcpy(&x, a->addr, 4);
	memcpy(&y, b->addr, 4);
	mask = len ? htonl(~0u << (32 - len)) : 0;
	return ((x ^ y) & mask) == 0;
}

bool net_addr_pick(const struct net_addr_info *src, int ns,
		   const struct net_addr_info *dst, int nd,
		   struct in_addr *out)
{
	const struct net_addr_info *global = NULL;

	for (int j = 0; j < nd; j++) {
		if (dst[j].p.family != AF_INET ||
		    dst[j].scope != RT_SCOPE_UNIVERSE)
			continue;
		if (!global)
			global = &dst[j];
		for (int i = 0; i < ns; i++)
			if (src[i].p.family == AF_INET &&
			    src[i].scope == RT_SCOPE_UNIVERSE &&
			    ping_same_subnet(&src[i].p, &dst[j].p)) {
				memcpy(out, dst[j].p.addr, 4);
				return true;
			}
	}
	if (global)
		memcpy(out, global->p.addr, 4);
	return global != NULL;
}

int net_node_addrs4(const struct node *n, struct net_addr_info **out,
		    int *count, struct ovt_err *e)
{
	struct net_nl *nl = NULL;
	int r;

	*out = NULL;
	*count = 0;
	r = net_open(n, &nl, e);
	if (r < 0)
		return r;
	r = net_addr_list(nl, 0, AF_INET, out, count, e);
	net_close(nl);
	return r;
}

int net_neigh_max(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/neigh/default/gc_thresh3", "re");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}
