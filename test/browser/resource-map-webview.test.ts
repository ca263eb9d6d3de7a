// Renders the real resource map bundle (dist/webview/map.js, dagre inside) in headless Chromium behind
// the real HTML shell and CSP, with a stand-in for the VS Code webview API: nodes and edges drawn,
// hostile names kept as text, click asks to open the object, hover tells its findings, filters,
// search, and an update keeping the zoom and position.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { MapNode, ResourceGraph } from '../../server/src/engine/graph/model';
import { REPO_ROOT } from '../support/fixtures';
import { openWebviewPage, type PageGlobals, type WebviewPage } from '../support/webviewPage';

const HOSTILE = '<img src=x onerror=alert(1)>';
const RESULTS = path.join(REPO_ROOT, 'test-results');

function node(id: string, kind: string, name: string, namespace: string, extra: Partial<MapNode> = {}): MapNode {
  return { id, kind, name, namespace, file: `file:///ws/${id}.yaml`, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }, findings: [], ...extra };
}

function graph(): ResourceGraph {
  return {
    nodes: [
      node('ing', 'Ingress', 'shop', 'shop'),
      node('svc', 'Service', 'web', 'shop'),
      node('dep', 'Deployment', 'web', 'shop', {
        worst: 'error',
        findings: [
          { ruleId: 'privileged', severity: 'error', message: 'Container runs privileged' },
          { ruleId: 'resource-limits', severity: 'warning', message: `No limits ${HOSTILE}` },
        ],
      }),
      node('cm', 'ConfigMap', HOSTILE, 'shop', { worst: 'info', findings: [{ ruleId: 'recommended-labels', severity: 'info', message: 'No app.kubernetes.io/name' }] }),
      { id: 'missing:Secret/shop/db', kind: 'Secret', name: 'db', namespace: 'shop', missing: 'Secret "db" does not exist in the workspace', findings: [] },
      node('job', 'Job', 'migrate', 'tools', { origin: 'Helm chart tools (values.yaml)' }),
      node('ns', 'Namespace', 'shop', ''),
    ],
    edges: [
      { from: 'ing', to: 'svc', label: 'routes to' },
      { from: 'svc', to: 'dep', label: 'selects' },
      { from: 'dep', to: 'cm', label: 'env from' },
      { from: 'dep', to: 'missing:Secret/shop/db', label: 'mounts', missing: true },
    ],
  };
}

const posted = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);
const send = (page: Page, data: ResourceGraph) => page.evaluate((graph) => (globalThis as unknown as PageGlobals).postMessage({ type: 'graph', graph }, '*'), data);

describe('resource map webview in Chromium', () => {
  let opened: WebviewPage;
  let page: Page;
  let problems: string[];

  before(async () => {
    opened = await openWebviewPage({ script: 'map.js', style: 'map.css', title: 'kubetier resource map', viewport: { width: 1100, height: 700 } });
    ({ page, problems } = opened);
    await send(page, graph());
    await page.waitForSelector('g.node');
  });

  after(() => opened?.close());

  it('draws every node and edge, grouped by namespace, coloured by worst finding, with counts', async () => {
    assert.deepEqual(problems, []);
    assert.equal(await page.locator('g.node').count(), 7);
    assert.equal(await page.locator('g.edge').count(), 4);
    assert.equal(await page.locator('g.edge.missing').count(), 1);
    assert.equal(await page.locator('g.edge.missing').getAttribute('data-to'), 'missing:Secret/shop/db');
    assert.deepEqual((await page.locator('g.namespace text').allTextContents()).sort(), ['cluster-scoped', 'namespace shop', 'namespace tools']);
    assert.equal(await page.locator('g.node[data-id="dep"]').getAttribute('class'), 'node error');
    assert.equal(await page.locator('g.node[data-id="dep"] .badge text').textContent(), '2');
    assert.equal(await page.locator('g.node.missing').count(), 1);
    assert.deepEqual((await page.locator('g.edge .edge-label').allTextContents()).sort(), ['env from', 'mounts', 'routes to', 'selects']);
    assert.equal(await page.locator('g.node[data-id="job"] .origin').textContent(), 'Helm chart tools (values.yaml)');
  });

  it('keeps a hostile object name as text', async () => {
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).__alerted), false);
    assert.equal(await page.locator('g.node[data-id="cm"] .name').textContent(), HOSTILE);
  });

  it('a click asks the extension to open the object, by id only; a missing node opens nothing', async () => {
    await page.locator('g.node[data-id="svc"]').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'open', id: 'svc' });
    const before = (await posted(page)).length;
    await page.locator('g.node.missing').click();
    assert.equal((await posted(page)).length, before);
    await page.locator('g.node[data-id="ing"]').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page)).at(-1), { type: 'open', id: 'ing' });
  });

  it('hover tells kind, name, namespace and findings', async () => {
    await page.locator('g.node[data-id="dep"]').hover();
    const details = await page.locator('.details').textContent();
    assert.equal(details, `Deployment web\nnamespace: shop\n2 findings:\nerror privileged: Container runs privileged\nwarning resource-limits: No limits ${HOSTILE}`);
    assert.equal(await page.locator('g.node[data-id="dep"] > title').textContent(), details);
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'resource-map-webview.png') });
  });

  it('filters by namespace, kind and findings, and searches by name', async () => {
    await page.getByLabel('Namespace', { exact: true }).selectOption('tools');
    assert.deepEqual(await page.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id'))), ['job']);
    await page.getByLabel('Namespace', { exact: true }).selectOption('(cluster-scoped)');
    assert.deepEqual(await page.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id'))), ['ns']);
    await page.getByLabel('Namespace', { exact: true }).selectOption('');
    await page.getByLabel('Kind', { exact: true }).selectOption('Service');
    assert.deepEqual(await page.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id'))), ['svc']);
    await page.getByLabel('Kind', { exact: true }).selectOption('');
    await page.getByLabel('Only objects with findings').check();
    assert.deepEqual((await page.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')))).sort(), ['cm', 'dep']);
    assert.equal(await page.locator('g.edge').count(), 1, 'only the edge between the two shown');
    await page.getByLabel('Only objects with findings').uncheck();
    await page.getByLabel('Search by name').fill('WEB');
    assert.deepEqual((await page.locator('g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')))).sort(), ['dep', 'svc']);
    await page.getByLabel('Search by name').fill('');
    assert.equal(await page.locator('g.node').count(), 7);
  });

  it('an update redraws the graph and keeps the zoom and position; so does a reload', async () => {
    const fitted = await page.locator('g.viewport').getAttribute('transform');
    await page.mouse.move(500, 300);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((before) => (globalThis as unknown as PageGlobals).document.querySelector('g.viewport')?.getAttribute('transform') !== before, fitted);
    const zoomed = await page.locator('g.viewport').getAttribute('transform');
    const next = graph();
    next.nodes.push(node('pdb', 'PodDisruptionBudget', 'web', 'shop'));
    next.edges.push({ from: 'pdb', to: 'dep', label: 'protects' });
    next.notice = 'The workspace has 900 objects, more than the map lays out at once (500): showing the 8 objects of app.yaml and their 0 neighbours.';
    await send(page, next);
    await page.waitForSelector('g.node[data-id="pdb"]');
    assert.equal(await page.locator('g.viewport').getAttribute('transform'), zoomed);
    assert.equal(await page.getByRole('status').first().textContent(), next.notice);
    await page.reload();
    await page.waitForSelector('g.node[data-id="pdb"]');
    assert.equal(await page.locator('g.viewport').getAttribute('transform'), zoomed);
    assert.deepEqual(problems, []);
  });
});
