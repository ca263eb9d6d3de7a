// Benchmark (not a test): parse and lint time and peak memory of hostile input, against the 3 s and
// 1 GB the reliability issue allows each case.
//
//   npm run bench:hostile        BENCH_RUNS=N: runs per case (default 3); BENCH_ONLY=text: only the cases whose name holds it;
//                                BENCH_SMOKE=1: one run of every case at a thousandth of its size (names keep the full sizes)
//
// Each run is a fresh Node process (a child of this script), so every figure is cold, as a newly opened
// file is. Figures are "min / median" over the runs; parse is parseText (the server's and the CLI's
// parse), lint is lintFile at tier 5 (every rule) with the file indexed. Limits are the defaults, except
// that the file-size limit is lifted: the 20 MB case measures what raising kubetier.maxFileSize costs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { bundle, median, ms, OUT, require, SMOKE, syntheticManifests, time } from './bench-lib.mjs';

const RUNS = SMOKE ? 1 : Number(process.env.BENCH_RUNS ?? 3);
/** A case's count or size, a thousandth of it in a smoke run. */
const sized = (value) => (SMOKE ? Math.max(2, Math.round(value / 1000)) : value);
const BUDGET_MS = 3000;
const BUDGET_MB = 1024;
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

/** One Deployment of `containers` containers, then `copies - 1` aliases of it, in a List (issue 15). */
function amplified(containers, copies) {
  const lines = ['apiVersion: v1', 'kind: List', 'items:', '- &d', '  apiVersion: apps/v1', '  kind: Deployment', '  metadata: {name: web}', '  spec:'];
  lines.push('    selector: {matchLabels: {app: web}}', '    template:', '      metadata: {labels: {app: web}}', '      spec:', '        containers:');
  for (let i = 0; i < containers; i++) lines.push(`        - {name: c${i}, image: "nginx:1.27"}`);
  for (let i = 1; i < copies; i++) lines.push('- *d');
  return `${lines.join('\n')}\n`;
}

/** `count` anchors no alias uses, then 1,000 aliases (the default limit) of the last of them. */
function unusedAnchors(count) {
  const anchors = Array.from({ length: count }, (_, i) => `  - &a${i} x`);
  const aliases = Array.from({ length: Math.min(count, 1000) }, (_, i) => `  - *a${count - 1 - i}`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: anchors\nitems:\n${[...anchors, ...aliases].join('\n')}\n`;
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
  '100,000-key ConfigMap': () => `${configMap('many-keys')}${Array.from({ length: sized(100_000) }, (_, i) => `  key-${i}: value-${i}\n`).join('')}`,
  'alias bomb (9 levels of 9 aliases)': aliasBomb,
  '10,000-level flow nesting': () => `${configMap('deep')}  x: ${'['.repeat(sized(10_000))}${']'.repeat(sized(10_000))}\n`,
  '5 MB of manifests (the default size limit)': () => manifestsOfSize(sized(5 * MB)),
  '20 MB of manifests': () => manifestsOfSize(sized(20 * MB)),
  '5 MB single line': () => `${configMap('long-line')}  blob: ${'x'.repeat(sized(5 * MB - 100))}\n`,
  '20,000 small documents': () => Array.from({ length: sized(20_000) }, (_, i) => `${configMap(`small-${i}`)}  k: v\n`).join('---\n'),
  'List aliasing a 1,000-container Deployment 999 times (over the node limit)': () => amplified(sized(1000), sized(1000)),
  'List aliasing a 1,000-container Deployment 190 times (950,000 nodes)': () => amplified(sized(1000), sized(190)),
  'List aliasing a 100-container Deployment 30 times (finding limit)': () => amplified(sized(100), sized(30)),
  '50,000 unused anchors, then 1,000 aliases': () => unusedAnchors(sized(50_000)),
};

/** Child side: one case, one run; its figures as one JSON line on stdout. */
function measure(name) {
  // Bundled once by the parent (report()).
  const engine = require(path.join(OUT, 'hostile-engine.cjs'));
  const text = CASES[name]();
  const parse = time(() => engine.parseText('/bench/hostile.yaml', text));
  const file = parse.result;
  const index = engine.WorkspaceIndex.of([file]);
  const settings = engine.resolveSettings(text, undefined, {}, TIER);
  const lint = time(() => engine.lintFile(file, { settings, index, rules: engine.RULES }));
  const problem = file.problems[0]?.message;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ bytes: Buffer.byteLength(text), parseMs: parse.ms, lintMs: lint.ms, peakMb, findings: lint.result.length, problem })}\n`);
}

function runChild(name) {
  const child = spawnSync(process.execPath, [SCRIPT, '--case', name], { encoding: 'utf8', maxBuffer: 64 * MB });
  if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

async function report() {
  await bundle('hostile-engine', ENGINE_ENTRY);
  const minMedian = (values) => `${ms(Math.min(...values))} / ${ms(median(values))}`;
  const rows = ['| Case | Size | Parse (min / median) | Lint (min / median) | Total median | Peak memory | Within 3 s and 1 GB | What is reported |', '|---|---|---|---|---|---|---|---|'];
  for (const name of Object.keys(CASES).filter((name) => name.includes(process.env.BENCH_ONLY ?? ''))) {
    process.stderr.write(`[bench:hostile] ${name}\n`);
    const runs = Array.from({ length: RUNS }, () => runChild(name));
    const totals = runs.map((run) => run.parseMs + run.lintMs);
    const peakMb = Math.max(...runs.map((run) => run.peakMb));
    const { bytes, problem, findings } = runs[0];
    const reported = problem ? `${problem.slice(0, 60)}${problem.length > 60 ? '...' : ''}` : `${findings} finding${findings === 1 ? '' : 's'}`;
    const within = median(totals) <= BUDGET_MS && peakMb <= BUDGET_MB;
    rows.push(`| ${name} | ${(bytes / MB).toFixed(2)} MB | ${minMedian(runs.map((run) => run.parseMs))} | ${minMedian(runs.map((run) => run.lintMs))} | ${ms(median(totals))} | ${Math.round(peakMb)} MB | ${within ? 'yes' : 'NO'} | ${reported} |`);
  }
  console.log(`Hostile input, ${RUNS} cold runs per case (node ${process.version}, tier ${TIER})${SMOKE ? ', BENCH_SMOKE: every case at a thousandth of its size' : ''}\n\n${rows.join('\n')}`);
}

const caseIndex = process.argv.indexOf('--case');
if (caseIndex !== -1) measure(process.argv[caseIndex + 1]);
else await report();
