/* out.c - text/JSON emitter (see include/ovtsh/out.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ovtsh/out.h"

#define OUT_DEPTH 32

struct out {
	FILE *fp;
	bool json;
	json_t *root;                 /* finished or growing root value */
	json_t *stack[OUT_DEPTH];     /* open containers, stack[0] is root */
	int depth;                    /* number of open containers */
	int lost;                     /* opened but not placed (see out_open) */
};

struct out *out_new(FILE *fp, bool json)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->fp = fp;
	o->json = json;
	return o;
}

void out_free(struct out *o)
{
	if (!o)
		return;
	out_flush(o);
	free(o);
}

bool out_is_json(const struct out *o)
{
	return o && o->json;
}

FILE *out_file(const struct out *o)
{
	return o->fp;
}

/* Attach v under key to the innermost open container; steals v.  False
 * (v freed) when there is no place for it: the root is a finished scalar. */
static bool out_attach(struct out *o, const char *key, json_t *v)
{
	json_t *top;

	if (!v)
		return false;
	if (o->depth == 0) {
		if (!key && !o->root) {
			o->root = v;
			return true;
		}
		/* bare keyed value: open an implicit root object */
		if (!o->root)
			o->root = json_object();
		top = o->root;
	} else {
		top = o->stack[o->depth - 1];
	}
	if (json_is_array(top))
		return json_array_append_new(top, v) == 0;
	if (json_is_object(top))
		return json_object_set_new(top, key ? key : "value", v) == 0;
	json_decref(v);
	return false;
}

/* Open a container; text mode builds nothing.  One that could not be
 * placed is counted, so that its close does not pop its parent. */
static void out_open(struct out *o, const char *key, bool array)
{
	json_t *c;

	if (!o->json)
		return;
	c = array ? json_array() : json_object();
	if (o->depth >= OUT_DEPTH || !out_attach(o, key, c)) {
		if (o->depth >= OUT_DEPTH)
			json_decref(c);
		o->lost++;
		return;
	}
	o->stack[o->depth++] = c;   /* borrowed: its parent owns it */
}

void out_obj_begin(struct out *o, const char *key)
{
	out_open(o, key, false);
}

void out_arr_begin(struct out *o, const char *key)
{
	out_open(o, key, true);
}

static void out_close(struct out *o)
{
	if (!o->json)
		return;
	if (o->lost)
		o->lost--;
	else if (o->depth > 0)
		o->depth--;
}

void out_obj_end(struct out *o)
{
	out_close(o);
}

void out_arr_end(struct out *o)
{
	out_close(o);
}

/* The formats come from the callers' tables; -Wformat-nonliteral is the
 * price of the iproute2-style API, so the checks are local. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void out_str(struct out *o, const char *key, const char *fmt, const char *v)
{
	if (o->json)
		out_attach(o, key, v ? json_string(v) : json_null());
	else if (fmt)
		fprintf(o->fp, fmt, v ? v : "");
}

void out_int(struct out *o, const char *key, const char *fmt, long long v)
{
	if (o->json)
		out_attach(o, key, json_integer(v));
	else if (fmt)
		fprintf(o->fp, fmt, v);
}

void out_uint(struct out *o, const char *key, const char *fmt,
	      unsigned long long v)
{
	if (o->json)
		out_attach(o, key, json_integer((json_int_t)v));
	else if (fmt)
		fprintf(o->fp, fmt, v);
}

void out_float(struct out *o, const char *key, const char *fmt, double v)
{
	if (o->json)
		out_attach(o, key, json_real(v));
	else if (fmt)
		fprintf(o->fp, fmt, v);
}

void out_bool(struct out *o, const char *key, const char *fmt, bool v)
{
	if (o->json)
		out_attach(o, key, json_boolean(v));
	else if (fmt)
		fprintf(o->fp, fmt, v ? "true" : "false");
}

void out_null(struct out *o, const char *key, const char *fmt)
{
	if (o->json)
		out_attach(o, key, json_null());
	else if (fmt)
		fputs(fmt, o->fp);
}
#pragma GCC diagnostic pop

void out_text(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->fp, fmt, ap);
	va_end(ap);
}

void out_nl(struct out *o)
{
	if (!o->json)
		fputc('\n', o->fp);
}

void out_emit(struct out *o)
{
	char buf[8192];
	size_t n;

	if (!o || !o->json || !o->root)
		return;
	/* a document is usually small: dump into a stack buffer, write once */
	n = json_dumpb(o->root, buf, sizeof(buf) - 1,
		       JSON_COMPACT | JSON_ENCODE_ANY);
	if (n > 0 && n < sizeof(buf) - 1) {
		buf[n] = '\n';
		fwrite(buf, 1, n + 1, o->fp);
	} else {
		json_dumpf(o->root, o->fp, JSON_COMPACT | JSON_ENCODE_ANY);
		fputc('\n', o->fp);
	}
	json_decref(o->root);
	o->root = NULL;
	o->depth = 0;
	o->lost = 0;
}

void out_flush(struct out *o)
{
	if (!o)
		return;
	out_emit(o);
	fflush(o->fp);
}
