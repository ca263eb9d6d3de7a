// Benchmark (not a test): schema validation of the real corpus next to the plain lint, and completion /
// hover latency in a 1,000-document file, in-process and through the bundled server over stdio.
//
//   node scripts/bench-schemas.mjs [--corpus DIR] [--runs N] [--requests N]     BENCH_SMOKE=1: a small
//   corpus, 2 runs, 3 requests in a 60-document file
//
// Builds dist/ and a bench bundle of the engine first. Prints one table per part.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDist, DEFAULT_CORPUS, loadBundle, median, ms, option, OUT, percentile, SMOKE, SMOKE_CORPUS, startServer, syntheticManifests, time } from './bench-lib.mjs';

const args = process.argv.slice(2);
const CORPUS = path.resolve(option(args, '--corpus', SMOKE ? SMOKE_CORPUS : DEFAULT_CORPUS));
const RUNS = Number(option(args, '--runs', SMOKE ? 2 : 5));
const REQUESTS = Number(option(args, '--requests', SMOKE ? 3 : 40));
const DOCUMENTS = SMOKE ? 60 : 1000;

const ENTRY = `
export { collectYamlFiles, ConfigCache, parseText } from './server/src/engine/workspace/disk';
export { resolveSettings } from './server/src/engine/lint/config';
export { lintFile } from './server/src/engine/lint/lint';
export { WorkspaceIndex } from './server/src/engine/workspace/workspace';
export { RULES } from './server/src/rules';
export { sharedSchemaValidator } from './server/src/rules/support/schemaTypes';
export { schemaLanguageService } from './server/src/lsp/schemaFeatures';
`;

/** Cold = first run (includes compiling per-kind validators); warm = median of the rest. */
function repeat(fn) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) ({ ms: times[i], result } = time(fn));
  return { cold: times[0], warm: median(times.slice(1)), result };
}

function benchCorpus(engine) {
  const configs = new engine.ConfigCache();
  const files = engine.collectYamlFiles([CORPUS], configs).files;
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
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
  // Made on first use and answered asynchronously, as in the server.
  const service = await engine.schemaLanguageService();
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
  const server = await startServer();
  const { connection, protocol } = server;
  const uri = pathToFileURL(path.join(OUT, `m${DOCUMENTS}.yaml`)).href;
  const diagnosticsSeen = server.diagnostics(() => true);
  const openedAt = performance.now();
  await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const openToDiagnostics = (await diagnosticsSeen).at - openedAt;
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
  await server.stop();
  return { completion, hover, items, openToDiagnostics };
}

function latencyRow(label, values) {
  console.log(`| ${label} | ${ms(values[0])} | ${ms(Math.min(...values.slice(1)))} | ${ms(median(values.slice(1)))} | ${ms(percentile(values.slice(1), 95))} |`);
}

async function main() {
  buildDist();
  const engine = await loadBundle('bench-schemas', ENTRY);
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  benchCorpus(engine);

  const text = syntheticManifests(DOCUMENTS);
  const { position, hoverLine, nameEnd } = middleSecurityContext(text);
  console.log(`\nCompletion and hover in a ${DOCUMENTS.toLocaleString('en-US')}-document file (${(text.length / 1024).toFixed(0)} KB, ${text.split('\n').length} lines), at line ${position.line + 1} (securityContext of a middle Deployment); ${REQUESTS} requests`);
  const inProcess = await benchInProcess(engine, text, position, hoverLine);
  const stdio = await benchStdio(text, position, hoverLine, nameEnd);
  console.log(`\ndidOpen -> first diagnostics over stdio (lint + schema validation of ${DOCUMENTS.toLocaleString('en-US')} documents): ${ms(stdio.openToDiagnostics)}`);
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
