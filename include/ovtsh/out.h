/* out.h - one emitter for text and JSON (iproute2's print_* idea).
 *
 * Every value is emitted once with a JSON key and a printf format for text:
 *
 *     out_str(o, "name", "%-16s", name);
 *     out_uint(o, "mtu", " mtu %llu", mtu);
 *
 * In text mode the format is printed (a NULL format prints nothing); in JSON
 * mode the key and value go into a document built with jansson and the format
 * is ignored.  out_text() is text only, out_flush() ends one JSON document
 * (printed on one line).  Capture's per-packet JSON does not come through
 * here: it is written by the streaming writer (jw.h) into its own buffer.
 */
#ifndef OVTSH_OUT_H
#define OVTSH_OUT_H

#include <stdbool.h>
#include <stdio.h>

struct out;

struct out *out_new(FILE *fp, bool json);
void out_free(struct out *o);          /* flushes first */
bool out_is_json(const struct out *o);
FILE *out_file(const struct out *o);

/* Containers.  key is NULL for the root value and for array elements. */
void out_obj_begin(struct out *o, const char *key);
void out_obj_end(struct out *o);
void out_arr_begin(struct out *o, const char *key);
void out_arr_end(struct out *o);

void out_str(struct out *o, const char *key, const char *fmt, const char *v);
void out_int(struct out *o, const char *key, const char *fmt, long long v);
void out_uint(struct out *o, const char *key, const char *fmt,
	      unsigned long long v);
void out_float(struct out *o, const char *key, const char *fmt, double v);
void out_bool(struct out *o, const char *key, const char *fmt, bool v);
void out_null(struct out *o, const char *key, const char *fmt);

/* Text-mode only output (headers, separators, newlines). */
void out_text(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void out_nl(struct out *o);            /* newline in text mode */

/* JSON: print the finished root value (one line) and start a new one.
 * Values emitted with no open root go into an implicit root object.
 * out_emit() leaves the line in the FILE's buffer; out_flush() also
 * flushes. */
void out_emit(struct out *o);
void out_flush(struct out *o);

#endif
