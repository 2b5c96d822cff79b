/* lab.c - the lab's name and tag (see ovtsh/lab.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/lab.h"

const char *lab_name(void)
{
	const char *n = getenv("OVTSH_LAB");

	return n && *n ? n : "default";
}

/* isalnum() would follow the locale: the tag must not. */
static int lab_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

int lab_name_check(const char *name, struct ovt_err *e)
{
	size_t n = strlen(name);
	const char *p;

	if (n == 0)
		return ovt_err_set(e, EINVAL, "lab name is empty");
	if (n > LAB_NAME_MAX)
		return ovt_err_set(e, EINVAL, "lab name is %zu bytes, at most "
				   "%d", n, LAB_NAME_MAX);
	if (!lab_alnum(name[0]))
		return ovt_err_set(e, EINVAL, "lab name must start with a "
				   "letter or a digit");
	for (p = name; *p; p++)
		if (!lab_alnum(*p) && !strchr("_.-", *p))
			return ovt_err_set(e, EINVAL, "lab name has a character "
					   "other than A-Z a-z 0-9 _ . - "
					   "(byte 0x%02x at %zu)",
					   (unsigned char)*p,
					   (size_t)(p - name) + 1);
	return 0;
}

const char *lab_alias(void)
{
	static char buf[sizeof(LAB_ALIAS_PREFIX) + LAB_NAME_MAX];

	snprintf(buf, sizeof(buf), LAB_ALIAS_PREFIX "%s", lab_name());
	return buf;
}
