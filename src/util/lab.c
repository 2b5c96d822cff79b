/* lab.c - the lab's name and tag (see ovtsh/lab.h). */
#include <stdio.h>
#include <stdlib.h>

#include "ovtsh/lab.h"

const char *lab_name(void)
{
	const char *n = getenv("OVTSH_LAB");

	return n && *n ? n : "default";
}

const char *lab_alias(void)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), LAB_ALIAS_PREFIX "%s", lab_name());
	return buf;
}
