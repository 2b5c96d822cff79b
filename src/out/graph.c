/* graph.c - pictures through Graphviz: an undirected cgraph graph, laid
 * out with "dot" and rendered to memory (gvRenderData), so the caller
 * writes the bytes through the safe-file module and Graphviz never opens
 * a file itself.  Graphviz reports errors through a global callback; it
 * is caught here and handed back in the ovt_err, never printed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "ovtsh/graph.h"

struct graph {
	GVC_t *gvc;
	Agraph_t *g;
};

/* Graphviz's last error or warning line, caught by graph_errf. */
static char graph_lasterr[256];

static int graph_errf(char *msg)
{
	size_t n;

	snprintf(graph_lasterr, sizeof(graph_lasterr), "%s", msg);
	n = strlen(graph_lasterr);
	while (n && (graph_lasterr[n - 1] == '\n' || graph_lasterr[n - 1] == ' '))
		graph_lasterr[--n] = '\0';
	return 0;
}

static int graph_fail(struct ovt_err *e, int code, const char *what)
{
	return ovt_err_set(e, code, "%s%s%s", what,
			   graph_lasterr[0] ? ": " : "", graph_lasterr);
}

/* cgraph takes char * for strings it only reads: the casts are here. */
static void graph_set(void *obj, const char *key, const char *val)
{
	agsafeset(obj, (char *)key, (char *)val, (char *)"");
}

/* The look of every picture: left to right, room for the end labels,
 * smaller type on the edges than in the nodes. */
static const struct {
	int kind;
	const char *key, *val;
} graph_defaults[] = {
	{ AGRAPH, "rankdir", "LR" }, { AGRAPH, "nodesep", "0.5" },
	{ AGRAPH, "ranksep", "1.4" }, { AGNODE, "fontname", "Helvetica" },
	{ AGEDGE, "fontname", "Helvetica" }, { AGEDGE, "fontsize", "10" },
	{ AGEDGE, "labelfontname", "Helvetica" },
	{ AGEDGE, "labelfontsize", "9" },
};

/* One Graphviz context for the process, never freed: libgvc 2.42's dot
 * layout keeps strings of a freed context and reads them in the next
 * one's layout (ASan: heap-use-after-free in dot_init_node_edge when
 * one process draws twice, "write topology A" then "write topology B"). */
static GVC_t *graph_gvc(void)
{
	static GVC_t *gvc;

	if (!gvc)
		gvc = gvContext();
	return gvc;
}

int graph_new(struct graph **out, const char *name, struct ovt_err *e)
{
	struct graph *g = calloc(1, sizeof(*g));

	*out = NULL;
	if (!g)
		return ovt_err_set(e, ENOMEM, "out of memory");
	agseterrf(graph_errf);
	graph_lasterr[0] = '\0';
	g->gvc = graph_gvc();
	if (g->gvc)
		g->g = agopen((char *)name, Agundirected, NULL);
	if (!g->g) {
		graph_free(g);
		return graph_fail(e, ENOMEM, "cannot start a graph");
	}
	for (size_t i = 0; i < sizeof(graph_defaults) /
	     sizeof(graph_defaults[0]); i++)
		agattr(g->g, graph_defaults[i].kind,
		       (char *)graph_defaults[i].key,
		       (char *)graph_defaults[i].val);
	*out = g;
	return 0;
}

void graph_free(struct graph *g)
{
	if (!g)
		return;
	if (g->g)
		agclose(g->g);
	free(g);                /* the context stays: see graph_gvc() */
}

int graph_node(struct graph *g, const char *id, const char *label,
	       const char *shape, struct ovt_err *e)
{
	Agnode_t *n = agnode(g->g, (char *)id, 0);

	if (n)
		return 0;
	if (!(n = agnode(g->g, (char *)id, 1)))
		return graph_fail(e, ENOMEM, "cannot add a node");
	graph_set(n, "label", label);
	if (shape)
		graph_set(n, "shape", shape);
	return 1;
}

int graph_edge(struct graph *g, const char *a, const char *b,
	       const struct graph_edge_spec *s, struct ovt_err *e)
{
	Agnode_t *t = agnode(g->g, (char *)a, 0), *h = agnode(g->g, (char *)b, 0);
	Agedge_t *x;

	if (!t || !h)
		return ovt_err_set(e, EINVAL, "no node '%s'", t ? b : a);
	x = agedge(g->g, t, h, NULL, 1);
	if (!x)
		return graph_fail(e, ENOMEM, "cannot add an edge");
	if (s->label)
		graph_set(x, "label", s->label);
	if (s->taillabel)
		graph_set(x, "taillabel", s->taillabel);
	if (s->headlabel)
		graph_set(x, "headlabel", s->headlabel);
	if (s->dashed || s->bold)
		graph_set(x, "style", s->dashed ? "dashed" : "bold");
	return 0;
}

const char *graph_format_of(const char *path)
{
	static const struct {
		const char *suffix, *format;
	} fmts[] = {
		{ ".svg", "svg" }, { ".png", "png" },
		{ ".dot", "canon" }, { ".gv", "canon" },
	};
	size_t n = strlen(path);

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		size_t k = strlen(fmts[i].suffix);

		if (n > k && !strcasecmp(path + n - k, fmts[i].suffix))
			return fmts[i].format;
	}
	return NULL;
}

int graph_render(struct graph *g, const char *format, char **buf,
		 size_t *len, struct ovt_err *e)
{
	char *data = NULL;
	unsigned int n = 0;
	int r = 0;

	*buf = NULL;
	*len = 0;
	graph_lasterr[0] = '\0';
	if (gvLayout(g->gvc, g->g, "dot") != 0)
		return graph_fail(e, EIO, "graph layout failed");
	if (gvRenderData(g->gvc, g->g, format, &data, &n) != 0 || !data)
		r = graph_fail(e, EIO, "cannot draw the graph");
	else if (!(*buf = malloc((size_t)n + 1)))
		r = ovt_err_set(e, ENOMEM, "out of memory");
	else {
		memcpy(*buf, data, n);
		(*buf)[n] = '\0';
		*len = n;
	}
	if (data)
		gvFreeRenderData(data);
	gvFreeLayout(g->gvc, g->g);
	return r;
}
