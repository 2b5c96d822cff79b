/* test_graph.c - the Graphviz module: the format comes from the suffix,
 * nodes keep their shape and label, a second edge between the same two
 * nodes is a second edge, edge styles and end labels reach the DOT, and
 * the SVG and PNG renderings are what their names say. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ovtsh/graph.h"
#include "t.h"

static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static char *render(struct graph *g, const char *fmt, size_t *len)
{
	struct ovt_err e = { 0 };
	char *buf = NULL;

	T_INTEQ(graph_render(g, fmt, &buf, len, &e), 0);
	if (e.code)
		fprintf(stderr, "render %s: %s\n", fmt, e.msg);
	return buf;
}

int main(void)
{
	struct graph_edge_spec cable = { .taillabel = "eth0\\n10.0.0.1/24",
					 .headlabel = "eth1" };
	struct graph_edge_spec tun = { .label = "vxlan vni 42",
				       .dashed = true };
	struct ovt_err e = { 0 };
	struct graph *g = NULL;
	size_t len = 0;
	char *dot, *svg, *png, *none = NULL;

	T_STREQ(graph_format_of("lab.svg"), "svg");
	T_STREQ(graph_format_of("/tmp/x/LAB.PNG"), "png");
	T_STREQ(graph_format_of("a.dot"), "canon");
	T_STREQ(graph_format_of("a.gv"), "canon");
	T_CHECK(graph_format_of("a.jpg") == NULL);
	T_CHECK(graph_format_of(".svg") == NULL);
	T_CHECK(graph_format_of("svg") == NULL);

	T_INTEQ(graph_new(&g, "lab", &e), 0);
	if (!g)
		T_DONE();
	T_INTEQ(graph_node(g, "hv:a", "a", "box", &e), 1);
	T_INTEQ(graph_node(g, "hv:a", "x", "box3d", &e), 0);
	T_INTEQ(graph_node(g, "ct:b", "b", "box3d", &e), 1);
	T_INTEQ(graph_node(g, "hv:a/br0", "br0", NULL, &e), 1);
	T_INTEQ(graph_edge(g, "hv:a", "ct:b", &cable, &e), 0);
	T_INTEQ(graph_edge(g, "hv:a", "ct:b", &cable, &e), 0);
	T_INTEQ(graph_edge(g, "hv:a/br0", "ct:b", &tun, &e), 0);
	T_INTEQ(graph_edge(g, "hv:a", "nowhere", &tun, &e), -EINVAL);
	T_STREQ(e.msg, "no node 'nowhere'");

	dot = render(g, "canon", &len);
	T_CHECK(dot && len == strlen(dot));
	if (dot) {
		T_INTEQ(count(dot, " -- "), 3);
		T_INTEQ(count(dot, "shape=box]"), 1);
		T_INTEQ(count(dot, "shape=box3d]"), 1);
		T_INTEQ(count(dot, "style=dashed"), 1);
		T_INTEQ(count(dot, "taillabel=\"eth0\\n10.0.0.1/24\""), 2);
		T_INTEQ(count(dot, "pos="), 0);
	}
	svg = render(g, "svg", &len);
	T_CHECK(svg && strstr(svg, "<svg") && strstr(svg, ">br0<"));
	png = render(g, "png", &len);
	T_CHECK(png && len > 8 && !memcmp(png, "\x89PNG\r\n\x1a\n", 8));
	T_CHECK(graph_render(g, "nosuchformat", &none, &len, &e) < 0);
	T_CHECK(none == NULL);
	T_CHECK(strstr(e.msg, "cannot draw") != NULL);
	free(dot);
	free(svg);
	free(png);
	graph_free(g);
	T_DONE();
}
