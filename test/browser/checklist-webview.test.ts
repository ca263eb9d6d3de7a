// Renders the real checklist webview bundle (dist/webview/checklist.js) in headless Chromium behind the real HTML
// shell and CSP, with a stand-in for the VS Code webview API, and checks what a person and a screen
// reader get: escaped workspace strings, headings, working links and buttons, state kept on reload.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ChecklistView } from '../../server/src/protocol';
import { REPO_ROOT } from '../support/fixtures';
import { openWebviewPage, type PageGlobals, type WebviewPage } from '../support/webviewPage';

const HOSTILE = '<img src=x onerror="window.__alerted=true">';
const RESULTS = path.join(REPO_ROOT, 'test-results');

function view(): ChecklistView {
  const evidence = { uri: 'file:///ws/app/deploy.yaml', range: { start: { line: 4, character: 8 }, end: { line: 4, character: 11 } }, label: `Deployment ${HOSTILE}` };
  return {
    targetTier: 1,
    tierSource: `${HOSTILE}/.kubetier.yaml`,
    project: 'file:///ws/app',
    projects: [
      { uri: 'file:///ws', name: 'ws' },
      { uri: 'file:///ws/app', name: `ws/app ${HOSTILE}` },
    ],
    items: [
      { id: 't1-deployment-resources', tier: 1, title: 'Deployment with resource requests/limits', criteria: 'c', status: 'done', evidence: [evidence] },
      { id: 't1-namespace', tier: 1, title: 'Namespace definition', criteria: 'c', status: 'missing', detail: `No Namespace ${HOSTILE}`, snippet: 'k8s-t1-namespace', evidence: [] },
      { id: 't2-pdb', tier: 2, title: 'PodDisruptionBudget', criteria: 'c', status: 'missing', detail: 'No PodDisruptionBudget found.', evidence: [] },
    ],
    byTier: {
      1: { done: 1, missing: 1, notApplicable: 0, percent: 50 },
      2: { done: 0, missing: 1, notApplicable: 0, percent: 0 },
      3: { done: 0, missing: 0, notApplicable: 0, percent: 100 },
      4: { done: 0, missing: 0, notApplicable: 0, percent: 100 },
      5: { done: 0, missing: 0, notApplicable: 0, percent: 100 },
    },
    delivery: [{ section: 'Reliability', text: 'PodDisruptionBudget for production workloads', tier: 2, items: [{ id: 't2-pdb', title: 'PodDisruptionBudget', status: 'missing' }], rules: [{ id: 'pdb-missing', findings: 3 }] }],
  };
}

describe('checklist webview in Chromium', () => {
  let opened: WebviewPage;
  let page: Page;

  before(async () => {
    opened = await openWebviewPage({ script: 'checklist.js', style: 'checklist.css', title: 'kubetier checklist', viewport: { width: 900, height: 700 } });
    page = opened.page;
    assert.deepEqual(opened.problems, []);
    await page.evaluate((data) => (globalThis as unknown as PageGlobals).postMessage({ type: 'view', view: data }, '*'), view());
    await page.waitForSelector('h1');
  });

  after(() => opened?.close());

  it('shows workspace strings as text, never as markup', async () => {
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).__alerted), false);
    const text = await page.locator('#root').innerText();
    assert.ok(text.includes(HOSTILE), 'the hostile label is displayed literally');
  });

  it('has headings per tier and the next tier as a preview', async () => {
    const headings = await page.locator('h1, h2').allInnerTexts();
    assert.ok(headings.some((heading) => heading.startsWith('kubetier checklist: tier 1')));
    assert.ok(headings.some((heading) => /^Tier 1 Foundation .*1\/2 done \(50 %\)/.test(heading)));
    assert.ok(headings.some((heading) => heading.startsWith('To reach tier 2 Production')));
    assert.equal(await page.getByRole('progressbar', { name: 'Tier 1 progress' }).getAttribute('aria-valuenow'), '50');
  });

  it('an evidence link asks the extension to open that evidence, by item and index only', async () => {
    await page.getByRole('link', { name: /Deployment/ }).click();
    const posted = await page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);
    assert.deepEqual(posted.at(-1), { type: 'openEvidence', itemId: 't1-deployment-resources', index: 0 });
  });

  it('a missing item has a real button that asks to add it, reachable by keyboard', async () => {
    const button = page.locator('vscode-button', { hasText: 'Insert template' }).first();
    await button.focus();
    await page.keyboard.press('Enter');
    const posted = await page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);
    assert.deepEqual(posted.at(-1), { type: 'addMissing', itemId: 't1-namespace' });
  });

  it('names the project scored and switches project through a validated message', async () => {
    assert.ok((await page.locator('p.project').innerText()).includes(`ws/app ${HOSTILE}`));
    await page.locator('vscode-single-select[aria-label="Project"]').click();
    await page.getByRole('option', { name: 'ws', exact: true }).click();
    const posted = await page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);
    assert.deepEqual(posted.at(-1), { type: 'setProject', project: 'file:///ws' });
  });

  it('links to the resource map', async () => {
    await page.locator('vscode-button', { hasText: 'Resource map' }).click();
    const posted = await page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);
    assert.deepEqual(posted.at(-1), { type: 'showMap' });
  });

  it('the second tab maps the delivery checklist to rules with finding counts', async () => {
    await page.getByText('Before delivering').click();
    await page.getByText('pdb-missing: 3 findings').waitFor();
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'checklist-webview-delivery.png') });
  });

  it('keeps its state across a reload (as after a window reload, through the serializer)', async () => {
    await page.reload();
    await page.waitForSelector('h1');
    assert.ok((await page.locator('h1').innerText()).startsWith('kubetier checklist: tier 1'));
    await page.screenshot({ path: path.join(RESULTS, 'checklist-webview.png') });
  });
});
