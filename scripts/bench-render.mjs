// Benchmark (not a test): rendering charts with the real helm (scripts/tools.mjs).
//
//   npm run bench:render     BENCH_RUNS=N (default 5); BENCH_SMOKE=1 (or BENCH_QUICK=1): one run on a
//                            4-template chart, budgets not judged (CI's smoke run)
//
// A generated 20-template chart with 3 value sets (values.yaml, + values-staging.yaml, + values-prod.yaml):
//   helm alone   `helm template` once per value set, one after the other, as a user would run them;
//   kubetier     what the editor does on save: plan, render every value set (child processes, in
//                parallel), lint every rendered object at tier 5, map findings to templates and values.
//                Budget: at most 1.3x helm alone.
//   re-lint      the same again with nothing changed: every render comes from the content-hash cache and
//                the render signature says the last lint holds (the editor on a save that changed nothing).
//                Budget: < 50 ms.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadBundle, median, ms } from './bench-lib.mjs';
import { ensureTools } from './tools.mjs';

const QUICK = process.env.BENCH_SMOKE === '1' || process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 1 : Number(process.env.BENCH_RUNS ?? 5);
const TEMPLATES = QUICK ? 4 : 20;
const VALUE_FILES = ['values-staging.yaml', 'values-prod.yaml'];

const ENTRY = `
export { parseText } from './server/src/engine/workspace/disk';
export { resolveSettings } from './server/src/engine/lint/config';
export { WorkspaceIndex } from './server/src/engine/workspace/workspace';
export { renderedFindings } from './server/src/engine/render/lintrendered';
export { RenderCache, renderProjectAsync } from './server/src/engine/render/renderproject';
export { DEFAULT_MAX_RENDERED_OBJECTS } from './server/src/engine/render/plan';
export { DEFAULT_MAX_RENDER_OUTPUT_BYTES, runTool } from './server/src/engine/render/runner';
export { RULES } from './server/src/rules';
`;

/** A chart in the style of real ones: helpers, a Deployment and a Service per component, values per environment. */
function writeChart(dir) {
  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 0.1.0\n');
  writeFileSync(path.join(dir, 'templates', '_helpers.tpl'), '{{- define "bench.labels" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end }}\n');
  const components = Array.from({ length: TEMPLATES / 2 }, (_, i) => `c${i}`);
  writeFileSync(path.join(dir, 'values.yaml'), `replicas: 2\nimage: {repository: nginx, tag: "1.27.3"}\nresources:\n  requests: {cpu: 100m, memory: 128Mi}\n  limits: {memory: 256Mi}\n`);
  writeFileSync(path.join(dir, 'values-staging.yaml'), 'replicas: 2\n');
  writeFileSync(path.join(dir, 'values-prod.yaml'), 'replicas: 4\n');
  for (const name of components) {
    writeFileSync(
      path.join(dir, 'templates', `${name}-deployment.yaml`),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-${name}\n  labels:\n    {{- include "bench.labels" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: ${name}\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          ports:\n            - name: http\n              containerPort: 8080\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n`,
    );
    writeFileSync(
      path.join(dir, 'templates', `${name}-service.yaml`),
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`,
    );
  }
}

function helmAlone(helm, chart) {
  const started = performance.now();
  for (const extra of [[], ...VALUE_FILES.map((file) => [file])]) {
    const files = ['values.yaml', ...extra].flatMap((file) => ['--values', path.join(chart, file)]);
    const result = spawnSync(helm, ['template', 'bench', chart, '--namespace', 'default', '--kube-version', '1.31', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(result.stderr);
  }
  return performance.now() - started;
}

/** The chart's files as the editor's index holds them (parsed before a save triggers a render). */
function chartFiles(engine, chart) {
  return ['Chart.yaml', ...Array.from({ length: TEMPLATES / 2 }, (_, i) => [`templates/c${i}-deployment.yaml`, `templates/c${i}-service.yaml`]).flat()].map((file) => {
    const full = path.join(chart, file);
    return engine.parseText(full, readText(full));
  });
}

async function kubetier(engine, helm, chart, cache, files, last) {
  const started = performance.now();
  const settings = engine.resolveSettings('', undefined, { tier: 5 });
  const options = {
    helmPath: helm,
    workspaceRoots: [chart],
    trusted: true,
    timeoutMs: 30_000,
    maxOutputBytes: engine.DEFAULT_MAX_RENDER_OUTPUT_BYTES,
    maxObjects: engine.DEFAULT_MAX_RENDERED_OBJECTS,
    folderSettings: () => ({ kubernetesVersion: '1.31' }),
  };
  const render = await engine.renderProjectAsync(files, [], options, engine.runTool, cache);
  const renderMs = performance.now() - started;
  // As the editor does: the same signature (every input unchanged) means the last lint still holds.
  if (last && last.signature === render.signature) return { ms: performance.now() - started, findings: last.findings, signature: render.signature };
  const index = engine.WorkspaceIndex.of([...render.primary].flatMap((group) => group.files.map((file) => file.parsed)));
  const byPath = new Map(files.map((file) => [file.path, file]));
  const read = (file) => {
    if (!byPath.has(file)) byPath.set(file, engine.parseText(file, readText(file)));
    return byPath.get(file);
  };
  const findings = engine.renderedFindings(render, {
    rules: engine.RULES,
    index,
    settingsFor: () => settings,
    read,
    readText: (file) => read(file).text,
    displayRoot: chart,
  });
  const count = [...findings.values()].reduce((sum, list) => sum + list.length, 0);
  if (render.groups.length !== 3 || count === 0) throw new Error(`expected 3 rendered value sets with findings, got ${render.groups.length} and ${count}`);
  return { ms: performance.now() - started, renderMs, findings: count, signature: render.signature };
}

import { readFileSync } from 'node:fs';
function readText(file) {
  return readFileSync(file, 'utf8');
}

const { helm } = ensureTools();
const engine = await loadBundle('bench-render', ENTRY);
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubetier-bench-render-'));
const chart = path.join(dir, 'bench');
try {
  writeChart(chart);
  // Warm both: helm's binary in the page cache, kubetier's rules compiled (the editor's server is warm).
  helmAlone(helm, chart);
  await kubetier(engine, helm, chart, new engine.RenderCache(), chartFiles(engine, chart));
  const helmTimes = [];
  const kubetierTimes = [];
  const relintTimes = [];
  const renderTimes = [];
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    helmTimes.push(helmAlone(helm, chart));
    const cache = new engine.RenderCache();
    const files = chartFiles(engine, chart);
    const cold = await kubetier(engine, helm, chart, cache, files);
    kubetierTimes.push(cold.ms);
    renderTimes.push(cold.renderMs);
    findings = cold.findings;
    relintTimes.push((await kubetier(engine, helm, chart, cache, files, cold)).ms);
  }
  const ratio = median(kubetierTimes) / median(helmTimes);
  const judged = (text) => (QUICK ? 'not judged (smoke run)' : text);
  const rows = [
    ['helm template x3 value sets (helm alone)', median(helmTimes), ''],
    [`kubetier: render 3 value sets + lint (${findings} findings mapped)`, median(kubetierTimes), judged(`${ratio.toFixed(2)}x helm alone (budget <= 1.3x): ${ratio <= 1.3 ? 'met' : 'NOT met'}`)],
    ['  of which: plan, the 3 helm runs (in parallel), reading their output', median(renderTimes), ''],
    ['kubetier re-lint, nothing changed (cache)', median(relintTimes), judged(`budget < 50 ms: ${median(relintTimes) < 50 ? 'met' : 'NOT met'}`)],
  ];
  console.log(`| ${TEMPLATES}-template chart, 3 value sets (median of ${RUNS}) | Time | Budget |\n|---|---|---|`);
  for (const [what, value, budget] of rows) console.log(`| ${what} | ${ms(value)} | ${budget} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
