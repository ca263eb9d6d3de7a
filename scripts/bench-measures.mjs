// The CPU-bound figures of `npm run bench` (scripts/bench.mjs), each measured in a fresh Node process:
// the parent calls runMeasures(), which runs this file as a child (`--child <task JSON>`); the child
// prints its result as one JSON line. No run inherits another's JIT, compiled schemas or heap, so
// figures are cold, as a CLI run or a newly opened file is.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OUT, require, ROOT, syntheticManifests } from './bench-lib.mjs';

/** Tier 5 switches every rule on: the lint figures are the most work kubetier does. */
export const TIER = 5;
const SCRIPT = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

const SCHEMAS_SOURCE = path.join(ROOT, '../shared/schemas-source/combined');
/**
 * The two one-file schemas in shared/schemas-source: bucketed (two-level kind dispatch, the fastest in
 * yaml-language-server) and flat (one if/then per kind, the plain form).
 */
export const YLS_SCHEMAS = {
  bucketed: path.join(SCHEMAS_SOURCE, 'kubernetes-v1.31.0-crds.bucketed.json'),
  flat: path.join(SCHEMAS_SOURCE, 'kubernetes-v1.31.0-crds.json'),
};

export const ENGINE_ENTRY = `
export { parseAllDocuments } from 'yaml';
export { collectYamlFiles, ConfigCache, parseText } from './server/src/engine/workspace/disk';
export { resolveSettings } from './server/src/engine/lint/config';
export { lintFile } from './server/src/engine/lint/lint';
export { lintProject } from './server/src/engine/workspace/project';
export { WorkspaceIndex } from './server/src/engine/workspace/workspace';
export { RULES } from './server/src/rules';
`;
export const YLS_ENTRY = `
export { getLanguageService } from 'yaml-language-server/lib/esm/languageservice/yamlLanguageService';
export { TextDocument } from 'vscode-languageserver-textdocument';
`;
export const bundlePath = (name) => path.join(OUT, `${name}.cjs`);
export const log = (message) => process.stderr.write(`[bench] ${message}\n`);

/**
 * The files of an input as { path, text }; synthetic ones are made in memory (never written). `small-files`
 * is `count` one-document files (the per-file overhead of a workspace of many small manifests).
 */
function readInputs(engine, input) {
  if (input.kind === 'synthetic') return [{ path: path.join(OUT, `synthetic-${input.count}.yaml`), text: syntheticManifests(input.count) }];
  if (input.kind === 'small-files') {
    const documents = syntheticManifests(input.count).split('---\n');
    return documents.map((text, i) => ({ path: path.join(OUT, `small-files/${i}.yaml`), text }));
  }
  const files = input.kind === 'corpus' ? engine.collectYamlFiles([input.path], new engine.ConfigCache()).files : [input.path];
  return files.map((file) => ({ path: file, text: readFileSync(file, 'utf8') }));
}

/** Times `fn` after a full GC, so garbage from setup is not collected on the clock; the peak RSS so far comes with it. */
async function coldTime(fn) {
  globalThis.gc();
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, peakRssMB: process.resourceUsage().maxRSS / 1024, ...result };
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

/** `runs` results per measure, the runs interleaved so that machine noise spreads over all measures alike. */
export function runMeasures(input, measures, runs, extra = {}) {
  const results = Object.fromEntries(measures.map((measure) => [measure, []]));
  for (let run = 0; run < runs; run++) {
    for (const measure of measures) {
      log(`${measure} of ${input.name}, run ${run + 1}/${runs}`);
      results[measure].push(runChild({ measure, input, ...extra }));
    }
  }
  return results;
}

if (process.argv[1] === SCRIPT && process.argv.includes('--child')) {
  child(JSON.parse(process.argv[process.argv.indexOf('--child') + 1])).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
