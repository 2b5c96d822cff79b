/* test_dissect_igmp.c - the IGMP dissector on byte arrays: fields of each
 * message type, and every truncated prefix reported as truncated (never
 * invalid, never a read past the captured bytes: each prefix is copied to
 * a buffer of exactly its size, so ASan sees any over-read). */
#include <stdlib.h>
#include <string.h>

#include <pcap/dlt.h>

#include "ovtsh/capprint.h"
#include "t.h"

/* Ethernet + IPv4 (router alert option, proto 2) + an IGMP message. */
static size_t frame(uint8_t *b, const uint8_t *igmp, size_t n)
{
	static const uint8_t head[] = {
		0x01, 0x00, 0x5e, 0x00, 0x00, 0x16, 0x02, 0x00, 0x00, 0x00,
		0x00, 0x01, 0x08, 0x00,
		0x46, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x01, 0x02,
		0x00, 0x00, 32, 0, 0, 2, 224, 0, 0, 22,
		0x94, 0x04, 0x00, 0x00,
	};
	size_t tot = 24 + n;

	memcpy(b, head, sizeof(head));
	b[16] = (uint8_t)(tot >> 8);
	b[17] = (uint8_t)tot;
	memcpy(b + sizeof(head), igmp, n);
	return sizeof(head) + n;
}

static struct dec_pkt pkt;

static int decode(const uint8_t *f, size_t caplen, size_t len)
{
	uint8_t *b = malloc(caplen ? caplen : 1);
	int st;

	memcpy(b, f, caplen);
	st = dec_packet(&pkt, NULL, DLT_EN10MB, b, (uint32_t)caplen,
			(uint32_t)len);
	free(b);
	return st;
}

static const struct dec_igmp *last_igmp(void)
{
	const struct dec_layer *l = &pkt.l[pkt.n - 1];

	return pkt.n > 0 && l->proto == DEC_IGMP ? &l->u.igmp : NULL;
}

int main(void)
{
	static const uint8_t v3report[] = {
		0x22, 0x00, 0xfa, 0xfe, 0x00, 0x00, 0x00, 0x02,
		0x04, 0x00, 0x00, 0x00, 239, 1, 1, 1,
		0x04, 0x00, 0x00, 0x00, 239, 1, 1, 2,
	};
	static const uint8_t v3query[] = {
		0x11, 0xc8, 0x00, 0x00, 239, 1, 1, 1,
		0x02, 0x7d, 0x00, 0x01, 32, 0, 0, 9,
	};
	static const uint8_t v2report[] = {
		0x16, 0x00, 0x00, 0x00, 239, 7, 7, 7,
	};
	uint8_t f[128];
	const struct dec_igmp *h;
	size_t n;

	n = frame(f, v3report, sizeof(v3report));
	T_INTEQ(decode(f, n, n), DEC_OK);
	T_CHECK((h = last_igmp()) != NULL);
	if (h) {
		T_INTEQ(h->type, 0x22);
		T_INTEQ(h->nrec, 2);
		T_INTEQ(h->len, sizeof(v3report));
	}
	T_STREQ(dec_proto_name(DEC_IGMP), "igmp");

	n = frame(f, v3query, sizeof(v3query));
	T_INTEQ(decode(f, n, n), DEC_OK);
	T_CHECK((h = last_igmp()) != NULL);
	if (h) {
		T_INTEQ(h->type, 0x11);
		T_INTEQ(h->code, 0xc8);
		T_INTEQ(h->nsrc, 1);
		T_CHECK(!memcmp(h->group, "\xef\x01\x01\x01", 4));
	}

	n = frame(f, v2report, sizeof(v2report));
	T_INTEQ(decode(f, n, n), DEC_OK);
	T_CHECK((h = last_igmp()) != NULL);
	if (h)
		T_CHECK(!memcmp(h->group, "\xef\x07\x07\x07", 4));

	/* every prefix: truncated while the header the dissector reads (8
	 * bytes, 12 for a v3 query) is cut, never invalid, never an
	 * over-read; the records after it are payload, as in tcpdump -nn */
	for (int k = 0; k < 3; k++) {
		const uint8_t *m = k == 0 ? v3report : k == 1 ? v3query :
				   v2report;
		size_t mlen = k == 0 ? sizeof(v3report) :
			      k == 1 ? sizeof(v3query) : sizeof(v2report);
		size_t hdr = 38 + (k == 1 ? 12 : 8);

		n = frame(f, m, mlen);
		for (size_t cap = 0; cap < n; cap++) {
			int st = decode(f, cap, n);

			T_INTEQ(st, cap < hdr ? DEC_TRUNCATED : DEC_OK);
		}
	}
	/* an IP length that ends inside the message, the frame going on
	 * (padding): the text shows only what lies within the IP length, as
	 * tcpdump -nn does, never the unread fields */
	for (int k = 0; k < 2; k++) {
		static const uint8_t v2query[] = {
			0x11, 0x64, 0x00, 0x00, 239, 1, 1, 1,
		};
		static const char *const want[] = {
			" IP 32.0.0.2 > 224.0.0.22:  [|igmp]\n",
			" IP 32.0.0.2 > 224.0.0.22: igmp query v2 [|igmp]\n",
		};
		char line[CAP_LINE_MAX];
		size_t cut = k == 0 ? 4 : 6;
		const char *sp;

		n = frame(f, k == 0 ? v2report : v2query, 8);
		f[17] = (uint8_t)(24 + cut);    /* IP total length */
		T_INTEQ(decode(f, n, n), DEC_TRUNCATED);
		cap_format_text(&pkt, line, sizeof(line));
		sp = strchr(line, ' ');
		T_STREQ(sp ? sp : line, want[k]);
	}
	/* where tcpdump -nn stops before the bytes run out, the message is
	 * not truncated: an unknown type prints from its type byte, a v3
	 * report shorter than one record or not a multiple of 4 from its
	 * length, a v3 query for no group needs no source count */
	for (int k = 0; k < 3; k++) {
		static const uint8_t unknown[] = {
			0x30, 0x00, 0x00, 0x00, 239, 1, 1, 1,
		};
		static const uint8_t v3query0[] = {
			0x11, 0x64, 0x00, 0x00, 0, 0, 0, 0,
			0x02, 0x7d, 0x00, 0x01, 32, 0, 0, 9,
		};
		static const char *const want[] = {
			" IP 32.0.0.2 > 224.0.0.22: igmp-48\n",
			(" IP 32.0.0.2 > 224.0.0.22: igmp v3 report"
			 " [invalid len 12]\n"),
			" IP 32.0.0.2 > 224.0.0.22: igmp query v3\n",
		};
		const uint8_t *m = k == 0 ? unknown : k == 1 ? v3report :
				   v3query0;
		size_t mlen = k == 0 ? sizeof(unknown) : k == 1 ? 12 :
			      sizeof(v3query0);
		char line[CAP_LINE_MAX];
		const char *sp;

		n = frame(f, m, mlen);
		T_INTEQ(decode(f, 38 + (k == 2 ? 8 : 2), n), DEC_OK);
		cap_format_text(&pkt, line, sizeof(line));
		sp = strchr(line, ' ');
		T_STREQ(sp ? sp : line, want[k]);
	}
	T_DONE();
}
