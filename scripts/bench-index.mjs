// Benchmark (not a test): the workspace index over the real corpus.
//
//   node scripts/bench-index.mjs [--corpus DIR] [--runs N]     BENCH_SMOKE=1: a small corpus, 2 runs
//
// Index build: what the language server does at start-up (collect *.yaml/*.yml, read, parse, index.set
// every file), then the namespace resolution of every object; parse and index are timed apart. Target < 2 s.
// One-document change: re-parse one edited document, index.set it, and re-lint the open documents the
// change affects (all rules), as the server does on didChange. Target < 50 ms. Also reported:
// re-linting every affected file of the corpus (the CLI-sized worst case).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CORPUS, loadBundle, median, ms, option, SMOKE, SMOKE_CORPUS, time } from './bench-lib.mjs';

const args = process.argv.slice(2);
const CORPUS = path.resolve(option(args, '--corpus', SMOKE ? SMOKE_CORPUS : DEFAULT_CORPUS));
const RUNS = Number(option(args, '--runs', SMOKE ? 2 : 7));

const ENTRY = `
export { collectYamlFiles, ConfigCache, loadFile, parseText } from './server/src/engine/workspace/disk';
export { resolveSettings } from './server/src/engine/lint/config';
export { lintFile } from './server/src/engine/lint/lint';
export { WorkspaceIndex } from './server/src/engine/workspace/workspace';
export { parseForIndex } from './server/src/engine/yaml/indexparse';
export { RULES } from './server/src/rules';
`;

const max = (values) => Math.max(...values);

/**
 * Start-up as the server does it (unopened files read with parseForIndex: values first, positions
 * on demand); with `full`, every file gets the positioned parse, as the CLI does. Reading + parsing
 * and indexing are timed apart.
 */
function buildIndex(engine, full = false) {
  const started = performance.now();
  const configs = new engine.ConfigCache();
  const files = engine.collectYamlFiles([CORPUS], configs).files;
  const parsed = [];
  for (const file of files) {
    const loaded = engine.loadFile(file, undefined, full ? engine.parseText : engine.parseForIndex);
    if ('file' in loaded) parsed.push(loaded.file);
  }
  const indexing = performance.now();
  const index = new engine.WorkspaceIndex();
  for (const file of parsed) index.set(file);
  let objects = 0;
  for (const object of index.objects()) {
    index.namespacesOf(object);
    objects++;
  }
  const done = performance.now();
  return { index, configs, files: files.length, objects, total: done - started, parse: indexing - started, indexOnly: done - indexing };
}

const engine = await loadBundle('bench-index', ENTRY);
console.log(`corpus: ${CORPUS}`);

// Index build, cold (the first run also warms the JIT) and warm; no run keeps the previous index alive.
const builds = [];
for (let i = 0; i < RUNS; i++) {
  const { total, parse, indexOnly, files, objects } = buildIndex(engine);
  builds.push({ total, parse, indexOnly, files, objects });
}
const warm = builds.slice(1);
console.log(`\nIndex build (language server start-up): ${builds[0].files} files, ${builds[0].objects} objects`);
console.log(`  total (collect + read + parse + index): cold ${ms(builds[0].total)}, warm median ${ms(median(warm.map((b) => b.total)))}  (target < 2000 ms)`);
console.log(`    read + parse (parseForIndex): warm median ${ms(median(warm.map((b) => b.parse)))}`);
console.log(`    index.set of every file + namespaces of every object: cold ${ms(builds[0].indexOnly)}, warm median ${ms(median(warm.map((b) => b.indexOnly)))}`);
const fullBuilds = [];
for (let i = 0; i < Math.min(3, RUNS); i++) fullBuilds.push(buildIndex(engine, true).total);
console.log(`  for comparison, every file with the positioned parse (CLI): median ${ms(median(fullBuilds))}`);

// One-document change in microservices-demo/kubernetes-manifests, every manifest of that folder open.
const { index, configs } = buildIndex(engine);
const folder = path.join(DEFAULT_CORPUS, 'microservices-demo/kubernetes-manifests');
const open = [...index.allFiles()].filter((file) => path.dirname(file.path) === folder && !file.path.endsWith('kustomization.yaml'));
const edited = open.find((file) => file.path.endsWith('cartservice.yaml')) ?? open[0];
const settingsOf = (file) => engine.resolveSettings(file.text, configs.forFile(file.path), { tier: 2 });
const lint = (file) => engine.lintFile(file, { settings: settingsOf(file), index, rules: engine.RULES });
for (const file of open) lint(file); // what is open was linted before the edit

const original = readFileSync(edited.path, 'utf8');
const variants = [original.replace(/replicas: \d+/, 'replicas: 3'), original];
const editor = [];
const everything = [];
let affectedCount = 0;
let openAffected = 0;
for (let i = 0; i < RUNS * 2; i++) {
  editor.push(
    time(() => {
      const change = index.set(engine.parseText(edited.path, variants[i % 2]));
      affectedCount = change.affected.size;
      const dependents = open.filter((candidate) => change.affected.has(candidate.path)).map((candidate) => index.get(candidate.path));
      openAffected = dependents.length;
      for (const dependent of dependents) lint(dependent);
    }).ms,
  );
  const change = index.set(engine.parseText(edited.path, variants[(i + 1) % 2]));
  everything.push(time(() => [...change.affected].forEach((file) => lint(index.get(file)))).ms);
}
console.log(`\nOne-document change (${path.relative(CORPUS, edited.path)}, ${open.length} documents open):`);
console.log(`  parse + index.set + re-lint of the ${openAffected} open affected documents: median ${ms(median(editor))}, max ${ms(max(editor))}  (target < 50 ms)`);
console.log(`  re-lint of every affected file in the corpus (${affectedCount} files in the same namespace): median ${ms(median(everything))}`);
