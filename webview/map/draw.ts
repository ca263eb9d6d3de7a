// Draws a laid-out map as SVG. Every workspace string goes in with textContent (names, namespaces,
// messages): nothing is parsed as markup. Colours come from classes in media/map.css.
import type { MapNode } from '../../server/src/engine/graph/model';
import type { MapLayout, PlacedEdge, PlacedNode, Point } from './layout';

const SVG = 'http://www.w3.org/2000/svg';
/** How many findings a hover lists; the count on the node says how many there are in all. */
const LISTED_FINDINGS = 20;

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

export function severityClass(node: MapNode): string {
  return node.missing ? 'missing' : (node.worst ?? 'clean');
}

/** What a hover says about a node: kind, name, namespace, where it comes from, its findings. */
export function describeNode(node: MapNode): string {
  const lines = [`${node.kind} ${node.name}`, `namespace: ${node.namespace || '(cluster-scoped)'}`];
  if (node.origin) lines.push(`from: ${node.origin}`);
  if (node.missing) lines.push(`missing: ${node.missing}`);
  else if (node.findings.length === 0) lines.push('no findings');
  else {
    lines.push(`${node.findings.length} finding${node.findings.length === 1 ? '' : 's'}:`);
    for (const finding of node.findings.slice(0, LISTED_FINDINGS)) lines.push(`${finding.severity} ${finding.ruleId}: ${finding.message}`);
    if (node.findings.length > LISTED_FINDINGS) lines.push(`… and ${node.findings.length - LISTED_FINDINGS} more`);
  }
  return lines.join('\n');
}

function drawNode(placed: PlacedNode): SVGGElement {
  const { node } = placed;
  const findings = node.findings.length;
  const label = `${node.kind} ${node.name}${node.missing ? ', missing' : findings > 0 ? `, ${findings} findings, worst ${node.worst}` : ''}`;
  const group = svg('g', { class: `node ${severityClass(node)}`, transform: `translate(${placed.x},${placed.y})`, tabindex: 0, role: 'button', 'aria-label': label, 'data-id': node.id });
  group.append(svg('title', {}, describeNode(node)));
  group.append(svg('rect', { width: placed.width, height: placed.height, rx: 6, class: 'box' }));
  group.append(svg('text', { x: 10, y: 16, class: 'kind' }, node.kind));
  group.append(svg('text', { x: 10, y: 34, class: 'name' }, cut(node.name || '(no name)', 36)));
  if (node.origin) group.append(svg('text', { x: 10, y: 50, class: 'origin' }, cut(node.origin, 40)));
  if (findings > 0) {
    const badge = svg('g', { class: 'badge', transform: `translate(${placed.width - 14},${14})` });
    badge.append(svg('circle', { r: 10 }), svg('text', { 'text-anchor': 'middle', y: 4 }, findings > 99 ? '99+' : String(findings)));
    group.append(badge);
  }
  return group;
}

function pathData(points: readonly Point[]): string {
  return points.map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
}

function middle(points: readonly Point[]): Point {
  if (points.length === 0) return { x: 0, y: 0 };
  if (points.length % 2 === 1) return points[(points.length - 1) / 2];
  const a = points[points.length / 2 - 1];
  const b = points[points.length / 2];
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

function drawEdge(placed: PlacedEdge): SVGGElement {
  const group = svg('g', { class: `edge${placed.edge.missing ? ' missing' : ''}`, 'data-from': placed.edge.from, 'data-to': placed.edge.to });
  group.append(svg('path', { d: pathData(placed.points), 'marker-end': 'url(#arrow)' }));
  const at = middle(placed.points);
  group.append(svg('text', { x: at.x, y: at.y - 3, 'text-anchor': 'middle', class: 'edge-label' }, placed.label));
  return group;
}

function arrowMarker(): SVGDefsElement {
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
  defs.append(marker);
  return defs;
}

/** The map's content: namespace frames, then edges, then nodes on top. */
export function drawMap(layout: MapLayout): SVGGElement {
  const content = svg('g', { class: 'content' });
  content.append(arrowMarker());
  for (const group of layout.groups) {
    const frame = svg('g', { class: 'namespace', transform: `translate(${group.x},${group.y})` });
    frame.append(svg('rect', { width: group.width, height: group.height, rx: 8 }), svg('text', { x: 12, y: 18 }, group.namespace ? `namespace ${group.namespace}` : 'cluster-scoped'));
    content.append(frame);
  }
  for (const edge of layout.edges) content.append(drawEdge(edge));
  for (const node of layout.nodes) content.append(drawNode(node));
  return content;
}
