// Editor UI test: the language features a Kubernetes engineer reaches for, driven from the keyboard in the
// code-server workbench on test/workspace-e2e-editor (a Deployment, its ConfigMap, and the Service, PDB and
// HPA that select and scale it): Outline, code lenses, F12, Shift+F12, completion of a ConfigMap name, F2
// rename across files, the lightbulb, the Fix all summary and the tier status item shown for YAML only.
// Screenshots go to test-results/e2e/editor-*.
//   node scripts/e2e/ui-editor.mjs <outDir>     (outDir holds extension.json from package.mjs)
import path from 'node:path';
import { ROOT } from './codeserver.mjs';
import { openWorkbench } from './workbench.mjs';

const { page, external, say, check, shot, palette, goTo, open, setupFailed, finish } = await openWorkbench(
  'editor',
  path.resolve(process.argv[2] ?? 'out/e2e'),
  path.join(ROOT, 'test/workspace-e2e-editor'),
);

/** Opens a workspace file from the Explorer and waits for its text. */
async function openFile(name, text) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click({ timeout: 60000 });
  await page.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 15000 });
  await page.locator('.monaco-editor .view-lines', { hasText: text }).first().waitFor({ timeout: 30000 });
  await page.locator('.monaco-editor .view-lines').first().click();
}

/** Waits until the status bar shows the cursor on `line` of the active editor. */
const cursorOn = (line) => page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).first().waitFor({ timeout: 10000 });

/**
 * Presses a key until `shown` appears: right after an edit the server may still be linting the new
 * version, and a widget asked for then closes empty ("No code actions available").
 */
async function pressUntilShown(key, shown, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    if (await shown.waitFor({ timeout: 5000 }).then(() => true, () => false)) return;
    if (attempt === attempts) throw new Error(`nothing shown after pressing ${key} ${attempts} times`);
    await page.keyboard.press('Escape');
  }
}

const shotAs = (name) => shot(`editor-${name}`);
const FIX_ALL = 'Fix all kubetier problems in this file';
/** The lightbulb's entries, as the lightbulb check saw them. */
let lightbulb = [];

try {
  await open();
  await openFile('app.yaml', 'kind: Deployment');
  say('app.yaml open');

  await check('code lens on the Deployment names what selects and scales it', async () => {
    const lens = page.locator('.codelens-decoration', { hasText: 'selected by' }).first();
    await lens.waitFor({ timeout: 30000 });
    const text = await lens.innerText();
    for (const part of ['Service web', 'PDB web', 'HPA web (2-10)']) if (!text.includes(part)) throw new Error(`lens without ${part}: ${text}`);
    await shotAs('1-code-lens');
  });

  await check('Outline lists the Deployment with its container and port nested', async () => {
    await palette('Explorer: Focus on Outline View');
    const rows = page.locator('.pane-body .monaco-list-row');
    for (const label of ['Deployment web', 'container web', 'port http 8080/TCP']) await rows.filter({ hasText: label }).first().waitFor({ timeout: 15000 });
    await shotAs('2-outline');
  });

  await check('F12 on a Service selector goes to the pod template it selects', async () => {
    await openFile('service.yaml', 'kind: Service');
    await goTo(8, 5);
    await page.keyboard.press('F12');
    await page.locator('.tab.active', { hasText: 'app.yaml' }).first().waitFor({ timeout: 15000 });
    // The template's labels: what the selector matches.
    await cursorOn(12);
    await shotAs('3-definition');
  });

  await check('Shift+F12 on the Deployment name lists the Service, PDB and HPA that refer to it', async () => {
    await openFile('app.yaml', 'kind: Deployment');
    await goTo(4, 9);
    await page.keyboard.press('Shift+F12');
    const peek = page.locator('.peekview-widget').first();
    await peek.waitFor({ timeout: 15000 });
    // The declaration, the Service selecting it, the PDB selecting it and the HPA scaling it.
    await peek.locator('.peekview-title', { hasText: 'References (4)' }).waitFor({ timeout: 10000 });
    for (const file of ['service.yaml', 'scaling.yaml']) await peek.locator('.monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10000 });
    await shotAs('4-references');
    await page.keyboard.press('Escape');
  });

  await check('completion offers the workspace ConfigMap for configMapRef.name', async () => {
    await openFile('app.yaml', 'kind: Deployment');
    await goTo(23, 23);
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Backspace');
    await pressUntilShown('Control+Space', page.locator('.suggest-widget .monaco-list-row', { hasText: 'web-config' }).first());
    await shotAs('5-completion');
    await page.locator('.suggest-widget .monaco-list-row.focused', { hasText: 'web-config' }).waitFor({ timeout: 5000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: 'name: web-config' }).first().waitFor({ timeout: 10000 });
  });

  await check('F2 renames the ConfigMap and its reference in the Deployment in one edit', async () => {
    await openFile('config.yaml', 'kind: ConfigMap');
    await goTo(4, 9);
    await page.keyboard.press('F2');
    const input = page.locator('.rename-box input').first();
    await input.waitFor({ timeout: 15000 });
    await input.fill('web-settings');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: 'name: web-settings' }).first().waitFor({ timeout: 15000 });
    await page.locator('.tab', { hasText: 'app.yaml' }).first().click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'name: web-settings' }).first().waitFor({ timeout: 15000 });
    await shotAs('6-rename');
  });

  await check('the lightbulb on a container offers a short list: its fixes, Fix all, and one disable and ignore per rule', async () => {
    await goTo(16, 17);
    const menu = page.locator('.action-widget');
    await pressUntilShown('Control+.', menu.getByText(FIX_ALL).first());
    lightbulb = (await menu.locator('.monaco-list-row.action').allInnerTexts()).map((entry) => entry.trim());
    if (lightbulb.length > 12) throw new Error(`${lightbulb.length} entries:\n${lightbulb.join('\n')}`);
    if (new Set(lightbulb).size !== lightbulb.length) throw new Error(`duplicate entries:\n${lightbulb.join('\n')}`);
    say(`lightbulb: ${lightbulb.length} entries`);
    await shotAs('7-lightbulb');
  });

  await check('Fix all from the lightbulb applies the safe fixes and says what it applied and what needs a decision', async () => {
    // Taken from the keyboard: the menu focuses its first entry.
    for (let i = 0; i < lightbulb.indexOf(FIX_ALL); i++) await page.keyboard.press('ArrowDown');
    await page.locator('.action-widget .monaco-list-row.action.focused', { hasText: FIX_ALL }).waitFor({ timeout: 5000 });
    await page.keyboard.press('Enter');
    const toast = page.locator('.notification-toast', { hasText: /kubetier: applied \d+ fix(es)?; \d+ needs? a decision/ }).first();
    await toast.waitFor({ timeout: 15000 });
    await page.locator('.monaco-editor .view-lines', { hasText: 'privileged: false' }).first().waitFor({ timeout: 10000 });
    await shotAs('8-fix-all');
  });

  await check('the tier status item shows for YAML editors only', async () => {
    const tierItem = page.locator('.statusbar-item', { hasText: /Tier \d · / });
    await tierItem.first().waitFor({ timeout: 10000 });
    await openFile('README.md', 'Fixture workspace');
    await tierItem.first().waitFor({ state: 'detached', timeout: 10000 });
    await shotAs('9-markdown-no-tier');
    await openFile('service.yaml', 'kind: Service');
    await tierItem.first().waitFor({ timeout: 10000 });
  });

  await check('the browser made no request beyond loopback', async () => {
    if (external.length) throw new Error(`external requests: ${external.slice(0, 5).join(', ')}`);
  });
} catch (error) {
  await setupFailed(error);
} finally {
  await finish();
}
