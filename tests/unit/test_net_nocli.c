/* test_net_nocli.c - src/net/ neither writes nor spells the command
 * grammar: the running-config is the command areas' (src/cmd/,
 * cmd_runconf.h), so renaming a keyword in a table cannot silently break
 * a replay through a backend's text.
 *
 * Read from the sources (OVTSH_TOP, else the current directory):
 *  1. no file in src/net/ calls a stdio writer (fprintf, fputs, ...) or
 *     names stdout/stderr: backends never print;
 *  2. no string literal there (adjacent literals joined) holds a keyword
 *     of the compiled grammar (the real tables, linked in) as a whole
 *     word followed by a blank or a conversion ("tunnel %s", "bridge ").
 *     Error text is prose for a person and exempt: the literals passed
 *     to ovt_err_set(), ovt_err_prefix() and net_nl_fail(), whose text
 *     a failed command prints instead of any running-config.  The few
 *     other literals that feed error text are listed in nc_allow, each
 *     with its reason.
 * Kernel link kinds ("bridge", "vxlan", "gre", "gretap", "veth") are
 * literals of their own in net_kind.c, not followed by a blank: they
 * need no exemption.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/cli_int.h"
#include "t.h"

#define NC_MAX_KW 512

static const char *nc_kw[NC_MAX_KW];
static int nc_nkw;

/* Words only: the list separator "," is punctuation in any text. */
static void nc_collect(const struct gnode *g)
{
	if (g->kind == G_KW && isalpha((unsigned char)g->text[0])) {
		for (int i = 0; i < nc_nkw; i++)
			if (!strcmp(nc_kw[i], g->text))
				return;
		if (nc_nkw < NC_MAX_KW)
			nc_kw[nc_nkw++] = g->text;
	}
	for (int i = 0; i < g->nkids; i++)
		nc_collect(g->kids[i]);
}

/* Functions whose string arguments are error text, or the iproute2,
 * sysctl and docker commands a plan records for "explain" (ovtsh/plan.h:
 * their words are those programs', which ovtsh's grammar only echoes). */
static const char *const nc_msg_fns[] = {
	"ovt_err_set", "ovt_err_prefix", "net_nl_fail",
	"plan_add", "net_plan_ip", "net_plan_run", "net_text_add",
};

/* Literals that feed error text through a variable or a helper. */
static const struct {
	const char *file, *lit, *why;
} nc_allow[] = {
	{ "net_route.c", "via ", "net_route_via(): how a route goes, for "
	  "the messages of net_route_add/del (\"exists via X, not ...\")" },
	{ "net_route.c", "dev ", "net_route_via(), as \"via \"" },
	{ "net_netns.c", "hypervisor '%s'", "the object named in "
	  "net_alias_lab_check()'s \"X belongs to lab ...\" message" },
	{ "net_link.c", "setting mtu of", "what failed, for net_link_change()"
	  "'s net_nl_fail() message" },
	{ "net_link.c", "%s %s in %s", "what net_alias_lab_check() names "
	  "(\"veth x in hypervisor y\"): English 'in', not foreach's" },
	{ "net_tunnel.c", "no type", "what an incomplete tunnel lacks, for "
	  "net_tunnel_check()'s message" },
	{ "net_tunnel.c", "no vni", "as \"no type\"" },
	{ "net_tunnel.c", "no endpoint", "as \"no type\"" },
	{ "net_tunnel.c", "a single endpoint needs 'remote A.B.C.D'",
	  "as \"no type\"" },
	{ "net_plan.c", "ip -n %s", "iproute2's words, for net_plan_ip()" },
	{ "net_plan.c", "ip netns exec %s %s", "as \"ip -n %s\"" },
	{ "net_plan.c", "master %s", "as \"ip -n %s\"" },
	{ "net_plan.c", "mtu %u", "as \"ip -n %s\"" },
};

static bool nc_allowed(const char *file, const char *lit, const char *fn)
{
	for (size_t i = 0; i < sizeof(nc_msg_fns) / sizeof(nc_msg_fns[0]); i++)
		if (!strcmp(fn, nc_msg_fns[i]))
			return true;
	for (size_t i = 0; i < sizeof(nc_allow) / sizeof(nc_allow[0]); i++)
		if (!strcmp(file, nc_allow[i].file) &&
		    !strcmp(lit, nc_allow[i].lit))
			return true;
	return false;
}

static int nc_hits;
static bool nc_quiet;          /* the self-test's expected hits */

/* Keyword kw as a word in s, followed by a blank or a conversion? */
static bool nc_has_kw(const char *s, const char *kw)
{
	size_t n = strlen(kw);

	for (const char *p = strstr(s, kw); p; p = strstr(p + 1, kw)) {
		bool start = p == s || !(isalnum((unsigned char)p[-1]) ||
					 strchr("-_.:", p[-1]));

		if (start && (p[n] == ' ' || p[n] == '\t' || p[n] == '\n' ||
			      p[n] == '%'))
			return true;
	}
	return false;
}

static void nc_literal(const char *file, int line, const char *lit,
		       const char *fn)
{
	for (int k = 0; k < nc_nkw; k++)
		if (nc_has_kw(lit, nc_kw[k]) && !nc_allowed(file, lit, fn)) {
			if (!nc_quiet)
				fprintf(stderr, "src/net/%s:%d: \"%s\" spells "
					"the keyword '%s' (in %s())\n", file,
					line, lit, nc_kw[k],
					fn[0] ? fn : "no call");
			nc_hits++;
			return;
		}
}

static const char *const nc_stdio[] = {
	"printf", "fprintf", "vprintf", "vfprintf", "dprintf", "vdprintf",
	"puts", "fputs", "putc", "fputc", "putchar", "fwrite", "perror",
	"open_memstream", "fmemopen", "stdout", "stderr",
};

static void nc_ident(const char *file, int line, const char *id)
{
	for (size_t i = 0; i < sizeof(nc_stdio) / sizeof(nc_stdio[0]); i++)
		if (!strcmp(id, nc_stdio[i])) {
			if (!nc_quiet)
				fprintf(stderr, "src/net/%s:%d: %s: a backend "
					"never prints\n", file, line, id);
			nc_hits++;
		}
}

#define NC_DEPTH 64

/* Walk C source t: identifiers, and string literals (adjacent ones
 * joined) with the innermost call they are an argument of.  Comments,
 * character constants and preprocessor lines are skipped. */
static void nc_scan(const char *file, const char *t)
{
	char lit[4096], id[64] = "", call[NC_DEPTH][64];
	size_t len = 0;
	int line = 1, at = 0, depth = 0;
	bool in = false, bol = true;

	while (*t) {
		if (in) {
			char ch = *t++;

			if (ch == '"') {
				in = false;
				continue;
			}
			if (ch == '\\' && *t) {
				ch = *t++;
				ch = ch == 'n' ? '\n' : ch == 't' ? '\t' : ch;
			}
			if (len + 1 < sizeof(lit))
				lit[len++] = ch;
			continue;
		}
		if (*t == '"') {
			if (len == 0)
				at = line;
			in = true;
			t++;
			continue;
		}
		if (isspace((unsigned char)*t)) {
			bol = *t == '\n' ? true : bol;
			line += *t++ == '\n';
			continue;
		}
		if (t[0] == '/' && t[1] == '/') {
			while (*t && *t != '\n')
				t++;
			continue;
		}
		if (t[0] == '/' && t[1] == '*') {
			for (t += 2; *t && !(t[0] == '*' && t[1] == '/'); t++)
				line += *t == '\n';
			t += *t ? 2 : 0;
			continue;
		}
		/* code: a literal (if any) ends here */
		if (len) {
			lit[len] = '\0';
			nc_literal(file, at, lit, depth ? call[depth - 1] : "");
			len = 0;
		}
		if (bol && *t == '#') {          /* #include "x.h", #define */
			while (*t && !(*t == '\n' && t[-1] != '\\'))
				t++;
			continue;
		}
		bol = false;
		if (*t == '\'') {
			for (t++; *t && *t != '\''; t++)
				t += *t == '\\' && t[1];
			t += !!*t;
			id[0] = '\0';
		} else if (isalpha((unsigned char)*t) || *t == '_') {
			size_t n = 0;

			while (isalnum((unsigned char)*t) || *t == '_') {
				if (n + 1 < sizeof(id))
					id[n++] = *t;
				t++;
			}
			id[n] = '\0';
			nc_ident(file, line, id);
		} else {
			if (*t == '(' && depth < NC_DEPTH)
				snprintf(call[depth++], sizeof(call[0]), "%s",
					 id);
			else if (*t == ')' && depth > 0)
				depth--;
			id[0] = '\0';
			t++;
		}
	}
}

static char *nc_read(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	long sz;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (sz = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (buf = calloc(1, (size_t)sz + 1)) &&
	    fread(buf, 1, (size_t)sz, fp) != (size_t)sz) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

/* The scanner itself, on text with one of each case. */
static void nc_selftest(void)
{
	int before = nc_hits;

	nc_quiet = true;
	nc_scan("self.c", "static const char *s = \"tunnel %s\";\n");
	T_INTEQ(nc_hits, before + 1);
	nc_scan("self.c", "x = \"tun\" \"nel \";\n");      /* joined */
	T_INTEQ(nc_hits, before + 2);
	nc_scan("self.c", "fputs(\"\", fp);\n");
	T_INTEQ(nc_hits, before + 3);
	nc_scan("self.c", "r = ovt_err_set(e, EINVAL, \"no tunnel %s\", "
		"f(\"x\"));\n/* \"route %s\" */ c = '\"';\n"
		"#include \"bridge x\"\nk = \"vxlan\";\n");
	T_INTEQ(nc_hits, before + 3);
	nc_hits = before;
	nc_quiet = false;
}

int main(void)
{
	const char *top = getenv("OVTSH_TOP");
	char dir[4096], path[4400];
	struct gcmd *const *cmds;
	struct dirent *de;
	int n, files = 0;
	DIR *d;

	cmds = grammar_all(&n);
	for (int i = 0; i < n; i++)
		nc_collect(cmds[i]->root);
	T_CHECK(nc_nkw > 50);
	nc_selftest();
	snprintf(dir, sizeof(dir), "%s/src/net", top && *top ? top : ".");
	d = opendir(dir);
	if (!d) {
		printf("no %s (run from the top directory or set OVTSH_TOP)\n",
		       dir);
		return 1;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char *text;

		if (len < 3 || strcmp(de->d_name + len - 2, ".c"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		text = nc_read(path);
		T_CHECK(text != NULL);
		if (text)
			nc_scan(de->d_name, text);
		free(text);
		files++;
	}
	closedir(d);
	T_CHECK(files >= 10);
	T_INTEQ(nc_hits, 0);
	printf("%d keywords, %d files of src/net\n", nc_nkw, files);
	T_DONE();
}
