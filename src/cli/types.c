/* types.c - typed placeholders: what each accepts and why it refuses.
 *
 * A refusal carries the reason, so "vni 16777216" reports the range and
 * "interface averyveryverylongname" the 15-byte limit, beside the caret.
 * Every type parses with ovtsh/value.h, as the backends check, and keeps
 * the parsed value with the argument (struct cli_arg), so handlers read
 * it through the typed accessors of args.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cli_int.h"

/* NULL when r is 0; else e's message, in why. */
static const char *ty_why(int r, const struct ovt_err *e, char *why,
			  size_t len)
{
	if (r == 0)
		return NULL;
	snprintf(why, len, "%s", e->msg);
	return why;
}

static const char *ty_any(const struct gnode *g, const char *tok,
			  struct cli_arg *out, char *why, size_t len)
{
	(void)g;
	(void)out;
	(void)why;
	(void)len;
	return *tok ? NULL : "empty word";
}

static const char *ty_name(const struct gnode *g, const char *tok,
			   struct cli_arg *out, char *why, size_t len)
{
	struct ovt_err e;

	(void)g;
	out->type = CLI_V_NAME;
	return ty_why(val_name(tok, &e), &e, why, len);
}

static const char *ty_ifname(const struct gnode *g, const char *tok,
			     struct cli_arg *out, char *why, size_t len)
{
	struct ovt_err e;

	(void)g;
	out->type = CLI_V_IFNAME;
	return ty_why(val_ifname(tok, &e), &e, why, len);
}

static const char *ty_addr(const char *tok, int af, struct cli_arg *out,
			   char *why, size_t len)
{
	struct ovt_err e;

	out->type = CLI_V_ADDR;
	return ty_why(val_addr_parse(tok, af, &out->val.pfx, &e), &e, why,
		      len);
}

static const char *ty_ipv4(const struct gnode *g, const char *tok,
			   struct cli_arg *out, char *why, size_t len)
{
	(void)g;
	return ty_addr(tok, AF_INET, out, why, len);
}

static const char *ty_ipv6(const struct gnode *g, const char *tok,
			   struct cli_arg *out, char *why, size_t len)
{
	(void)g;
	return ty_addr(tok, AF_INET6, out, why, len);
}

/* addr/len of family af; an interface's own address with ifaddr. */
static const char *ty_prefix(const char *tok, int af, bool ifaddr,
			     struct cli_arg *out, char *why, size_t len)
{
	struct ovt_err e;
	int r;

	out->type = CLI_V_PREFIX;
	r = val_prefix_parse(tok, af, &out->val.pfx, &e);
	if (r == 0 && ifaddr)
		r = val_ifaddr(&out->val.pfx, &e);
	return ty_why(r, &e, why, len);
}

static const char *ty_ipv4pfx(const struct gnode *g, const char *tok,
			      struct cli_arg *out, char *why, size_t len)
{
	(void)g;
	return ty_prefix(tok, AF_INET, false, out, why, len);
}

static const char *ty_ipv6pfx(const struct gnode *g, const char *tok,
			      struct cli_arg *out, char *why, size_t len)
{
	(void)g;
	return ty_prefix(tok, AF_INET6, false, out, why, len);
}

static const char *ty_ifaddr4(const struct gnode *g, const char *tok,
			      struct cli_arg *out, char *why, size_t len)
{
	(void)g;
	return ty_prefix(tok, AF_INET, true, out, why, len);
}

static const char *ty_ifaddr6(const struct gnode *g, const char *tok,
			      struct cli_arg *out, char *why, size_t len)
{
	(void)g;
	return ty_prefix(tok, AF_INET6, true, out, why, len);
}

static const char *ty_range(const struct gnode *g, const char *tok,
			    struct cli_arg *out, char *why, size_t len)
{
	struct ovt_err e;

	out->type = CLI_V_NUM;
	return ty_why(val_range(tok, g->lo, g->hi, &out->val.num, &e), &e,
		      why, len);
}

static const char *ty_list(const struct gnode *g, const char *tok,
			   struct cli_arg *out, char *why, size_t len)
{
	struct ovt_err e;

	(void)g;
	(void)out;
	return ty_why(val_list(tok, &e), &e, why, len);
}

static const struct cli_type cli_types[] = {
	{ .name = "WORD",       .argname = "word",    .rank = 1, .check = ty_any },
	{ .name = "STRING",     .argname = "string",  .rank = 1, .check = ty_any },
	{ .name = "FILE",       .argname = "file",    .rank = 1, .check = ty_any },
	{ .name = "LINE",       .argname = "line",    .rank = 0, .check = ty_any },
	{ .name = "LIST",       .argname = "list",    .rank = 1, .check = ty_list },
	{ .name = "NAME",       .argname = "name",    .rank = 2, .check = ty_name },
	{ .name = "IFNAME",     .argname = "ifname",  .rank = 2, .check = ty_ifname },
	{ .name = "A.B.C.D",    .argname = "a.b.c.d",      .rank = 3, .check = ty_ipv4 },
	{ .name = "A.B.C.D/M",  .argname = "a.b.c.d/m",  .rank = 3, .check = ty_ipv4pfx },
	{ .name = "X:X::X:X",   .argname = "x:x::x:x",    .rank = 3, .check = ty_ipv6 },
	{ .name = "X:X::X:X/M", .argname = "x:x::x:x/m", .rank = 3, .check = ty_ipv6pfx },
	/* an interface's own address (A.B.C.D/M, X:X::X:X/M: routes) */
	{ .name = "IFADDR4",    .argname = "ifaddr4", .rank = 3, .check = ty_ifaddr4 },
	{ .name = "IFADDR6",    .argname = "ifaddr6", .rank = 3, .check = ty_ifaddr6 },
	{ .name = "(lo-hi)",    .argname = "num",     .rank = 3, .check = ty_range },
};

const struct cli_type *type_find(const char *text)
{
	size_t n = sizeof(cli_types) / sizeof(cli_types[0]);

	if (text[0] == '(')
		return &cli_types[n - 1];
	for (size_t i = 0; i < n - 1; i++)
		if (!strcmp(cli_types[i].name, text))
			return &cli_types[i];
	return NULL;
}

bool type_is_placeholder(const char *text)
{
	if (text[0] == '(')
		return true;
	for (const char *p = text; *p; p++)
		if (islower((unsigned char)*p))
			return false;
	return isupper((unsigned char)text[0]) != 0;
}
