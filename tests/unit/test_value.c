/* test_value.c - the one parser of names, addresses, prefixes, numbers
 * and lists (ovtsh/value.h): what each accepts and refuses, with the
 * message the grammar shows beside its caret, and round trips. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "ovtsh/value.h"
#include "t.h"

static struct ovt_err E;

static void check_names(void)
{
	char big[80];

	T_INTEQ(val_name("lc1", &E), 0);
	T_INTEQ(val_name("0a_b.c-D", &E), 0);
	memset(big, 'a', 63);
	big[63] = '\0';
	T_INTEQ(val_name(big, &E), 0);
	big[63] = 'a';
	big[64] = '\0';
	T_INTEQ(val_name(big, &E), -ENAMETOOLONG);
	T_CHECK(strstr(E.msg, "must be 1-63 bytes") != NULL);
	T_INTEQ(val_name("", &E), -EINVAL);
	T_STREQ(E.msg, "name '' must be 1-63 bytes");
	T_INTEQ(val_name("-x", &E), -EINVAL);
	T_STREQ(E.msg, "name '-x' must start with a letter or digit");
	T_INTEQ(val_name("a b", &E), -EINVAL);
	T_STREQ(E.msg, "name 'a b' may hold only letters, digits, '_', '.', "
		"'-'");
	T_INTEQ(val_name("a/b", &E), -EINVAL);
	/* bytes over 0x7f are no letters, whatever the locale */
	T_INTEQ(val_name("\xe9t\xe9", &E), -EINVAL);
	{
		const char *x = "ab c", *d = "-x", *u = "_x";

		T_CHECK(val_name_bad("a0_b.c-D") == NULL);
		T_CHECK(val_name_bad(x) == x + 2);
		T_CHECK(val_name_bad(d) == d);
		T_CHECK(val_name_bad(u) == u);
		T_CHECK(val_name_bad("") == NULL);   /* length: the caller's */
	}

	/* a node's name as a file name that fits its buffer */
	T_INTEQ(val_node_name("hypervisor", "ns1", 64, &E), 0);
	T_INTEQ(val_node_name("container", "pid 42", 64, &E), 0);
	T_INTEQ(val_node_name("hypervisor", "", 64, &E), -EINVAL);
	T_STREQ(E.msg, "hypervisor name is empty");
	T_INTEQ(val_node_name("hypervisor", NULL, 64, &E), -EINVAL);
	T_INTEQ(val_node_name("hypervisor", "a/b", 64, &E), -EINVAL);
	T_STREQ(E.msg, "invalid hypervisor name 'a/b'");
	T_INTEQ(val_node_name("hypervisor", "..", 64, &E), -EINVAL);
	T_INTEQ(val_node_name("container", "abcd", 4, &E), -ENAMETOOLONG);
	T_STREQ(E.msg, "container name 'abcd' is longer than 3 bytes");
	T_INTEQ(val_node_name("container", "abc", 4, &E), 0);
}

static void check_ifnames(void)
{
	char d[IFNAMSIZ];

	T_INTEQ(val_ifname("eth1", &E), 0);
	T_INTEQ(val_ifname("a23456789012345", &E), 0);   /* 15 */
	T_INTEQ(val_ifname("\xc3\xa9t\xc3\xa9", &E), 0);  /* the kernel's */
	T_INTEQ(val_ifname("a234567890123456", &E), -ENAMETOOLONG);
	T_STREQ(E.msg, "interface name 'a234567890123456' is 16 bytes, "
		"at most 15");
	T_INTEQ(val_ifname("", &E), -EINVAL);
	T_STREQ(E.msg, "interface name is empty");
	T_INTEQ(val_ifname(NULL, &E), -EINVAL);
	T_INTEQ(val_ifname("a/b", &E), -EINVAL);
	T_STREQ(E.msg, "invalid interface name 'a/b': '/' is not allowed");
	T_INTEQ(val_ifname("eth0:1", &E), -EINVAL);
	T_STREQ(E.msg, "invalid interface name 'eth0:1': ':' is not allowed");
	T_INTEQ(val_ifname("a b", &E), -EINVAL);
	T_STREQ(E.msg, "invalid interface name 'a b': white space is not "
		"allowed");
	T_INTEQ(val_ifname("a\tb", &E), -EINVAL);
	T_INTEQ(val_ifname("a\xa0" "b", &E), -EINVAL);
	T_INTEQ(val_ifname(".", &E), -EINVAL);
	T_INTEQ(val_ifname("..", &E), -EINVAL);
	T_STREQ(E.msg, "invalid interface name '..'");

	/* copies: whole or refused, never cut */
	memset(d, 'x', sizeof(d));
	T_INTEQ(val_ifname_set(d, "a23456789012345", &E), 0);
	T_STREQ(d, "a23456789012345");
	T_INTEQ(val_ifname_set(d, NULL, &E), 0);
	T_STREQ(d, "");
	T_INTEQ(val_ifname_set(d, "a234567890123456", &E), -ENAMETOOLONG);
	T_STREQ(d, "");
	T_INTEQ(val_ifname_set(d, "a:b", &E), -EINVAL);
	T_INTEQ(val_copy(d, sizeof(d), "a23456789012345", "tunnel name", &E),
		0);
	T_STREQ(d, "a23456789012345");
	T_INTEQ(val_copy(d, 4, "vx42", "tunnel name", &E), -ENAMETOOLONG);
	T_STREQ(E.msg, "tunnel name 'vx42' is longer than 3 bytes");
	T_STREQ(d, "a23456789012345");   /* untouched */
}

static void check_addrs(void)
{
	struct val_prefix p;
	char b[64];

	T_INTEQ(val_addr_parse("1.2.3.4", AF_INET, &p, &E), 0);
	T_INTEQ(p.family, AF_INET);
	T_INTEQ(p.len, 32);
	T_INTEQ(p.addr[0], 1);
	T_INTEQ(p.addr[3], 4);
	T_STREQ(val_addr_str(&p, b, sizeof(b)), "1.2.3.4");
	T_STREQ(val_prefix_str(&p, b, sizeof(b)), "1.2.3.4/32");
	T_INTEQ(val_addr_parse("1.2.3", AF_INET, &p, &E), -EINVAL);
	T_STREQ(E.msg, "'1.2.3' is not an IPv4 address (A.B.C.D)");
	T_INTEQ(val_addr_parse("1.2.3.256", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_addr_parse("01.2.3.4", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_addr_parse("::1", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_addr_parse("2001:db8::1", AF_INET6, &p, &E), 0);
	T_INTEQ(p.family, AF_INET6);
	T_INTEQ(p.len, 128);
	T_STREQ(val_addr_str(&p, b, sizeof(b)), "2001:db8::1");
	T_INTEQ(val_addr_parse("1.2.3.4", AF_INET6, &p, &E), -EINVAL);
	T_STREQ(E.msg, "'1.2.3.4' is not an IPv6 address (X:X::X:X)");
	T_INTEQ(val_addr_parse("::ffff:1.2.3.4", AF_UNSPEC, &p, &E), 0);
	T_INTEQ(p.family, AF_INET6);
	T_INTEQ(val_addr_parse("10.0.0.1", AF_UNSPEC, &p, &E), 0);
	T_INTEQ(p.family, AF_INET);
	T_INTEQ(val_addr_parse("x", AF_UNSPEC, &p, &E), -EINVAL);
	T_STREQ(E.msg, "'x' is not an IP address");
}

static void check_prefixes(void)
{
	static const char *const round[] = {
		"32.0.0.2/24", "0.0.0.0/0", "10.0.0.255/32", "2001:db8::1/64",
		"::/0", "fe80::1/128",
	};
	struct val_prefix p;
	char b[64];

	for (size_t i = 0; i < sizeof(round) / sizeof(round[0]); i++) {
		T_INTEQ(val_prefix_parse(round[i], AF_UNSPEC, &p, &E), 0);
		T_STREQ(val_prefix_str(&p, b, sizeof(b)), round[i]);
	}
	T_INTEQ(val_prefix_parse("32.0.0.2/24", AF_INET, &p, &E), 0);
	T_INTEQ(p.family, AF_INET);
	T_INTEQ(p.len, 24);
	T_INTEQ(p.addr[0], 32);
	T_INTEQ(p.addr[3], 2);
	T_INTEQ(p.addr[4], 0);
	T_INTEQ(val_prefix_parse("2001:db8::1/64", AF_INET6, &p, &E), 0);
	T_INTEQ(p.family, AF_INET6);
	T_INTEQ(p.len, 64);
	T_INTEQ(val_prefix_parse("32.0.0.2/024", AF_INET, &p, &E), 0);
	T_INTEQ(p.len, 24);

	T_INTEQ(val_prefix_parse("32.0.0.2/33", AF_INET, &p, &E), -EINVAL);
	T_STREQ(E.msg, "prefix length 33 out of range (0-32)");
	T_INTEQ(val_prefix_parse("2001:db8::1/129", AF_INET6, &p, &E),
		-EINVAL);
	T_STREQ(E.msg, "prefix length 129 out of range (0-128)");
	T_INTEQ(val_prefix_parse("32.0.0.256/24", AF_INET, &p, &E), -EINVAL);
	T_STREQ(E.msg, "'32.0.0.256/24' is not an IPv4 prefix (A.B.C.D/M)");
	T_INTEQ(val_prefix_parse("2001:db8::1/64", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_prefix_parse("32.0.0.2/24", AF_INET6, &p, &E), -EINVAL);
	T_STREQ(E.msg, "'32.0.0.2/24' is not an IPv6 prefix (X:X::X:X/M)");
	T_INTEQ(val_prefix_parse("32.0.0.2", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_prefix_parse("32.0.0.2/", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_prefix_parse("32.0.0.2/2x", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_prefix_parse("32.0.0.2/-1", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_prefix_parse("32.0.0.2/+1", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_prefix_parse("32.0.0.2/ 1", AF_INET, &p, &E), -EINVAL);
	T_INTEQ(val_prefix_parse("32.0.0.2/99999999999999999999", AF_INET, &p,
				 &E), -EINVAL);
	T_INTEQ(val_prefix_parse(NULL, AF_INET, &p, &E), -EINVAL);
	T_INTEQ(p.family, 0);   /* a refusal leaves nothing half-parsed */
}

static void check_ifaddrs(void)
{
	static const struct {
		const char *pfx;
		const char *why;    /* NULL: an interface may hold it */
	} c[] = {
		{ "10.0.0.1/24", NULL },
		{ "10.0.0.255/23", NULL },
		{ "10.0.0.255/31", NULL },
		{ "10.0.0.255/32", NULL },
		{ "10.0.0.1/0", NULL },
		{ "10.0.0.255/24", "'10.0.0.255/24' is the broadcast address "
		  "of 10.0.0.0/24, not an interface address" },
		{ "0.0.0.0/0", "'0.0.0.0/0' is the unspecified address, not "
		  "an interface address" },
		{ "255.255.255.255/32", "'255.255.255.255/32' is the limited "
		  "broadcast address, not an interface address" },
		{ "127.0.0.1/8", "'127.0.0.1/8' is a loopback address "
		  "(127.0.0.0/8), not an interface address" },
		{ "224.0.0.1/24", "'224.0.0.1/24' is a multicast address "
		  "(224.0.0.0/4), not an interface address" },
		{ "240.0.0.1/24", "'240.0.0.1/24' is a reserved address "
		  "(240.0.0.0/4), not an interface address" },
		{ "2001:db8::1/64", NULL },
		{ "fe80::1/64", NULL },
		{ "::/0", "'::/0' is the unspecified address, not an "
		  "interface address" },
		{ "::1/128", "'::1/128' is the loopback address, not an "
		  "interface address" },
		{ "ff02::1/64", "'ff02::1/64' is a multicast address "
		  "(ff00::/8), not an interface address" },
	};
	struct val_prefix p = { 0 };

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		T_INTEQ(val_prefix_parse(c[i].pfx, AF_UNSPEC, &p, &E), 0);
		if (!c[i].why) {
			T_INTEQ(val_ifaddr(&p, &E), 0);
			continue;
		}
		T_INTEQ(val_ifaddr(&p, &E), -EINVAL);
		T_STREQ(E.msg, c[i].why);
	}
	memset(&p, 0, sizeof(p));
	T_INTEQ(val_ifaddr(&p, &E), -EINVAL);   /* no family */
}

static void check_numbers(void)
{
	unsigned v[4];
	long long x = -1;
	int n;

	T_INTEQ(val_range("42", 0, 16777215, &x, &E), 0);
	T_INTEQ(x, 42);
	T_INTEQ(val_range("4294967295", 0, 4294967295LL, &x, &E), 0);
	T_INTEQ(x, 4294967295LL);
	T_INTEQ(val_range("-3", -5, 5, &x, &E), 0);
	T_INTEQ(x, -3);
	T_INTEQ(val_range("16777216", 0, 16777215, &x, &E), -ERANGE);
	T_STREQ(E.msg, "16777216 is out of range (0-16777215)");
	T_INTEQ(val_range("99999999999999999999", 0, 10, &x, &E), -ERANGE);
	T_INTEQ(val_range("4x", 0, 10, &x, &E), -EINVAL);
	T_STREQ(E.msg, "'4x' is not a number (0-10)");
	T_INTEQ(val_range("", 0, 10, &x, &E), -EINVAL);
	T_INTEQ(val_range("+4", 0, 10, &x, &E), -EINVAL);
	T_INTEQ(val_range(" 4", 0, 10, &x, &E), -EINVAL);
	T_INTEQ(val_range("-", 0, 10, &x, &E), -EINVAL);
	T_INTEQ(x, -3);   /* refusals leave it */

	T_INTEQ(val_list("a,b,c", &E), 0);
	T_INTEQ(val_list("a", &E), 0);
	T_INTEQ(val_list("a,,b", &E), -EINVAL);
	T_STREQ(E.msg, "'a,,b' is not a comma-separated list");
	T_INTEQ(val_list(",a", &E), -EINVAL);
	T_INTEQ(val_list("a,", &E), -EINVAL);
	T_INTEQ(val_list("", &E), -EINVAL);

	T_INTEQ(val_u32_list("200,400,800", 1, 1048576, v, 4, &n, &E), 0);
	T_INTEQ(n, 3);
	T_INTEQ(v[0], 200);
	T_INTEQ(v[2], 800);
	T_INTEQ(val_u32_list("1,2,3,4", 1, 10, v, 4, &n, &E), 0);
	T_INTEQ(n, 4);
	T_INTEQ(val_u32_list("1,2,3,4,5", 1, 10, v, 4, &n, &E), -E2BIG);
	T_INTEQ(val_u32_list("0,2", 1, 10, v, 4, &n, &E), -EINVAL);
	T_INTEQ(val_u32_list("11", 1, 10, v, 4, &n, &E), -EINVAL);
	T_INTEQ(val_u32_list("2x", 1, 10, v, 4, &n, &E), -EINVAL);
	T_INTEQ(val_u32_list("-1", 1, 10, v, 4, &n, &E), -EINVAL);
	T_INTEQ(val_u32_list("99999999999999999999", 1, 10, v, 4, &n, &E),
		-EINVAL);
	/* each element is checked before it counts */
	T_INTEQ(val_u32_list("1,2,3,4,x", 1, 10, v, 4, &n, &E), -EINVAL);
	T_INTEQ(val_u32_list("1,x,3,4,5", 1, 10, v, 4, &n, &E), -EINVAL);
}

int main(void)
{
	check_names();
	check_ifnames();
	check_addrs();
	check_prefixes();
	check_ifaddrs();
	check_numbers();
	T_DONE();
}
