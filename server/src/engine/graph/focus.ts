// Past a size limit the map shows one file's objects and their neighbours: a picture of a thousand
// objects is neither readable nor quick to lay out.
import * as path from 'path';
import type { ResourceGraph } from './model';

/** The most objects the map lays out at once (the bench-map figure holds 500 under one second). */
export const MAP_NODE_LIMIT = 500;

/**
 * The graph itself when it has at most `limit` nodes; else the nodes of `file` (when given) and every
 * node one edge away from them, with a notice saying so. Without a file, the first `limit` nodes.
 */
export function focusGraph(graph: ResourceGraph, file: string | undefined, limit = MAP_NODE_LIMIT): ResourceGraph {
  if (graph.nodes.length <= limit) return graph;
  const total = `The workspace has ${graph.nodes.length} objects, more than the map lays out at once (${limit})`;
  const own = new Set(graph.nodes.filter((node) => file !== undefined && node.file === file).map((node) => node.id));
  if (own.size === 0) {
    const kept = new Set(graph.nodes.slice(0, limit).map((node) => node.id));
    return {
      nodes: graph.nodes.filter((node) => kept.has(node.id)),
      edges: graph.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to)),
      notice: `${total}: showing the first ${limit}. Open a YAML file and show the map again to see its objects and their neighbours.`,
    };
  }
  const kept = new Set(own);
  for (const edge of graph.edges) {
    if (own.has(edge.from)) kept.add(edge.to);
    if (own.has(edge.to)) kept.add(edge.from);
  }
  return {
    nodes: graph.nodes.filter((node) => kept.has(node.id)),
    edges: graph.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to)),
    notice: `${total}: showing the ${own.size} objects of ${path.basename(file!)} and their ${kept.size - own.size} neighbours.`,
  };
}
