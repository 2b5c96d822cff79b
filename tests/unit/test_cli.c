/* test_cli.c - lexer, placeholder types, grammar compiler and matcher. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/cli/cli_int.h"
#include "t.h"

static int zz_handler(struct cli_ctx *c, const struct cli_args *a)
{
	(void)c;
	(void)a;
	return CLI_OK;
}

/* A private table, registered in this test binary only. */
static const struct cli_cmd test_cmds[] = {
	{ .syntax = "zzaddr A.B.C.D/M$pfx [peer A.B.C.D$peer]",
	  .help = "Test address\nPrefix\nPeer\nPeer address\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "zzopt {vni (0-16777215)|port (1-65535)$p|flag|name NAME}",
	  .help = "Test options\nVNI\nVNI value\nPort\nPort value\nFlag\n"
		  "Name\nName value\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "[no] zzkind <alpha|beta>$kind IFNAME",
	  .help = H_NO "Test kind\nAlpha\nBeta\n" H_IFNAME,
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "zzrun LINE",
	  .help = "Test run\nWords\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "zzaxe WORD",
	  .help = "Test axe\nWord\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "zzrange (5-10)",
	  .help = "Test range\nValue\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "zzexec [level (1-5)] [json] LINE",
	  .help = "Test exec\nLevel\nLevel value\nJSON\nWords\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "zzval IFNAME$dev NAME$nm A.B.C.D$gw X:X::X:X$gw6 "
		    "A.B.C.D/M$pfx IFADDR6$a6 key (0-4294967295) [big (-5-5)]",
	  .help = "Test values\nDevice\nName\nGateway\nIPv6 gateway\n"
		  "Prefix\nIPv6 address\nKey\nKey value\nBig\nBig value\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "zzpin A.B.C.D [json]",
	  .help = "Test pin\nAddress\nJSON\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ .syntax = "zzpinall [json]",
	  .help = "Test pin all\nJSON\n",
	  .modes = CLI_M_EXEC, .handler = zz_handler },
	{ 0 }
};
CLI_TABLE("test", test_cmds);

static struct lex_line L;
static struct match_result R;

static const struct match_result *m(const char *line)
{
	T_CHECK(lex_split(line, strlen(line), &L) == 0);
	match_line(&L, L.n, CLI_MODE_EXEC, false, &R);
	return &R;
}

static void test_lex(void)
{
	T_INTEQ(lex_split("  show   version ", 17, &L), 0);
	T_INTEQ(L.n, 2);
	T_STREQ(L.tok[1].text, "version");
	T_INTEQ(L.tok[1].col, 9);
	T_CHECK(L.trailing_space);

	{
		const char *q = "capture filter \"icmp and host 1.2.3.4\" x";

		T_INTEQ(lex_split(q, strlen(q), &L), 0);
	}
	T_INTEQ(L.n, 4);
	T_STREQ(L.tok[2].text, "icmp and host 1.2.3.4");
	T_CHECK(L.tok[2].quoted);

	T_INTEQ(lex_split("echo \"a\\\"b\" 'c d'", 17, &L), 0);
	T_STREQ(L.tok[1].text, "a\"b");
	T_STREQ(L.tok[2].text, "c d");

	T_INTEQ(lex_split("bridge br1   ! a comment", 24, &L), 0);
	T_INTEQ(L.n, 2);
	T_INTEQ(lex_split("# whole line", 12, &L), 0);
	T_INTEQ(L.n, 0);

	T_INTEQ(lex_split("show ?", 6, &L), 0);
	T_CHECK(L.help);
	T_INTEQ(L.n, 1);
	T_INTEQ(lex_split("sh?", 3, &L), 0);
	T_CHECK(L.help);
	T_STREQ(L.tok[0].text, "sh");

	T_INTEQ(lex_split("echo \"open", 10, &L), -1);
	T_STREQ(L.err, "Unterminated quote");
	T_INTEQ(L.err_col, 5);
	T_INTEQ(lex_split("echo a\0b", 8, &L), -1);
	T_STREQ(L.err, "NUL byte in input");
	T_INTEQ(L.err_col, 6);
	T_INTEQ(lex_split("echo \xff", 6, &L), -1);
	T_STREQ(L.err, "Invalid UTF-8 in input");
	T_INTEQ(lex_split("echo \xc3\xa9t\xc3\xa9", 10, &L), 0);   /* été */
	T_INTEQ(lex_split("echo \xc0\xaf", 7, &L), -1);           /* overlong */

	{
		static char big[CLI_MAX_LINE + 10];

		memset(big, 'a', sizeof(big) - 1);
		T_INTEQ(lex_split(big, sizeof(big) - 1, &L), -1);
		T_CHECK(strstr(L.err, "too long") != NULL);
	}
	{
		char q[64];

		lex_quote("plain", q, sizeof(q));
		T_STREQ(q, "plain");
		lex_quote("a b\"c", q, sizeof(q));
		T_STREQ(q, "\"a b\\\"c\"");
	}
}

static void test_match(void)
{
	const struct match_result *r;

	/* a word that is a keyword exactly is not an abbreviation of a
	 * longer one: "zzpin" alone is incomplete, not "zzpinall" */
	r = m("zzpin");
	T_CHECK(r->cmd == NULL);
	T_CHECK(r->need_more);
	r = m("zzpin json");
	T_CHECK(r->cmd == NULL);
	T_INTEQ(r->fail_tok, 1);
	r = m("zzpin 10.0.0.1 json");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[8]);
	r = m("zzpina json");            /* a true abbreviation still is */
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[9]);
	T_INTEQ(r->amb_tok, -1);

	r = m("zzaddr 32.0.0.1/24");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[0]);
	T_STREQ(cli_arg(&r->args, "pfx"), "32.0.0.1/24");
	T_CHECK(!cli_arg_has(&r->args, "peer"));

	/* abbreviation of keywords, optional tail */
	r = m("zzad 32.0.0.1/24 pe 32.0.0.2");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[0]);
	T_STREQ(cli_arg(&r->args, "peer"), "32.0.0.2");

	/* a bad prefix: caret at the token, with the reason */
	r = m("zzaddr 32.0.0.1/33");
	T_CHECK(r->cmd == NULL);
	T_INTEQ(r->fail_tok, 1);
	T_STREQ(r->why, "prefix length 33 out of range (0-32)");
	r = m("zzaddr 32.0.0/24");
	T_INTEQ(r->fail_tok, 1);
	T_CHECK(strstr(r->why, "not an IPv4 prefix") != NULL);

	/* any order, each once; range named by its keyword */
	r = m("zzopt flag port 4789 vni 42");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[1]);
	T_STREQ(cli_arg(&r->args, "vni"), "42");
	T_INTEQ(cli_arg_num(&r->args, "vni", -1), 42);
	T_STREQ(cli_arg(&r->args, "p"), "4789");
	T_CHECK(cli_arg_has(&r->args, "flag"));
	T_CHECK(!cli_arg_has(&r->args, "name"));
	r = m("zzopt vni 16777216");
	T_CHECK(r->cmd == NULL);
	T_INTEQ(r->fail_tok, 2);
	T_STREQ(r->why, "16777216 is out of range (0-16777215)");
	r = m("zzopt flag flag");
	T_CHECK(r->cmd == NULL);
	T_INTEQ(r->fail_tok, 2);

	/* [no], <a|b>$kind, IFNAME length */
	r = m("no zzkind be eth0");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[2]);
	T_CHECK(cli_arg_has(&r->args, "no"));
	T_STREQ(cli_arg(&r->args, "kind"), "beta");
	T_STREQ(cli_arg(&r->args, "ifname"), "eth0");
	r = m("zzkind alpha averyveryverylongname");
	T_CHECK(r->cmd == NULL);
	T_STREQ(r->why, "interface name 'averyveryverylongname' is 21 bytes, at most 15");

	/* LINE takes the rest, one argument per word */
	r = m("zzrun iperf3 -s -1");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[3]);
	{
		const char *w[8];

		T_INTEQ(cli_arg_all(&r->args, "line", w, 8), 3);
		T_STREQ(w[2], "-1");
	}

	/* an option's keyword before LINE is not a LINE word: its value's
	 * refusal is the error (not a program named "level") */
	r = m("zzexec level 3 json ls -l");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[6]);
	T_STREQ(cli_arg(&r->args, "level"), "3");
	T_CHECK(cli_arg_has(&r->args, "json"));
	{
		const char *w[8];

		T_INTEQ(cli_arg_all(&r->args, "line", w, 8), 2);
		T_STREQ(w[0], "ls");
	}
	r = m("zzexec level 9 ls");
	T_CHECK(r->cmd == NULL);
	T_INTEQ(r->fail_tok, 2);
	T_STREQ(r->why, "9 is out of range (1-5)");
	r = m("zzexec level");
	T_CHECK(r->cmd == NULL);
	T_CHECK(r->need_more);
	/* quoted, or not where the option goes, it is a LINE word */
	r = m("zzexec \"level\" 9");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[6]);
	T_STREQ(cli_arg(&r->args, "line"), "level");
	r = m("zzexec ls level 9");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[6]);
	T_CHECK(!cli_arg_has(&r->args, "level"));
	r = m("zzexec json json");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[6]);
	T_STREQ(cli_arg(&r->args, "line"), "json");

	/* ranges: bounds and non-numbers */
	T_CHECK(m("zzrange 5")->cmd != NULL);
	T_CHECK(m("zzrange 10")->cmd != NULL);
	T_CHECK(m("zzrange 11")->cmd == NULL);
	T_CHECK(m("zzrange 4")->cmd == NULL);
	T_CHECK(m("zzrange 07x")->cmd == NULL);

	/* ambiguity: "zz" prefixes several keywords, none completes */
	r = m("zza");
	T_CHECK(r->cmd == NULL);
	T_INTEQ(r->amb_tok, 0);
	T_INTEQ(r->namb_kw, 2);
	/* ... unless only one of them completes the line */
	r = m("zz");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[1]);

	/* incomplete: all tokens consumed, no command ends here */
	r = m("zzaddr");
	T_CHECK(r->cmd == NULL);
	T_CHECK(r->need_more);

	/* candidates for '?' */
	T_INTEQ(lex_split("zzopt flag ", 11, &L), 0);
	match_line(&L, L.n, CLI_MODE_EXEC, true, &R);
	T_CHECK(R.complete_here);
	T_INTEQ(R.ncand, 3);     /* vni, port, name; flag is used */
}

/* The real commands take interface names and interface addresses with
 * their own types: each line in its mode, the word refused (or -1: the
 * line matches) and the start of the reason. */
static void test_iface_types(void)
{
	static const struct {
		enum cli_mode mode;
		const char *line;
		int fail_tok;
		const char *why;
	} cases[] = {
		{ CLI_MODE_EXEC, "tunnel a23456789012345", -1, NULL },
		{ CLI_MODE_EXEC, "tunnel a234567890123456", 1,
		  "interface name 'a234567890123456' is 16 bytes, at most 15" },
		{ CLI_MODE_EXEC, "no tunnel a234567890123456", 2,
		  "interface name 'a234567890123456' is 16" },
		{ CLI_MODE_EXEC, "tunnel a/b", 1,
		  "invalid interface name 'a/b': '/' is not allowed" },
		{ CLI_MODE_EXEC, "tunnel eth0:1", 1,
		  "invalid interface name 'eth0:1': ':' is not allowed" },
		{ CLI_MODE_EXEC, "tunnel ..", 1, "invalid interface name '..'" },
		{ CLI_MODE_EXEC, "tunnel \"a b\"", 1,
		  "invalid interface name 'a b': white space" },
		{ CLI_MODE_EXEC, "tunnel a\xc2\xa0" "b", 1,   /* U+00A0 */
		  "invalid interface name 'a\xc2\xa0" "b': white space" },
		{ CLI_MODE_EXEC, "tunnel \xc3\xa9t\xc3\xa9", -1, NULL },
		{ CLI_MODE_EXEC, "capture interface a234567890123456", 2,
		  "interface name" },
		{ CLI_MODE_HV, "bridge br0", -1, NULL },
		{ CLI_MODE_HV, "no bridge a234567890123456", 2,
		  "interface name" },
		{ CLI_MODE_HV, "connect eth1 hypervisor h2 peer p1 bridge br0 "
		  "master br1 address 10.0.0.1/24 peer-address 10.0.0.2/24",
		  -1, NULL },
		{ CLI_MODE_HV, "connect a234567890123456 hypervisor h2", 1,
		  "interface name" },
		{ CLI_MODE_HV, "connect e1 hypervisor h2 bridge a234567890123456",
		  5, "interface name" },
		{ CLI_MODE_HV, "connect e1 hypervisor h2 master a234567890123456",
		  5, "interface name" },
		{ CLI_MODE_HV, "connect e1 hypervisor h2 address 0.0.0.0/0", 5,
		  "'0.0.0.0/0' is the unspecified address, not an interface "
		  "address" },
		{ CLI_MODE_HV, "connect e1 host peer-address 10.0.0.255/24", 4,
		  "'10.0.0.255/24' is the broadcast address of 10.0.0.0/24" },
		/* a route's destination is a prefix: 0.0.0.0/0 stays */
		{ CLI_MODE_HV, "route 0.0.0.0/0 via 10.0.0.1 dev eth0", -1, NULL },
		{ CLI_MODE_HV, "route 224.0.0.0/4 dev eth0", -1, NULL },
		{ CLI_MODE_HV, "route default dev a234567890123456", 3,
		  "interface name" },
		{ CLI_MODE_IF, "ip address 10.0.0.1/24", -1, NULL },
		{ CLI_MODE_IF, "ip address 10.0.0.255/23", -1, NULL },
		{ CLI_MODE_IF, "ip address 10.0.1.255/23", 2,
		  "'10.0.1.255/23' is the broadcast address of 10.0.0.0/23" },
		{ CLI_MODE_IF, "ip address 10.0.0.255/24", 2,
		  "'10.0.0.255/24' is the broadcast address of 10.0.0.0/24, "
		  "not an interface address" },
		{ CLI_MODE_IF, "no ip address 10.0.0.255/24", 3, "'10.0.0.255/24'" },
		{ CLI_MODE_IF, "ip address 10.0.0.255/31", -1, NULL },
		{ CLI_MODE_IF, "ip address 10.0.0.255/32", -1, NULL },
		{ CLI_MODE_IF, "ip address 10.0.0.1/0", -1, NULL },
		{ CLI_MODE_IF, "ip address 0.0.0.0/8", 2,
		  "'0.0.0.0/8' is the unspecified address" },
		{ CLI_MODE_IF, "ip address 255.255.255.255/32", 2,
		  "'255.255.255.255/32' is the limited broadcast address" },
		{ CLI_MODE_IF, "ip address 224.0.0.1/24", 2,
		  "'224.0.0.1/24' is a multicast address (224.0.0.0/4)" },
		{ CLI_MODE_IF, "ip address 239.255.0.1/16", 2, "'239.255.0.1/16' "
		  "is a multicast address" },
		{ CLI_MODE_IF, "ip address 127.0.0.1/8", 2,
		  "'127.0.0.1/8' is a loopback address (127.0.0.0/8)" },
		{ CLI_MODE_IF, "ip address 240.0.0.1/24", 2,
		  "'240.0.0.1/24' is a reserved address (240.0.0.0/4)" },
		{ CLI_MODE_IF, "ip address 10.0.0.1/33", 2,
		  "prefix length 33 out of range (0-32)" },
		{ CLI_MODE_IF, "ipv6 address 2001:db8::1/64", -1, NULL },
		{ CLI_MODE_IF, "ipv6 address fe80::1/64", -1, NULL },
		{ CLI_MODE_IF, "ipv6 address ::/0", 2,
		  "'::/0' is the unspecified address" },
		{ CLI_MODE_IF, "ipv6 address ::1/128", 2,
		  "'::1/128' is the loopback address" },
		{ CLI_MODE_IF, "ipv6 address ff02::1/64", 2,
		  "'ff02::1/64' is a multicast address (ff00::/8)" },
		{ CLI_MODE_IF, "ipv6 address 2001:db8::ffff/112", -1, NULL },
		{ CLI_MODE_IF, "master a234567890123456", 1, "interface name" },
		{ CLI_MODE_TUN, "endpoint host local 1.1.1.1 dev eth0 "
		  "bridge br0 address 10.1.1.1/24 ifname vx0", -1, NULL },
		{ CLI_MODE_TUN, "endpoint host local 1.1.1.1 bridge "
		  "a234567890123456", 5, "interface name" },
		{ CLI_MODE_TUN, "endpoint host local 1.1.1.1 address 127.0.0.2/8",
		  5, "'127.0.0.2/8' is a loopback address" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *line = cases[i].line;

		T_INTEQ(lex_split(line, strlen(line), &L), 0);
		match_line(&L, L.n, cases[i].mode, false, &R);
		if (cases[i].fail_tok < 0) {
			T_CHECK(R.cmd != NULL && R.namb == 0);
			if (!R.cmd)
				fprintf(stderr, "  refused: %s (%s)\n", line,
					R.why);
			continue;
		}
		T_CHECK(R.cmd == NULL);
		T_INTEQ(R.fail_tok, cases[i].fail_tok);
		T_CHECK(!strncmp(R.why, cases[i].why, strlen(cases[i].why)));
		if (strncmp(R.why, cases[i].why, strlen(cases[i].why)))
			fprintf(stderr, "  %s: why \"%s\"\n", line, R.why);
	}
}

/* Does fn abort (a handler reading an argument as another type)? */
static bool aborts(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		fn();
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
	       WTERMSIG(st) == SIGABRT;
}

static void read_dev_as_prefix(void)
{
	struct val_prefix p;

	cli_arg_prefix(&R.args, "dev", &p);
}

static void read_nm_as_ifname(void)
{
	cli_arg_ifname(&R.args, "nm");
}

static void read_pfx_as_addr(void)
{
	struct val_prefix p;

	cli_arg_addr(&R.args, "pfx", &p);
}

static void read_gw6_as_addr4(void)
{
	struct in_addr ip;

	cli_arg_addr4(&R.args, "gw6", &ip);
}

static void read_negative_as_u32(void)
{
	cli_arg_u32(&R.args, "big", 0);
}

/* Handlers read values as the matcher parsed them: cli_arg_*(). */
static void test_accessors(void)
{
	const struct match_result *r;
	struct val_prefix p;
	struct in_addr ip;
	char b[64];

	r = m("zzval eth1 lc1 10.0.0.1 2001:db8::1 32.0.0.0/24 "
	      "2001:db8::2/64 key 4294967295 big -5");
	T_CHECK(r->cmd && r->cmd->def == &test_cmds[7]);
	T_STREQ(cli_arg_ifname(&r->args, "dev"), "eth1");
	T_STREQ(cli_arg_name(&r->args, "nm"), "lc1");
	T_CHECK(cli_arg_addr4(&r->args, "gw", &ip));
	T_INTEQ(ntohl(ip.s_addr), 0x0a000001);
	T_CHECK(cli_arg_addr(&r->args, "gw", &p));
	T_INTEQ(p.family, AF_INET);
	T_INTEQ(p.len, 32);
	T_CHECK(cli_arg_addr(&r->args, "gw6", &p));
	T_INTEQ(p.family, AF_INET6);
	T_STREQ(val_addr_str(&p, b, sizeof(b)), "2001:db8::1");
	T_CHECK(cli_arg_prefix(&r->args, "pfx", &p));
	T_STREQ(val_prefix_str(&p, b, sizeof(b)), "32.0.0.0/24");
	T_CHECK(cli_arg_prefix(&r->args, "a6", &p));
	T_INTEQ(p.family, AF_INET6);
	T_INTEQ(p.len, 64);
	/* the value wins over the keyword of the same name */
	T_INTEQ(cli_arg_u32(&r->args, "key", 0), 4294967295u);
	T_INTEQ(cli_arg_num(&r->args, "key", 0), 4294967295LL);
	T_INTEQ(cli_arg_num(&r->args, "big", 0), -5);
	/* absent: the default, NULL, false (and the output untouched) */
	T_INTEQ(cli_arg_u32(&r->args, "vni", 7), 7);
	T_CHECK(cli_arg_ifname(&r->args, "bridge") == NULL);
	T_CHECK(cli_arg_name(&r->args, "hv") == NULL);
	memset(&p, 0x5a, sizeof(p));
	T_CHECK(!cli_arg_prefix(&r->args, "addr", &p));
	T_INTEQ(p.addr[0], 0x5a);
	T_CHECK(!cli_arg_addr4(&r->args, "remote", &ip));
	/* a keyword alone carries no value */
	T_INTEQ(cli_arg_num(&r->args, "zzval", 3), 3);
	T_CHECK(cli_arg_ifname(&r->args, "zzval") == NULL);
	/* the text is still there, for messages */
	T_STREQ(cli_arg(&r->args, "pfx"), "32.0.0.0/24");

	/* reading another type than the syntax has is a bug: abort */
	T_CHECK(aborts(read_dev_as_prefix));
	T_CHECK(aborts(read_nm_as_ifname));
	T_CHECK(aborts(read_pfx_as_addr));
	T_CHECK(aborts(read_gw6_as_addr4));
	T_CHECK(aborts(read_negative_as_u32));

	/* the real tables: what the handlers of interface, route and
	 * tunnel read */
	T_INTEQ(lex_split("ip address 10.0.0.1/24", 22, &L), 0);
	match_line(&L, L.n, CLI_MODE_IF, false, &R);
	T_CHECK(R.cmd != NULL && cli_arg_prefix(&R.args, "addr", &p));
	T_STREQ(val_prefix_str(&p, b, sizeof(b)), "10.0.0.1/24");
	T_INTEQ(lex_split("route default via 10.0.0.1 dev eth0", 35, &L), 0);
	match_line(&L, L.n, CLI_MODE_HV, false, &R);
	T_CHECK(R.cmd != NULL && cli_arg_addr4(&R.args, "gw", &ip));
	T_INTEQ(ntohl(ip.s_addr), 0x0a000001);
	T_STREQ(cli_arg_ifname(&R.args, "dev"), "eth0");
	T_CHECK(!cli_arg_prefix(&R.args, "prefix", &p));
	T_INTEQ(lex_split("vni 16777215", 12, &L), 0);
	match_line(&L, L.n, CLI_MODE_TUN, false, &R);
	T_CHECK(R.cmd != NULL);
	T_INTEQ(cli_arg_u32(&R.args, "vni_num", 0), 16777215);
	T_INTEQ(lex_split("no mtu", 6, &L), 0);
	match_line(&L, L.n, CLI_MODE_IF, false, &R);
	T_CHECK(R.cmd != NULL && cli_arg_has(&R.args, "mtu"));
	T_INTEQ(cli_arg_u32(&R.args, "mtu", 1500), 1500);
	{
		const char *l = "endpoint hypervisor ns1 local 110.0.0.2 "
				"remote 111.0.0.2 bridge br1 ifname a23456789012345";

		T_INTEQ(lex_split(l, strlen(l), &L), 0);
	}
	match_line(&L, L.n, CLI_MODE_TUN, false, &R);
	T_CHECK(R.cmd != NULL && cli_arg_addr4(&R.args, "remote", &ip));
	T_INTEQ(ntohl(ip.s_addr), 0x6f000002);
	T_STREQ(cli_arg_ifname(&R.args, "bridge"), "br1");
	T_STREQ(cli_arg_ifname(&R.args, "tunif"), "a23456789012345");
	T_STREQ(cli_arg_name(&R.args, "hv"), "ns1");
}

static void test_compile_errors(void)
{
	static const struct cli_cmd bad[] = {
		{ .syntax = "zbad FOO", .help = "x\ny\n", .modes = CLI_M_EXEC,
		  .handler = zz_handler },
		{ .syntax = "zbad one two", .help = "x\ny\n",
		  .modes = CLI_M_EXEC, .handler = zz_handler },
		{ .syntax = "zbad (9-1)", .help = "x\ny\n",
		  .modes = CLI_M_EXEC, .handler = zz_handler },
		{ .syntax = "zbad [one", .help = "x\ny\n",
		  .modes = CLI_M_EXEC, .handler = zz_handler },
		{ .syntax = "zbad LINE two", .help = "x\ny\nz\n",
		  .modes = CLI_M_EXEC, .handler = zz_handler },
		{ .syntax = "zBad", .help = "x\n",
		  .modes = CLI_M_EXEC, .handler = zz_handler },
		{ .syntax = "zgood <a|b> [c]", .help = "x\na\nb\nc\n",
		  .modes = CLI_M_EXEC, .handler = zz_handler },
		{ 0 }
	};
	char why[256];
	struct gcmd *g;
	FILE *null = fopen("/dev/null", "w");

	g = grammar_compile(&bad[0], "t", why, sizeof(why));
	T_CHECK(g == NULL);
	T_STREQ(why, "unknown placeholder 'FOO'");
	g = grammar_compile(&bad[1], "t", why, sizeof(why));
	T_CHECK(g == NULL);
	T_STREQ(why, "no help line for token 'two'");
	g = grammar_compile(&bad[2], "t", why, sizeof(why));
	T_STREQ(why, "bad range '(9-1)'");
	g = grammar_compile(&bad[3], "t", why, sizeof(why));
	T_STREQ(why, "missing ']'");
	g = grammar_compile(&bad[5], "t", why, sizeof(why));
	T_CHECK(g == NULL);
	g = grammar_compile(&bad[6], "t", why, sizeof(why));
	T_CHECK(g != NULL);
	grammar_free(g);
	/* lint: 5 bad definitions (LINE not last counts), the good passes */
	T_INTEQ(grammar_lint_table(bad, null), 6);
	fclose(null);
}

/* The distance "did you mean" ranks keywords by: a swap is one edit. */
static void test_edit_distance(void)
{
	static const struct {
		const char *a, *b;
		int d;
	} v[] = {
		{ "show", "show", 0 }, { "shwo", "show", 1 },
		{ "SHOW", "show", 0 }, { "sho", "show", 1 },
		{ "shoow", "show", 1 }, { "shaw", "show", 1 },
		{ "hypervisr", "hypervisor", 1 }, { "tunel", "tunnel", 1 },
		{ "ab", "ba", 1 }, { "", "exit", 4 },
		{ "kitten", "sitting", 3 },
		{ "ca", "abc", 3 },     /* no edit of a swapped pair */
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		T_INTEQ(cli_edit_distance(v[i].a, v[i].b), v[i].d);
		T_INTEQ(cli_edit_distance(v[i].b, v[i].a), v[i].d);
	}
}

int main(void)
{
	test_edit_distance();
	test_lex();
	test_match();
	test_iface_types();
	test_accessors();
	test_compile_errors();
	T_DONE();
}
