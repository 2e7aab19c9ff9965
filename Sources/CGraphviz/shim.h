#ifndef CIBGRAPH_GRAPHVIZ_SHIM_H
#define CIBGRAPH_GRAPHVIZ_SHIM_H

// Graphviz's installed headers, found through pkg-config (`libgvc`), so that
// apt's /usr/include/graphviz and Homebrew's prefix both resolve. Nothing of
// Graphviz is vendored here.
#include <gvc.h>
#include <cgraph.h>

// Resets cgraph's DOT lexer. agmemread leaves lexer state behind after a
// text that ends in garbage or holds two graphs, and the next read then
// fails or returns the leftover graph; libcgraph exports this function but
// its public headers do not declare it.
extern void aglexbad(void);

#endif
