// UI smoke test: what only the screen shows. Installs the packaged extension into code-server, opens the
// fixture workspace in Debian's Chromium and checks the Problems panel, the status bar tier item, the
// lightbulb menu, the checklist webview and the resource map. Screenshots go to test-results/e2e/.
//   node scripts/e2e/ui-smoke.mjs <outDir>     (outDir holds extension.json from package.mjs)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateHere, problemsWithoutEditor, statusMenu, walkthrough } from './ui-firstrun.mjs';
import { openWorkbench } from './workbench.mjs';

const { run, page, external, say, check, shot, palette, goTo, open, setupFailed, finish } = await openWorkbench('ui', path.resolve(process.argv[2] ?? 'out/e2e'));
/** The checklist webview's frame, once it has rendered. */
let checklist;

try {
  await open();
  const helpers = { page, check, shot, palette, run };
  await problemsWithoutEditor(helpers);
  await walkthrough(helpers);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'deploy.yaml' }).first().click({ timeout: 60000 });
  await page.locator('.monaco-editor .view-lines', { hasText: 'kind: Deployment' }).first().waitFor({ timeout: 30000 });
  say('deploy.yaml open');

  await check('status bar shows the tier of the active file', async () => {
    // The tier and where it comes from: deploy.yaml has no modeline and no .kubetier.yaml above it.
    const item = page.locator('.statusbar-item', { hasText: /Tier 1 · setting/ });
    await item.first().waitFor({ timeout: 30000 });
    await shot('1-status-bar');
  });

  await check('Problems panel lists the finding with its kubetier code', async () => {
    await palette('View: Focus Problems');
    // tier2/deploy.yaml runs privileged too: this is deploy.yaml's Deployment "web".
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: /runs privileged.*Deployment "web"/ }).first();
    await row.waitFor({ timeout: 30000 });
    const text = await row.innerText();
    if (!/kubetier/.test(text) || !/privileged/.test(text) || !/Ln 23, Col 25/.test(text)) throw new Error(`unexpected Problems row: ${text}`);
    await shot('2-problems');
  });

  await check('squiggle under the flagged value in the editor', async () => {
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 15000 });
  });

  await check('lightbulb menu offers the privileged quick-fix and applies it', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(23, 25);
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.getByText('Set privileged: false').first().waitFor({ timeout: 15000 });
    await shot('3-lightbulb');
    // Taking it edits the value and the Problems panel entry goes away.
    // The preferred fix is the menu's focused first entry, as a keyboard user would take it.
    await menu.locator('.monaco-list-row.focused', { hasText: 'Set privileged: false' }).waitFor({ timeout: 5000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: 'privileged: false' }).first().waitFor({ timeout: 15000 });
    await page.locator('.markers-panel .monaco-list-row', { hasText: /runs privileged.*Deployment "web"/ }).waitFor({ state: 'detached', timeout: 15000 });
    await shot('4-fixed');
  });

  await check('checklist webview renders the tier checklist', async () => {
    await palette('Show tier checklist');
    // The webview is an iframe inside an iframe: look through every frame for the panel's heading.
    let webview;
    const deadline = Date.now() + 30000;
    while (!webview && Date.now() < deadline) {
      for (const frame of page.frames()) {
        const candidate = frame.locator('h1', { hasText: 'kubetier checklist: tier 1' });
        if (await candidate.count().catch(() => 0)) { webview = frame; break; }
      }
      if (!webview) await page.waitForTimeout(100);
    }
    if (!webview) throw new Error('no webview frame shows the "kubetier checklist: tier 1" heading');
    const tierHeading = await webview.locator('h2', { hasText: /^Tier 1 / }).first().innerText({ timeout: 10000 });
    if (!/\d+\/\d+ done/.test(tierHeading)) throw new Error(`tier 1 heading without progress: ${tierHeading}`);
    // Evidence links come from the server's view of the workspace: deploy.yaml's Deployment satisfies an item.
    await webview.getByText('Deployment web').first().waitFor({ timeout: 10000 });
    await shot('5-checklist');
    checklist = webview;
  });

  await check('checklist item flips from missing to done when a file is added on disk', async () => {
    if (!checklist) throw new Error('the checklist did not render');
    const status = checklist.locator('li.item', { has: checklist.locator('.title', { hasText: 'Namespace definition' }) }).locator('.status');
    await status.filter({ hasText: 'Missing' }).waitFor({ timeout: 10000 });
    writeFileSync(path.join(run.workspace, 'namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    await status.filter({ hasText: 'Done' }).waitFor({ timeout: 30000 });
    await checklist.getByText('Namespace shop').first().waitFor({ timeout: 10000 });
    await shot('6-checklist-flipped');
  });

  await check('an evidence link opens the file at the evidence line', async () => {
    if (!checklist) throw new Error('the checklist did not render');
    // deploy.yaml's Deployment: its evidence points at metadata.name, line 4.
    await checklist.locator('a.evidence-link', { hasText: /^Deployment web — workspace\/deploy\.yaml:4$/ }).first().click();
    await page.locator('.tab.active', { hasText: 'deploy.yaml' }).first().waitFor({ timeout: 15000 });
    await page.locator('.statusbar-item', { hasText: /^Ln 4, Col \d+/ }).first().waitFor({ timeout: 15000 });
    await shot('7-evidence-opened');
  });

  await check('Tier readiness view in the Explorer shows the score of each tier', async () => {
    await page.locator('.pane-header', { hasText: /tier readiness/i }).first().click();
    // Deployment and Namespace are done by now: 2 of tier 1's 7 items.
    const row = page.locator('.monaco-list-row', { hasText: 'Tier 1 Foundation' }).first();
    await row.filter({ hasText: '29 % (2/7)' }).waitFor({ timeout: 15000 });
    await page.locator('.monaco-list-row', { hasText: 'Next: Tier 2 Production' }).first().waitFor({ timeout: 5000 });
    await shot('8-readiness');
  });

  await page.locator('.tab', { hasText: 'deploy.yaml' }).first().click();
  await statusMenu(helpers);

  await check('the status bar menu picks a tier for the workspace setting, and the Problems panel follows', async () => {
    await page.locator('.tab', { hasText: 'deploy.yaml' }).first().click();
    await page.locator('.statusbar-item', { hasText: /Tier 1 · setting/ }).first().click();
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Select tier' }).first().click();
    await input.waitFor({ state: 'visible' });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Tier 2' }).first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // Where to write it: the setting is offered first (no modeline or .kubetier.yaml decides deploy.yaml's tier).
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'The kubetier.tier workspace setting' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: /Tier 2 · setting/ }).first().waitFor({ timeout: 15000 });
    // At tier 2 the missing PodDisruptionBudget of the 2-replica Deployment is a warning.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'pdb-missing' }).first().waitFor({ timeout: 15000 });
    // The readiness view's target follows: tier 2 is no longer the "Next:" preview.
    await page.locator('.monaco-list-row', { hasText: 'Tier 2 Production', hasNotText: 'Next:' }).first().waitFor({ timeout: 15000 });
    await shot('9-tier-2');
  });

  await check('resource map draws the workspace; a click opens the object', async () => {
    await page.locator('.tab', { hasText: 'deploy.yaml' }).first().click();
    await palette('Show resource map');
    let map;
    const deadline = Date.now() + 30000;
    while (!map && Date.now() < deadline) {
      for (const frame of page.frames()) {
        const candidate = frame.locator('g.node[aria-label^="Deployment web"]');
        if (await candidate.count().catch(() => 0)) { map = frame; break; }
      }
      if (!map) await page.waitForTimeout(100);
    }
    if (!map) throw new Error('no webview frame draws the Deployment "web" node');
    if ((await map.locator('g.namespace').count()) === 0) throw new Error('no namespace frame drawn');
    await shot('10-resource-map');
    await map.locator('g.node[aria-label^="Deployment web"]').first().click();
    await page.locator('.tab.active', { hasText: 'deploy.yaml' }).first().waitFor({ timeout: 15000 });
    await page.locator('.statusbar-item', { hasText: /^Ln 4, Col \d+/ }).first().waitFor({ timeout: 15000 });
  });

  await generateHere(helpers);

  await check('the browser made no request beyond loopback', async () => {
    if (external.length) throw new Error(`external requests: ${external.slice(0, 5).join(', ')}`);
  });
} catch (error) {
  await setupFailed(error);
} finally {
  await finish();
}
