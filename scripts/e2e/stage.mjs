// The e2e stage of scripts/test.mjs: install code-server and Chromium (no-op when present), package the
// extension once, then run the extension-host suite, the UI smoke test and the editor UI test. Each runner writes
// { passed, failed } beside the package; a runner that dies without writing it counts as one failure.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const RUNNER_TIMEOUT_MS = 5 * 60 * 1000;

/** `run(label, command, args, options)` is test.mjs's timed spawnSync; returns the exit status. */
export function e2eStage(outDir, run, totals) {
  const dir = path.join(outDir, 'e2e');
  mkdirSync(dir, { recursive: true });
  if (run('e2e install', 'bash', ['scripts/e2e/install.sh']) !== 0 || run('e2e package', process.execPath, ['scripts/e2e/package.mjs', dir]) !== 0) {
    totals.failed++;
    return;
  }
  for (const [label, script, summaryName] of [
    ['e2e exthost', 'scripts/e2e/run-exthost.mjs', 'exthost-summary.json'],
    ['e2e ui', 'scripts/e2e/ui-smoke.mjs', 'ui-summary.json'],
    ['e2e editor', 'scripts/e2e/ui-editor.mjs', 'editor-summary.json'],
  ]) {
    // On timeout spawnSync sends SIGTERM; the runner then kills code-server's process group on its way out.
    const status = run(label, process.execPath, [script, dir], { timeout: RUNNER_TIMEOUT_MS, killSignal: 'SIGTERM' });
    const summaryFile = path.join(dir, summaryName);
    const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : { passed: 0, failed: 0 };
    totals.passed += summary.passed;
    totals.failed += summary.failed + (status !== 0 && summary.failed === 0 ? 1 : 0);
  }
}
