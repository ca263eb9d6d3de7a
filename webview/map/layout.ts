// Lays the resource map out: dagre (layered, left to right) for each connected group of objects
// inside a namespace, then the groups and the namespaces packed in rows. Laying out small
// components separately keeps 500 objects well under a second, where one dagre run over the
// whole graph takes several (dagre's crossing reduction grows faster than linearly).
import dagre from '@dagrejs/dagre';
import type { EdgeLabel, MapEdge, MapNode } from '../../server/src/engine/graph/model';

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

export interface PlacedNode extends Box {
  node: MapNode;
}

export interface PlacedGroup extends Box {
  namespace: string;
}

export interface PlacedEdge {
  edge: MapEdge;
  label: EdgeLabel;
  points: Point[];
}

export interface MapLayout {
  nodes: PlacedNode[];
  groups: PlacedGroup[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const NODE_HEIGHT = 44;
const ORIGIN_HEIGHT = 14;
const GROUP_PADDING = 16;
const GROUP_TITLE = 22;
const GAP = 24;
/** More links than this make a node a hub (see layoutNamespace). */
const HUB_DEGREE = 12;

/** A node's box: wide enough for its kind and name (cut at 36 characters: the hover has the rest). */
export function nodeSize(node: MapNode): { width: number; height: number } {
  const longest = Math.max(node.kind.length, Math.min(node.name.length, 36), node.origin ? Math.min(node.origin.length, 40) * 0.85 : 0);
  return { width: Math.round(Math.max(120, longest * 7 + 44)), height: NODE_HEIGHT + (node.origin ? ORIGIN_HEIGHT : 0) };
}

/** Connected components of a namespace's nodes over the edges inside it (union-find). */
function components(nodes: readonly MapNode[], edges: readonly MapEdge[]): MapNode[][] {
  const parent = new Map(nodes.map((node) => [node.id, node.id]));
  const root = (id: string): string => {
    let current = id;
    while (parent.get(current) !== current) current = parent.get(current)!;
    parent.set(id, current);
    return current;
  };
  for (const edge of edges) if (parent.has(edge.from) && parent.has(edge.to)) parent.set(root(edge.from), root(edge.to));
  const groups = new Map<string, MapNode[]>();
  for (const node of nodes) groups.set(root(node.id), [...(groups.get(root(node.id)) ?? []), node]);
  return [...groups.values()];
}

interface Piece {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** A component's layout by the canonical index of its nodes (see shapeOf), to lay out alike components once. */
interface Shape {
  width: number;
  height: number;
  boxes: Box[];
  /** Edge points by `from>to>label` in canonical indices. */
  points: Map<string, Point[]>;
}

type ShapeCache = Map<string, Shape>;

/**
 * A component's nodes in a canonical order (by kind, size and the labels of their edges) and a key
 * naming its sizes and edges in that order. Equal keys mean the order maps one component onto the
 * other, sizes and edges included, so a layout of one is a layout of the other; components whose
 * ties sort differently only miss the cache. Workspaces of many alike applications (a chart per
 * service, generated overlays) are laid out once per shape: dagre costs milliseconds per run.
 */
function shapeOf(nodes: readonly MapNode[], edges: readonly MapEdge[]): { order: MapNode[]; key: string; edgeKey: (edge: MapEdge) => string } {
  const outLabels = new Map<string, string[]>();
  const inLabels = new Map<string, string[]>();
  for (const edge of edges) {
    outLabels.set(edge.from, [...(outLabels.get(edge.from) ?? []), edge.label]);
    inLabels.set(edge.to, [...(inLabels.get(edge.to) ?? []), edge.label]);
  }
  const describe = (node: MapNode) => {
    const size = nodeSize(node);
    return `${node.kind}:${size.width}x${size.height}:${(outLabels.get(node.id) ?? []).sort().join(',')}:${(inLabels.get(node.id) ?? []).sort().join(',')}`;
  };
  const descriptions = new Map(nodes.map((node) => [node.id, describe(node)]));
  const order = [...nodes].sort((a, b) => descriptions.get(a.id)!.localeCompare(descriptions.get(b.id)!));
  const position = new Map(order.map((node, i) => [node.id, i]));
  const edgeKey = (edge: MapEdge) => `${position.get(edge.from)}>${position.get(edge.to)}>${edge.label}`;
  const key = `${order.map((node) => descriptions.get(node.id)).join('|')}#${edges.map(edgeKey).sort().join('|')}`;
  return { order, key, edgeKey };
}

/** dagre's layout of a component's nodes (in `order`) and edges. */
function dagreShape(order: readonly MapNode[], edges: readonly MapEdge[], edgeKey: (edge: MapEdge) => string): Shape {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 70, marginx: 0, marginy: 0, ranker: 'tight-tree' });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of order) graph.setNode(node.id, nodeSize(node));
  edges.forEach((edge, i) => graph.setEdge(edge.from, edge.to, {}, String(i)));
  dagre.layout(graph);
  const boxes = order.map((node) => {
    const { x, y, width, height } = graph.node(node.id);
    return { x: x - width / 2, y: y - height / 2, width, height };
  });
  const points = new Map(edges.map((edge, i) => [edgeKey(edge), (graph.edge({ v: edge.from, w: edge.to, name: String(i) }).points ?? []).map((point: Point) => ({ x: point.x, y: point.y }))]));
  const { width = 0, height = 0 } = graph.graph();
  return { width, height, boxes, points };
}

/** One component laid out (by dagre, or as an alike one was), its top-left corner at 0,0. */
function layoutComponent(nodes: readonly MapNode[], edges: readonly MapEdge[], cache: ShapeCache): Piece {
  if (nodes.length === 1) {
    const size = nodeSize(nodes[0]);
    return { ...size, nodes: [{ node: nodes[0], x: 0, y: 0, ...size }], edges: [] };
  }
  const { order, key, edgeKey } = shapeOf(nodes, edges);
  let shape = cache.get(key);
  if (!shape) {
    shape = dagreShape(order, edges, edgeKey);
    cache.set(key, shape);
  }
  const laid = shape;
  return {
    width: laid.width,
    height: laid.height,
    nodes: order.map((node, i) => ({ node, ...laid.boxes[i] })),
    edges: edges.map((edge) => ({ edge, label: edge.label, points: laid.points.get(edgeKey(edge)) ?? [] })),
  };
}

/** Shelf packing: pieces in rows no wider than `rowWidth`, tallest first. Returns each piece's offset. */
function pack<T extends { width: number; height: number }>(pieces: readonly T[], rowWidth: number): { piece: T; x: number; y: number }[] {
  const sorted = [...pieces].sort((a, b) => b.height - a.height);
  const placed: { piece: T; x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const piece of sorted) {
    if (x > 0 && x + piece.width > rowWidth) {
      x = 0;
      y += rowHeight + GAP;
      rowHeight = 0;
    }
    placed.push({ piece, x, y });
    x += piece.width + GAP;
    rowHeight = Math.max(rowHeight, piece.height);
  }
  return placed;
}

function rowWidthFor(pieces: readonly { width: number; height: number }[]): number {
  const area = pieces.reduce((sum, piece) => sum + (piece.width + GAP) * (piece.height + GAP), 0);
  return Math.max(Math.sqrt(area) * 1.6, ...pieces.map((piece) => piece.width));
}

function shiftPiece(piece: Piece, dx: number, dy: number): Piece {
  return {
    ...piece,
    nodes: piece.nodes.map((placed) => ({ ...placed, x: placed.x + dx, y: placed.y + dy })),
    edges: piece.edges.map((placed) => ({ ...placed, points: placed.points.map((point) => ({ x: point.x + dx, y: point.y + dy })) })),
  };
}

/** A namespace: its components packed inside a titled frame. */
function layoutNamespace(namespace: string, nodes: readonly MapNode[], edges: readonly MapEdge[], cache: ShapeCache): Piece & { namespace: string } {
  const ids = new Set(nodes.map((node) => node.id));
  const degree = new Map<string, number>();
  for (const edge of edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) continue;
    degree.set(edge.from, (degree.get(edge.from) ?? 0) + 1);
    degree.set(edge.to, (degree.get(edge.to) ?? 0) + 1);
  }
  // A hub (a default-deny NetworkPolicy selecting every pod, a ConfigMap all workloads mount) would
  // join the whole namespace into one component: its edges are drawn straight, over the layout.
  const isHub = (id: string) => (degree.get(id) ?? 0) > HUB_DEGREE;
  const inside = edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to) && !isHub(edge.from) && !isHub(edge.to));
  const pieces = components(nodes, inside).map((members) => {
    const memberIds = new Set(members.map((node) => node.id));
    return layoutComponent(members, inside.filter((edge) => memberIds.has(edge.from)), cache);
  });
  const packed = pack(pieces, rowWidthFor(pieces)).map(({ piece, x, y }) => shiftPiece(piece, x + GROUP_PADDING, y + GROUP_PADDING + GROUP_TITLE));
  const width = Math.max(160, ...packed.flatMap((piece) => piece.nodes.map((placed) => placed.x + placed.width))) + GROUP_PADDING;
  const height = Math.max(...packed.flatMap((piece) => piece.nodes.map((placed) => placed.y + placed.height))) + GROUP_PADDING;
  return { namespace, width, height, nodes: packed.flatMap((piece) => piece.nodes), edges: packed.flatMap((piece) => piece.edges) };
}

function centre(box: Box): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Where the segment from the box's centre towards `towards` leaves the box. */
function border(box: Box, towards: Point): Point {
  const c = centre(box);
  const dx = towards.x - c.x;
  const dy = towards.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const scale = Math.min(Math.abs(box.width / 2 / (dx || 1e-9)), Math.abs(box.height / 2 / (dy || 1e-9)));
  return { x: c.x + dx * Math.min(scale, 1), y: c.y + dy * Math.min(scale, 1) };
}

/** Lays out the nodes and edges given (already filtered): namespaces as frames, edges between frames as straight lines. */
export function layoutMap(nodes: readonly MapNode[], edges: readonly MapEdge[]): MapLayout {
  const byNamespace = new Map<string, MapNode[]>();
  for (const node of nodes) byNamespace.set(node.namespace, [...(byNamespace.get(node.namespace) ?? []), node]);
  const cache: ShapeCache = new Map();
  const frames = [...byNamespace].map(([namespace, members]) => layoutNamespace(namespace, members, edges, cache));
  const packed = pack(frames, rowWidthFor(frames)).map(({ piece, x, y }) => ({ ...shiftPiece(piece, x, y), namespace: piece.namespace, x, y }));
  const placedNodes = packed.flatMap((frame) => frame.nodes);
  const boxes = new Map(placedNodes.map((placed) => [placed.node.id, placed]));
  const drawn = new Set(packed.flatMap((frame) => frame.edges.map((placed) => placed.edge)));
  const crossing = edges
    .filter((edge) => !drawn.has(edge) && boxes.has(edge.from) && boxes.has(edge.to))
    .map((edge) => {
      const from = boxes.get(edge.from)!;
      const to = boxes.get(edge.to)!;
      return { edge, label: edge.label, points: [border(from, centre(to)), border(to, centre(from))] };
    });
  return {
    nodes: placedNodes,
    groups: packed.map((frame) => ({ namespace: frame.namespace, x: frame.x, y: frame.y, width: frame.width, height: frame.height })),
    edges: [...packed.flatMap((frame) => frame.edges), ...crossing],
    width: Math.max(0, ...packed.map((frame) => frame.x + frame.width)),
    height: Math.max(0, ...packed.map((frame) => frame.y + frame.height)),
  };
}
