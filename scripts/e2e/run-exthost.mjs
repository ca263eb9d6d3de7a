// Runs the mocha suite in test/e2e INSIDE code-server's real Node extension host, against the packaged
// extension, through @vscode/test-electron's runTests. test-electron would download VS Code, which this
// network cannot reach; its vscodeExecutablePath points at code-shim.mjs, which drives code-server instead.
//   node scripts/e2e/run-exthost.mjs <outDir>     (outDir holds extension.json from package.mjs)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { globSync } from '../glob.mjs';
import { installExtension, lap, packageExtension, prepareRun, report, ROOT } from './codeserver.mjs';

const outDir = path.resolve(process.argv[2] ?? 'out/e2e');
const summary = path.join(outDir, 'exthost-summary.json');
const say = (text) => lap('exthost', text);
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
mkdirSync(results);
const extension = installExtension(run, pkg);
say(`extension installed at ${extension}`);

let failure;
try {
  await runTests({
    vscodeExecutablePath: path.join(ROOT, 'scripts/e2e/code-shim.mjs'),
    extensionDevelopmentPath: extension,
    extensionTestsPath: path.join(suiteDir, 'index.js'),
    launchArgs: [run.workspace, `--user-data-dir=${run.userDataDir}`, `--extensions-dir=${run.extensionsDir}`],
    extensionTestsEnv: { ...run.env, KUBETIER_E2E_RESULTS: results },
  });
} catch (error) {
  failure = error;
}

const resultFile = path.join(results, 'mocha.json');
if (!existsSync(resultFile)) {
  console.log(`no mocha results (${failure?.message ?? 'the run ended without them'}); temp folder kept: ${run.tmp}`);
  report(summary, 'exthost', 0, 1);
  process.exit(1);
}
const { stats, tests } = JSON.parse(readFileSync(resultFile, 'utf8'));
for (const test of tests) {
  const message = test.err?.message;
  console.log(`${message ? 'not ok' : 'ok'} - ${test.fullTitle}${message ? `\n    ${message.split('\n').join('\n    ')}` : ''}`);
}
writeFileSync(path.join(outDir, 'exthost-mocha.json'), readFileSync(resultFile));
// A run that ended abnormally (non-zero exit while mocha saw no failure) still counts as one failure.
const failed = stats.failures + (failure && stats.failures === 0 ? 1 : 0);
report(summary, 'exthost', stats.passes, failed);
if (failed === 0) run.cleanup();
else console.log(`temp folder kept: ${run.tmp}`);
process.exit(failed === 0 && stats.passes > 0 ? 0 : 1);
