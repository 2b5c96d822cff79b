/* lab.c - the lab's name and tag (see ovtsh/lab.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/lab.h"
#include "ovtsh/value.h"

const char *lab_name(void)
{
	const char *n = getenv("OVTSH_LAB");

	return n && *n ? n : "default";
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
	/* the character rule of every NAME (ovtsh/value.h) */
	p = val_name_bad(name);
	if (p == name)
		return ovt_err_set(e, EINVAL, "lab name must start with a "
				   "letter or a digit");
	if (p)
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

const char *lab_kind_noun(enum lab_kind k, int n)
{
	static const char *const nouns[LAB_K_COUNT][2] = {
		[LAB_K_CONTAINER] = { "container", "containers" },
		[LAB_K_HYPERVISOR] = { "hypervisor", "hypervisors" },
		[LAB_K_INTERFACE] = { "interface", "interfaces" },
		[LAB_K_TUNNEL] = { "tunnel", "tunnels" },
		[LAB_K_VM] = { "VM", "VMs" },
	};

	return (unsigned)k < LAB_K_COUNT ? nouns[k][n != 1] : "?";
}
