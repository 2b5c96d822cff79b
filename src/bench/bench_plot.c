/* bench_plot.c - a sweep's results as CSV, an ASCII bar and an SVG plot
 * (written by hand: bars for throughput, a line for blocks/s, each on
 * its own axis). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ovtsh/bench.h"

const char *bench_fmt_bps(char *buf, size_t len, double bps)
{
	static const struct {
		double div;
		const char *unit;
	} units[] = {
		{ .div = 1e9, .unit = "Gbit/s" },
		{ .div = 1e6, .unit = "Mbit/s" },
		{ .div = 1e3, .unit = "Kbit/s" },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (bps >= units[i].div) {
			snprintf(buf, len, "%.2f %s", bps / units[i].div,
				 units[i].unit);
			return buf;
		}
	}
	snprintf(buf, len, "%.0f bit/s", bps);
	return buf;
}

void bench_bar(char *buf, size_t len, double v, double max, int cols)
{
	int n = max > 0 && v > 0 ? (int)lround(v / max * cols) : 0;

	if (n > cols)
		n = cols;
	if ((size_t)n >= len)
		n = (int)len - 1;
	memset(buf, '#', (size_t)n);
	buf[n] = '\0';
}

/* "pps" is blocks per second, as it always was; the columns after
 * "seconds" came later (empty when unknown or not traced). */
int bench_write_csv(FILE *fp, const struct bench_res *r, int n)
{
	fprintf(fp, "length,bps,pps,retransmits,cpu_host,cpu_remote,bytes,"
		"seconds,blocks_per_s,packets_per_s,packet_bytes,est_bps\n");
	for (int i = 0; i < n; i++) {
		fprintf(fp, "%u,%.0f,%.1f,%llu,%.2f,%.2f,%llu,%.6f,%.1f,",
			r[i].length, r[i].bps, r[i].blocks_ps,
			(unsigned long long)r[i].retransmits, r[i].cpu_host,
			r[i].cpu_remote, (unsigned long long)r[i].bytes,
			r[i].seconds, r[i].blocks_ps);
		if (r[i].packets_ps >= 0)
			fprintf(fp, "%.1f,%.1f,", r[i].packets_ps,
				r[i].pkt_bytes);
		else
			fputs(",,", fp);
		if (r[i].est_bps > 0)
			fprintf(fp, "%.0f", r[i].est_bps);
		fputc('\n', fp);
	}
	return ferror(fp) ? -EIO : 0;
}

static void svg_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default:
			if ((unsigned char)*s >= 0x20)
				fputc(*s, fp);
		}
	}
}

/* A "nice" axis maximum: 1, 2 or 5 times a power of ten, >= v. */
static double nice_max(double v)
{
	double p;

	if (v <= 0)
		return 1;
	p = pow(10, floor(log10(v)));
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}

#define SVG_W   720
#define SVG_H   420
#define SVG_L   80      /* plot area */
#define SVG_R   640
#define SVG_T   50
#define SVG_B   350

int bench_write_svg(FILE *fp, const struct bench_res *r, int n,
		    const char *title)
{
	double gmax = 0, pmax = 0, slot, bw;
	int ticks = 5;

	for (int i = 0; i < n; i++) {
		gmax = fmax(gmax, r[i].bps / 1e9);
		pmax = fmax(pmax, r[i].blocks_ps / 1e3);
	}
	gmax = nice_max(gmax);
	pmax = nice_max(pmax);
	slot = n ? (double)(SVG_R - SVG_L) / n : 0;
	bw = slot * 0.6;
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
		"font-size=\"12\">\n", SVG_W, SVG_H, SVG_W, SVG_H);
	fprintf(fp, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n",
		SVG_W, SVG_H);
	fprintf(fp, "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" "
		"font-size=\"16\">", SVG_W / 2);
	svg_text(fp, title ? title : "iperf3 sweep");
	fputs("</text>\n", fp);
	/* axes and grid */
	for (int t = 0; t <= ticks; t++) {
		double y = SVG_B - (double)(SVG_B - SVG_T) * t / ticks;

		fprintf(fp, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
			"stroke=\"#ddd\"/>\n", SVG_L, y, SVG_R, y);
		fprintf(fp, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">"
			"%.3g</text>\n", SVG_L - 6, y + 4, gmax * t / ticks);
		fprintf(fp, "<text x=\"%d\" y=\"%.1f\" fill=\"#c0392b\">"
			"%.3g</text>\n", SVG_R + 6, y + 4, pmax * t / ticks);
	}
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		"stroke=\"black\"/>\n", SVG_L, SVG_B, SVG_R, SVG_B);
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		"stroke=\"black\"/>\n", SVG_L, SVG_T, SVG_L, SVG_B);
	fprintf(fp, "<text x=\"20\" y=\"%d\" transform=\"rotate(-90 20 %d)\" "
		"text-anchor=\"middle\">throughput (Gbit/s)</text>\n",
		(SVG_T + SVG_B) / 2, (SVG_T + SVG_B) / 2);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" transform=\"rotate(90 %d %d)\" "
		"text-anchor=\"middle\" fill=\"#c0392b\">blocks/s (x1000)"
		"</text>\n", SVG_W - 20, (SVG_T + SVG_B) / 2, SVG_W - 20,
		(SVG_T + SVG_B) / 2);
	fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">block "
		"length (bytes)</text>\n", (SVG_L + SVG_R) / 2, SVG_B + 40);
	/* bars: throughput */
	for (int i = 0; i < n; i++) {
		double x = SVG_L + slot * i + (slot - bw) / 2;
		double h = (r[i].bps / 1e9) / gmax * (SVG_B - SVG_T);

		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\" fill=\"#2e86c1\"/>\n", x, SVG_B - h,
			bw, h);
		fprintf(fp, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
			"%u</text>\n", x + bw / 2, SVG_B + 18, r[i].length);
	}
	/* line: blocks/s */
	if (n > 0) {
		fputs("<polyline fill=\"none\" stroke=\"#c0392b\" "
		      "stroke-width=\"2\" points=\"", fp);
		for (int i = 0; i < n; i++)
			fprintf(fp, "%s%.1f,%.1f", i ? " " : "",
				SVG_L + slot * (i + 0.5),
				SVG_B - (r[i].blocks_ps / 1e3) / pmax *
						(SVG_B - SVG_T));
		fputs("\"/>\n", fp);
	}
	fputs("</svg>\n", fp);
	return ferror(fp) ? -EIO : 0;
}
