/* test_net_extack.c - the kernel's extended ACK read from canned
 * NLMSG_ERROR bytes: capped and uncapped, truncated attributes, no TLVs,
 * a message longer than the buffer.  Never reads past the given length. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../src/net/net_int.h"
#include "t.h"

#define F_CAPPED 0x100
#define F_TLVS   0x200

struct canned {
	uint8_t b[512];
	size_t len;
};

/* NLMSG_ERROR with errno err; req_payload bytes of request echoed unless
 * capped; then an NLMSGERR_ATTR_MSG with text (if any). */
static void can(struct canned *c, int err, unsigned flags, size_t req_payload,
		const char *text, int bad_nla_len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)c->b;
	struct nlmsgerr *ne = (struct nlmsgerr *)(c->b + NLMSG_HDRLEN);
	size_t off;

	memset(c, 0, sizeof(*c));
	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_flags = (uint16_t)flags;
	ne->error = -err;
	ne->msg.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + req_payload);
	ne->msg.nlmsg_type = RTM_NEWLINK;
	off = NLMSG_HDRLEN + sizeof(*ne);
	if (!(flags & F_CAPPED))
		off += NLMSG_ALIGN(req_payload);
	if (text) {
		struct nlattr *a = (struct nlattr *)(c->b + off);
		size_t n = strlen(text) + 1;

		a->nla_type = 1;             /* NLMSGERR_ATTR_MSG */
		a->nla_len = (uint16_t)(bad_nla_len ? bad_nla_len :
					(int)(NLA_HDRLEN + n));
		memcpy(c->b + off + NLA_HDRLEN, text, n);
		off += NLA_ALIGN(NLA_HDRLEN + n);
	}
	h->nlmsg_len = (uint32_t)off;
	c->len = off;
}

int main(void)
{
	struct canned c;
	char msg[64];
	int err = 0;

	can(&c, EOPNOTSUPP, F_CAPPED | F_TLVS, 0, "Unknown device type\n", 0);
	T_INTEQ(net_extack_parse(c.b, c.len, &err, msg, sizeof(msg)), 0);
	T_INTEQ(err, EOPNOTSUPP);
	T_STREQ(msg, "Unknown device type");

	/* uncapped: the 36-byte request sits between error and TLVs */
	can(&c, EINVAL, F_TLVS, 36, "Invalid prefix for given prefix length", 0);
	T_INTEQ(net_extack_parse(c.b, c.len, &err, msg, sizeof(msg)), 0);
	T_INTEQ(err, EINVAL);
	T_STREQ(msg, "Invalid prefix for given prefix length");

	/* no TLV flag: errno only */
	can(&c, EEXIST, F_CAPPED, 0, "ignored", 0);
	T_INTEQ(net_extack_parse(c.b, c.len, &err, msg, sizeof(msg)), 0);
	T_INTEQ(err, EEXIST);
	T_STREQ(msg, "");

	/* an attribute claiming more bytes than the message holds */
	can(&c, EPERM, F_CAPPED | F_TLVS, 0, "abc", 400);
	T_INTEQ(net_extack_parse(c.b, c.len, &err, msg, sizeof(msg)), 0);
	T_INTEQ(err, EPERM);
	T_STREQ(msg, "");

	/* the buffer ends inside the attribute (truncated read) */
	can(&c, ENODEV, F_CAPPED | F_TLVS, 0, "No such device here", 0);
	T_INTEQ(net_extack_parse(c.b, c.len - 8, &err, msg, sizeof(msg)), 0);
	T_STREQ(msg, "");

	/* a message longer than the caller's buffer is cut, not overrun */
	can(&c, EINVAL, F_CAPPED | F_TLVS, 0, "0123456789abcdef", 0);
	T_INTEQ(net_extack_parse(c.b, c.len, &err, msg, 8), 0);
	T_STREQ(msg, "0123456");

	/* too short for an error message, or another type */
	T_INTEQ(net_extack_parse(c.b, 10, &err, msg, sizeof(msg)), -1);
	((struct nlmsghdr *)c.b)->nlmsg_type = RTM_NEWLINK;
	T_INTEQ(net_extack_parse(c.b, c.len, &err, msg, sizeof(msg)), -1);
	T_DONE();
}
