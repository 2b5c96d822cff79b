/* fuzz_net.c - libFuzzer: arbitrary bytes as a kernel NLMSG_ERROR (the
 * extended ACK reader), and as the text of values (ovtsh/value.h: the
 * grammar's and the backends' one parser) and lab aliases. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/net/net_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct val_prefix p;
	unsigned v[8];
	long long x;
	int n;
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
	if (val_prefix_parse(s, AF_UNSPEC, &p, NULL) == 0) {
		val_prefix_str(&p, pb, sizeof(pb));
		val_ifaddr(&p, NULL);
	}
	val_addr_parse(s, AF_UNSPEC, &p, NULL);
	val_ifname(s, NULL);
	val_name(s, NULL);
	val_range(s, -5, 4294967295LL, &x, NULL);
	val_u32_list(s, 1, 1000, v, 8, &n, NULL);
	net_alias_get(s, "peer", buf, sizeof(buf));
	net_alias_get(s, "tunnel", buf, sizeof(buf));
	return 0;
}
