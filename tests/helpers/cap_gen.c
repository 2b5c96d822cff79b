/* cap_gen - write pcap files of lab frames for the capture tests/benchmarks.
 *
 *   cap_gen bench FILE N      N packets cycling VXLAN-in-GRE, VXLAN, ICMP
 *   cap_gen fixtures FILE     one of each kind the dissectors know
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

int main(int argc, char **argv)
{
	static struct fb f;
	pcap_t *p = NULL;
	pcap_dumper_t *d = NULL;
	long i, n = 0;
	int rc = 1;

	if (argc < 3 ||
	    (strcmp(argv[1], "bench") && strcmp(argv[1], "fixtures")) ||
	    (!strcmp(argv[1], "bench") && argc < 4)) {
		fprintf(stderr,
			"usage: cap_gen bench FILE N | fixtures FILE\n");
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
