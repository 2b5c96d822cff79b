/* fuzz_dissect.c - libFuzzer target: the whole decoder and both printers.
 * The first input byte picks the link type, the rest is the frame; the
 * wire length claims a few bytes more than captured now and then so the
 * truncation paths run too. */
#include <stdint.h>
#include <stdio.h>

#include <pcap/dlt.h>

#include "ovtsh/capture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int fuzz_dlts[] = {
	DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_LINUX_SLL2,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct out *o;
	static struct dec_pkt pkt;
	static char line[CAP_LINE_MAX];
	uint32_t caplen, len;
	int dlt;

	if (size < 1 || size > 65536)
		return 0;
	if (!o) {
		FILE *fp = fopen("/dev/null", "w");

		if (!fp)
			return 0;
		o = out_new(fp, true);
	}
	dlt = fuzz_dlts[data[0] & 3];
	caplen = (uint32_t)(size - 1);
	len = caplen + ((data[0] & 4) ? data[0] : 0);
	dec_packet(&pkt, dlt, data + 1, caplen, len);
	pkt.ts.tv_sec = data[0];
	cap_format_text(&pkt, line, sizeof(line));
	cap_print_json(o, &pkt, 1);
	return 0;
}
