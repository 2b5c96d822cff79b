/* args.c - reading a matched line's arguments by name. */
#include <stdlib.h>
#include <string.h>

#include "ovtsh/cli.h"

const char *cli_arg(const struct cli_args *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].name, name))
			return a->v[i].value;
	return NULL;
}

bool cli_arg_has(const struct cli_args *a, const char *name)
{
	return cli_arg(a, name) != NULL;
}

int cli_arg_all(const struct cli_args *a, const char *name,
		const char **vals, int max)
{
	int k = 0;

	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].name, name)) {
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
	return v ? strtoll(v, NULL, 0) : def;
}
