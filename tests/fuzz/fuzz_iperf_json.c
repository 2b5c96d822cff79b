/* fuzz_iperf_json - libFuzzer: arbitrary bytes as iperf3 -J output, and a
 * syscall list for the seccomp filter parser.  Neither may crash or leak;
 * a parse either fills the result or says why not. */
#include <stdint.h>
#include <string.h>

#include "ovtsh/bench.h"
#include "ovtsh/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bench_res r;
	struct trace_filter f;
	struct ovt_err e = { 0 };
	char list[256];
	unsigned len = size ? data[0] * 100u : 0;

	if (bench_iperf_parse((const char *)data, size, len, &r, &e) == 0 &&
	    (r.blocks_ps < 0 || r.bps != r.bps))
		__builtin_trap();
	if (size < sizeof(list)) {
		memcpy(list, data, size);
		list[size] = '\0';
		if (trace_filter_parse(&f, list, &e) == 0 &&
		    (f.n < 1 || f.n > TRACE_FILTER_MAX))
			__builtin_trap();
	}
	return 0;
}
