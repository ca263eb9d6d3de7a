// Benchmark (not a test): kubetier's speed, memory and size in one markdown table, next to its budgets.
//
//   npm run bench        BENCH_RUNS=N: runs per figure (default 3); BENCH_QUICK=1: a smoke run of the
//                        script itself (1 run, 100/1,000-document synthetic files, 20 keystrokes)
//
// Every figure is "min / median" over the runs. CPU-bound runs each get a fresh Node process (a child
// of this script), so no run inherits another's JIT, compiled schemas or heap: figures are cold, as a
// CLI run or a newly opened file is. Budgets are judged on the median. The table goes to stdout and
// out-bench/bench.md; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle, buildDist, DEFAULT_CORPUS, median, OUT, percentile, require, ROOT, startServer, syntheticManifests } from './bench-lib.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 1 : Number(process.env.BENCH_RUNS ?? 3);
const SYNTHETIC_SIZES = QUICK ? [100, 1000] : [1000, 10000];
const LARGE = SYNTHETIC_SIZES.at(-1);
const KEYSTROKE_DOCUMENTS = QUICK ? 100 : 1000;
const EDITS = QUICK ? 20 : 200;
const EDIT_SEED = 20240601;
/** Tier 5 switches every rule on: the lint figures are the most work kubetier does. */
const TIER = 5;
const SCRIPT = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

const SCHEMAS_SOURCE = path.join(ROOT, '../shared/schemas-source/combined');
/**
 * The two one-file schemas in shared/schemas-source: bucketed (two-level kind dispatch, the fastest in
 * yaml-language-server) and flat (one if/then per kind, the plain form).
 */
const YLS_SCHEMAS = {
  bucketed: path.join(SCHEMAS_SOURCE, 'kubernetes-v1.31.0-crds.bucketed.json'),
  flat: path.join(SCHEMAS_SOURCE, 'kubernetes-v1.31.0-crds.json'),
};

const ENGINE_ENTRY = `
export { parseAllDocuments } from 'yaml';
export { collectYamlFiles, ConfigCache, parseText } from './server/src/engine/workspace/disk';
export { resolveSettings } from './server/src/engine/lint/config';
export { lintFile } from './server/src/engine/lint/lint';
export { lintProject } from './server/src/engine/workspace/project';
export { WorkspaceIndex } from './server/src/engine/workspace/workspace';
export { RULES } from './server/src/rules';
`;
const YLS_ENTRY = `
export { getLanguageService } from 'yaml-language-server/lib/esm/languageservice/yamlLanguageService';
export { TextDocument } from 'vscode-languageserver-textdocument';
`;
const bundlePath = (name) => path.join(OUT, `${name}.cjs`);
const log = (message) => process.stderr.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------------------------------------------
// Child side: one measurement in a fresh process, its result as one JSON line on stdout.

/** The files of an input as { path, text }; synthetic ones are made in memory (never written). */
function readInputs(engine, input) {
  if (input.kind === 'synthetic') return [{ path: path.join(OUT, `synthetic-${input.count}.yaml`), text: syntheticManifests(input.count) }];
  const files = input.kind === 'corpus' ? engine.collectYamlFiles([input.path], new engine.ConfigCache()).files : [input.path];
  return files.map((file) => ({ path: file, text: readFileSync(file, 'utf8') }));
}

/** Times `fn` after a full GC, so garbage from setup is not collected on the clock. */
async function coldTime(fn) {
  globalThis.gc();
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, ...result };
}

const MEASURES = {
  /** Bare `yaml` parseAllDocuments (its nodes always carry their ranges), merge keys on and silent as in the engine. */
  floor(engine, inputs) {
    return coldTime(() => {
      let documents = 0;
      for (const { text } of inputs) documents += engine.parseAllDocuments(text, { merge: true, logLevel: 'silent', prettyErrors: false }).length;
      return { documents, files: inputs.length, bytes: inputs.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0) };
    });
  },
  /** What `kubetier lint` does (lintProject: parse, index, every rule), with the text already read. */
  lint: (engine, inputs) => lintAll(engine, inputs, engine.RULES.filter((rule) => rule.id !== 'schema-validation')),
  'lint+schema': (engine, inputs) => lintAll(engine, inputs, engine.RULES),
  heap: retainedHeap,
  yls: ylsValidation,
  'client-load': clientLoad,
};

function lintAll(engine, inputs, rules) {
  return coldTime(() => {
    const reports = engine.lintProject(inputs, { rules, host: {}, cliTier: TIER });
    return { findings: reports.reduce((sum, report) => sum + report.findings.length, 0) };
  });
}

/** Heap an open document costs the server (its parse, the index, the findings, the schemas compiled for it), after a full GC. */
function retainedHeap(engine, inputs) {
  const [{ path: file, text }] = inputs;
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const parsed = engine.parseText(file, text);
  const index = engine.WorkspaceIndex.of([parsed]);
  const findings = engine.lintFile(parsed, { settings: engine.resolveSettings(text, undefined, {}, TIER), index, rules: engine.RULES });
  globalThis.gc();
  const retained = process.memoryUsage().heapUsed - before;
  // Used after the measurement, so all three are alive during it.
  const objects = [...index.objects()].length;
  return { retainedMB: retained / MB, peakRssMB: process.resourceUsage().maxRSS / 1024, documents: parsed.documents.length, objects, findings: findings.length };
}

/** yaml-language-server in-process, offline: one schema for every document, loaded on the first validation (timed). */
function ylsValidation(_engine, inputs, task) {
  const yls = require(bundlePath('bench-yls'));
  const [{ path: file, text }] = inputs;
  const schemaFile = YLS_SCHEMAS[task.schema];
  const schemaUri = pathToFileURL(schemaFile).href;
  const service = yls.getLanguageService({
    schemaRequestService: (uri) => (uri === schemaUri ? Promise.resolve(readFileSync(schemaFile, 'utf8')) : Promise.reject(new Error(`offline: ${uri}`))),
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
  });
  service.configure({ validate: true, hover: false, completion: false, format: false, yamlVersion: '1.2', schemas: [{ uri: schemaUri, fileMatch: ['*.yaml'] }] });
  const document = yls.TextDocument.create(pathToFileURL(file).href, 'yaml', 1, text);
  return coldTime(async () => ({ diagnostics: (await service.doValidation(document, false)).length }));
}

/**
 * `require('dist/client.js')` as the extension host does before calling activate(), with `vscode`
 * answered by a fake: any property of it is another fake, callable and constructible, which is all
 * the bundle's top-level code touches. activate() itself needs a real VS Code and is not run.
 */
function clientLoad() {
  const Module = require('node:module');
  const FAKE_ID = '\0fake-vscode';
  const fake = new Proxy(function vscode() {}, {
    get: (_target, key) => (key === 'then' ? undefined : fake),
    apply: () => fake,
    construct: () => fake,
  });
  const stub = new Module(FAKE_ID);
  stub.exports = fake;
  stub.loaded = true;
  Module._cache[FAKE_ID] = stub;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? FAKE_ID : resolve.call(this, request, ...rest);
  };
  return coldTime(() => {
    const client = require(path.join(ROOT, 'dist/client.js'));
    if (typeof client.activate !== 'function') throw new Error('dist/client.js exports no activate()');
    return {};
  });
}

async function child(task) {
  const engine = task.measure === 'client-load' ? undefined : require(bundlePath('bench-engine'));
  const inputs = engine ? readInputs(engine, task.input) : [];
  const result = await MEASURES[task.measure](engine, inputs, task);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Parent side: runs the children, drives the language server, prints the table.

function runChild(task) {
  const result = spawnSync(process.execPath, ['--expose-gc', SCRIPT, '--child', JSON.stringify(task)], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * MB,
  });
  if (result.status !== 0) throw new Error(`child ${JSON.stringify(task)} failed (exit ${result.status})`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

/** RUNS results per measure, the runs interleaved so that machine noise spreads over all measures alike. */
function runMeasures(input, measures, extra = {}) {
  const results = Object.fromEntries(measures.map((measure) => [measure, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const measure of measures) {
      log(`${measure} of ${input.name}, run ${run + 1}/${RUNS}`);
      results[measure].push(runChild({ measure, input, ...extra }));
    }
  }
  return results;
}

/** The corpus file with the most documents (by `---` lines; the floor run reports the exact count). */
function mostDocumentsFile(corpus) {
  const engine = require(bundlePath('bench-engine'));
  const files = engine.collectYamlFiles([corpus], new engine.ConfigCache()).files;
  const separators = (file) => (readFileSync(file, 'utf8').match(/^---/gm) ?? []).length;
  return files.map((file) => ({ file, count: separators(file) })).reduce((best, next) => (next.count > best.count ? next : best)).file;
}

/** A small seeded PRNG (mulberry32): the same edits in every run and on every machine. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random letter or digit of a random line, where a typed character keeps the YAML well-formed (it
 * lands inside a key or a value, as typing does). Line 0 holds the modeline and is left alone.
 */
function randomEditPosition(lines, random) {
  for (;;) {
    const line = 1 + Math.floor(random() * (lines.length - 1));
    const columns = [...lines[line].matchAll(/[A-Za-z0-9]/g)].map((match) => match.index);
    if (columns.length > 0) return { line, character: columns[Math.floor(random() * columns.length)] };
  }
}

/** The server's lint debounce, read from its source: the server does not report it. */
function lintDelayMs() {
  const match = /const LINT_DELAY_MS = (\d+);/.exec(readFileSync(path.join(ROOT, 'server/src/lsp/lintPipeline.ts'), 'utf8'));
  if (!match) throw new Error('LINT_DELAY_MS not found in server/src/lsp/lintPipeline.ts');
  return Number(match[1]);
}

/** One server session: open the file, then EDITS one-character edits, each waited for until its diagnostics arrive. */
async function keystrokeRun(text) {
  const server = await startServer();
  const { connection, protocol } = server;
  const uri = pathToFileURL(path.join(OUT, `keystrokes-${KEYSTROKE_DOCUMENTS}.yaml`)).href;
  const forVersion = (version) => server.diagnostics((params) => params.uri === uri && params.version === version);
  const opened = forVersion(1);
  await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  const lines = text.split('\n');
  const random = seededRandom(EDIT_SEED);
  const latencies = [];
  for (let version = 2; version < EDITS + 2; version++) {
    const at = randomEditPosition(lines, random);
    lines[at.line] = `${lines[at.line].slice(0, at.character)}x${lines[at.line].slice(at.character)}`;
    const published = forVersion(version);
    const sent = performance.now();
    await connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: 'x' }],
    });
    latencies.push((await published).at - sent);
  }
  await server.stop();
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function keystrokes() {
  // A modeline puts the server at tier 5 (every rule), like the lint figures; it has no settings of its own here.
  const text = `# kubetier: tier=${TIER}\n${syntheticManifests(KEYSTROKE_DOCUMENTS)}`;
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    log(`keystrokes, run ${run + 1}/${RUNS}`);
    runs.push(await keystrokeRun(text));
  }
  return runs;
}

async function serverStarts() {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const server = await startServer();
    times.push(server.initializeMs);
    await server.stop();
  }
  return times;
}

/** The newest kubetier.vsix in the root or a test output folder (out*\/e2e); else one packaged into out-bench/. */
function vsixFile() {
  const candidates = [path.join(ROOT, 'kubetier.vsix')];
  for (const entry of readdirSync(ROOT)) if (entry.startsWith('out')) candidates.push(path.join(ROOT, entry, 'e2e', 'kubetier.vsix'));
  const found = candidates.filter((file) => existsSync(file)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (found) return found;
  const packaged = path.join(OUT, 'kubetier.vsix');
  log('packaging the VSIX (production build)');
  buildDist(['--production']);
  const vsce = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', packaged], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  buildDist(); // leave dist/ as the other benchmarks and tests expect it
  if (vsce.status !== 0) throw new Error('vsce package failed');
  return packaged;
}

// ---------------------------------------------------------------------------------------------------
// Table.

const min = (values) => Math.min(...values);
const number = (value) => value.toLocaleString('en-US');
const millis = (value) => (value < 100 ? value.toFixed(1) : number(Math.round(value)));
const figure = (values, format, unit) => `${format(min(values))} / ${format(median(values))} ${unit}`;
const timeFigure = (values) => figure(values, millis, 'ms');
const ratio = (values, floor) => `${(min(values) / min(floor)).toFixed(2)}× / ${(median(values) / median(floor)).toFixed(2)}×`;
const verdict = (met) => (met ? 'met' : '**NOT met**');

function inputLabel(input, floorRun) {
  const size = `${(floorRun.bytes / MB).toFixed(1)} MB, ${number(floorRun.documents)} docs`;
  if (input.kind === 'corpus') return `corpus/real (${number(floorRun.files)} files, ${size})`;
  if (input.kind === 'file') return `biggest corpus file: ${path.relative(DEFAULT_CORPUS, input.path)} (${size})`;
  return `synthetic ${number(input.count)} docs (${size})`;
}

function lintRows(input, results) {
  const floor = results.floor.map((run) => run.ms);
  const label = inputLabel(input, results.floor[0]);
  const plain = results.lint.map((run) => run.ms);
  const withSchema = results['lint+schema'].map((run) => run.ms);
  return [
    ['yaml parseAllDocuments (floor)', label, timeFigure(floor), '1×', '', ''],
    [`kubetier lint, no schema (${number(results.lint[0].findings)} findings)`, label, timeFigure(plain), ratio(plain, floor), '≤ 1.5× floor', verdict(median(plain) / median(floor) <= 1.5)],
    [`kubetier lint + schema (${number(results['lint+schema'][0].findings)} findings)`, label, timeFigure(withSchema), ratio(withSchema, floor), '', ''],
  ];
}

/** Each combined schema: yaml-language-server's time, and kubetier lint + schema's speed-up over it. */
function ylsRows(label, floor, kubetier, runsBySchema) {
  const speedUp = (yls) => `${(min(yls) / min(kubetier)).toFixed(1)}× / ${(median(yls) / median(kubetier)).toFixed(1)}×`;
  return Object.entries(runsBySchema).flatMap(([schema, runs]) => {
    const times = runs.map((run) => run.ms);
    return [
      [`yaml-language-server 1.25.0 doValidation, ${schema} combined K8s+CRD schema (${number(runs[0].diagnostics)} diagnostics)`, label, timeFigure(times), ratio(times, floor), '', ''],
      [`speed-up of kubetier lint + schema over that (${schema})`, label, speedUp(times), '', '≥ 5×', verdict(median(times) / median(kubetier) >= 5)],
    ];
  });
}

function keystrokeRows(runs, debounce) {
  const label = `synthetic ${number(KEYSTROKE_DOCUMENTS)} docs, ${EDITS} one-letter edits at seeded random places, dist/server.js over stdio`;
  const p50 = runs.map((run) => run.p50);
  const p95 = runs.map((run) => run.p95);
  const minus = (values) => values.map((value) => value - debounce);
  return [
    [`keystroke → diagnostics p50, as measured (includes the ${debounce} ms lint debounce)`, label, timeFigure(p50), '', '', ''],
    [`keystroke → diagnostics p95, as measured (includes the ${debounce} ms lint debounce)`, label, timeFigure(p95), '', '', ''],
    [`keystroke → diagnostics p50, minus the ${debounce} ms debounce`, label, timeFigure(minus(p50)), '', '', ''],
    [`keystroke → diagnostics p95, minus the ${debounce} ms debounce`, label, timeFigure(minus(p95)), '', '≤ 10 ms', verdict(median(minus(p95)) <= 10)],
  ];
}

function heapRows(runs) {
  const label = `synthetic ${number(LARGE)} docs, lint + schema`;
  const retained = runs.map((run) => run.retainedMB);
  const mb = (value) => value.toFixed(0);
  return [
    ['retained heap after GC: one open file\'s parse, index, findings and compiled schemas (above its text)', label, figure(retained, mb, 'MB'), '', '≤ 300 MB', verdict(median(retained) <= 300)],
    ['peak RSS of that process', label, figure(runs.map((run) => run.peakRssMB), mb, 'MB'), '', '', ''],
  ];
}

function activationRows(clientLoads, serverStarts) {
  const totals = clientLoads.map((value, run) => value + serverStarts[run]);
  return [
    ["client bundle load: require('dist/client.js') with a fake 'vscode' (activate() not run)", 'dist/ from node esbuild.mjs', timeFigure(clientLoads), '', '', ''],
    ['server start: spawn node dist/server.js --stdio → initialize answered', '', timeFigure(serverStarts), '', '', ''],
    ['activation estimate: the two above added', '', timeFigure(totals), '', '≤ 300 ms', verdict(median(totals) <= 300)],
  ];
}

function vsixRow(file) {
  const { size, mtime } = statSync(file);
  const megabytes = size / MB;
  return ['VSIX size', `${path.relative(ROOT, file)} (built ${mtime.toISOString().slice(0, 16).replace('T', ' ')})`, `${megabytes.toFixed(2)} MB`, '', '≤ 5 MB', verdict(megabytes <= 5)];
}

function table(rows) {
  const header = ['measure', 'input', 'min / median', 'vs floor (min / median)', 'budget', ''];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main() {
  const started = performance.now();
  buildDist();
  await bundle('bench-engine', ENGINE_ENTRY);
  await bundle('bench-yls', YLS_ENTRY);
  const corpus = { kind: 'corpus', name: 'corpus/real', path: DEFAULT_CORPUS };
  const biggest = mostDocumentsFile(DEFAULT_CORPUS);
  const inputs = [
    corpus,
    { kind: 'file', name: path.relative(DEFAULT_CORPUS, biggest), path: biggest },
    ...SYNTHETIC_SIZES.map((count) => ({ kind: 'synthetic', name: `synthetic ${count}`, count })),
  ];

  const rows = [];
  const lints = new Map();
  for (const input of inputs) {
    const results = runMeasures(input, ['floor', 'lint', 'lint+schema']);
    lints.set(input, results);
    rows.push(...lintRows(input, results));
  }
  const large = inputs.at(-1);
  const largeResults = lints.get(large);
  const ylsRuns = Object.fromEntries(Object.keys(YLS_SCHEMAS).map((schema) => [schema, runMeasures(large, ['yls'], { schema }).yls]));
  const times = (measure) => largeResults[measure].map((run) => run.ms);
  rows.push(...ylsRows(inputLabel(large, largeResults.floor[0]), times('floor'), times('lint+schema'), ylsRuns));
  rows.push(...keystrokeRows(await keystrokes(), lintDelayMs()));
  rows.push(...heapRows(runMeasures(large, ['heap']).heap));
  log('activation');
  rows.push(...activationRows(runMeasures({ name: 'dist/client.js' }, ['client-load'])['client-load'].map((run) => run.ms), await serverStarts()));
  rows.push(vsixRow(vsixFile()));

  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const caption = `kubetier bench, ${new Date().toISOString().slice(0, 10)}: node ${process.version}, ${os.cpus().length} × ${cpu}; ${RUNS} run(s) per figure, each CPU-bound run in a fresh process; lint at tier ${TIER} (every rule)${QUICK ? '; **BENCH_QUICK smoke run**' : ''}. Budgets judged on the median.`;
  const markdown = `${caption}\n\n${table(rows)}\n`;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'bench.md'), markdown);
  process.stdout.write(markdown);
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; table also in ${path.relative(ROOT, path.join(OUT, 'bench.md'))}`);
}

const childTask = process.argv.includes('--child') ? JSON.parse(process.argv[process.argv.indexOf('--child') + 1]) : undefined;
(childTask ? child(childTask) : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
