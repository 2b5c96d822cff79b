/* trace_print.c - a syscall summary through the emitter: the table of
 * "strace -c -w" (plus min and max) in text, the "syscalls" array in JSON:
 *   {"name":"read","calls":N,"errors":N,"total_s":X,"avg_us":X,
 *    "min_us":X,"max_us":X}
 * Statistics are kept apart from printing, as decoders are from printers. */
#include <stdlib.h>

#include "ovtsh/out.h"
#include "ovtsh/trace.h"

#define TRACE_RULE "------ ----------- ----------- ----------- " \
		   "----------- --------- --------- ----------------\n"

static void trace_print_row(struct out *o, const char *name,
			    const struct trace_sc *sc, double pct)
{
	double avg = sc->calls ? (double)sc->total_ns / 1e3 / sc->calls : 0;

	out_text(o, "%6.2f ", pct);
	out_float(o, "total_s", "%11.6f ", (double)sc->total_ns / 1e9);
	out_float(o, "avg_us", "%11.1f ", avg);
	out_float(o, "min_us", "%11.1f ", (double)sc->min_ns / 1e3);
	out_float(o, "max_us", "%11.1f ", (double)sc->max_ns / 1e3);
	out_uint(o, "calls", "%9llu ", sc->calls);
	out_uint(o, "errors", "%9llu ", sc->errors);
	out_str(o, "name", "%s\n", name);
}

void trace_print_method(struct out *o, enum trace_method m,
			const char *fallback)
{
	out_str(o, "method", "method %s", trace_method_name(m));
	out_text(o, "%s", m == TRACE_M_EBPF ?
		 ": counted in the kernel, the program never stopped" :
		 ": the program stopped at every counted syscall");
	if (fallback && *fallback)
		out_str(o, "method_note", " (auto: %s)", fallback);
	else
		out_null(o, "method_note", NULL);
	out_text(o, "\n");
}

void trace_print_lost(struct out *o, uint64_t lost)
{
	out_uint(o, "lost", NULL, lost);
	if (lost)
		out_text(o, "note: %llu processes or calls did not fit the "
			 "eBPF maps: the counts are partial\n",
			 (unsigned long long)lost);
}

void trace_print_stats(struct out *o, const struct trace_stats *s)
{
	struct trace_row *rows = calloc(TRACE_NSYS, sizeof(*rows));
	struct trace_sc tot;
	int n = rows ? trace_stats_rows(s, rows, TRACE_NSYS) : 0;

	out_text(o, "%% time     seconds  usecs/call   min usecs   max usecs "
		 "    calls    errors syscall\n" TRACE_RULE);
	out_arr_begin(o, "syscalls");
	for (int i = 0; i < n; i++) {
		out_obj_begin(o, NULL);
		trace_print_row(o, rows[i].name, rows[i].sc, rows[i].pct);
		out_obj_end(o);
	}
	out_arr_end(o);
	trace_stats_total(s, &tot);
	if (!out_is_json(o)) {
		out_text(o, TRACE_RULE);
		trace_print_row(o, "total", &tot, tot.calls ? 100.0 : 0.0);
	}
	free(rows);
}
