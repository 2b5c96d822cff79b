/* fuzz_docker.c - libFuzzer: arbitrary bytes as Docker Engine API bodies
 * (inspect, list, version, error, image import stream) and as an exec
 * stream cut into pieces at the first byte's value. */
#include <stdint.h>
#include <string.h>

#include "ovtsh/docker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fz_sink(void *arg, enum docker_stream s, const char *p, size_t n)
{
	size_t *total = arg;

	(void)s;
	if (n && !p)
		__builtin_trap();
	*total += n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct docker_ct_list l;
	struct docker_demux d;
	struct docker_ct ct;
	struct ovt_err e;
	char buf[64];
	size_t total = 0, cut;

	docker_parse_inspect(body, size, &ct, &e);
	if (docker_parse_list(body, size, &l, &e) == 0)
		docker_ct_list_free(&l);
	docker_parse_version(body, size, buf, sizeof(buf), &e);
	docker_parse_error(body, size, buf, sizeof(buf));
	docker_parse_import(body, size, &e);

	cut = size ? data[0] % (size + 1) : 0;
	docker_demux_init(&d);
	if (docker_demux_feed(&d, data, cut, fz_sink, &total) == 0)
		docker_demux_feed(&d, data + cut, size - cut, fz_sink, &total);
	if (total > size)
		__builtin_trap();       /* never more payload than bytes fed */
	return 0;
}
