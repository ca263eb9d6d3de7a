// Benchmark (not a test): schema validation of the real corpus next to the plain lint, and completion /
// hover latency in a 1,000-document file, in-process and through the bundled server over stdio.
//
//   node scripts/bench-schemas.mjs [--corpus DIR] [--runs N] [--requests N]
//
// Builds dist/ and a bench bundle of the engine first. Prints one table per part.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const CORPUS = path.resolve(option('--corpus', path.join(ROOT, '../shared/corpus/real')));
const RUNS = Number(option('--runs', 5));
const REQUESTS = Number(option('--requests', 40));
const OUT = path.join(ROOT, 'out-bench');

const ENTRY = `
export { collectYamlFiles, ConfigCache, parseText } from './server/src/engine/disk';
export { resolveSettings } from './server/src/engine/config';
export { lintFile } from './server/src/engine/lint';
export { WorkspaceIndex } from './server/src/engine/workspace';
export { RULES } from './server/src/rules';
export { sharedSchemaValidator } from './server/src/rules/schema-validation';
export { schemaLanguageService } from './server/src/lsp/schemaFeatures';
`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

function time(fn) {
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
}

/** Cold = first run (includes compiling per-kind validators); warm = median of the rest. */
function repeat(fn) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) ({ ms: times[i], result } = time(fn));
  return { cold: times[0], warm: median(times.slice(1)), result };
}

async function loadEngine() {
  mkdirSync(OUT, { recursive: true });
  const outfile = path.join(OUT, 'bench-schemas.cjs');
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}

function benchCorpus(engine) {
  const configs = new engine.ConfigCache();
  const files = engine.collectYamlFiles([CORPUS], configs).files;
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const { readFileSync } = createRequire(import.meta.url)('node:fs');
  const texts = files.map((file) => [file, readFileSync(file, 'utf8')]);
  const parse = repeat(() => texts.map(([file, text]) => engine.parseText(file, text)));
  const parsed = parse.result;
  const index = engine.WorkspaceIndex.of(parsed);
  const settings = parsed.map((file) => engine.resolveSettings(file.text, configs.forFile(file.path), {}));
  const withoutSchema = engine.RULES.filter((rule) => rule.id !== 'schema-validation');
  const schemaOnly = engine.RULES.filter((rule) => rule.id === 'schema-validation');
  const lintWith = (rules) => () => parsed.reduce((sum, file, i) => sum + engine.lintFile(file, { settings: settings[i], index, rules }).length, 0);
  const plain = repeat(lintWith(withoutSchema));
  const validator = engine.sharedSchemaValidator();
  const objects = parsed.filter((file) => !file.isHelmTemplate).flatMap((file) => file.objects);
  const validation = repeat(() => {
    let withSchema = 0;
    let problems = 0;
    objects.forEach((object) => {
      const result = validator.validate(object, '1.31', index);
      if (result) {
        withSchema++;
        problems += result.problems.length;
      }
    });
    return { withSchema, problems };
  });
  const schemaRule = repeat(lintWith(schemaOnly));
  const documents = parsed.reduce((sum, file) => sum + file.documents.length, 0);
  console.log(`\nCorpus ${CORPUS}: ${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, ${documents} documents, ${objects.length} objects (${validation.result.withSchema} with a bundled or workspace schema), ${validation.result.problems} schema problems`);
  console.log(`runs: ${RUNS} (cold = first run, warm = median of the others)\n`);
  console.log('| step | cold | warm | warm per object |');
  console.log('|---|---|---|---|');
  const row = (label, result, perObject = true) =>
    console.log(`| ${label} | ${ms(result.cold)} | ${ms(result.warm)} | ${perObject ? `${((result.warm / objects.length) * 1000).toFixed(1)} µs` : '-'} |`);
  row('parse (yaml, positions)', parse, false);
  row(`plain lint (${withoutSchema.length} rules, no schema)`, plain);
  row('schema validation (ajv, per-kind validators)', validation);
  row('schema-validation rule via lintFile (validation + ranges + suppressions)', schemaRule);
}

/** 1,000 documents like the research's m1000.yaml: Deployments, Services and ConfigMaps, ~30-55 lines each. */
function bigFile(count) {
  const documents = [];
  for (let i = 0; i < count; i++) {
    const name = `app-${i}`;
    if (i % 3 === 0) {
      documents.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: 2
  strategy:
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0.${i}
          ports:
            - containerPort: 8080
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
          securityContext:
            allowPrivilegeEscalation: false
            `);
    } else if (i % 3 === 1) {
      documents.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 8080`);
    } else {
      documents.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  mode: fast
  level: "${i}"`);
    }
  }
  return `${documents.join('\n---\n')}\n`;
}

/** Line and character of the empty line under `securityContext:` in the Deployment nearest the middle. */
function middleSecurityContext(text) {
  const lines = text.split('\n');
  const candidates = lines.flatMap((line, i) => (line === '          securityContext:' ? [i] : []));
  const line = candidates[Math.floor(candidates.length / 2)] + 2;
  let nameLine = line;
  while (!lines[nameLine].startsWith('  name: ')) nameLine--;
  return {
    position: { line, character: 12 },
    hoverLine: lines.findIndex((l, i) => i > line - 40 && l.includes('maxUnavailable')),
    nameEnd: { line: nameLine, character: lines[nameLine].length },
  };
}

async function benchInProcess(engine, text, position, hoverLine) {
  const service = engine.schemaLanguageService();
  const index = new engine.WorkspaceIndex();
  const completion = [];
  const hover = [];
  let items = 0;
  for (let i = 0; i < REQUESTS; i++) {
    let start = performance.now();
    items = (await service.complete(text, position, '1.31', index)).items.length;
    completion.push(performance.now() - start);
    start = performance.now();
    await service.hover(text, { line: hoverLine, character: 8 }, '1.31', index);
    hover.push(performance.now() - start);
  }
  return { completion, hover, items };
}

async function benchStdio(text, position, hoverLine, nameEnd) {
  const protocol = createRequire(import.meta.url)('vscode-languageserver-protocol/node');
  const server = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = protocol.createProtocolConnection(new protocol.StreamMessageReader(server.stdout), new protocol.StreamMessageWriter(server.stdin));
  let published;
  const diagnosticsSeen = new Promise((resolve) => (published = resolve));
  connection.onNotification(protocol.PublishDiagnosticsNotification.type, () => published());
  connection.listen();
  await connection.sendRequest(protocol.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification(protocol.InitializedNotification.type, {});
  const uri = pathToFileURL(path.join(OUT, 'm1000.yaml')).href;
  const openedAt = performance.now();
  await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await diagnosticsSeen;
  const openToDiagnostics = performance.now() - openedAt;
  const completion = [];
  const hover = [];
  let items = 0;
  for (let i = 0; i < REQUESTS; i++) {
    // A keystroke first (one more letter in the middle Deployment's name), so every request sees a new version.
    const at = { line: nameEnd.line, character: nameEnd.character + i };
    await connection.sendNotification(protocol.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ range: { start: at, end: at }, text: 'x' }],
    });
    let start = performance.now();
    const list = await connection.sendRequest(protocol.CompletionRequest.type, { textDocument: { uri }, position });
    completion.push(performance.now() - start);
    items = list?.items?.length ?? 0;
    start = performance.now();
    await connection.sendRequest(protocol.HoverRequest.type, { textDocument: { uri }, position: { line: hoverLine, character: 8 } });
    hover.push(performance.now() - start);
  }
  await connection.sendRequest(protocol.ShutdownRequest.type);
  await connection.sendNotification(protocol.ExitNotification.type);
  connection.dispose();
  return { completion, hover, items, openToDiagnostics };
}

function latencyRow(label, values) {
  console.log(`| ${label} | ${ms(values[0])} | ${ms(Math.min(...values.slice(1)))} | ${ms(median(values.slice(1)))} | ${ms(percentile(values.slice(1), 95))} |`);
}

async function main() {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const engine = await loadEngine();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  benchCorpus(engine);

  const text = bigFile(1000);
  const { position, hoverLine, nameEnd } = middleSecurityContext(text);
  console.log(`\nCompletion and hover in a 1,000-document file (${(text.length / 1024).toFixed(0)} KB, ${text.split('\n').length} lines), at line ${position.line + 1} (securityContext of a middle Deployment); ${REQUESTS} requests`);
  const inProcess = await benchInProcess(engine, text, position, hoverLine);
  const stdio = await benchStdio(text, position, hoverLine, nameEnd);
  console.log(`\ndidOpen -> first diagnostics over stdio (lint + schema validation of 1,000 documents): ${ms(stdio.openToDiagnostics)}`);
  console.log(`completion items: ${inProcess.items} in-process, ${stdio.items} over stdio\n`);
  console.log('| request | first | min | median | p95 |');
  console.log('|---|---|---|---|---|');
  latencyRow('completion, in-process (slice + yaml-language-server)', inProcess.completion);
  latencyRow('hover, in-process', inProcess.hover);
  latencyRow('completion over stdio (after a keystroke)', stdio.completion);
  latencyRow('hover over stdio (after a keystroke)', stdio.hover);
  const target = median(stdio.completion.slice(1));
  console.log(`\ncompletion target < 50 ms: ${target < 50 ? 'met' : 'NOT met'} (median ${ms(target)} over stdio)`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
