/* test_dissect_pcap.c - offline capture of pcap fixtures written by the
 * test (pcap_open_dead + pcap_dump_open, and a hand-made pcapng): golden
 * text of every fixture, JSON lines, BPF filter, count, a short snaplen,
 * and the error messages for a missing file, a non-pcap file and a bad
 * filter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "ovtsh/capture.h"
#include "../helpers/frames.h"
#include "t.h"

static const char golden[] =
"00:00:00.000000 IP 102.0.0.2 > 101.0.0.2: GREv0, length 138: IP 111.0.0.2.48078 > 110.0.0.2.4789: VXLAN, flags [I] (0x08), vni 42: IP 32.0.0.5 > 32.0.0.2: ICMP echo request, id 7, seq 1, length 64\n"
"00:00:00.001000 IP 111.0.0.2.48078 > 110.0.0.2.4789: VXLAN, flags [I] (0x08), vni 42: IP 32.0.0.5 > 32.0.0.2: ICMP echo request, id 7, seq 2, length 64\n"
"00:00:00.002000 IP 32.0.0.5 > 32.0.0.2: ICMP echo request, id 9, seq 3, length 64\n"
"00:00:00.003000 IP 32.0.0.2 > 32.0.0.5: ICMP echo reply, id 9, seq 3, length 64\n"
"00:00:00.004000 ARP, Request who-has 32.0.0.2 (02:42:20:00:00:02) tell 32.0.0.5, length 28\n"
"00:00:00.005000 ARP, Reply 32.0.0.2 is-at 02:42:20:00:00:02, length 28\n"
"00:00:00.006000 IP 32.0.0.5.40000 > 32.0.0.2.5201: Flags [S], seq 1000, win 64240, length 0\n"
"00:00:00.007000 IP 32.0.0.2.5201 > 32.0.0.5.40000: Flags [P.], seq 5000:5100, ack 1001, win 502, length 100\n"
"00:00:00.008000 IP 32.0.0.5.53000 > 32.0.0.2.9999: UDP, length 32\n"
"00:00:00.009000 IP6 fd00::1 > fd00::2: ICMP6, echo request, id 11, seq 4, length 64\n"
"00:00:00.010000 IP 102.0.0.2 > 101.0.0.2: GREv0, off 0x0, key=0x2a, seq 77, length 150: IP 111.0.0.2.48078 > 110.0.0.2.4789: VXLAN, flags [I] (0x08), vni 42: IP 32.0.0.5 > 32.0.0.2: ICMP echo request, id 7, seq 5, length 64\n"
"00:00:00.011000 IP 102.0.0.2 > 101.0.0.2: GREv0, key=0x3e8, length 106: IP 32.0.0.5 > 32.0.0.2: ICMP echo request, id 12, seq 6, length 64\n"
"00:00:00.012000 IP 102.0.0.2 > 101.0.0.2: GREv0, length 60: IP6 fd00::1.1000 > fd00::2.2000: UDP, length 8\n"
"00:00:00.013000 IP 111.0.0.2.33333 > 110.0.0.2.8472: VXLAN, flags [I] (0x08), vni 4096: IP 32.0.0.5 > 32.0.0.2: ICMP echo request, id 13, seq 7, length 64\n"
"00:00:00.014000 IP 111.0.0.2.48078 > 110.0.0.2.4789: VXLAN, flags [I] (0x08), vni 42: IP 32.0.0.5.40001 > 32.0.0.2.5201: Flags [S], seq 77, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0\n"
"00:00:00.015000 IP 32.0.0.2.5201 > 32.0.0.5.40001: Flags [.], seq 5000:5010, ack 1001, win 502, options [nop,nop,TS val 5 ecr 6,nop,nop,sack 2 {100:200}{300:400}], length 10\n"
"00:00:00.016000 IP 32.0.0.2 > 32.0.0.5: ICMP 32.0.0.2 udp port 9999 unreachable, length 36\n"
"00:00:00.017000 IP 110.0.0.1 > 32.0.0.5: ICMP host 32.0.0.2 unreachable, length 36\n"
"00:00:00.018000 IP 110.0.0.2.48078 > 111.0.0.2.4789: VXLAN, flags [I] (0x08), vni 42: IP 110.0.0.1 > 32.0.0.5: ICMP 32.0.0.2 unreachable - need to frag (mtu 1400), length 36\n"
"00:00:00.019000 IP 101.0.0.1 > 32.0.0.5: ICMP time exceeded in-transit, length 36\n"
"00:00:00.020000 IP 32.0.0.2 > 32.0.0.5: ICMP 32.0.0.2 protocol 17 unreachable, length 36\n"
"00:00:00.021000 IP 32.0.0.5.53000 > 32.0.0.2.9999: UDP, length 3000\n"
"00:00:00.022000 IP 32.0.0.5 > 32.0.0.2: ip-proto-17\n"
"00:00:00.023000 IP 32.0.0.5 > 32.0.0.2: ip-proto-17\n"
"00:00:00.024000 IP 32.0.0.5.1000 > 32.0.0.2.2000: UDP, length 8\n"
"00:00:00.025000 IP6 fd00::1 > fd00::2: ICMP6, neighbor solicitation, who has fd00::2, length 24\n"
"00:00:00.026000 IP6 fd00::1 > fd00::2: HBH ICMP6, multicast listener report v2, 1 group record(s), length 28\n"
"00:00:00.027000 IP 32.0.0.5 > 32.0.0.2:  ip-proto-253 28\n";

static char dir[] = "/tmp/ovtc-test.XXXXXX";
static char fx[256], fx60[256], junk[256], ng[256];

static int write_fixtures(const char *path, int snaplen)
{
	static struct fb f;
	pcap_t *p = pcap_open_dead(DLT_EN10MB, snaplen);
	pcap_dumper_t *d = pcap_dump_open(p, path);
	int i;

	if (!d) {
		pcap_close(p);
		return -1;
	}
	for (i = 0; fb_fixture(&f, i); i++) {
		struct pcap_pkthdr h;

		h.ts.tv_sec = 1798761600;
		h.ts.tv_usec = i * 1000;
		h.len = (bpf_u_int32)fb_len(&f);
		h.caplen = h.len;
		if (h.caplen > (unsigned)snaplen)
			h.caplen = (unsigned)snaplen;
		pcap_dump((u_char *)d, &h, fb_data(&f));
	}
	pcap_dump_close(d);
	pcap_close(p);
	return 0;
}

static void put32(FILE *fp, uint32_t v)
{
	fwrite(&v, 4, 1, fp);          /* pcapng in host order, as written */
}

/* A minimal pcapng file (section, interface, one enhanced packet) holding
 * the reference frame at 2027-01-01 00:00:00.000042 UTC. */
static int write_pcapng(const char *path)
{
	static struct fb f;
	uint64_t us = 1798761600ull * 1000000 + 42;
	FILE *fp = fopen(path, "wb");
	uint32_t n, pad;

	if (!fp)
		return -1;
	fb_reference(&f, 7, 1);
	n = (uint32_t)fb_len(&f);
	pad = (4 - n % 4) % 4;
	put32(fp, 0x0a0d0d0a);         /* section header */
	put32(fp, 28);
	put32(fp, 0x1a2b3c4d);
	put32(fp, 1);                  /* version 1.0 */
	put32(fp, 0xffffffff);         /* section length unknown */
	put32(fp, 0xffffffff);
	put32(fp, 28);
	put32(fp, 1);                  /* interface description */
	put32(fp, 20);
	put32(fp, 1);                  /* LINKTYPE_ETHERNET, reserved 0 */
	put32(fp, 65535);
	put32(fp, 20);
	put32(fp, 6);                  /* enhanced packet */
	put32(fp, 32 + n + pad);
	put32(fp, 0);
	put32(fp, (uint32_t)(us >> 32));
	put32(fp, (uint32_t)us);
	put32(fp, n);
	put32(fp, n);
	fwrite(fb_data(&f), 1, n, fp);
	fwrite("\0\0\0", 1, pad, fp);
	put32(fp, 32 + n + pad);
	return fclose(fp);
}

/* Run an offline capture; output into *txt (malloc'd). */
static int run(const char *file, const char *filter, uint64_t count,
	       bool json, char **txt, struct cap_stats *st, struct ovt_err *e)
{
	struct cap_opts o = { .file = file, .filter = filter, .count = count };
	size_t n = 0;
	FILE *fp = open_memstream(txt, &n);
	struct out *out = out_new(fp, json);
	int r = cap_run(&o, out, st, e);

	out_free(out);
	fclose(fp);
	return r;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

int main(void)
{
	struct cap_stats st;
	struct ovt_err e = { 0 };
	char *txt = NULL;
	FILE *fp;

	setenv("TZ", "UTC", 1);
	tzset();
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(fx, sizeof(fx), "%s/fixtures.pcap", dir);
	snprintf(fx60, sizeof(fx60), "%s/snap60.pcap", dir);
	snprintf(junk, sizeof(junk), "%s/junk.pcap", dir);
	snprintf(ng, sizeof(ng), "%s/ref.pcapng", dir);
	T_INTEQ(write_fixtures(fx, 65535), 0);
	T_INTEQ(write_fixtures(fx60, 60), 0);
	fp = fopen(junk, "w");
	fputs("this is not a capture file, it is text\n", fp);
	fclose(fp);

	T_INTEQ(run(fx, NULL, 0, false, &txt, &st, &e), 0);
	T_STREQ(txt, golden);
	T_INTEQ(st.captured, 28);
	free(txt);

	T_INTEQ(run(fx, NULL, 0, true, &txt, &st, &e), 0);
	T_INTEQ(lines(txt), 28);
	T_CHECK(strstr(txt, "{\"proto\":\"icmpv6\",\"type\":135,\"code\":0,"
			    "\"len\":24,\"target\":\"fd00::2\"}]}\n"));
	T_CHECK(strstr(txt, "\"len\":1500,\"id\":119,\"tos\":0,\"df\":false,"
			    "\"mf\":true,\"frag\":1480,\"optlen\":0}]}\n"));
	T_CHECK(strstr(txt, "{\"proto\":\"icmp\",\"type\":3,\"code\":4,\"len\":36,"
			    "\"mtu\":1400,\"orig_src\":\"32.0.0.5\",\"orig_dst\":"
			    "\"32.0.0.2\",\"orig_ipproto\":17,\"orig_sport\":53000,"
			    "\"orig_dport\":9999}]}\n"));
	T_CHECK(strstr(txt, "\"flags\":\"S\",\"seq\":77,\"ack\":0,\"win\":64240,"
			    "\"paylen\":0,\"options\":\"mss 1460,sackOK,TS val "
			    "1000 ecr 0,nop,wscale 7\"}"));
	T_CHECK(starts(txt, "{\"n\":1,\"ts\":\"2027-01-01T00:00:00.000000Z\","
			 "\"len\":172,\"caplen\":172,\"layers\":["));
	T_CHECK(strstr(txt, "{\"proto\":\"vxlan\",\"flags\":8,\"vni\":42}"));
	T_CHECK(strstr(txt, "{\"proto\":\"gre\",\"version\":0,\"ptype\":2048,"
			    "\"csum\":64006,\"key\":42,\"seq\":77}"));
	free(txt);

	/* BPF sees the outer headers only: three frames have VXLAN outside */
	T_INTEQ(run(fx, "udp port 4789", 0, false, &txt, &st, &e), 0);
	T_INTEQ(lines(txt), 3);
	T_CHECK(strstr(txt, "vni 42: IP 32.0.0.5 > 32.0.0.2: ICMP echo "
			    "request, id 7, seq 2"));
	free(txt);
	T_INTEQ(run(fx, "arp or icmp6", 2, false, &txt, &st, &e), 0);
	T_INTEQ(lines(txt), 2);
	T_INTEQ(st.captured, 2);
	T_CHECK(strstr(txt, "ARP, Reply"));
	free(txt);

	/* a 60-byte snaplen: the reference frame ends inside its UDP header */
	T_INTEQ(run(fx60, NULL, 1, false, &txt, &st, &e), 0);
	T_STREQ(txt, "00:00:00.000000 IP 102.0.0.2 > 101.0.0.2: GREv0, "
		     "length 138: IP 111.0.0.2 > 110.0.0.2: UDP[|udp]\n");
	free(txt);
	T_INTEQ(run(fx60, NULL, 1, true, &txt, &st, &e), 0);
	T_CHECK(strstr(txt, ",{\"proto\":\"udp\",\"truncated\":true}]}\n"));
	free(txt);

	/* pcapng, as far as libpcap reads it */
	T_INTEQ(write_pcapng(ng), 0);
	T_INTEQ(run(ng, NULL, 0, false, &txt, &st, &e), 0);
	T_STREQ(txt, "00:00:00.000042 IP 102.0.0.2 > 101.0.0.2: GREv0, length "
		     "138: IP 111.0.0.2.48078 > 110.0.0.2.4789: VXLAN, flags "
		     "[I] (0x08), vni 42: IP 32.0.0.5 > 32.0.0.2: ICMP echo "
		     "request, id 7, seq 1, length 64\n");
	free(txt);

	T_CHECK(run("/nonexistent/ovtc.pcap", NULL, 0, false, &txt, &st,
		    &e) < 0);
	T_CHECK(strstr(e.msg, "No such file or directory") != NULL);
	free(txt);
	T_CHECK(run(junk, NULL, 0, false, &txt, &st, &e) < 0);
	T_CHECK(strstr(e.msg, "unknown file format") != NULL);
	free(txt);
	T_CHECK(run(fx, "udp port", 0, false, &txt, &st, &e) < 0);
	T_CHECK(starts(e.msg, "filter \"udp port\": "));
	T_CHECK(strstr(e.msg, "syntax error") != NULL);
	free(txt);

	unlink(fx);
	unlink(fx60);
	unlink(junk);
	unlink(ng);
	rmdir(dir);
	T_DONE();
}
