// The resource map's data: one node per object of the workspace (or a stand-in for one that is
// named but missing), one labelled edge per link. Plain JSON: the server sends it to the webview,
// the CLI prints it as Mermaid, DOT or JSON.
import type { Range, Severity } from '../types';

/** The words an edge is labelled with, from the referring object to what it names or picks. */
export type EdgeLabel = 'selects' | 'routes to' | 'mounts' | 'env from' | 'runs as' | 'scales' | 'protects' | 'binds';

export const EDGE_LABELS: readonly EdgeLabel[] = ['selects', 'routes to', 'mounts', 'env from', 'runs as', 'scales', 'protects', 'binds'];

/** One finding as a node's hover lists it. */
export interface NodeFinding {
  ruleId: string;
  severity: Severity;
  message: string;
}

export interface MapNode {
  /** Stable across edits of other objects: the file, document and place in it (or the missing target's kind/namespace/name). */
  id: string;
  kind: string;
  name: string;
  /** The namespace it ends up in; '' for cluster-scoped objects and when none can be known. */
  namespace: string;
  /** Where the object is written (for a rendered object: its template or resource); absent for a missing node. */
  file?: string;
  range?: Range;
  /** The chart (and value set) or overlay a rendered object comes from. */
  origin?: string;
  /** A stand-in for a target that does not exist: why it is drawn (e.g. "no pods match app=web"). */
  missing?: string;
  /** The node's findings at its tier, most severe first; `worst` is undefined when there are none. */
  worst?: Severity;
  findings: NodeFinding[];
}

export interface MapEdge {
  from: string;
  to: string;
  label: EdgeLabel;
  /** Points at a missing node: drawn dashed. */
  missing?: boolean;
}

export interface ResourceGraph {
  nodes: MapNode[];
  edges: MapEdge[];
  /** Set when the graph was cut to the objects of one file and their neighbours: why. */
  notice?: string;
}
