// The language-server figures of `npm run bench` (scripts/bench.mjs), measured over stdio against the
// built servers: keystroke -> diagnostics, spawn -> first diagnostics (kubetier and yaml-language-server)
// and server start.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUT, percentile, ROOT, startServer, syntheticManifests, YLS_SERVER } from './bench-lib.mjs';
import { log, TIER, YLS_SCHEMAS } from './bench-measures.mjs';

const EDIT_SEED = 20240601;

/** A modeline puts the server at tier 5 (every rule), like the lint figures; it has no settings of its own here. */
export const serverText = (documents) => `# kubetier: tier=${TIER}\n${syntheticManifests(documents)}`;

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
export function lintDelayMs() {
  const match = /const LINT_DELAY_MS = (\d+);/.exec(readFileSync(path.join(ROOT, 'server/src/lsp/lintPipeline.ts'), 'utf8'));
  if (!match) throw new Error('LINT_DELAY_MS not found in server/src/lsp/lintPipeline.ts');
  return Number(match[1]);
}

/**
 * One server session (`serverArgs`: another build of the server to compare with), open the file,
 * then `edits` one-character edits, each waited for until its diagnostics arrive.
 */
export async function keystrokeRun(text, edits, serverArgs = undefined) {
  const server = await startServer(serverArgs);
  const { connection, protocol } = server;
  const uri = pathToFileURL(path.join(OUT, 'keystrokes.yaml')).href;
  const forVersion = (version) => server.diagnostics((params) => params.uri === uri && params.version === version);
  const opened = forVersion(1);
  await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  const lines = text.split('\n');
  const random = seededRandom(EDIT_SEED);
  const latencies = [];
  const cpuBefore = server.cpuMs();
  for (let version = 2; version < edits + 2; version++) {
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
  const cpuPerEdit = cpuBefore === undefined ? undefined : (server.cpuMs() - cpuBefore) / edits;
  await server.stop();
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), cpuPerEdit };
}

export async function keystrokes(documents, edits, runs) {
  const text = serverText(documents);
  const results = [];
  for (let run = 0; run < runs; run++) {
    log(`keystrokes, run ${run + 1}/${runs}`);
    results.push(await keystrokeRun(text, edits));
  }
  return results;
}

export async function serverStarts(runs) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const server = await startServer();
    times.push(server.initializeMs);
    await server.stop();
  }
  return times;
}

/**
 * What an editor opening one file waits for: spawn the server, initialize, open `text`, first
 * diagnostics that include the schema's. yaml-language-server gets the bucketed combined schema for
 * every file (schema store off, so nothing is fetched), as `yaml.schemas` would give it; it may publish
 * before its schema is loaded, so the wait is for a publication with a diagnostic (the text has a schema error).
 */
async function firstDiagnosticsRun(text, yls) {
  // yaml-language-server reads its settings with workspace/configuration (a didChangeConfiguration asks it to).
  const yaml = { validate: true, schemas: { [pathToFileURL(YLS_SCHEMAS.bucketed).href]: '*.yaml' }, schemaStore: { enable: false } };
  const server = yls ? await startServer(YLS_SERVER, { yaml }) : await startServer();
  try {
    const { connection, protocol } = server;
    const uri = pathToFileURL(path.join(OUT, 'first-diagnostics.yaml')).href;
    if (yls) await connection.sendNotification(protocol.DidChangeConfigurationNotification.type, { settings: null });
    const published = server.diagnostics((params) => params.uri === uri && params.diagnostics.length > 0);
    await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const { at, params } = await published;
    await server.stop();
    return { ms: at - server.startedAt, diagnostics: params.diagnostics.length };
  } catch (error) {
    server.kill();
    throw error;
  }
}

/**
 * Spawn -> first diagnostics of a `documents`-document file, kubetier and yaml-language-server
 * alternating. Its first Deployment's replicas is a word, which both servers' schemas reject.
 */
export async function firstDiagnostics(documents, runs) {
  const text = serverText(documents).replace('replicas: 2', 'replicas: two');
  const results = { kubetier: [], yls: [] };
  for (let run = 0; run < runs; run++) {
    log(`spawn -> first diagnostics, run ${run + 1}/${runs}`);
    results.kubetier.push(await firstDiagnosticsRun(text, false));
    results.yls.push(await firstDiagnosticsRun(text, true));
  }
  return results;
}
