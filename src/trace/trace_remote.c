/* trace_remote.c - a program traced by another ovtsh: a node with its own
 * kernel (a VM) traces its programs with its own tracer, so the host
 * asks that ovtsh for "trace exec ... json" and reads its summary back
 * into the same statistics the local methods fill.
 *
 * The document is trace exec's JSON: "method", "method_note",
 * "syscalls" (name, calls, errors, total_s, min_us, max_us), "reads"
 * (the read family's bytes and short reads, which the syscall rows do
 * not carry), "lost" and "exit_status".  Times come back to the
 * nanosecond: JSON reals keep 17 digits. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/out.h"
#include "ovtsh/trace.h"

void trace_print_reads(struct out *o, const struct trace_stats *s)
{
	char name[32];

	if (!out_is_json(o))
		return;
	out_arr_begin(o, "reads");
	for (int nr = 0; nr < TRACE_NSYS; nr++) {
		const struct trace_sc *sc = &s->sc[nr];

		if (!s->is_read[nr] || !sc->calls)
			continue;
		out_obj_begin(o, NULL);
		out_str(o, "name", NULL, trace_sc_name(nr, name,
						       sizeof(name)));
		out_uint(o, "bytes", NULL, sc->bytes);
		out_uint(o, "short_reads", NULL, sc->short_reads);
		out_obj_end(o);
	}
	out_arr_end(o);
}

void trace_remote_errline(const char *text, char *buf, size_t len)
{
	const char *l = NULL, *p = text, *msg;
	size_t n = 0;
	int skip = 0, k, col;

	buf[0] = '\0';
	while (p && *p) {
		const char *end = strchrnul(p, '\n');

		if (end > p) {
			l = p;
			n = (size_t)(end - p);
		}
		p = *end ? end + 1 : end;
	}
	if (!l)
		return;
	/* "-c:1:5: msg" or "-c:1: msg": the message (l is the last line,
	 * the parse reads no further than its prefix) */
	if (ovt_err_line_parse(l, &k, &col, &msg) == 0 &&
	    (size_t)(msg - l) <= n) {
		skip = (int)(msg - l);
		n -= (size_t)skip;
	}
	if (n >= len)
		n = len - 1;    /* a message line, cut to fit */
	memcpy(buf, l + skip, n);
	buf[n] = '\0';
}

/* A word the remote ovtsh's lexer takes as it is. */
static bool trace_word_plain(const char *w)
{
	return *w && !strpbrk(w, " \t\n\"'\\!#|;");
}

int trace_remote_line(const struct trace_spec *spec, char *buf, size_t len,
		      struct ovt_err *e)
{
	size_t n = 0;
	int w;

#define TR_ADD(...)                                                         \
	do {                                                                \
		w = snprintf(buf + n, len - n, __VA_ARGS__);                \
		if (w < 0 || (size_t)w >= len - n)                          \
			return ovt_err_set(e, E2BIG, "trace: command line " \
					   "too long");                     \
		n += (size_t)w;                                             \
	} while (0)

	TR_ADD("trace exec method %s", trace_method_name(spec->method));
	for (int i = 0; spec->filter && i < spec->filter->n; i++) {
		char name[32];

		TR_ADD("%s%s", i ? "," : " syscalls ",
		       trace_sc_name(spec->filter->nrs[i], name,
				     sizeof(name)));
	}
	TR_ADD(" json");
	for (int i = 0; spec->argv[i]; i++) {
		if (!trace_word_plain(spec->argv[i]))
			return ovt_err_set(e, EINVAL, "trace: '%s': a word with "
					   "blanks or quotes cannot be passed "
					   "to the node's tracer",
					   spec->argv[i]);
		TR_ADD(" %s", spec->argv[i]);
	}
#undef TR_ADD
	return 0;
}

static uint64_t jnum_u64(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	double d = json_is_number(v) ? json_number_value(v) : 0;

	return d >= 0 && d < 9.2e18 ? (uint64_t)llround(d) : 0;
}

/* seconds or microseconds -> ns */
static uint64_t jnum_ns(json_t *o, const char *k, double unit)
{
	json_t *v = json_object_get(o, k);
	double d = json_is_number(v) ? json_number_value(v) * unit : 0;

	return d >= 0 && d < 9.2e18 ? (uint64_t)llround(d) : 0;
}

/* A row's syscall by name ("syscall_NR" for those without one). */
static int trace_nr_of(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr < 0 && sscanf(name, "syscall_%d", &nr) != 1)
		nr = -1;
	return nr;
}

static int trace_remote_rows(json_t *root, struct trace_stats *s,
			     struct ovt_err *e)
{
	json_t *rows = json_object_get(root, "syscalls"), *v;
	size_t i;

	if (!json_is_array(rows))
		return ovt_err_set(e, EBADMSG, "the node's tracer sent no "
				   "syscalls");
	json_array_foreach(rows, i, v) {
		const char *name = json_string_value(json_object_get(v,
								     "name"));
		int nr = name ? trace_nr_of(name) : -1;
		struct trace_sc *sc;

		if (nr < 0 || nr >= TRACE_NSYS)
			return ovt_err_set(e, EBADMSG, "the node's tracer "
					   "sent an unknown syscall '%s'",
					   name ? name : "?");
		sc = &s->sc[nr];
		sc->calls = jnum_u64(v, "calls");
		sc->errors = jnum_u64(v, "errors");
		sc->total_ns = jnum_ns(v, "total_s", 1e9);
		sc->min_ns = jnum_ns(v, "min_us", 1e3);
		sc->max_ns = jnum_ns(v, "max_us", 1e3);
	}
	rows = json_object_get(root, "reads");
	json_array_foreach(rows, i, v) {
		const char *name = json_string_value(json_object_get(v,
								     "name"));
		int nr = name ? trace_nr_of(name) : -1;

		if (nr < 0 || nr >= TRACE_NSYS)
			continue;
		s->sc[nr].bytes = jnum_u64(v, "bytes");
		s->sc[nr].short_reads = jnum_u64(v, "short_reads");
	}
	return 0;
}

int trace_remote_read(const char *json, size_t len, struct trace_run *r,
		      struct ovt_err *e)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr), *v;
	const char *m;
	int ret = 0;

	if (!root)
		return ovt_err_set(e, EBADMSG, "the node's tracer sent no "
				   "summary (%s)", jerr.text);
	m = json_string_value(json_object_get(root, "method"));
	r->method = m && !strcmp(m, "ebpf") ? TRACE_M_EBPF : TRACE_M_PTRACE;
	v = json_object_get(root, "method_note");
	snprintf(r->fallback, sizeof(r->fallback), "%s",
		 json_is_string(v) ? json_string_value(v) : "");
	v = json_object_get(root, "exit_status");
	r->exit_status = json_is_integer(v) ? (int)json_integer_value(v) : -1;
	r->lost = jnum_u64(root, "lost");
	if (r->stats) {
		trace_stats_init(r->stats);
		ret = trace_remote_rows(root, r->stats, e);
	}
	json_decref(root);
	return ret;
}
