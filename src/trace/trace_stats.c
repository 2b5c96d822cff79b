/* trace_stats.c - per-syscall counters, the tracer's "strace -c" (strace's
 * count.c).  One fixed array indexed by syscall number: accounting is O(1)
 * and memory does not grow with the run. */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/trace.h"

/* Syscalls whose positive return value is a count of bytes read. */
static const char *const trace_read_names[] = {
	"read", "readv", "pread64", "preadv", "preadv2", "recvfrom",
	"recvmsg",
};

bool trace_sc_is_read(int nr)
{
	char buf[32];

	trace_sc_name(nr, buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(trace_read_names) /
				   sizeof(trace_read_names[0]); i++)
		if (!strcmp(buf, trace_read_names[i]))
			return true;
	return false;
}

const char *trace_sc_name(int nr, char *buf, size_t len)
{
	char *name = nr >= 0 ?
		seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr) : NULL;

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "syscall_%d", nr);
	free(name);
	return buf;
}

void trace_stats_init(struct trace_stats *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < sizeof(trace_read_names) /
				   sizeof(trace_read_names[0]); i++) {
		int nr = seccomp_syscall_resolve_name(trace_read_names[i]);

		if (nr >= 0 && nr < TRACE_NSYS)
			s->is_read[nr] = 1;
	}
}

void trace_stats_add(struct trace_stats *s, int nr, int64_t ret,
		     uint64_t ns, uint64_t req)
{
	struct trace_sc *sc;

	if (nr < 0 || nr >= TRACE_NSYS) {
		s->other++;
		return;
	}
	sc = &s->sc[nr];
	if (sc->calls == 0 || ns < sc->min_ns)
		sc->min_ns = ns;
	if (ns > sc->max_ns)
		sc->max_ns = ns;
	sc->calls++;
	sc->total_ns += ns;
	if (ret < 0 && ret >= -4095) {
		sc->errors++;
		return;
	}
	if (!s->is_read[nr])
		return;
	sc->bytes += (uint64_t)ret;
	if (req && (uint64_t)ret < req)
		sc->short_reads++;
}

static int trace_row_cmp(const void *a, const void *b)
{
	const struct trace_row *x = a, *y = b;

	if (x->sc->total_ns != y->sc->total_ns)
		return x->sc->total_ns < y->sc->total_ns ? 1 : -1;
	if (x->sc->calls != y->sc->calls)
		return x->sc->calls < y->sc->calls ? 1 : -1;
	return strcmp(x->name, y->name);
}

void trace_stats_total(const struct trace_stats *s, struct trace_sc *tot)
{
	memset(tot, 0, sizeof(*tot));
	for (int nr = 0; nr < TRACE_NSYS; nr++) {
		const struct trace_sc *sc = &s->sc[nr];

		if (!sc->calls)
			continue;
		if (tot->calls == 0 || sc->min_ns < tot->min_ns)
			tot->min_ns = sc->min_ns;
		if (sc->max_ns > tot->max_ns)
			tot->max_ns = sc->max_ns;
		tot->calls += sc->calls;
		tot->errors += sc->errors;
		tot->total_ns += sc->total_ns;
		tot->bytes += sc->bytes;
		tot->short_reads += sc->short_reads;
	}
}

int trace_stats_rows(const struct trace_stats *s, struct trace_row *rows,
		     int max)
{
	struct trace_sc tot;
	int n = 0;

	trace_stats_total(s, &tot);
	for (int nr = 0; nr < TRACE_NSYS && n < max; nr++) {
		if (!s->sc[nr].calls)
			continue;
		rows[n].nr = nr;
		rows[n].sc = &s->sc[nr];
		trace_sc_name(nr, rows[n].name, sizeof(rows[n].name));
		rows[n].pct = tot.total_ns ?
			100.0 * (double)s->sc[nr].total_ns / (double)tot.total_ns :
			0.0;
		n++;
	}
	qsort(rows, (size_t)n, sizeof(rows[0]), trace_row_cmp);
	return n;
}

void trace_stats_reads(const struct trace_stats *s, uint64_t *calls,
		       uint64_t *bytes, uint64_t *short_reads,
		       uint64_t *errors)
{
	*calls = *bytes = *short_reads = *errors = 0;
	for (int nr = 0; nr < TRACE_NSYS; nr++) {
		if (!s->is_read[nr])
			continue;
		*calls += s->sc[nr].calls;
		*bytes += s->sc[nr].bytes;
		*short_reads += s->sc[nr].short_reads;
		*errors += s->sc[nr].errors;
	}
}

void trace_read_estimate(const struct trace_stats *s, unsigned length,
			 double seconds, struct trace_read_est *est)
{
	memset(est, 0, sizeof(*est));
	trace_stats_reads(s, &est->calls, &est->bytes, &est->short_reads,
			  &est->errors);
	for (int nr = 0; nr < TRACE_NSYS; nr++)
		if (s->is_read[nr])
			est->total_ns += s->sc[nr].total_ns;
	est->est_bytes = (double)est->calls * length;
	if (seconds > 0)
		est->est_bps = est->est_bytes * 8 / seconds;
	est->off = est->bytes ? (est->est_bytes - (double)est->bytes) /
				(double)est->bytes : 1.0;
	est->reliable = est->calls > 0 && est->off <= TRACE_EST_TOL &&
			est->off >= -TRACE_EST_TOL;
}
