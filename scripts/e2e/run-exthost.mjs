// Runs the mocha suite in test/e2e INSIDE code-server's real Node extension host, against the packaged
// extension: the offline equivalent of @vscode/test-electron. The workbench reads extensionDevelopmentPath
// and extensionTestsPath from the `payload` URL parameter and reports the run's end through
// window.codeAutomationExit, which Playwright catches.
//   node scripts/e2e/run-exthost.mjs <outDir>     (outDir holds extension.json from package.mjs)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { globSync } from '../glob.mjs';
import {
  installExtension, lap, launchBrowser, packageExtension, prepareRun, remoteUri, report, ROOT, startCodeServer, workbenchUrl,
} from './codeserver.mjs';

const outDir = path.resolve(process.argv[2] ?? 'out/e2e');
const summary = path.join(outDir, 'exthost-summary.json');
const shots = path.join(ROOT, 'test-results/e2e');
const timeoutMs = Number(process.env.KUBETIER_E2E_TIMEOUT_MS ?? 300000);
const say = (text) => lap('exthost', text);

mkdirSync(shots, { recursive: true });
rmSync(summary, { force: true });
const suiteDir = path.join(outDir, 'suite');
rmSync(suiteDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [path.join(ROOT, 'test/e2e/index.ts'), ...globSync(path.join(ROOT, 'test/e2e/**/*.e2e.ts'))],
  outdir: suiteDir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'], // vscode comes from the extension host; mocha's globals must be the runner's own
  logLevel: 'warning',
});

const pkgFile = path.join(outDir, 'extension.json');
const pkg = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')) : packageExtension(outDir);
const run = prepareRun('exthost');
const results = path.join(run.tmp, 'results');
const extension = installExtension(run, pkg);
say(`extension installed at ${extension}`);
const server = await startCodeServer(run, { extraEnv: { KUBETIER_E2E_RESULTS: results } });
say(`code-server up at ${server.url}`);

let code = 'no result';
try {
  const browser = await launchBrowser(run);
  try {
    const page = await browser.newPage();
    const exited = new Promise((resolve) => void page.exposeFunction('codeAutomationExit', (status) => resolve(status)));
    await page.exposeFunction('codeAutomationLog', () => {});
    // The extension host's console reaches the page console: pass the suite's progress lines through.
    page.on('console', (message) => {
      const text = message.text();
      if (/\[e2e\]/.test(text) || process.env.VERBOSE) console.log(`  ${text.replace(/^.*?\[e2e\]/, '')}`.slice(0, 400));
    });
    await page.goto(workbenchUrl(server, run.workspace, [
      ['extensionDevelopmentPath', remoteUri(extension)],
      ['extensionTestsPath', remoteUri(path.join(suiteDir, 'index.js'))],
    ]));
    say('workbench loading; the suite runs in the extension host');
    let timer;
    code = await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    say(`extension host exited with ${code}`);
    if (code !== 0) await page.screenshot({ path: path.join(shots, 'exthost-end.png') }).catch(() => {});
  } finally {
    await browser.close();
  }
} finally {
  server.stop();
}

const resultFile = path.join(results, 'mocha.json');
if (!existsSync(resultFile)) {
  console.log(server.log().slice(-4000));
  console.log(`no mocha results (exit ${code}); temp folder kept: ${run.tmp}`);
  report(summary, 'exthost', 0, 1);
  process.exit(1);
}
const { stats, tests } = JSON.parse(readFileSync(resultFile, 'utf8'));
for (const test of tests) {
  const failed = test.err && test.err.message;
  console.log(`${failed ? 'not ok' : 'ok'} - ${test.fullTitle}${failed ? `\n    ${test.err.message.split('\n').join('\n    ')}` : ''}`);
}
writeFileSync(path.join(outDir, 'exthost-mocha.json'), readFileSync(resultFile));
// A suite that ended abnormally (exit code not 0 while mocha saw no failure) still counts as one failure.
const failed = stats.failures + (code !== 0 && stats.failures === 0 ? 1 : 0);
report(summary, 'exthost', stats.passes, failed);
if (failed === 0) run.cleanup();
else console.log(`temp folder kept: ${run.tmp}`);
process.exit(failed === 0 && stats.passes > 0 ? 0 : 1);
