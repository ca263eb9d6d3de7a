#!/usr/bin/env node
// Stands in for a VS Code executable so @vscode/test-electron's runTests({ vscodeExecutablePath }) can drive
// code-server: it takes VS Code's test command line (--extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir=, a folder), opens that folder in code-server's real workbench in
// headless Chromium with the development extension and test module in the `payload` URL parameter, and
// exits with the code the extension host reports through window.codeAutomationExit.
// HOME/XDG and what the tests read come from the environment (runTests' extensionTestsEnv).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { lap, launchBrowser, remoteUri, ROOT, startCodeServer, workbenchUrl } from './codeserver.mjs';

const option = (name) => process.argv.slice(2).find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const folder = process.argv.slice(2).filter((arg) => !arg.startsWith('--')).find((arg) => existsSync(arg) && statSync(arg).isDirectory());
const profile = {
  userDataDir: option('user-data-dir'),
  extensionsDir: option('extensions-dir'),
  env: process.env,
};
const extension = option('extensionDevelopmentPath');
const tests = option('extensionTestsPath');
if (!profile.userDataDir || !profile.extensionsDir || !extension || !tests || !folder) {
  console.error(`code-shim: need --user-data-dir=, --extensions-dir=, --extensionDevelopmentPath=, --extensionTestsPath= and a folder; got ${process.argv.slice(2).join(' ')}`);
  process.exit(2);
}
const timeoutMs = Number(process.env.KUBETIER_E2E_TIMEOUT_MS ?? 240000);
const say = (text) => lap('exthost', text);
const shots = path.join(ROOT, 'test-results/e2e');
mkdirSync(shots, { recursive: true });

const server = await startCodeServer(profile);
say(`code-server up at ${server.url}`);
let code = 1;
try {
  const browser = await launchBrowser(process.env);
  try {
    const page = await browser.newPage();
    const exited = new Promise((resolve) => void page.exposeFunction('codeAutomationExit', (status) => resolve(status)));
    await page.exposeFunction('codeAutomationLog', () => {});
    // The extension host's console reaches the page console: pass the suite's progress lines through.
    page.on('console', (message) => {
      const text = message.text();
      if (text.includes('[e2e]') || process.env.VERBOSE) console.log(`  ${text.replace(/^.*?\[e2e\] /, '')}`.slice(0, 400));
    });
    await page.goto(workbenchUrl(server, folder, [
      ['extensionDevelopmentPath', remoteUri(extension)],
      ['extensionTestsPath', remoteUri(tests)],
    ]));
    say('workbench loading; the suite runs in the extension host');
    let timer;
    const status = await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    say(`extension host exited with ${status}`);
    code = typeof status === 'number' ? status : 1;
    if (code !== 0) {
      await page.screenshot({ path: path.join(shots, 'exthost-end.png') }).catch(() => {});
      console.log(server.log().slice(-3000));
    }
  } finally {
    await browser.close();
  }
} finally {
  server.stop();
}
process.exit(code);
