// A UI runner's session in the code-server workbench through Chromium: the packaged extension installed
// into a fresh code-server on a copy of a fixture workspace, a page with every request beyond loopback
// recorded, named checks that screenshot on failure, the command palette and Go to Line.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  installExtension, lap, launchBrowser, packageExtension, prepareRun, remoteUri, report, ROOT, startCodeServer, WORKSPACE_FIXTURE, workbenchUrl,
} from './codeserver.mjs';

/**
 * Starts code-server for one runner (`label`: "ui", "editor"...) on a copy of `fixture`, and opens a page.
 * `outDir` holds extension.json from package.mjs; the runner's summary is `<label>-summary.json` there.
 */
export async function openWorkbench(label, outDir, fixture = WORKSPACE_FIXTURE) {
  const summary = path.join(outDir, `${label}-summary.json`);
  const shots = path.join(ROOT, 'test-results/e2e');
  const say = (text) => lap(label, text);
  mkdirSync(shots, { recursive: true });
  rmSync(summary, { force: true });

  const pkgFile = path.join(outDir, 'extension.json');
  const pkg = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')) : packageExtension(outDir);
  const run = prepareRun(label, fixture);
  const extension = installExtension(run, pkg);
  const server = await startCodeServer(run);
  say(`code-server up at ${server.url}`);

  const browser = await launchBrowser(run.env);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const external = [];
  context.on('request', (request) => {
    const url = request.url();
    // Webview resources use *.vscode-resource.vscode-cdn.net URLs that the webview's service worker answers
    // from the server, so they never leave the machine.
    if (/^https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\//.test(url)) return;
    if (!/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(url) && !/^(data|blob|vscode-webview|about|vscode-file):/.test(url)) external.push(url);
  });
  const page = await context.newPage();
  const results = { passed: 0, failed: 0 };

  /** One named check: pass, or fail with a screenshot; later checks still run. */
  async function check(name, body) {
    try {
      await body();
      results.passed++;
      say(`ok - ${name}`);
    } catch (error) {
      results.failed++;
      say(`not ok - ${name}\n    ${String(error?.message ?? error).split('\n').slice(0, 8).join('\n    ')}`);
      await page.screenshot({ path: path.join(shots, `fail-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
    }
  }

  const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`) });

  /** Runs a command from the palette (F1), by its title as the palette shows it. */
  async function palette(title) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /** Puts the cursor at line:column in the active editor (Go to Line). */
  async function goTo(line, column) {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /** Loads the workbench on the workspace copy (a VSIX is installed like a user's; the unpacked fallback is a development extension). */
  async function open() {
    const payload = pkg.folder ? [['extensionDevelopmentPath', remoteUri(extension)]] : undefined;
    await page.goto(workbenchUrl(server, run.workspace, payload));
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  }

  /** Counts a setup error as a failure, with a screenshot and the server's log. */
  async function setupFailed(error) {
    results.failed++;
    say(`not ok - workbench setup: ${error.message}`);
    await page.screenshot({ path: path.join(shots, 'fail-setup.png') }).catch(() => {});
    console.log(server.log().slice(-3000));
  }

  /** Closes everything, writes the summary and exits (non-zero unless some checks ran and all passed). */
  async function finish() {
    await browser.close();
    server.stop();
    report(summary, label, results.passed, results.failed);
    if (results.failed === 0) run.cleanup();
    else console.log(`temp folder kept: ${run.tmp}`);
    process.exit(results.failed === 0 && results.passed > 0 ? 0 : 1);
  }

  return { run, page, external, results, say, check, shot, palette, goTo, open, setupFailed, finish };
}
