// The checklist webview. Every workspace-derived string is set with textContent (never innerHTML), and
// the only way back to the extension is a small set of validated messages.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import type { HostMessage, WebviewMessage } from '../client/src/checklist/messages';
import type { ChecklistItemView, ChecklistView, DeliveryLineView } from '../server/src/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PanelState {
  view?: ChecklistView;
  tab: number;
}

const TIER_NAMES = ['', 'Foundation', 'Production', 'Enterprise', 'Multi-Cluster', 'Hyperscale'];
const STATUS_TEXT: Record<ChecklistItemView['status'], string> = { done: 'Done', missing: 'Missing', 'not-applicable': 'Not applicable' };

const vscode = acquireVsCodeApi();
let state: PanelState = vscode.getState() ?? { tab: 0 };

/** createElement with text content and attributes; the only way this script builds DOM. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes?: Record<string, string>): HTMLElementTagNameMap[K];
function el(tag: string, text?: string, attributes?: Record<string, string>): HTMLElement;
function el(tag: string, text?: string, attributes: Record<string, string> = {}): HTMLElement {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function itemRow(item: ChecklistItemView): HTMLElement {
  const row = el('li', undefined, { class: `item ${item.status}` });
  const heading = el('div', undefined, { class: 'item-heading' });
  heading.append(el('vscode-badge', STATUS_TEXT[item.status], { variant: item.status === 'done' ? 'counter' : 'default', class: `status ${item.status}` }));
  heading.append(el('span', item.title, { class: 'title', title: item.criteria }));
  row.append(heading);
  if (item.detail && item.status !== 'done') row.append(el('p', item.detail, { class: 'detail' }));
  if (item.evidence.length > 0) {
    const list = el('ul', undefined, { class: 'evidence', 'aria-label': `Evidence for ${item.title}` });
    item.evidence.forEach((evidence, index) => {
      const link = el('a', `${evidence.label} — ${relativeName(evidence.uri)}:${evidence.range.start.line + 1}`, { href: '#', class: 'evidence-link' });
      link.addEventListener('click', (event) => {
        event.preventDefault();
        post({ type: 'openEvidence', itemId: item.id, index });
      });
      const entry = el('li');
      entry.append(link);
      list.append(entry);
    });
    row.append(list);
  }
  if (item.status === 'missing') {
    const label = item.snippet ? 'Insert template…' : 'Generate…';
    const button = el('vscode-button', label, { secondary: '', 'aria-label': `${label} ${item.title}` });
    button.addEventListener('click', () => post({ type: 'addMissing', itemId: item.id }));
    row.append(button);
  }
  return row;
}

function relativeName(uri: string): string {
  try {
    const path = decodeURIComponent(new URL(uri).pathname);
    return path.split('/').slice(-2).join('/');
  } catch {
    return uri;
  }
}

function tierSection(view: ChecklistView, tier: number): HTMLElement {
  const progress = view.byTier[tier as 1];
  const preview = tier > view.targetTier;
  const section = el('section', undefined, { class: preview ? 'tier preview' : 'tier', 'aria-labelledby': `tier-${tier}` });
  const applicable = progress.done + progress.missing;
  section.append(
    el('h2', `${preview ? 'To reach tier' : 'Tier'} ${tier} ${TIER_NAMES[tier]} — ${progress.done}/${applicable} done (${progress.percent} %)`, { id: `tier-${tier}` }),
  );
  const bar = el('div', undefined, {
    class: 'bar',
    role: 'progressbar',
    'aria-valuemin': '0',
    'aria-valuemax': '100',
    'aria-valuenow': String(progress.percent),
    'aria-label': `Tier ${tier} progress`,
  });
  const fill = el('div', undefined, { class: 'fill' });
  fill.style.width = `${progress.percent}%`;
  bar.append(fill);
  section.append(bar);
  const list = el('ul', undefined, { class: 'items' });
  for (const item of view.items.filter((entry) => entry.tier === tier)) list.append(itemRow(item));
  section.append(list);
  return section;
}

function deliveryLine(line: DeliveryLineView, targetTier: number): HTMLElement {
  const row = el('li', undefined, { class: line.tier > targetTier ? 'line later' : 'line' });
  row.append(el('span', line.text, { class: 'title' }));
  if (line.tier > 1) row.append(el('span', ` (tier ${line.tier}+)`, { class: 'muted' }));
  const facts = el('ul', undefined, { class: 'facts' });
  for (const item of line.items) facts.append(el('li', `${STATUS_TEXT[item.status]}: ${item.title}`, { class: `fact ${item.status}` }));
  for (const rule of line.rules) {
    facts.append(el('li', `${rule.id}: ${rule.findings} finding${rule.findings === 1 ? '' : 's'}`, { class: rule.findings > 0 ? 'fact findings' : 'fact clean' }));
  }
  if (line.items.length === 0 && line.rules.length === 0) facts.append(el('li', 'Judgement call: no automatic evidence.', { class: 'fact muted' }));
  row.append(facts);
  return row;
}
/** Projects are folders holding .kubetier.yaml (else workspace folders); each is scored on its own files. */
function projectSelect(view: ChecklistView): HTMLElement {
  const select = el('vscode-single-select', undefined, { 'aria-label': 'Project' }) as HTMLElement & { value: string };
  for (const project of view.projects) {
    const option = el('vscode-option', project.name, { value: project.uri });
    if (project.uri === view.project) option.setAttribute('selected', '');
    select.append(option);
  }
  select.addEventListener('change', () => post({ type: 'setProject', project: select.value }));
  return select;
}

function render(): void {
  const root = document.getElementById('root')!;
  root.replaceChildren();
  const view = state.view;
  if (!view) {
    root.append(el('p', 'Computing the checklist…', { role: 'status' }));
    return;
  }
  const header = el('header');
  header.append(el('h1', `kubetier checklist: tier ${view.targetTier} ${TIER_NAMES[view.targetTier]}`));
  const project = view.projects.find((entry) => entry.uri === view.project);
  if (project) header.append(el('p', `Project: ${project.name}`, { class: 'project' }));
  header.append(el('p', `Target tier from ${view.tierSource}.`, { class: 'muted' }));
  const toolbar = el('div', undefined, { class: 'toolbar' });
  const select = el('vscode-single-select', undefined, { 'aria-label': 'Target tier' }) as HTMLElement & { value: string };
  for (let tier = 1; tier <= 5; tier++) {
    const option = el('vscode-option', `Tier ${tier} ${TIER_NAMES[tier]}`, { value: String(tier) });
    if (tier === view.targetTier) option.setAttribute('selected', '');
    select.append(option);
  }
  select.addEventListener('change', () => post({ type: 'setTier', tier: Number(select.value) as 1 }));
  const refresh = el('vscode-button', 'Refresh', { secondary: '' });
  refresh.addEventListener('click', () => post({ type: 'refresh' }));
  const map = el('vscode-button', 'Resource map', { secondary: '', 'aria-label': 'Show the resource map' });
  map.addEventListener('click', () => post({ type: 'showMap' }));
  toolbar.append(select);
  if (view.projects.length > 1) toolbar.append(projectSelect(view));
  toolbar.append(refresh, map);
  header.append(toolbar);
  root.append(header);

  const tabs = el('vscode-tabs', undefined, { 'selected-index': String(state.tab) });
  tabs.addEventListener('vsc-tabs-select', (event) => {
    state = { ...state, tab: (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex };
    vscode.setState(state);
  });
  const outputs = el('vscode-tab-panel');
  const lastTier = Math.min(5, view.targetTier + 1);
  for (let tier = 1; tier <= lastTier; tier++) outputs.append(tierSection(view, tier));
  const delivery = el('vscode-tab-panel');
  for (const section of ['Architecture', 'Security', 'Reliability', 'Observability', 'Operations']) {
    const block = el('section', undefined, { 'aria-labelledby': `delivery-${section}` });
    block.append(el('h2', section, { id: `delivery-${section}` }));
    const list = el('ul', undefined, { class: 'lines' });
    for (const line of view.delivery.filter((entry) => entry.section === section)) list.append(deliveryLine(line, view.targetTier));
    block.append(list);
    delivery.append(block);
  }
  tabs.append(el('vscode-tab-header', 'Tier outputs', { slot: 'header' }), outputs, el('vscode-tab-header', 'Before delivering', { slot: 'header' }), delivery);
  root.append(tabs);
}

function isHostMessage(data: unknown): data is HostMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { type?: unknown; view?: { items?: unknown; byTier?: unknown; delivery?: unknown } };
  if (message.type === 'error') return true;
  return message.type === 'view' && Array.isArray(message.view?.items) && Array.isArray(message.view?.delivery) && typeof message.view?.byTier === 'object';
}

window.addEventListener('message', (event: MessageEvent) => {
  if (!isHostMessage(event.data)) return;
  if (event.data.type === 'error') {
    const root = document.getElementById('root')!;
    root.replaceChildren(el('p', event.data.message, { role: 'alert', class: 'error' }));
    return;
  }
  state = { ...state, view: event.data.view };
  vscode.setState(state);
  render();
});

render();
post({ type: 'ready' });
