/* value.h - the values ovtsh reads: node and interface names, IPv4 and
 * IPv6 addresses and prefixes, numbers in a range, comma lists.
 *
 * One parser serves the grammar's placeholder types (src/cli/types.c: a
 * refusal with its column, the parsed value kept with the argument) and
 * the backends (a refusal before any netlink message or Docker call), so
 * the two never disagree and a handler never parses a value again.  Pure
 * functions: 0, or -errno with e filled (e may be NULL).  A name is
 * copied into a fixed buffer only after its check, and a copy that would
 * not fit is refused, never cut.
 */
#ifndef OVTSH_VALUE_H
#define OVTSH_VALUE_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "ovtsh/err.h"

/* ---- names ---- */
/* The longest interface name: IFNAMSIZ less its NUL. */
#define VAL_IFNAME_MAX (IFNAMSIZ - 1)
#define VAL_NAME_MAX   63

/* NAME (hypervisors, containers): 1-63 bytes of A-Z a-z 0-9 _ . -,
 * starting with a letter or digit (Docker's container name rule). */
int val_name(const char *s, struct ovt_err *e);
/* The first byte of s outside that rule (s itself when s does not start
 * with a letter or digit), or NULL: the rule of lab names too. */
const char *val_name_bad(const char *s);
/* A node's name as a file name (/run/netns/NAME) that fits a buffer of
 * size bytes: not empty, no '/', not "." or "..".  what names the kind
 * in messages ("hypervisor name 'x' ..."). */
int val_node_name(const char *what, const char *s, size_t size,
		  struct ovt_err *e);
/* The kernel's dev_valid_name(): 1-15 bytes, no '/', ':' or white space
 * (its isspace() includes byte 0xa0), not "." or "..".  -EINVAL or
 * -ENAMETOOLONG. */
int val_ifname(const char *s, struct ovt_err *e);
/* Check s as an interface name and copy it into dst (IFNAMSIZ bytes);
 * s NULL makes dst "" (none). */
int val_ifname_set(char dst[IFNAMSIZ], const char *s, struct ovt_err *e);
/* Copy s whole into dst of size bytes, or refuse (-ENAMETOOLONG, what
 * names it: "tunnel name 'x' is longer than N bytes"). */
int val_copy(char *dst, size_t size, const char *s, const char *what,
	     struct ovt_err *e);

/* ---- addresses and prefixes ---- */
/* An address (len 32 or 128) or a prefix: network-order bytes. */
struct val_prefix {
	int family;             /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	unsigned len;
};
/* "A.B.C.D" (AF_INET) or "X:X::X:X" (AF_INET6); len is the full length. */
int val_addr_parse(const char *s, int family, struct val_prefix *p,
		   struct ovt_err *e);
/* "A.B.C.D/M" or "X:X::X:X/M" of family, or either with AF_UNSPEC. */
int val_prefix_parse(const char *s, int family, struct val_prefix *p,
		     struct ovt_err *e);
/* p as the address of an interface: a unicast host address, not the
 * unspecified one, loopback, multicast, IPv4 class E or the limited
 * broadcast, nor the broadcast address of its own prefix (/31 and /32
 * have none).  -EINVAL otherwise. */
int val_ifaddr(const struct val_prefix *p, struct ovt_err *e);
/* "A.B.C.D/M", "X:X::X:X/M" */
const char *val_prefix_str(const struct val_prefix *p, char *buf, size_t len);
/* The address alone: "A.B.C.D", "X:X::X:X" */
const char *val_addr_str(const struct val_prefix *p, char *buf, size_t len);

/* ---- numbers and lists ---- */
/* A decimal integer within lo-hi. */
int val_range(const char *s, long long lo, long long hi, long long *v,
	      struct ovt_err *e);
/* Comma-separated words: none empty. */
int val_list(const char *s, struct ovt_err *e);
/* Comma-separated unsigned numbers, each lo-hi, at most max of them, into
 * v[0..*n).  -EINVAL for a bad element, -E2BIG for too many (the caller
 * words the message; e names the element). */
int val_u32_list(const char *s, unsigned lo, unsigned hi, unsigned *v,
		 int max, int *n, struct ovt_err *e);

#endif
