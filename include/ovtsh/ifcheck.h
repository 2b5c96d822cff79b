/* ifcheck.h - what the kernel and a sane lab take as an interface's name
 * and an interface's own address.  Pure checks shared by the grammar's
 * placeholder types (a refusal with its column) and the net backend (a
 * refusal before any netlink message), so the two never disagree.
 */
#ifndef OVTSH_IFCHECK_H
#define OVTSH_IFCHECK_H

#include "ovtsh/err.h"

/* The longest interface name: IFNAMSIZ less its NUL. */
#define IFCHECK_NAME_MAX 15

/* The kernel's dev_valid_name(): 1-15 bytes, no '/', ':' or white space
 * (its isspace() includes byte 0xa0), not "." or "..".  0, or -EINVAL /
 * -ENAMETOOLONG with e filled. */
int ifcheck_name(const char *name, struct ovt_err *e);

/* addr (network order, 4 bytes for AF_INET, 16 for AF_INET6) with prefix
 * length plen, as the address of an interface: a unicast host address,
 * not the unspecified one, loopback, multicast, IPv4 class E or the
 * limited broadcast, nor the broadcast address of its own prefix (/31
 * and /32 have none).  0, or -EINVAL with e filled. */
int ifcheck_addr(int family, const void *addr, unsigned plen,
		 struct ovt_err *e);

#endif
