/* cap_gen - write pcap files of lab frames for the capture tests/benchmarks.
 *
 *   cap_gen bench FILE N      N packets cycling VXLAN-in-GRE, VXLAN, ICMP
 *   cap_gen fixtures FILE     one of each kind the dissectors know
 *   cap_gen malformed FILE    the fixtures cut short at every byte, with
 *                             bytes flipped (a fixed seed), nested too deep
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "frames.h"

static int dump(pcap_dumper_t *d, const struct fb *f, long i)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = 1798761600 + i / 1000;       /* 2027-01-01 */
	h.ts.tv_usec = (i % 1000) * 1000;
	h.caplen = h.len = (bpf_u_int32)fb_len(f);
	pcap_dump((u_char *)d, &h, fb_data(f));
	return 0;
}

/* A frame of len bytes of which caplen were captured. */
static void dump_cut(pcap_dumper_t *d, const uint8_t *p, uint32_t caplen,
		     uint32_t len, long i)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = 1798761600 + i / 1000;
	h.ts.tv_usec = (i % 1000) * 1000;
	h.caplen = caplen;
	h.len = len;
	pcap_dump((u_char *)d, &h, p);
}

/* Truncated and invalid frames for the printers' tests: every prefix of
 * every fixture, then 64 copies of each with 1-4 bytes overwritten past
 * the outer Ethernet header (xorshift, fixed seed: the same file on every
 * run), some of them cut short too, then a frame nested past the cap. */
static void malformed(pcap_dumper_t *d)
{
	static struct fb f;
	uint8_t b[FB_SIZE];
	uint32_t x = 2463534242u, k, full;
	long n = 0;
	int i, j, m;

	for (i = 0; fb_fixture(&f, i); i++) {
		full = (uint32_t)fb_len(&f);
		for (k = 0; k < full; k++)
			dump_cut(d, fb_data(&f), k, full, n++);
	}
	for (i = 0; fb_fixture(&f, i); i++) {
		full = (uint32_t)fb_len(&f);
		for (j = 0; j < 64; j++) {
			memcpy(b, fb_data(&f), full);
			for (m = 0; m <= j % 4; m++) {
				x ^= x << 13, x ^= x >> 17, x ^= x << 5;
				b[14 + x % (full - 14)] = (uint8_t)(x >> 24);
			}
			k = j % 8 ? full : 14 + x % (full - 14);
			dump_cut(d, b, k, full, n++);
		}
	}
	fb_init(&f, 8, 0);
	fb_icmp_echo(&f, 8, 1, 1);
	for (i = 0; i < 20; i++)
		fb_ipv4(&f, FB_IP(10, 0, 0, i), FB_IP(10, 0, 1, i), i ? 4 : 1,
			64, 0);
	fb_eth(&f, fb_mac_cs2, fb_mac_cs5, 0x0800);
	dump(d, &f, n);
}

int main(int argc, char **argv)
{
	static struct fb f;
	pcap_t *p = NULL;
	pcap_dumper_t *d = NULL;
	long i, n = 0;
	int rc = 1;

	if (argc < 3 ||
	    (strcmp(argv[1], "bench") && strcmp(argv[1], "fixtures") &&
	     strcmp(argv[1], "malformed")) ||
	    (!strcmp(argv[1], "bench") && argc < 4)) {
		fprintf(stderr,
			"usage: cap_gen bench FILE N | fixtures FILE | "
			"malformed FILE\n");
		return 2;
	}
	p = pcap_open_dead(DLT_EN10MB, 65535);
	if (!p)
		goto out;
	d = pcap_dump_open(p, argv[2]);
	if (!d) {
		fprintf(stderr, "cap_gen: %s\n", pcap_geterr(p));
		goto out;
	}
	if (!strcmp(argv[1], "bench")) {
		n = strtol(argv[3], NULL, 10);
		for (i = 0; i < n; i++) {
			switch (i % 3) {
			case 0: fb_reference(&f, 7, (uint16_t)i); break;
			case 1: fb_vxlan_frame(&f, 7, (uint16_t)i); break;
			default: fb_ping(&f, 8, 9, (uint16_t)i); break;
			}
			dump(d, &f, i);
		}
	} else if (!strcmp(argv[1], "malformed")) {
		malformed(d);
	} else {
		for (i = 0; fb_fixture(&f, (int)i); i++)
			dump(d, &f, i);
	}
	rc = 0;
out:
	if (d)
		pcap_dump_close(d);
	if (p)
		pcap_close(p);
	return rc;
}
