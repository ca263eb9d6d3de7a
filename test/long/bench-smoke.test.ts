// Every `npm run bench*` script runs to its end on tiny inputs (BENCH_SMOKE=1), so no benchmark rots
// unnoticed (issue 18: bench:schemas had crashed since the schema service became async). Only that
// they complete and print is asserted: their figures and budgets live in the benchmark reports.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../support/fixtures';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The scripts/*.mjs files the bench* npm scripts run (`npm run bench` runs two). */
function benchScripts(): string[] {
  const commands = Object.entries(manifest.scripts).filter(([name]) => name.startsWith('bench'));
  const files = commands.flatMap(([, command]) => [...command.matchAll(/node (scripts\/[\w-]+\.mjs)/g)].map((match) => match[1]));
  return [...new Set(files)];
}

describe('benchmarks (BENCH_SMOKE=1)', () => {
  const scripts = benchScripts();

  it('covers every bench script of package.json', () => {
    const onDisk = fs.readdirSync(path.join(REPO_ROOT, 'scripts')).filter((file) => /^bench(-\w+)?\.mjs$/.test(file));
    // The shared modules of scripts/bench.mjs are not run by themselves.
    const modules = ['bench-lib.mjs', 'bench-measures.mjs', 'bench-server.mjs', 'bench-table.mjs'];
    assert.deepEqual(onDisk.filter((file) => !modules.includes(file)).sort(), scripts.map((file) => path.basename(file)).sort());
  });

  for (const script of scripts) {
    it(`${script} completes`, () => {
      // In the repository (git-ignored out*): the engine bundles find the bundled schemas beside dist/.
      const out = fs.mkdtempSync(path.join(REPO_ROOT, 'out-bench-smoke-'));
      try {
        // dist/ was built by the test runner; rebuilding it here would race the tests that run it.
        const env = { ...process.env, BENCH_SMOKE: '1', BENCH_PREBUILT: '1', BENCH_OUT: out };
        const result = spawnSync(process.execPath, [script], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
        assert.equal(result.status, 0, `${script} exited with ${result.status ?? result.signal}:\n${result.stderr}`);
        assert.match(result.stdout, /\d ms/, `${script} printed no figures:\n${result.stdout}`);
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    });
  }
});
