/* fuzz_dissect.c - libFuzzer target: the whole decoder, the checksum
 * pass and the printers (text, detail, JSON).
 * The first input byte picks the link type, the rest is the frame; the
 * wire length claims a few bytes more than captured now and then so the
 * truncation paths run too.  Every JSON line must fit and parse (jansson
 * reads it back), and the frame's bytes as a JSON string must too: the
 * streaming writer's escaping on arbitrary bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pcap/dlt.h>

#include "ovtsh/capprint.h"
#include "ovtsh/jw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int fuzz_dlts[] = {
	DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_LINUX_SLL2,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a lab's own VXLAN port too, as "capture" passes the decoder */
	static const struct dec_ctx ctx = { .vxlan_ports = { 4790 },
					    .n_vxlan = 1 };
	static struct dec_pkt pkt;
	static char line[CAP_LINE_MAX], js[CAP_JSON_MAX], str[6 * 65536 + 8];
	uint32_t caplen, len;
	size_t n;
	json_t *j;
	struct jw w;
	int dlt;

	if (size < 1 || size > 65536)
		return 0;
	dlt = fuzz_dlts[data[0] & 3];
	caplen = (uint32_t)(size - 1);
	len = caplen + ((data[0] & 4) ? data[0] : 0);
	dec_packet(&pkt, &ctx, dlt, data + 1, caplen, len);
	pkt.ts.tv_sec = data[0];
	cap_format_text(&pkt, line, sizeof(line));
	dec_checksums(&pkt, data + 1);
	n = cap_format_detail(&pkt, line, sizeof(line));
	if (!n || line[n - 1] != '\n')
		abort();
	n = cap_format_json(&pkt, 1, js, sizeof(js));
	if (!n || js[n - 1] != '\n')
		abort();
	j = json_loadb(js, n, 0, NULL);
	if (!j)
		abort();
	json_decref(j);
	/* the raw bytes as a string: always JSON, the same bytes back
	 * where they are valid UTF-8 */
	jw_init(&w, str, sizeof(str));
	jw_strn(&w, NULL, (const char *)data, size);
	j = json_loadb(str, jw_len(&w), JSON_DECODE_ANY | JSON_ALLOW_NUL,
		       NULL);
	if (!jw_ok(&w) || !json_is_string(j))
		abort();
	json_decref(j);
	j = json_stringn((const char *)data, size);
	if (j) {
		char *d = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);

		if (!d || strlen(d) != jw_len(&w) ||
		    memcmp(d, str, jw_len(&w)))
			abort();
		free(d);
		json_decref(j);
	}
	return 0;
}
