// Benchmark (not a test): parse and lint time of hostile input, against the 3 s the reliability issue
// allows each case.
//
//   npm run bench:hostile        BENCH_RUNS=N: runs per case (default 3)
//
// Each run is a fresh Node process (a child of this script), so every figure is cold, as a newly opened
// file is. Figures are "min / median" over the runs; parse is parseText (the server's and the CLI's
// parse), lint is lintFile at tier 5 (every rule) with the file indexed. Limits are the defaults, except
// that the file-size limit is lifted: the 20 MB case measures what raising kubetier.maxFileSize costs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadBundle, median, ms, syntheticManifests, time } from './bench-lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BUDGET_MS = 3000;
const TIER = 5;
const SCRIPT = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

const ENGINE_ENTRY = `
export { parseText } from './server/src/engine/workspace/disk';
export { resolveSettings } from './server/src/engine/lint/config';
export { lintFile } from './server/src/engine/lint/lint';
export { WorkspaceIndex } from './server/src/engine/workspace/workspace';
export { RULES } from './server/src/rules';
`;

const configMap = (name) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n`;

/** The billion laughs: nine levels of nine aliases each. */
function aliasBomb() {
  let text = `${configMap('lol')}  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let level = 1; level < 10; level++) {
    const name = String.fromCharCode(97 + level);
    text += `  ${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]\n`;
  }
  return text;
}

/**
 * Realistic manifests (Deployments, Services, PDBs, ...) of about `bytes`, every application with its
 * own names and labels. (Copies of one sample would share their labels: every Service would select every
 * copy's pods, which no real repository does, and the cross-file rules would do quadratic work.)
 */
function manifestsOfSize(bytes) {
  const perDocument = syntheticManifests(60).length / 60;
  return syntheticManifests(Math.ceil(bytes / perDocument));
}

/** The cases by name: each makes its text. */
const CASES = {
  '100,000-key ConfigMap': () => `${configMap('many-keys')}${Array.from({ length: 100_000 }, (_, i) => `  key-${i}: value-${i}\n`).join('')}`,
  'alias bomb (9 levels of 9 aliases)': aliasBomb,
  '10,000-level flow nesting': () => `${configMap('deep')}  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  '5 MB of manifests (the default size limit)': () => manifestsOfSize(5 * MB),
  '20 MB of manifests': () => manifestsOfSize(20 * MB),
  '5 MB single line': () => `${configMap('long-line')}  blob: ${'x'.repeat(5 * MB - 100)}\n`,
  '20,000 small documents': () => Array.from({ length: 20_000 }, (_, i) => `${configMap(`small-${i}`)}  k: v\n`).join('---\n'),
};

/** Child side: one case, one run; its figures as one JSON line on stdout. */
async function measure(name) {
  const engine = await loadBundle('hostile-engine', ENGINE_ENTRY);
  const text = CASES[name]();
  const parse = time(() => engine.parseText('/bench/hostile.yaml', text));
  const file = parse.result;
  const index = engine.WorkspaceIndex.of([file]);
  const settings = engine.resolveSettings(text, undefined, {}, TIER);
  const lint = time(() => engine.lintFile(file, { settings, index, rules: engine.RULES }));
  const problem = file.problems[0]?.message;
  process.stdout.write(`${JSON.stringify({ bytes: Buffer.byteLength(text), parseMs: parse.ms, lintMs: lint.ms, findings: lint.result.length, problem })}\n`);
}

function runChild(name) {
  const child = spawnSync(process.execPath, [SCRIPT, '--case', name], { encoding: 'utf8', maxBuffer: 64 * MB });
  if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

function report() {
  const minMedian = (values) => `${ms(Math.min(...values))} / ${ms(median(values))}`;
  const rows = ['| Case | Size | Parse (min / median) | Lint (min / median) | Total median | Within 3 s | What is reported |', '|---|---|---|---|---|---|---|'];
  for (const name of Object.keys(CASES)) {
    process.stderr.write(`[bench:hostile] ${name}\n`);
    const runs = Array.from({ length: RUNS }, () => runChild(name));
    const totals = runs.map((run) => run.parseMs + run.lintMs);
    const { bytes, problem, findings } = runs[0];
    const reported = problem ? `${problem.slice(0, 60)}${problem.length > 60 ? '...' : ''}` : `${findings} finding${findings === 1 ? '' : 's'}`;
    rows.push(`| ${name} | ${(bytes / MB).toFixed(1)} MB | ${minMedian(runs.map((run) => run.parseMs))} | ${minMedian(runs.map((run) => run.lintMs))} | ${ms(median(totals))} | ${median(totals) <= BUDGET_MS ? 'yes' : 'NO'} | ${reported} |`);
  }
  console.log(`Hostile input, ${RUNS} cold runs per case (node ${process.version}, tier ${TIER})\n\n${rows.join('\n')}`);
}

const caseIndex = process.argv.indexOf('--case');
if (caseIndex !== -1) await measure(process.argv[caseIndex + 1]);
else report();
