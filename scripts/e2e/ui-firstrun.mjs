// UI checks of a first run (issue 23), called by ui-smoke.mjs with its page and helpers: the Problems panel
// with no editor open, the walkthrough and a step completing on its event, the status bar menu, and the
// Explorer's "Generate tier bundle here" on a folder.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Rows of the Problems panel. */
const problemRows = (page, options) => page.locator('.markers-panel .monaco-list-row', options);

/** The Problems panel's filter box: its list is virtual, so rows below the fold are not in the page. */
const problemsFilter = (page) => page.getByPlaceholder(/^Filter \(e\.g\. text/).first();

/** Before any editor opens: files on disk have their findings listed, and a change on disk shows. */
export async function problemsWithoutEditor({ page, check, shot, palette, run }) {
  await check('with no editor open, the Problems panel lists the findings of files on disk', async () => {
    if ((await page.locator('.editor-group-container .tab').count()) > 0) throw new Error('an editor is open');
    await palette('View: Focus Problems');
    await problemsFilter(page).fill('runs privileged');
    // deploy.yaml (Deployment "web") and tier2/deploy.yaml (Deployment "worker") both run privileged.
    await problemRows(page, { hasText: /runs privileged.*Deployment "web"/ }).first().waitFor({ timeout: 60000 });
    await problemRows(page, { hasText: /runs privileged.*Deployment "worker"/ }).first().waitFor({ timeout: 15000 });
    await shot('0a-problems-no-editor');
  });

  await check('the Problems panel follows a file changed on disk, still with no editor open', async () => {
    const hardened = path.join(run.workspace, 'hardened.yaml');
    const original = readFileSync(hardened, 'utf8');
    writeFileSync(hardened, original.replace('privileged: false', 'privileged: true'));
    try {
      const row = problemRows(page, { hasText: /runs privileged.*Deployment "api"/ }).first();
      await row.waitFor({ timeout: 30000 });
      await shot('0b-problems-disk-change');
      writeFileSync(hardened, original);
      await row.waitFor({ state: 'detached', timeout: 30000 });
    } finally {
      writeFileSync(hardened, original);
      await problemsFilter(page).fill('');
    }
  });
}

/** The walkthrough opens from the Welcome command, and its checklist step completes when the checklist opens. */
export async function walkthrough({ page, check, shot, palette }) {
  await check('the "Get started with kubetier" walkthrough opens, and a step completes on its event', async () => {
    // "Open Walkthrough..." asks which walkthrough in a second quick pick.
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Welcome: Open Walkthrough...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough...' }).first().click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with kubetier' }).first().click();
    const step = page.locator('.getting-started-step[data-step-id$="openChecklist"]');
    await step.waitFor({ timeout: 30000 });
    const done = page.locator('.codicon.complete[data-done-step-id$="openChecklist"]');
    if (await done.count()) throw new Error('the checklist step is done before the checklist opened');
    await shot('0c-walkthrough');
    await step.click();
    await page.locator('.getting-started-step.expanded a, .getting-started-step.expanded .monaco-button', { hasText: 'Open the checklist' }).first().click();
    // The button opened the checklist over the walkthrough; its tick is drawn when the walkthrough shows again.
    await page.locator('.tab', { hasText: 'kubetier checklist' }).first().waitFor({ timeout: 30000 });
    await page.locator('.tab', { hasText: /^Walkthrough: kubetier/ }).first().click();
    await done.waitFor({ timeout: 30000, state: 'attached' });
    await shot('0d-walkthrough-step-done');
    // Focus inside the walkthrough page keeps F1 from the workbench: give it back through the tab.
    await page.locator('.tab', { hasText: /^Walkthrough: kubetier/ }).first().click();
    await palette('View: Close All Editors');
  });
}

/** The status bar item's menu: the four entries the issue asks for. */
export async function statusMenu({ page, check, shot }) {
  await check('the status bar item opens a menu: Select tier, Open checklist, Show output, Restart server', async () => {
    await page.locator('.statusbar-item', { hasText: /Tier 1 · setting/ }).first().click();
    for (const entry of ['Select tier', 'Open checklist', 'Show output', 'Restart server']) {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: entry }).first().waitFor({ timeout: 10000 });
    }
    await shot('3b-status-menu');
    await page.keyboard.press('Escape');
  });
}

/** Right-click a folder in the Explorer, "Generate tier bundle here", answer the steps with their defaults. */
export async function generateHere({ page, check, shot, palette, run }) {
  await check('the Explorer folder menu "Generate tier bundle here" generates a bundle into that folder', async () => {
    // A webview beside the Explorer (the resource map) lies under the wide context menu and takes its click.
    await palette('View: Close All Editors');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'tier2' }).first().click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: 'Generate tier bundle here' }).first().click();
    const input = page.locator('.quick-input-widget input');
    const answer = async (text) => {
      await input.waitFor({ state: 'visible' });
      if (text !== undefined) await input.fill(text);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
    };
    await answer(); // tier 1
    await answer('from-menu'); // name
    for (let step = 0; step < 6; step++) await answer(); // packaging, provider, GitOps, mesh, secrets, compliance
    const suggested = page.locator('.quick-input-list .monaco-list-row', { hasText: path.join(run.workspace, 'tier2', 'from-menu') }).first();
    await suggested.waitFor({ timeout: 10000 });
    await shot('10a-generate-here-target');
    await answer(); // the suggested target: the folder, under the bundle's name
    await answer(); // preview: "Generate N files"
    const readme = path.join(run.workspace, 'tier2', 'from-menu', 'README.md');
    const deadline = Date.now() + 30000;
    while (!existsSync(readme) && Date.now() < deadline) await page.waitForTimeout(200);
    if (!existsSync(readme)) throw new Error(`${readme} was not written`);
    await page.locator('.tab', { hasText: 'README.md' }).first().waitFor({ timeout: 15000 });
    await shot('10b-generated-here');
  });
}
