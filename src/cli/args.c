/* args.c - reading a matched line's arguments by name.
 *
 * Keywords are recorded too (name = value = the keyword), so "json" or
 * "host" read with cli_arg_has().  When a keyword and a value share a name
 * ("vni (0-16777215)"), the value wins.
 */
#include <stdlib.h>
#include <string.h>

#include "ovtsh/cli.h"

const char *cli_arg(const struct cli_args *a, const char *name)
{
	const char *kw = NULL;

	for (int i = 0; i < a->n; i++) {
		if (strcmp(a->v[i].name, name))
			continue;
		if (!a->v[i].kw)
			return a->v[i].value;
		if (!kw)
			kw = a->v[i].value;
	}
	return kw;
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
	const char *v = cli_arg(a, name);

	/* The matcher has already range-checked the token. */
	return v ? strtoll(v, NULL, 10) : def;
}
