// `npm test`: type check, build, then every test stage; prints one "N passed, N failed" line at the end.
// Stages: unit (fixtures, engine, CLI), long (property, fuzz and whole-bundle suites: the inner loop can
// skip them with TEST_STAGE=unit), bundles (every generator option combination) and protocol (the real server over stdio) run under node:test; browser
// drives the webview in Chromium; e2e runs the packaged extension in code-server (scripts/e2e).
// TEST_FILES=<text> runs only test files whose path contains it; RULE=<id> runs only that rule's fixtures.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { e2eStage } from './e2e/stage.mjs';
import { globSync } from './glob.mjs';

const only = process.env.TEST_STAGE;
const ruleOnly = process.env.RULE;
const fileFilter = ruleOnly ? 'rules.fixtures' : process.env.TEST_FILES;
// Separate output folders let several test runs share one checkout.
const OUT = process.env.KUBETIER_TEST_OUT ?? 'out';
const totals = { passed: 0, failed: 0 };
const timings = [];

function run(label, command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status ?? 1;
}

function nodeTests(label, pattern) {
  const files = globSync(pattern).filter((file) => !fileFilter || file.includes(fileFilter));
  if (files.length === 0) return;
  const tap = `${OUT}/${label}.tap`;
  const status = run(label, process.execPath, [
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = readFileSync(tap, 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  totals.passed += count('pass');
  totals.failed += count('fail') + (status !== 0 && count('fail') === 0 ? 1 : 0);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
// Servers and CLIs the tests start keep their V8 code cache in the run's folder, not the user's.
process.env.KUBETIER_CODE_CACHE_DIR = path.resolve(OUT, 'code-cache');

let failedSetup = 0;
if (!only) {
  failedSetup += run('type check', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']) === 0 ? 0 : 1;
  failedSetup += run('type check (webview)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'webview/tsconfig.json']) === 0 ? 0 : 1;
  failedSetup += run('build', process.execPath, ['esbuild.mjs']) === 0 ? 0 : 1;
}
await esbuild.build({
  entryPoints: globSync('test/**/*.test.ts'),
  outdir: `${OUT}/test`,
  outbase: 'test',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  packages: 'external',
  logLevel: 'warning',
});

if (!only || only === 'unit') nodeTests('unit', `${OUT}/test/unit/**/*.test.js`);
if (!only || only === 'long') nodeTests('long', `${OUT}/test/long/**/*.test.js`);
// Every generator option combination, linted, checklisted and rendered with the real helm and kubectl.
if (!only || only === 'bundles') nodeTests('bundles', `${OUT}/test/bundles/**/*.test.js`);
if (!only || only === 'protocol') nodeTests('protocol', `${OUT}/test/protocol/**/*.test.js`);
// Third-party tools driving the built package: Neovim's LSP client, pre-commit, the GitHub Action's scripts.
if (!only || only === 'integrations') nodeTests('integrations', `${OUT}/test/integrations/**/*.test.js`);
// A file filter names node:test files, so it leaves out the browser and e2e stages unless asked for.
if ((!only && !fileFilter) || only === 'browser') {
  // The webview test drives Debian's Chromium; the e2e installer provides it (idempotent, apt only when missing).
  if (run('install (e2e tools)', 'bash', ['scripts/e2e/install.sh']) !== 0) failedSetup++;
  nodeTests('browser', `${OUT}/test/browser/**/*.test.js`);
}
// The packaged extension in a real VS Code (code-server) and its UI in Chromium: scripts/e2e.
if ((!only && !fileFilter) || only === 'e2e') e2eStage(OUT, run, totals);

totals.failed += failedSetup;
console.log(`\nStage times: ${timings.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed > 0 ? 1 : 0;
