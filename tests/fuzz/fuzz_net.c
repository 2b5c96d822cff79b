/* fuzz_net.c - libFuzzer: arbitrary bytes as a kernel NLMSG_ERROR (the
 * extended ACK reader), and as the text of prefixes, interface names and
 * lab aliases - every parser net commands run before the kernel. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/net/net_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct net_prefix p;
	struct in_addr a;
	char s[300], msg[64], buf[64], pb[64];
	uint8_t *copy;
	int err;

	/* an exact-size copy, so reading past size is caught by ASan */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	net_extack_parse(copy, size, &err, msg, sizeof(msg));
	free(copy);

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	if (net_prefix_parse(s, &p, NULL) == 0)
		net_prefix_str(&p, pb, sizeof(pb));
	net_addr4_parse(s, &a, NULL);
	net_ifname_check(s, NULL);
	net_alias_get(s, "peer", buf, sizeof(buf));
	net_alias_get(s, "tunnel", buf, sizeof(buf));
	return 0;
}
