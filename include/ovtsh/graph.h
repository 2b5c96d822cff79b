/* graph.h - a picture of a graph, laid out and drawn by Graphviz
 * (libgvc + libcgraph, the "dot" layout).  The one module that uses
 * Graphviz: callers name nodes and edges with plain strings and get the
 * rendered bytes back, to write where they please (safefile.h).
 */
#ifndef OVTSH_GRAPH_H
#define OVTSH_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "ovtsh/err.h"

struct graph;

/* An edge's look; NULL strings are left out. */
struct graph_edge_spec {
	const char *label;         /* beside the middle of the edge */
	const char *taillabel;     /* at the first node's end */
	const char *headlabel;     /* at the second node's end */
	bool dashed;               /* a tunnel, not a cable */
	bool bold;                 /* a part of its node (a bridge) */
};

/* An undirected graph; 0 or -errno. */
int graph_new(struct graph **g, const char *name, struct ovt_err *e);
void graph_free(struct graph *g);
/* Node id (unique in g) drawn as label in a Graphviz shape ("box",
 * "box3d", NULL: the default ellipse): 1 when added, 0 when g had it
 * already (left as it was), or -errno. */
int graph_node(struct graph *g, const char *id, const char *label,
	       const char *shape, struct ovt_err *e);
/* An edge between two nodes added before; a second edge between the same
 * two is a second edge. */
int graph_edge(struct graph *g, const char *a, const char *b,
	       const struct graph_edge_spec *s, struct ovt_err *e);
/* The Graphviz output format of a file name's suffix (.svg, .png; .dot
 * and .gv: the graph in canonical DOT, no coordinates), NULL if none. */
const char *graph_format_of(const char *path);
/* Lay g out and render it in format; *buf is malloc'ed (free()), *len
 * its length (a NUL follows, for the text formats).  0 or -errno with e
 * filled. */
int graph_render(struct graph *g, const char *format, char **buf,
		 size_t *len, struct ovt_err *e);

#endif
