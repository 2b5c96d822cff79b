/* test_iperf_json - iperf3 -J parsing on output recorded from real runs
 * between two namespaces (tests/unit/data/iperf3_*.json: TCP -l 1600 -t 2,
 * UDP -l 1400 -b 50M, the server's side, a refused connection), and the
 * sweep's CSV, bar and SVG. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "ovtsh/bench.h"
#include "t.h"

static char *slurp(const char *name, size_t *len)
{
	const char *top = getenv("OVTSH_TOP");
	char path[512];
	char *buf;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/tests/unit/data/%s", top ? top : ".",
		 name);
	fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, "%s: cannot open\n", path);
		return NULL;
	}
	buf = calloc(1, 1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	fclose(fp);
	return buf;
}

static bool near(double a, double b)
{
	return fabs(a - b) <= 1e-6 * fabs(b);
}

static int parse(const char *name, unsigned len, struct bench_res *r,
		 struct ovt_err *e)
{
	size_t n = 0;
	char *text = slurp(name, &n);
	int ret = text ? bench_iperf_parse(text, n, len, r, e) : -ENOENT;

	free(text);
	return ret;
}

int main(void)
{
	struct bench_res r, rows[3];
	struct ovt_err e = { 0 };
	char buf[64], *mem = NULL;
	size_t memlen = 0;
	FILE *fp;

	T_INTEQ(parse("iperf3_cli_tcp.json", 1600, &r, &e), 0);
	T_CHECK(near(r.bps, 916076053.7173247));
	T_INTEQ(r.bytes, 229056000);
	T_CHECK(near(r.seconds, 2.000323));
	T_INTEQ(r.retransmits, 1474);
	T_CHECK(near(r.cpu_host, 95.69702557716256));
	T_CHECK(near(r.cpu_remote, 26.083409279173576));
	T_CHECK(near(r.blocks_ps, 229056000.0 / 1600 / 2.000323));
	T_INTEQ(r.length, 1600);

	T_INTEQ(parse("iperf3_cli_udp.json", 1400, &r, &e), 0);
	T_INTEQ(r.bytes, 12495000);
	T_CHECK(near(r.bps, 49975052.46980549));
	T_INTEQ(r.retransmits, 0);
	T_CHECK(near(r.blocks_ps, 12495000.0 / 1400 / 2.000198));

	T_INTEQ(parse("iperf3_srv_tcp.json", 1600, &r, &e), 0);
	T_INTEQ(r.bytes, 229056000);

	T_INTEQ(parse("iperf3_cli_refused.json", 1600, &r, &e), -EIO);
	T_STREQ(e.msg, "unable to connect to server: Connection refused");

	T_INTEQ(bench_iperf_parse("{\"start\":", 9, 100, &r, &e), -EBADMSG);
	T_INTEQ(bench_iperf_parse("{\"end\":{}}", 10, 100, &r, &e), -EBADMSG);
	T_STREQ(e.msg, "iperf3 output has no end.sum_received");

	T_STREQ(bench_fmt_bps(buf, sizeof(buf), 916076053.7), "916.08 Mbit/s");
	T_STREQ(bench_fmt_bps(buf, sizeof(buf), 2.5e9), "2.50 Gbit/s");
	T_STREQ(bench_fmt_bps(buf, sizeof(buf), 12), "12 bit/s");
	bench_bar(buf, sizeof(buf), 50, 100, 20);
	T_STREQ(buf, "##########");
	bench_bar(buf, sizeof(buf), 0, 100, 20);
	T_STREQ(buf, "");
	bench_bar(buf, 8, 100, 100, 40);
	T_INTEQ(strlen(buf), 7);

	memset(rows, 0, sizeof(rows));
	for (int i = 0; i < 3; i++) {
		rows[i].length = 200u << i;
		rows[i].bps = 1e8 * (i + 1);
		rows[i].blocks_ps = rows[i].bps / 8 / rows[i].length;
		rows[i].retransmits = (uint64_t)i;
	}
	fp = open_memstream(&mem, &memlen);
	T_INTEQ(bench_write_csv(fp, rows, 3), 0);
	fclose(fp);
	T_CHECK(!strncmp(mem, "length,bps,pps,retransmits,", 27));
	T_CHECK(strstr(mem, "\n400,200000000,62500.0,1,") != NULL);
	free(mem);

	fp = open_memstream(&mem, &memlen);
	T_INTEQ(bench_write_svg(fp, rows, 3, "a<b & \"c\""), 0);
	fclose(fp);
	T_CHECK(!strncmp(mem, "<?xml", 5));
	T_CHECK(strstr(mem, "a&lt;b &amp; &quot;c&quot;") != NULL);
	T_CHECK(strstr(mem, ">800</text>") != NULL);
	T_CHECK(strstr(mem, "<polyline") != NULL);
	T_CHECK(memlen > 8 && !strcmp(mem + memlen - 7, "</svg>\n"));
	free(mem);
	T_DONE();
}
