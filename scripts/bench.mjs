// Benchmark (not a test): kubetier's speed, memory and size in one markdown table, beside the bare
// `yaml` parse and yaml-language-server measured in the same run, with the budgets of issue 18.
//
//   npm run bench        BENCH_RUNS=N: runs per figure (default 3); BENCH_SMOKE=1: one run of the script
//                        on tiny inputs (its figures mean nothing); --readme: also write the table into
//                        README.md (between the bench-table markers)
//
// Every figure is "min / median" over the runs; CPU-bound runs each get a fresh Node process
// (scripts/bench-measures.mjs), the server figures drive the built servers over stdio
// (scripts/bench-server.mjs). The machine's load average is noted, as other work skews the figures.
// The table goes to stdout and out-bench/bench.md; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundle, buildDist, DEFAULT_CORPUS, OUT, require, ROOT, SMOKE, SMOKE_CORPUS } from './bench-lib.mjs';
import { ENGINE_ENTRY, log, runMeasures, TIER, YLS_ENTRY, YLS_SCHEMAS } from './bench-measures.mjs';
import { firstDiagnostics, keystrokes, lintDelayMs, serverStarts } from './bench-server.mjs';
import { activationRows, firstDiagnosticsRows, heapRows, inputLabel, keystrokeRows, lintRows, table, vsixRow, ylsRows } from './bench-table.mjs';

const RUNS = SMOKE ? 1 : Number(process.env.BENCH_RUNS ?? 3);
const SIZES = SMOKE
  ? { synthetic: [20, 60], yls: 60, huge: 120, smallFiles: 30, keystrokeDocuments: 30, edits: 5, firstDiagnostics: 6 }
  : { synthetic: [1000, 10000], yls: 10000, huge: 50000, smallFiles: 20000, keystrokeDocuments: 1000, edits: 200, firstDiagnostics: 6 };
const CORPUS = SMOKE ? SMOKE_CORPUS : DEFAULT_CORPUS;
const README = path.join(ROOT, 'README.md');
const README_MARKERS = ['<!-- bench-table -->', '<!-- /bench-table -->'];

/** The corpus file with the most documents (by `---` lines; the floor run reports the exact count). */
function mostDocumentsFile(corpus) {
  const engine = require(path.join(OUT, 'bench-engine.cjs'));
  const files = engine.collectYamlFiles([corpus], new engine.ConfigCache()).files;
  const separators = (file) => (readFileSync(file, 'utf8').match(/^---/gm) ?? []).length;
  return files.map((file) => ({ file, count: separators(file) })).reduce((best, next) => (next.count > best.count ? next : best)).file;
}

/** The newest kubetier.vsix in the root or a test output folder (out*\/e2e); else one packaged into out-bench/ (not in a smoke run). */
function vsixFile() {
  const candidates = [path.join(ROOT, 'kubetier.vsix')];
  for (const entry of readdirSync(ROOT)) if (entry.startsWith('out')) candidates.push(path.join(ROOT, entry, 'e2e', 'kubetier.vsix'));
  const found = candidates.filter((file) => existsSync(file)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (found || SMOKE) return found;
  const packaged = path.join(OUT, 'kubetier.vsix');
  log('packaging the VSIX (production build)');
  buildDist(['--production']);
  const vsce = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', packaged], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  buildDist(); // leave dist/ as the other benchmarks and tests expect it
  if (vsce.status !== 0) throw new Error('vsce package failed');
  return packaged;
}

/** Each input with the budgets of issue 18 it carries (see lintRows). */
function lintInputs() {
  const biggest = mostDocumentsFile(CORPUS);
  const [small, large] = SIZES.synthetic;
  return [
    [{ kind: 'corpus', name: 'corpus', path: CORPUS }, { withSchema: 1.2 }],
    [{ kind: 'file', name: path.relative(DEFAULT_CORPUS, biggest), path: biggest }, {}],
    [{ kind: 'synthetic', name: `synthetic ${small}`, count: small }, { plain: 1.2 }],
    [{ kind: 'synthetic', name: `synthetic ${large}`, count: large }, { plain: 1.2 }],
    [{ kind: 'synthetic', name: `synthetic ${SIZES.huge}`, count: SIZES.huge }, { plain: 1.2, peakMB: 300 }],
    [{ kind: 'small-files', name: `${SIZES.smallFiles} small files`, count: SIZES.smallFiles }, { perFileMs: 0.3, peakMB: 300 }],
  ];
}

/** README.md with its table (between the markers) replaced by `markdown`. */
function writeReadme(markdown) {
  const text = readFileSync(README, 'utf8');
  const [open, close] = README_MARKERS;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start === -1 || end < start) throw new Error(`README.md has no ${open} ... ${close} block`);
  writeFileSync(README, `${text.slice(0, start + open.length)}\n${markdown}${text.slice(end)}`);
}

async function main() {
  const started = performance.now();
  const loadBefore = os.loadavg()[0];
  buildDist();
  await bundle('bench-engine', ENGINE_ENTRY);
  await bundle('bench-yls', YLS_ENTRY);

  const rows = [];
  let ylsInput;
  for (const [input, budgets] of lintInputs()) {
    const results = runMeasures(input, ['floor', 'lint', 'lint+schema'], RUNS);
    rows.push(...lintRows(input, results, budgets, SMOKE));
    if (input.count === SIZES.yls && input.kind === 'synthetic') ylsInput = { input, results };
  }
  const ylsRuns = Object.fromEntries(Object.keys(YLS_SCHEMAS).map((schema) => [schema, runMeasures(ylsInput.input, ['yls'], RUNS, { schema }).yls]));
  const times = (measure) => ylsInput.results[measure].map((run) => run.ms);
  rows.push(...ylsRows(inputLabel(ylsInput.input, ylsInput.results.floor[0]), times('floor'), times('lint+schema'), ylsRuns, SMOKE));
  const debounce = lintDelayMs();
  rows.push(...keystrokeRows(await keystrokes(SIZES.keystrokeDocuments, SIZES.edits, RUNS), { documents: SIZES.keystrokeDocuments, edits: SIZES.edits, debounce }, SMOKE));
  rows.push(...firstDiagnosticsRows(await firstDiagnostics(SIZES.firstDiagnostics, RUNS), SIZES.firstDiagnostics, SMOKE));
  rows.push(...heapRows(runMeasures(ylsInput.input, ['heap'], RUNS).heap, SIZES.yls, SMOKE));
  log('activation');
  const clientLoads = runMeasures({ name: 'dist/client.js' }, ['client-load'], RUNS)['client-load'].map((run) => run.ms);
  rows.push(...activationRows(clientLoads, await serverStarts(RUNS), SMOKE));
  rows.push(vsixRow(vsixFile(), SMOKE));

  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = `load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
  const caption = `kubetier bench, ${new Date().toISOString().slice(0, 10)}: node ${process.version}, ${os.cpus().length} × ${cpu}, ${load}; ${RUNS} run(s) per figure, each CPU-bound run in a fresh process; lint at tier ${TIER} (every rule)${SMOKE ? '; **BENCH_SMOKE run on tiny inputs: figures mean nothing**' : ''}. Budgets judged on the median.`;
  const markdown = `${caption}\n\n${table(rows)}\n`;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'bench.md'), markdown);
  if (process.argv.includes('--readme')) writeReadme(markdown);
  process.stdout.write(markdown);
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; table also in ${path.relative(ROOT, path.join(OUT, 'bench.md'))}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
