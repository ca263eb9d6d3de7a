// The resource map webview: filters and search over the graph the extension sends, laid out with
// dagre and drawn as SVG, panned and zoomed by hand. The view (zoom, position, filters) is kept across
// updates and reloads. The only way back to the extension is `open` with a node id it sent.
import type { MapNode, ResourceGraph } from '../../server/src/engine/graph/model';
import type { MapHostMessage, MapWebviewMessage } from '../../client/src/map/messages';
import { describeNode, drawMap, svg } from './draw';
import { layoutMap } from './layout';

interface VsCodeApi {
  postMessage(message: MapWebviewMessage): void;
  getState(): MapState | undefined;
  setState(state: MapState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface Filters {
  namespace: string;
  kind: string;
  findingsOnly: boolean;
  search: string;
}

interface View {
  x: number;
  y: number;
  scale: number;
}

interface MapState {
  graph?: ResourceGraph;
  filters: Filters;
  /** Absent until the first drawing fits the map to the window. */
  view?: View;
}

const vscode = acquireVsCodeApi();
let state: MapState = vscode.getState() ?? { filters: { namespace: '', kind: '', findingsOnly: false, search: '' } };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

const root = document.getElementById('root')!;
const notice = el('p', undefined, { class: 'notice', role: 'status' });
const summary = el('span', undefined, { class: 'summary', 'aria-live': 'polite' });
const namespaceSelect = el('select', undefined, { 'aria-label': 'Namespace' });
const kindSelect = el('select', undefined, { 'aria-label': 'Kind' });
const findingsOnly = el('input', undefined, { type: 'checkbox', id: 'findings-only' });
const search = el('input', undefined, { type: 'search', placeholder: 'Search by name', 'aria-label': 'Search by name' });
const fit = el('button', 'Fit', { type: 'button' });
const refresh = el('button', 'Refresh', { type: 'button' });
const details = el('pre', 'Hover or focus an object to see its findings.', { class: 'details', 'aria-live': 'polite' });
const canvas = svg('svg', { class: 'map', role: 'group', 'aria-label': 'Resource map' });
const viewport = svg('g', { class: 'viewport' });
canvas.append(viewport);

function toolbar(): HTMLElement {
  const bar = el('div', undefined, { class: 'toolbar' });
  const findingsLabel = el('label', undefined, { for: 'findings-only' });
  findingsLabel.append(findingsOnly, document.createTextNode(' Only objects with findings'));
  bar.append(namespaceSelect, kindSelect, findingsLabel, search, fit, refresh, summary);
  return bar;
}

function setOptions(select: HTMLSelectElement, all: string, values: readonly string[], chosen: string, label: (value: string) => string): void {
  select.replaceChildren(el('option', all, { value: '' }), ...values.map((value) => el('option', label(value), { value })));
  select.value = values.includes(chosen) ? chosen : '';
}

/** The namespace filter's value for cluster-scoped objects: parentheses never occur in a namespace name. */
const CLUSTER_SCOPED = '(cluster-scoped)';

function namespaceKey(node: MapNode): string {
  return node.namespace || CLUSTER_SCOPED;
}

function matches(node: MapNode, filters: Filters): boolean {
  if (filters.namespace && namespaceKey(node) !== filters.namespace) return false;
  if (filters.kind && node.kind !== filters.kind) return false;
  if (filters.findingsOnly && node.findings.length === 0) return false;
  return !filters.search || node.name.toLowerCase().includes(filters.search.toLowerCase());
}

function save(): void {
  vscode.setState(state);
}

/** Below this zoom edge labels and origins are too small to read: they are not drawn (a large map paints faster). */
const LABEL_SCALE = 0.55;

function applyView(): void {
  const view = state.view ?? { x: 0, y: 0, scale: 1 };
  viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.scale})`);
  canvas.classList.toggle('far', view.scale < LABEL_SCALE);
}

function fitView(width: number, height: number): void {
  const box = canvas.getBoundingClientRect();
  const scale = Math.min(1.5, Math.max(0.05, Math.min((box.width - 32) / Math.max(width, 1), (box.height - 32) / Math.max(height, 1))));
  state.view = { x: 16, y: 16, scale };
  applyView();
  save();
}

let drawnSize = { width: 0, height: 0 };

/** Filters, lays out and draws the graph; keeps the zoom and position unless nothing was drawn before. */
function draw(): void {
  const graph = state.graph;
  if (!graph) return;
  const started = performance.now();
  const nodes = graph.nodes.filter((node) => matches(node, state.filters));
  const shown = new Set(nodes.map((node) => node.id));
  const edges = graph.edges.filter((edge) => shown.has(edge.from) && shown.has(edge.to));
  const layout = layoutMap(nodes, edges);
  viewport.replaceChildren(drawMap(layout));
  drawnSize = { width: layout.width, height: layout.height };
  if (!state.view) fitView(layout.width, layout.height);
  else applyView();
  summary.textContent = `${nodes.length} of ${graph.nodes.length} objects, ${edges.length} links`;
  // The bench (scripts/bench-map.mjs) reads how long filtering, layout and drawing took.
  document.body.dataset.drawMs = String(Math.round(performance.now() - started));
}

function showGraph(graph: ResourceGraph): void {
  state = { ...state, graph };
  notice.textContent = graph.notice ?? '';
  notice.hidden = !graph.notice;
  setOptions(namespaceSelect, 'All namespaces', [...new Set(graph.nodes.map(namespaceKey))].sort(), state.filters.namespace, (namespace) => namespace);
  setOptions(kindSelect, 'All kinds', [...new Set(graph.nodes.map((node) => node.kind))].sort(), state.filters.kind, (kind) => kind);
  state.filters = { ...state.filters, namespace: namespaceSelect.value, kind: kindSelect.value };
  findingsOnly.checked = state.filters.findingsOnly;
  search.value = state.filters.search;
  draw();
  save();
}

function nodeOf(target: EventTarget | null): MapNode | undefined {
  const group = (target as Element | null)?.closest?.('g.node');
  const id = group?.getAttribute('data-id');
  return id ? state.graph?.nodes.find((node) => node.id === id) : undefined;
}

function open(node: MapNode | undefined): void {
  if (node && !node.missing) vscode.postMessage({ type: 'open', id: node.id });
}

function setFilter(change: Partial<Filters>): void {
  state.filters = { ...state.filters, ...change };
  draw();
  save();
}

namespaceSelect.addEventListener('change', () => setFilter({ namespace: namespaceSelect.value }));
kindSelect.addEventListener('change', () => setFilter({ kind: kindSelect.value }));
findingsOnly.addEventListener('change', () => setFilter({ findingsOnly: findingsOnly.checked }));
search.addEventListener('input', () => setFilter({ search: search.value }));
fit.addEventListener('click', () => fitView(drawnSize.width, drawnSize.height));
refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));

canvas.addEventListener('click', (event) => open(nodeOf(event.target)));
canvas.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open(nodeOf(event.target));
  }
});
const describe = (event: Event) => {
  const node = nodeOf(event.target);
  if (node) details.textContent = describeNode(node);
};
canvas.addEventListener('mouseover', describe);
canvas.addEventListener('focusin', describe);

// Wheel zooms around the pointer; dragging the background pans.
canvas.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const view = state.view ?? { x: 0, y: 0, scale: 1 };
    const box = canvas.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const scale = Math.min(4, Math.max(0.05, view.scale * Math.exp(-event.deltaY * 0.0015)));
    state.view = { scale, x: px - ((px - view.x) * scale) / view.scale, y: py - ((py - view.y) * scale) / view.scale };
    applyView();
    save();
  },
  { passive: false },
);
let drag: { x: number; y: number; view: View } | undefined;
canvas.addEventListener('pointerdown', (event) => {
  if (nodeOf(event.target)) return;
  drag = { x: event.clientX, y: event.clientY, view: state.view ?? { x: 0, y: 0, scale: 1 } };
  canvas.setPointerCapture(event.pointerId);
});
canvas.addEventListener('pointermove', (event) => {
  if (!drag) return;
  state.view = { ...drag.view, x: drag.view.x + event.clientX - drag.x, y: drag.view.y + event.clientY - drag.y };
  applyView();
});
canvas.addEventListener('pointerup', () => {
  drag = undefined;
  save();
});

function isHostMessage(data: unknown): data is MapHostMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { type?: unknown; message?: unknown; graph?: { nodes?: unknown; edges?: unknown } };
  if (message.type === 'error') return typeof message.message === 'string';
  return message.type === 'graph' && Array.isArray(message.graph?.nodes) && Array.isArray(message.graph?.edges);
}

window.addEventListener('message', (event: MessageEvent) => {
  if (!isHostMessage(event.data)) return;
  if (event.data.type === 'error') {
    notice.textContent = event.data.message;
    notice.hidden = false;
    return;
  }
  showGraph(event.data.graph);
});

const main = el('div', undefined, { class: 'layout' });
main.append(canvas, details);
root.append(toolbar(), notice, main);
notice.hidden = true;
if (state.graph) showGraph(state.graph);
else summary.textContent = 'Computing the map…';
vscode.postMessage({ type: 'ready' });
