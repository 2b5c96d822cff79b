/* net_sock.c - netlink sockets bound to a node's namespace, and the
 * kernel's own error text (extended ACK). */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <netlink/msg.h>

#include "net_int.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#define NET_NLMSGERR_ATTR_MSG 1

int net_extack_parse(const void *buf, size_t len, int *err, char *msg,
		     size_t msglen)
{
	const struct nlmsghdr *h = buf;
	const struct nlmsgerr *ne;
	size_t off, total;

	msg[0] = '\0';
	if (len < NLMSG_HDRLEN + sizeof(*ne) || h->nlmsg_type != NLMSG_ERROR)
		return -1;
	ne = (const struct nlmsgerr *)((const char *)buf + NLMSG_HDRLEN);
	*err = ne->error < 0 ? -ne->error : ne->error;
	total = h->nlmsg_len < len ? h->nlmsg_len : len;
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	off = NLMSG_HDRLEN + sizeof(*ne);
	/* unless capped, the request follows: skip it */
	if (!(h->nlmsg_flags & NLM_F_CAPPED)) {
		if (ne->msg.nlmsg_len < NLMSG_HDRLEN)
			return 0;
		off += NLMSG_ALIGN(ne->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	while (off + NLA_HDRLEN <= total) {
		const struct nlattr *a = (const struct nlattr *)
					 ((const char *)buf + off);
		size_t n;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > total - off)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NET_NLMSGERR_ATTR_MSG) {
			n = a->nla_len - NLA_HDRLEN;
			if (n >= msglen)
				n = msglen - 1;
			memcpy(msg, (const char *)a + NLA_HDRLEN, n);
			msg[n] = '\0';
			n = strlen(msg);
			while (n && msg[n - 1] == '\n')
				msg[--n] = '\0';
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

/* libnl keeps only a mapped code; record the errno and the extack
 * message so errors can say what the kernel said. */
static int net_err_cb(struct sockaddr_nl *who, struct nlmsgerr *err,
		      void *arg)
{
	struct net_nl *nl = arg;
	const struct nlmsghdr *h = (const struct nlmsghdr *)
				   ((char *)err - NLMSG_HDRLEN);
	(void)who;

	nl->kerr = err->error < 0 ? -err->error : err->error;
	net_extack_parse(h, h->nlmsg_len, &nl->kerr, nl->ext,
			 sizeof(nl->ext));
	return NL_STOP;
}

int net_open_here(const struct node *n, struct net_nl **out,
		  struct ovt_err *e)
{
	struct net_nl *nl;
	int r, one = 1;

	*out = NULL;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return ovt_err_set(e, ENOMEM, "out of memory");
	nl->node = *n;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		r = ovt_err_set(e, ENOMEM, "out of memory");
		goto fail;
	}
	r = nl_connect(nl->sk, NETLINK_ROUTE);
	if (r < 0) {
		r = ovt_err_set(e, EIO, "cannot open netlink socket: %s",
				nl_geterror(r));
		goto fail;
	}
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	nl_socket_modify_err_cb(nl->sk, NL_CB_CUSTOM, net_err_cb, nl);
	*out = nl;
	return 0;
fail:
	if (nl->sk)
		if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl);
	return r;
}

int net_open(const struct node *n, struct net_nl **out, struct ovt_err *e)
{
	struct node_ns save;
	int r;

	*out = NULL;
	r = node_enter(n, &save, e);
	if (r < 0)
		return net_plan_open(n, out, r);
	r = net_open_here(n, out, e);
	node_leave(&save);
	return r;
}

void net_close(struct net_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

int net_nl_netns_fd(struct net_nl *nl, struct ovt_err *e)
{
	char nb[96];
	int fd;

	fd = ioctl(nl_socket_get_fd(nl->sk), SIOCGSKNS);
	if (fd < 0)
		return ovt_err_set(e, errno, "cannot open the namespace of %s: "
				   "%s", node_str(&nl->node, nb, sizeof(nb)),
				   strerror(errno));
	return fd;
}

const struct node *net_node(const struct net_nl *nl)
{
	return &nl->node;
}

int net_nl_dump(struct net_nl *nl, int type, const void *req, size_t len,
		nl_recvmsg_msg_cb_t parse, void *arg)
{
	struct nl_cb *sk_cb, *cb;
	int r;

	net_nl_reset(nl);
	if (nl->phantom)
		return 0;               /* a planned node: nothing in it */
	/* the socket's callbacks (its error handler) plus ours */
	sk_cb = nl_socket_get_cb(nl->sk);
	cb = nl_cb_clone(sk_cb);
	nl_cb_put(sk_cb);
	if (!cb)
		return -NLE_NOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, parse, arg);
	r = nl_send_simple(nl->sk, type, NLM_F_DUMP, (void *)req, len);
	if (r >= 0)
		r = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	return r;
}

void *net_grow(void *v, int n, int *cap, size_t sz, int *err)
{
	int c = *cap ? *cap * 2 : 16;
	void *nv;

	if (v && n < *cap)
		return v;
	nv = realloc(v, (size_t)c * sz);
	if (nv)
		*cap = c;
	else
		*err = ENOMEM;
	return nv;
}

void net_nl_reset(struct net_nl *nl)
{
	nl->kerr = 0;
	nl->ext[0] = '\0';
}

/* libnl codes for the cases where no NLMSG_ERROR told the errno. */
static const struct { int nle, err; } net_nle_map[] = {
	{ NLE_EXIST, EEXIST },      { NLE_OBJ_NOTFOUND, ENOENT },
	{ NLE_NODEV, ENODEV },      { NLE_PERM, EPERM },
	{ NLE_NOMEM, ENOMEM },      { NLE_INVAL, EINVAL },
	{ NLE_OPNOTSUPP, EOPNOTSUPP }, { NLE_BUSY, EBUSY },
	{ NLE_RANGE, ERANGE },      { NLE_NOADDR, EADDRNOTAVAIL },
	{ NLE_AF_NOSUPPORT, EAFNOSUPPORT }, { NLE_NOACCESS, EACCES },
};

int net_nl_errno(struct net_nl *nl, int r)
{
	size_t i;

	if (nl && nl->kerr)
		return nl->kerr;
	if (r < 0)
		r = -r;
	for (i = 0; i < sizeof(net_nle_map) / sizeof(net_nle_map[0]); i++)
		if (net_nle_map[i].nle == r)
			return net_nle_map[i].err;
	return EIO;
}

int net_nl_fail(struct net_nl *nl, int r, struct ovt_err *e,
		const char *fmt, ...)
{
	char what[256];
	int err = net_nl_errno(nl, r);
	const char *why;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (nl && nl->ext[0])
		why = nl->ext;
	else if (nl && nl->kerr)
		why = strerror(nl->kerr);
	else
		why = nl_geterror(r);
	if (err == EPERM)
		return ovt_err_set(e, err, "%s: %s (ovtsh needs CAP_NET_ADMIN)",
				   what, why);
	return ovt_err_set(e, err, "%s: %s", what, why);
}
