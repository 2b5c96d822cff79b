/* test_out.c - one emitter, two renderings: the same calls give the text
 * formats or one JSON document per flush. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/out.h"
#include "t.h"

static void emit(struct out *o)
{
	out_obj_begin(o, NULL);
	out_str(o, "name", "%-4s", "br1");
	out_uint(o, "mtu", " mtu %llu", 1500);
	out_bool(o, "up", " up=%s", true);
	out_arr_begin(o, "addrs");
	out_str(o, NULL, " %s", "32.0.0.1/24");
	out_str(o, NULL, " %s", "fe80::1/64");
	out_arr_end(o);
	out_null(o, "master", " -");
	out_obj_end(o);
	out_nl(o);
	out_flush(o);
}

static char *render(bool json, void (*fn)(struct out *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct out *o = out_new(fp, json);

	fn(o);
	out_free(o);
	fclose(fp);
	return buf;
}

static void twice(struct out *o)
{
	emit(o);
	emit(o);
}

static void bare(struct out *o)
{
	/* keyed values with no container open go into one root object */
	out_int(o, "a", NULL, -1);
	out_float(o, "b", NULL, 0.5);
}

static void scalar_root(struct out *o)
{
	/* a scalar root cannot hold more: the extra values and the
	 * containers are dropped without unbalancing the stack */
	out_str(o, NULL, NULL, "x");
	out_obj_begin(o, "lost");
	out_uint(o, "n", NULL, 1);
	out_obj_end(o);
	out_uint(o, "m", NULL, 2);
}

int main(void)
{
	char *s;

	s = render(false, emit);
	T_STREQ(s, "br1  mtu 1500 up=true 32.0.0.1/24 fe80::1/64 -\n");
	free(s);
	s = render(true, emit);
	T_STREQ(s, "{\"name\":\"br1\",\"mtu\":1500,\"up\":true,"
		   "\"addrs\":[\"32.0.0.1/24\",\"fe80::1/64\"],\"master\":null}\n");
	{
		/* one document per flush: the same line twice */
		char *two = render(true, twice), both[512];

		snprintf(both, sizeof(both), "%s%s", s, s);
		T_STREQ(two, both);
		free(two);
	}
	free(s);
	s = render(true, bare);
	T_STREQ(s, "{\"a\":-1,\"b\":0.5}\n");
	free(s);
	s = render(true, scalar_root);
	T_STREQ(s, "\"x\"\n");
	free(s);
	T_DONE();
}
