/* args.c - reading a matched line's arguments by name.
 *
 * Keywords are recorded too (name = value = the keyword), so "json" or
 * "host" read with cli_arg_has().  When a keyword and a value share a name
 * ("vni (0-16777215)"), the value wins.  A placeholder's value comes
 * parsed by its type (types.c): the typed accessors hand it out and never
 * parse the token again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/cli.h"

static const struct cli_arg *cli_arg_find(const struct cli_args *a,
					  const char *name)
{
	const struct cli_arg *kw = NULL;

	for (int i = 0; i < a->n; i++) {
		if (strcmp(a->v[i].name, name))
			continue;
		if (!a->v[i].kw)
			return &a->v[i];
		if (!kw)
			kw = &a->v[i];
	}
	return kw;
}

/* The value named name, parsed as type t, or NULL when absent (a
 * keyword of that name alone, as in "no mtu", carries no value). */
static const struct cli_arg *cli_arg_typed(const struct cli_args *a,
					   const char *name, enum cli_val t)
{
	const struct cli_arg *v = cli_arg_find(a, name);

	if (v && v->kw)
		return NULL;
	if (v && v->type != t) {
		/* a handler that reads another type than its syntax has */
		fprintf(stderr, "ovtsh: bug: argument '%s' read as the wrong "
			"type\n", name);
		abort();
	}
	return v;
}

const char *cli_arg(const struct cli_args *a, const char *name)
{
	const struct cli_arg *v = cli_arg_find(a, name);

	return v ? v->value : NULL;
}

bool cli_arg_has(const struct cli_args *a, const char *name)
{
	return cli_arg(a, name) != NULL;
}

int cli_arg_all(const struct cli_args *a, const char *name,
		const char **vals, int max)
{
	int k = 0, pass;

	/* values first; only keywords when no value carries the name */
	for (pass = 0; pass < 2 && k == 0; pass++)
		for (int i = 0; i < a->n; i++)
			if (!strcmp(a->v[i].name, name) &&
			    a->v[i].kw == (pass == 1)) {
				if (k < max)
					vals[k] = a->v[i].value;
				k++;
			}
	return k;
}

long long cli_arg_num(const struct cli_args *a, const char *name,
		      long long def)
{
	const struct cli_arg *v = cli_arg_typed(a, name, CLI_V_NUM);

	return v ? v->val.num : def;
}

uint32_t cli_arg_u32(const struct cli_args *a, const char *name,
		     uint32_t def)
{
	long long v = cli_arg_num(a, name, def);

	if (v < 0 || v > (long long)UINT32_MAX) {
		fprintf(stderr, "ovtsh: bug: argument '%s' is no 32-bit "
			"unsigned range\n", name);
		abort();
	}
	return (uint32_t)v;
}

const char *cli_arg_ifname(const struct cli_args *a, const char *name)
{
	const struct cli_arg *v = cli_arg_typed(a, name, CLI_V_IFNAME);

	return v ? v->value : NULL;
}

const char *cli_arg_name(const struct cli_args *a, const char *name)
{
	const struct cli_arg *v = cli_arg_typed(a, name, CLI_V_NAME);

	return v ? v->value : NULL;
}

bool cli_arg_prefix(const struct cli_args *a, const char *name,
		    struct val_prefix *p)
{
	const struct cli_arg *v = cli_arg_typed(a, name, CLI_V_PREFIX);

	if (v)
		*p = v->val.pfx;
	return v != NULL;
}

bool cli_arg_addr(const struct cli_args *a, const char *name,
		  struct val_prefix *p)
{
	const struct cli_arg *v = cli_arg_typed(a, name, CLI_V_ADDR);

	if (v)
		*p = v->val.pfx;
	return v != NULL;
}

bool cli_arg_addr4(const struct cli_args *a, const char *name,
		   struct in_addr *ip)
{
	struct val_prefix p;

	if (!cli_arg_addr(a, name, &p))
		return false;
	if (p.family != AF_INET) {
		fprintf(stderr, "ovtsh: bug: argument '%s' is no IPv4 "
			"address\n", name);
		abort();
	}
	memcpy(ip, p.addr, sizeof(*ip));
	return true;
}
