// Benchmark (not a test): workspace-wide problems (LSP pull diagnostics) through the real server over stdio.
//
//   node scripts/bench-workspace.mjs [--corpus DIR] [--runs N]     BENCH_SMOKE=1 (or BENCH_QUICK=1): a tiny
//   synthetic workspace and one run, to check the script works.
//
// First pass: from `initialized` to the answer of the first workspace/diagnostic request: the start-up index
// scan, then every file linted (tier 1, every rule) and reported. Budget: < 10 s for the 564-file corpus.
// Meanwhile the outline of an open document is asked every 50 ms: the server must stay responsive (budget: the
// slowest answer < 250 ms). The server's peak memory (VmHWM) after the pass is reported.
// Idle: a request holding every result id is held (nothing re-sent) until a file changes.
// One file changed on disk: from didChangeWatchedFiles to the held request's answer (the files whose
// problems changed). Budget: median < 200 ms.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDist, DEFAULT_CORPUS, median, ms, option, startServer, syntheticManifests } from './bench-lib.mjs';

const SMOKE = process.env.BENCH_SMOKE === '1' || process.env.BENCH_QUICK === '1';
const args = process.argv.slice(2);
const CORPUS = path.resolve(option(args, '--corpus', DEFAULT_CORPUS));
const RUNS = SMOKE ? 1 : Number(option(args, '--runs', 5));
const MODELINE = '# kubetier: tier=2\n';
const BUDGET = { firstPassMs: 10_000, slowestRequestMs: 250, changeMs: 200 };

/** A copy of the corpus (its files are changed on disk), or a few synthetic files for the smoke run. */
function workspace() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kubetier-bench-workspace-'));
  if (SMOKE) {
    for (let i = 0; i < 4; i++) {
      mkdirSync(path.join(root, `app-${i}`), { recursive: true });
      writeFileSync(path.join(root, `app-${i}`, 'manifests.yaml'), syntheticManifests(12).replaceAll('name: ', `name: a${i}-`));
    }
  } else {
    cpSync(CORPUS, root, { recursive: true });
  }
  return root;
}

/** A YAML file with a Deployment, changed on disk. */
function deploymentFile(root) {
  const candidates = SMOKE ? [path.join(root, 'app-0', 'manifests.yaml')] : [path.join(root, 'microservices-demo/kubernetes-manifests/cartservice.yaml')];
  return candidates[0];
}

function peakMemoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

if (!process.env.BENCH_NO_BUILD) buildDist();
const root = workspace();
const fileUri = (file) => pathToFileURL(file).href;
try {
  const server = await startServer(undefined, undefined, {
    rootUri: fileUri(root),
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } },
  });
  const { protocol, connection } = server;
  const started = performance.now();

  // An open document whose outline is asked while the first pass runs.
  const changed = deploymentFile(root);
  const openUri = fileUri(changed);
  const openText = readFileSync(changed, 'utf8');
  await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri: openUri, languageId: 'yaml', version: 1, text: openText } });
  const hovers = [];
  let passing = true;
  const probe = (async () => {
    while (passing) {
      const asked = performance.now();
      await connection.sendRequest(protocol.DocumentSymbolRequest.type, { textDocument: { uri: openUri } });
      hovers.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const first = await connection.sendRequest(protocol.WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
  const firstPassMs = performance.now() - started;
  passing = false;
  await probe;
  const problems = first.items.reduce((sum, item) => sum + (item.kind === 'full' ? item.items.length : 0), 0);
  console.log(`workspace: ${SMOKE ? 'synthetic (smoke run)' : CORPUS}`);
  console.log(`\nFirst pass (index scan + lint + report): ${ms(firstPassMs)}  (budget < ${BUDGET.firstPassMs} ms): ${first.items.length} files with problems, ${problems} problems`);
  console.log(`  outline (documentSymbol) of the open document asked during the pass: ${hovers.length} answers, median ${ms(median(hovers))}, slowest ${ms(Math.max(...hovers))}  (budget < ${BUDGET.slowestRequestMs} ms)`);
  console.log(`  server peak memory (VmHWM): ${peakMemoryMb(server.pid).toFixed(0)} MB`);

  // The open document's problems are pushed: close it, so it is a file on disk like the others.
  await connection.sendNotification(protocol.DidCloseTextDocumentNotification.type, { textDocument: { uri: openUri } });
  const ids = new Map(first.items.map((item) => [item.uri, item.resultId]));
  const previousResultIds = () => [...ids].map(([uri, value]) => ({ uri, value }));
  /** A workspace request cancelled after `ms`: its items, or none when it was held that long (nothing new). */
  const pullWithin = async (ms) => {
    const source = new protocol.CancellationTokenSource();
    const timer = setTimeout(() => source.cancel(), ms);
    try {
      return (await connection.sendRequest(protocol.WorkspaceDiagnosticRequest.type, { previousResultIds: previousResultIds() }, source.token)).items;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
  for (const item of (await pullWithin(5000)) ?? []) ids.set(item.uri, item.resultId);

  // Idle: nothing changed, so the request is held and nothing is re-sent.
  const idle = await pullWithin(500);
  console.log(`\nIdle: a request holding every result id ${idle ? `was ANSWERED (${idle.length} files re-sent)` : 'was held for 500 ms with nothing re-sent, then cancelled'}`);

  const changes = [];
  for (let run = 0; run < RUNS * 2; run++) {
    const request = connection.sendRequest(protocol.WorkspaceDiagnosticRequest.type, { previousResultIds: previousResultIds() });
    const text = readFileSync(changed, 'utf8');
    // A tier 2 modeline on, then off: the file's problems change (a change that leaves them equal sends nothing).
    writeFileSync(changed, text.startsWith(MODELINE) ? text.slice(MODELINE.length) : MODELINE + text);
    const sent = performance.now();
    await connection.sendNotification(protocol.DidChangeWatchedFilesNotification.type, { changes: [{ uri: openUri, type: protocol.FileChangeType.Changed }] });
    const answer = await Promise.race([request, new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within 30 s after ${path.relative(root, changed)} changed on disk`)), 30_000))]);
    changes.push({ ms: performance.now() - sent, files: answer.items.length });
    for (const item of answer.items) ids.set(item.uri, item.resultId);
  }
  console.log(`One file changed on disk -> held request answered: median ${ms(median(changes.map((c) => c.ms)))}, slowest ${ms(Math.max(...changes.map((c) => c.ms)))}  (budget median < ${BUDGET.changeMs} ms); files re-sent per change: ${[...new Set(changes.map((c) => c.files))].join(', ')}`);
  await server.stop();

  const over = [
    firstPassMs > BUDGET.firstPassMs && 'first pass',
    Math.max(...hovers) > BUDGET.slowestRequestMs && 'a request during the first pass',
    median(changes.map((c) => c.ms)) > BUDGET.changeMs && 'one file changed',
    idle && 'idle request answered',
  ].filter(Boolean);
  // Reported, not failed: `npm run bench` goes on to the next script (budgets live in the reports).
  if (over.length > 0 && !SMOKE) console.log(`\nOVER BUDGET: ${over.join(', ')}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
