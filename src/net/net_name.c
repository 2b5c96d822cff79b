/* net_name.c - node references and lab aliases.  Names, addresses and
 * prefixes are checked by ovtsh/value.h. */
#include <errno.h>
#include <string.h>

#include "net_int.h"

const char *net_node_ref(const struct node *n, char *buf, size_t len)
{
	if (node_is_host(n))
		snprintf(buf, len, "host");
	else
		snprintf(buf, len, "%s:%s", n->kind->prefix, n->name);
	return buf;
}

int net_node_from_ref(const char *ref, struct node *n, struct ovt_err *e)
{
	const char *colon = strchr(ref, ':');
	const struct node_kind *k = NULL;
	char prefix[16];

	if (!strcmp(ref, "host"))
		return node_make(n, &node_host_kind, NULL, e);
	/* "PREFIX:NAME", the prefix of a registered kind */
	if (colon && (size_t)(colon - ref) < sizeof(prefix)) {
		snprintf(prefix, sizeof(prefix), "%.*s", (int)(colon - ref),
			 ref);
		k = node_kind_by_prefix(prefix);
	}
	if (!k)
		return ovt_err_set(e, EINVAL, "bad node reference '%s'", ref);
	return node_make(n, k, colon + 1, e);
}

bool net_alias_lab(const char *alias, char *buf, size_t len)
{
	const size_t pl = sizeof(LAB_ALIAS_PREFIX) - 1;
	const char *lab, *p, *end;

	if (!alias || strncmp(alias, LAB_ALIAS_PREFIX, pl))
		return false;
	lab = alias + pl;
	end = strchr(lab, ' ');
	if (!end)
		end = lab + strlen(lab);
	if ((size_t)(end - lab) >= len)
		return false;
	memcpy(buf, lab, (size_t)(end - lab));
	buf[end - lab] = '\0';
	if (lab_name_check(buf, NULL) < 0)
		return false;
	/* the rest is " key=value" words: "ovtsh:rel3 x" is no tag of
	 * rel3 (it is what an unchecked lab name "rel3 x" once wrote) */
	for (p = end; *p; p = end) {
		const char *eq;

		p++;
		end = strchr(p, ' ');
		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq || eq == p)
			return false;
	}
	return true;
}

bool net_alias_is_lab(const char *alias)
{
	char lab[LAB_NAME_MAX + 1];

	return net_alias_lab(alias, lab, sizeof(lab)) &&
	       !strcmp(lab, lab_name());
}

int net_alias_lab_check(const char *alias, bool untagged_ok,
			const char *what, struct ovt_err *e)
{
	char lab[LAB_NAME_MAX + 1];

	if (!net_alias_lab(alias, lab, sizeof(lab)))
		return untagged_ok ? 0 :
		       ovt_err_set(e, EPERM, "%s was not created by lab '%s' "
				   "(it has no lab tag); not touching it",
				   what, lab_name());
	if (strcmp(lab, lab_name()))
		return ovt_err_set(e, EPERM, "%s belongs to lab '%s', not to "
				   "lab '%s'; not touching it", what, lab,
				   lab_name());
	return 0;
}

bool net_alias_get(const char *alias, const char *key, char *buf, size_t len)
{
	return net_alias_is_lab(alias) &&
	       net_alias_get_any(alias, key, buf, len);
}

bool net_alias_get_any(const char *alias, const char *key, char *buf,
		       size_t len)
{
	size_t kl = strlen(key);
	char lab[LAB_NAME_MAX + 1];
	const char *p;

	if (!net_alias_lab(alias, lab, sizeof(lab)))
		return false;
	for (p = strchr(alias, ' '); p; p = strchr(p + 1, ' ')) {
		const char *v, *end;

		if (strncmp(p + 1, key, kl) || p[1 + kl] != '=')
			continue;
		v = p + 2 + kl;
		end = strchr(v, ' ');
		if (!end)
			end = v + strlen(v);
		if ((size_t)(end - v) >= len)
			return false;
		memcpy(buf, v, (size_t)(end - v));
		buf[end - v] = '\0';
		return true;
	}
	return false;
}
