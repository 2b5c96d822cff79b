/* bench_node.c - what an iperf3 run asks of a remote node (ovtsh/node.h:
 * a VM, whose network and programs are inside its own kernel): its
 * address, from its own ip; its tracing method, from its own ovtsh. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_int.h"

/* Run argv in n: its stdout's text in *out (malloc'ed or NULL), the last
 * line of its stderr in err, *code its exit code (128 + signal). */
static int bench_node_run(const struct node *n, char *const argv[],
			  char **out, size_t *outlen, char *err, size_t len,
			  int *code, struct ovt_err *e)
{
	struct node_exec_res res;
	char *t = NULL;
	int r = node_exec_capture(n, argv, out, outlen, &t, &res, e);

	if (r < 0)
		return r;
	*code = WIFEXITED(res.status) ? WEXITSTATUS(res.status) :
		128 + WTERMSIG(res.status);
	trace_remote_errline(t, err, len);
	free(t);
	return 0;
}

int bench_node_addr(const struct node *n, char *buf, size_t len,
		    struct ovt_err *e)
{
	char *argv[] = { "ip", "-4", "-o", "addr", "show", NULL };
	char err[OVT_ERR_MSG], nb[96], *text, *p;
	struct in_addr a;
	size_t tl;
	int code, r;

	r = bench_node_run(n, argv, &text, &tl, err, sizeof(err), &code, e);
	if (r < 0)
		return r;
	r = ovt_err_set(e, EADDRNOTAVAIL, "%s has no global IPv4 address; "
			"give one with 'address A.B.C.D'",
			node_str(n, nb, sizeof(nb)));
	/* "5: eth1    inet 10.41.0.11/24 scope global eth1 ..." */
	for (p = text; p && (p = strstr(p, " inet ")); p += 6) {
		char w[INET_ADDRSTRLEN];

		if (sscanf(p, " inet %15[0-9.]", w) == 1 &&
		    inet_pton(AF_INET, w, &a) == 1 &&
		    (ntohl(a.s_addr) >> 24) != 127) {
			snprintf(buf, len, "%s", w);
			ovt_err_clear(e);
			r = 0;
			break;
		}
	}
	free(text);
	return r;
}

enum trace_method bench_method_resolve(const struct node *server,
				       enum trace_method want, char *why,
				       size_t len)
{
	char *argv[] = { "ovtsh", "-c", "trace exec method auto json true",
			 NULL };
	struct trace_run tr = { 0 };
	struct ovt_err e = { 0 };
	char err[OVT_ERR_MSG], nb[96], *text = NULL;
	size_t tl = 0;
	int code = 0, r;

	if (!node_is_remote(server))
		return trace_method_resolve(want, why, len);
	if (len)
		why[0] = '\0';
	if (want != TRACE_M_AUTO)
		return want;
	/* the node's own ovtsh settles its own auto */
	r = bench_node_run(server, argv, &text, &tl, err, sizeof(err), &code,
			   &e);
	if (r == 0 && code)
		r = ovt_err_set(&e, EIO, "%s", err);
	if (r == 0)
		r = trace_remote_read(text, tl, &tr, &e);
	if (r < 0) {
		snprintf(why, len, "%s cannot say: %s",
			 node_str(server, nb, sizeof(nb)), e.msg);
		free(text);
		return TRACE_M_PTRACE;
	}
	free(text);
	snprintf(why, len, "%s", tr.fallback);
	return tr.method;
}
