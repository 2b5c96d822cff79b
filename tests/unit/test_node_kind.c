/* test_node_kind.c - the node-kind table: the kinds the areas register
 * (net: hypervisor, docker: container, vm: vm), lookups by keyword and prefix,
 * node_make/node_str/node_eq for each kind, alias references, and every
 * node choice of the grammar offering every registered kind. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../src/cli/cli_int.h"
#include "ovtsh/net.h"
#include "ovtsh/node.h"
#include "t.h"

static void check_registry(void)
{
	const struct node_kind *const *k;
	int n = 0;

	k = node_kinds(&n);
	T_INTEQ(n, 3);
	T_STREQ(k[0]->keyword, "hypervisor");      /* by order: hv 10, ct 20 */
	T_STREQ(k[1]->keyword, "container");
	T_STREQ(k[2]->keyword, "vm");              /* vm 30 */
	for (int i = 0; i < n; i++) {
		/* a kind without a host namespace to walk (vm) has no list
		 * and runs programs by its own exec */
		T_CHECK(k[i]->prefix && k[i]->netns_open && k[i]->lab_check &&
			(k[i]->list || k[i]->exec));
		T_CHECK(node_kind_by_keyword(k[i]->keyword) == k[i]);
		T_CHECK(node_kind_by_prefix(k[i]->prefix) == k[i]);
	}
	T_STREQ(node_kind_by_keyword("hypervisor")->prefix, "hv");
	T_STREQ(node_kind_by_keyword("container")->prefix, "ct");
	T_STREQ(node_kind_by_prefix("ct")->keyword, "container");
	T_CHECK(node_kind_by_keyword("hv") == NULL);   /* a prefix, not a word */
	T_CHECK(node_kind_by_prefix("hypervisor") == NULL);
	T_CHECK(node_kind_by_keyword("switch") == NULL);
	T_CHECK(node_kind_by_keyword("") == NULL);
	T_CHECK(node_kind_by_keyword(NULL) == NULL);
	/* the host is built in, not a registered kind */
	T_CHECK(node_kind_by_keyword("host") == NULL);
	T_STREQ(node_kind_name(&node_host_kind), "host");
	T_CHECK(node_kind_by_keyword("hypervisor") == &net_hv_kind);
}

static void check_make(void)
{
	const struct node_kind *const *k;
	struct ovt_err e = { 0 };
	struct node a, b;
	char buf[96], want[96], ref[96];
	int n = 0;

	k = node_kinds(&n);
	for (int i = 0; i < n; i++) {
		T_INTEQ(node_make(&a, k[i], "x1", &e), 0);
		T_CHECK(a.kind == k[i] && !node_is_host(&a));
		snprintf(want, sizeof(want), "%s x1", k[i]->keyword);
		T_STREQ(node_str(&a, buf, sizeof(buf)), want);
		/* "PREFIX:NAME" in aliases, read back to the same node */
		snprintf(want, sizeof(want), "%s:x1", k[i]->prefix);
		T_STREQ(net_node_ref(&a, ref, sizeof(ref)), want);
		T_INTEQ(net_node_from_ref(ref, &b, &e), 0);
		T_CHECK(node_eq(&a, &b));
		/* bad names, with the kind's word in the message */
		T_INTEQ(node_make(&a, k[i], "", &e), -EINVAL);
		snprintf(want, sizeof(want), "%s name is empty", k[i]->keyword);
		T_STREQ(e.msg, want);
		T_INTEQ(node_make(&a, k[i], "a/b", &e), -EINVAL);
		snprintf(want, sizeof(want), "invalid %s name 'a/b'",
			 k[i]->keyword);
		T_STREQ(e.msg, want);
	}
	/* "hypervisor host" is the host; a container named host is not */
	T_INTEQ(node_make(&a, &net_hv_kind, "host", &e), 0);
	T_CHECK(node_is_host(&a));
	T_STREQ(node_str(&a, buf, sizeof(buf)), "host");
	T_STREQ(net_node_ref(&a, ref, sizeof(ref)), "host");
	T_INTEQ(node_make(&b, NULL, NULL, &e), 0);
	T_CHECK(node_eq(&a, &b));
	T_INTEQ(node_make(&b, node_kind_by_keyword("container"), "host", &e),
		0);
	T_CHECK(!node_is_host(&b) && !node_eq(&a, &b));
	/* equality: kind and name */
	node_make(&a, node_kind_by_prefix("hv"), "n1", NULL);
	node_make(&b, node_kind_by_prefix("hv"), "n1", NULL);
	T_CHECK(node_eq(&a, &b));
	node_make(&b, node_kind_by_prefix("ct"), "n1", NULL);
	T_CHECK(!node_eq(&a, &b));
	node_make(&b, node_kind_by_prefix("hv"), "n2", NULL);
	T_CHECK(!node_eq(&a, &b));
	/* an unknown kind's reference */
	T_INTEQ(net_node_from_ref("sw:n1", &a, &e), -EINVAL);
	T_STREQ(e.msg, "bad node reference 'sw:n1'");
	T_INTEQ(net_node_from_ref("n1", &a, &e), -EINVAL);
	/* the host's namespace opens for anyone: ovtsh's own */
	int fd = node_netns_open(&(struct node){ .kind = &node_host_kind },
				 &e);
	T_CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
}

/* Every "<... KEYWORD NAME$ROLEPREFIX|...>" choice of a node in the
 * grammar names every registered kind with the same role. */
static void check_grammar(void)
{
	const struct node_kind *const *k;
	struct gcmd *const *cmds;
	int n = 0, nc = 0, seen = 0;

	k = node_kinds(&n);
	cmds = grammar_all(&nc);
	for (int c = 0; c < nc; c++) {
		const char *syn = cmds[c]->def->syntax;

		for (int i = 0; i < n; i++) {
			char pat[64];
			size_t pl, fl = strlen(k[i]->prefix);

			pl = (size_t)snprintf(pat, sizeof(pat), "%s NAME$",
					      k[i]->keyword);
			for (const char *p = strstr(syn, pat); p;
			     p = strstr(p + pl, pat)) {
				const char *w = p + pl;
				size_t wl = 0;

				if (p == syn || (p[-1] != '<' && p[-1] != '|'))
					continue;   /* the mode's own command */
				while (isalnum((unsigned char)w[wl]) ||
				       w[wl] == '_')
					wl++;
				T_CHECK(wl >= fl &&
					!strncmp(w + wl - fl, k[i]->prefix, fl));
				seen++;
				for (int j = 0; j < n && wl >= fl; j++) {
					char want[64];

					snprintf(want, sizeof(want),
						 "%s NAME$%.*s%s", k[j]->keyword,
						 (int)(wl - fl), w,
						 k[j]->prefix);
					if (!strstr(syn, want))
						fprintf(stderr, "\"%s\" lacks "
							"\"%s\"\n", syn, want);
					T_CHECK(strstr(syn, want) != NULL);
				}
			}
		}
	}
	T_CHECK(seen > 10);    /* the choices were found at all */
}

int main(void)
{
	check_registry();
	check_make();
	check_grammar();
	T_DONE();
}
