// Benchmark (not a test): the resource map at 500 objects.
//
//   npm run bench:map     BENCH_RUNS=N (default 5); BENCH_SMOKE=1 (or BENCH_QUICK=1): one run on 60 objects
//
// Two workspaces of synthetic applications (Deployment, Service, HPA, PDB, Ingress, ConfigMap each,
// in four namespaces): "apps" as generated, and "deny-all" with a default-deny NetworkPolicy per
// namespace, which selects every pod there and so joins a namespace into one large connected group.
//   graph    the server's side: the graph built from the index, findings at tier 5 put on it (lint
//            not counted: the editor has it already)
//   draw     Chromium: the real webview bundle (dist/webview/map.js) behind the real CSP filters,
//            lays out (dagre) and draws the SVG; from the graph message to the nodes in the DOM.
//            Budget: < 1,000 ms at 500 objects.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { buildDist, loadBundle, median, ms, OUT, require, ROOT, syntheticManifests } from './bench-lib.mjs';

const SMOKE = process.env.BENCH_SMOKE === '1' || process.env.BENCH_QUICK === '1';
const RUNS = SMOKE ? 1 : Number(process.env.BENCH_RUNS ?? 5);
const OBJECTS = SMOKE ? 60 : 500;
const BUDGET_MS = 1000;
const NAMESPACES = ['shop', 'payments', 'platform', 'data'];

const ENTRY = `
export { parseText } from './server/src/engine/workspace/disk';
export { resolveSettings } from './server/src/engine/lint/config';
export { lintFile } from './server/src/engine/lint/lint';
export { WorkspaceIndex } from './server/src/engine/workspace/workspace';
export { buildResourceGraph } from './server/src/engine/graph/build';
export { withFindings } from './server/src/engine/graph/findings';
export { webviewHtml, createNonce } from './client/src/checklist/html';
export { RULES } from './server/src/rules';
`;

const DENY_ALL = (namespace) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

function workspaces() {
  const apps = syntheticManifests(OBJECTS);
  return {
    apps,
    'deny-all': [syntheticManifests(OBJECTS - NAMESPACES.length), ...NAMESPACES.map(DENY_ALL)].join('---\n'),
  };
}

function graphOf(engine, text) {
  const file = engine.parseText(path.join(os.tmpdir(), 'kubetier-bench-map', 'app.yaml'), text);
  const index = engine.WorkspaceIndex.of([file]);
  const settings = engine.resolveSettings('', undefined, {}, 5);
  const findings = new Map([[file.path, engine.lintFile(file, { settings, index, rules: engine.RULES })]]);
  const times = [];
  let graph;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    graph = engine.withFindings(engine.buildResourceGraph({ index }), findings);
    times.push(performance.now() - started);
  }
  return { graph, ms: median(times) };
}

async function drawTimes(engine, graph) {
  const { chromium } = require('playwright-core');
  const server = http.createServer((request, response) => {
    const files = { '/map.js': [path.join(ROOT, 'dist/webview/map.js'), 'text/javascript'], '/map.css': [path.join(ROOT, 'media/map.css'), 'text/css'] };
    const file = files[request.url ?? ''];
    if (file) return response.writeHead(200, { 'content-type': file[1] }).end(require('node:fs').readFileSync(file[0]));
    const origin = `http://127.0.0.1:${server.address().port}`;
    response.writeHead(200, { 'content-type': 'text/html' }).end(engine.webviewHtml({ cspSource: origin, scriptUri: `${origin}/map.js`, styleUri: `${origin}/map.css` }, engine.createNonce(), 'bench'));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const home = path.join(OUT, 'chromium-home');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-crash-reporter'],
  });
  const times = [];
  const cpuTimes = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // A fresh page per run: no JIT or layout caches carried over, as when the map is opened.
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.addInitScript(`window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });`);
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForFunction(() => window.__posted.some((message) => message.type === 'ready'));
      // The renderer's CPU time (all its threads) beside the wall-clock time: on a shared machine the
      // wall clock grows with the load, CPU time much less.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'ProcessTime').value * 1000;
      const cpuBefore = await cpu();
      const elapsed = await page.evaluate(async (data) => {
        const started = performance.now();
        window.postMessage({ type: 'graph', graph: data }, '*');
        await new Promise((resolve) => {
          const check = () => (document.querySelectorAll('g.node').length === data.nodes.length ? resolve() : requestAnimationFrame(check));
          check();
        });
        // The frame after the nodes are in: the browser has painted them.
        await new Promise((resolve) => requestAnimationFrame(() => resolve()));
        return [performance.now() - started, Number(document.body.dataset.drawMs)];
      }, graph);
      const cpuMs = (await cpu()) - cpuBefore;
      process.stderr.write(`  run ${run + 1}: ${elapsed[0].toFixed(0)} ms to paint (${cpuMs.toFixed(0)} ms renderer CPU), ${elapsed[1]} ms of it filtering, laying out and building the SVG\n`);
      times.push(elapsed[0]);
      cpuTimes.push(cpuMs);
      if (run === 0) await page.screenshot({ path: path.join(OUT, `bench-map-${graph.nodes.length}.png`) });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { min: Math.min(...times), median: median(times), cpu: median(cpuTimes) };
}

buildDist();
const engine = await loadBundle('bench-map', ENTRY);
mkdirSync(OUT, { recursive: true });
const rows = [];
for (const [name, text] of Object.entries(workspaces())) {
  process.stderr.write(`bench-map: ${name}\n`);
  const { graph, ms: graphMs } = graphOf(engine, text);
  const drawMs = await drawTimes(engine, graph);
  const verdict = SMOKE ? 'smoke run' : drawMs.median < BUDGET_MS ? 'ok' : 'OVER BUDGET';
  rows.push(`| ${name} | ${graph.nodes.length} | ${graph.edges.length} | ${ms(graphMs)} | ${ms(drawMs.min)} / ${ms(drawMs.median)} | ${ms(drawMs.cpu)} | < ${BUDGET_MS} ms: ${verdict} |`);
}
const table = [
  `Resource map, ${RUNS} run${RUNS === 1 ? '' : 's'}${SMOKE ? ' (smoke run)' : ''}; load average at the end ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs (figures grow with it):`,
  '',
  '| workspace | nodes | edges | graph (server), median | layout + draw in Chromium, min / median | renderer CPU, median | budget (median) |',
  '|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
writeFileSync(path.join(OUT, 'bench-map.md'), `${table}\n`);
process.stdout.write(`${table}\n`);
