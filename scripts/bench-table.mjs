// The rows of `npm run bench`'s table (scripts/bench.mjs): each figure "min / median" over the runs,
// beside the floor it is compared with and the budget of issue 18. Budgets are judged on the median.
import path from 'node:path';
import { DEFAULT_CORPUS, median, ROOT } from './bench-lib.mjs';
import { statSync } from 'node:fs';

const MB = 1024 * 1024;
const min = (values) => Math.min(...values);
const number = (value) => value.toLocaleString('en-US');
const millis = (value) => (value < 100 ? value.toFixed(1) : number(Math.round(value)));
const megabytes = (value) => value.toFixed(0);
const figure = (values, format, unit) => `${format(min(values))} / ${format(median(values))} ${unit}`;
const timeFigure = (values) => figure(values, millis, 'ms');
const ratio = (values, floor) => `${(min(values) / min(floor)).toFixed(2)}× / ${(median(values) / median(floor)).toFixed(2)}×`;
const ms = (runs) => runs.map((run) => run.ms);
/** Unjudged in a smoke run: its figures come from tiny inputs. */
const verdict = (met, smoke) => (smoke ? 'smoke' : met ? 'met' : '**NOT met**');

export function inputLabel(input, floorRun) {
  const size = `${(floorRun.bytes / MB).toFixed(1)} MB, ${number(floorRun.documents)} docs`;
  if (input.kind === 'corpus') return `corpus/real${input.path === DEFAULT_CORPUS ? '' : `/${path.basename(input.path)}`} (${number(floorRun.files)} files, ${size})`;
  if (input.kind === 'file') return `biggest corpus file: ${path.relative(DEFAULT_CORPUS, input.path)} (${size})`;
  if (input.kind === 'small-files') return `${number(floorRun.files)} one-document files (${size})`;
  return `synthetic ${number(input.count)} docs (${size})`;
}

/**
 * The floor, the lint without and with schemas, and the budgets this input carries: `plain` / `withSchema`
 * (a ratio to the floor), `peakMB` (peak RSS of the schema-less lint), `perFileMs` (lint minus floor, per file).
 */
export function lintRows(input, results, budgets, smoke) {
  const floor = ms(results.floor);
  const label = inputLabel(input, results.floor[0]);
  const plain = ms(results.lint);
  const withSchema = ms(results['lint+schema']);
  const ratioBudget = (times, limit) => (limit ? [`≤ ${limit}× floor`, verdict(median(times) / median(floor) <= limit, smoke)] : ['', '']);
  const rows = [
    ['yaml parseAllDocuments (floor)', label, timeFigure(floor), '1×', '', ''],
    [`kubetier lint, no schema (${number(results.lint[0].findings)} findings)`, label, timeFigure(plain), ratio(plain, floor), ...ratioBudget(plain, budgets.plain)],
    [`kubetier lint + schema (${number(results['lint+schema'][0].findings)} findings)`, label, timeFigure(withSchema), ratio(withSchema, floor), ...ratioBudget(withSchema, budgets.withSchema)],
  ];
  if (budgets.peakMB) {
    const peaks = results.lint.map((run) => run.peakRssMB);
    rows.push(['peak RSS of the lint, no schema', label, figure(peaks, megabytes, 'MB'), '', `≤ ${budgets.peakMB} MB`, verdict(median(peaks) <= budgets.peakMB, smoke)]);
  }
  if (budgets.perFileMs) {
    const files = results.floor[0].files;
    const perFile = plain.map((time, run) => (time - floor[run]) / files);
    rows.push(['per-file overhead: (lint, no schema − floor) / files', label, figure(perFile, (value) => value.toFixed(2), 'ms'), '', `≤ ${budgets.perFileMs} ms`, verdict(median(perFile) <= budgets.perFileMs, smoke)]);
  }
  return rows;
}

/** Each combined schema: yaml-language-server's time, and kubetier lint + schema's speed-up over it. */
export function ylsRows(label, floor, kubetier, runsBySchema, smoke) {
  const speedUp = (yls) => `${(min(yls) / min(kubetier)).toFixed(1)}× / ${(median(yls) / median(kubetier)).toFixed(1)}×`;
  return Object.entries(runsBySchema).flatMap(([schema, runs]) => {
    const times = ms(runs);
    return [
      [`yaml-language-server 1.25.0 doValidation, ${schema} combined K8s+CRD schema (${number(runs[0].diagnostics)} diagnostics)`, label, timeFigure(times), ratio(times, floor), '', ''],
      [`speed-up of kubetier lint + schema over that (${schema})`, label, speedUp(times), '', '≥ 5×', verdict(median(times) / median(kubetier) >= 5, smoke)],
    ];
  });
}

export function keystrokeRows(runs, { documents, edits, debounce }, smoke) {
  const label = `synthetic ${number(documents)} docs, ${edits} one-letter edits at seeded random places, dist/server.js over stdio`;
  const p50 = runs.map((run) => run.p50);
  const p95 = runs.map((run) => run.p95);
  const minus = (values) => values.map((value) => value - debounce);
  return [
    [`keystroke → diagnostics p50, as measured (includes the ${debounce} ms lint debounce)`, label, timeFigure(p50), '', '', ''],
    [`keystroke → diagnostics p95, as measured (includes the ${debounce} ms lint debounce)`, label, timeFigure(p95), '', '', ''],
    [`keystroke → diagnostics p50, minus the ${debounce} ms debounce`, label, timeFigure(minus(p50)), '', '', ''],
    [`keystroke → diagnostics p95, minus the ${debounce} ms debounce`, label, timeFigure(minus(p95)), '', '≤ 10 ms', verdict(median(minus(p95)) <= 10, smoke)],
  ];
}

export function firstDiagnosticsRows(results, documents, smoke) {
  const label = `synthetic ${number(documents)} docs at tier 5, over stdio`;
  const kubetier = ms(results.kubetier);
  const yls = ms(results.yls);
  return [
    [`spawn → first diagnostics: kubetier dist/server.js (${results.kubetier[0].diagnostics} diagnostics)`, label, timeFigure(kubetier), '', '≤ 300 ms', verdict(median(kubetier) <= 300, smoke)],
    [`spawn → first diagnostics: yaml-language-server 1.25.0, bucketed combined schema (${results.yls[0].diagnostics} diagnostics)`, label, timeFigure(yls), '', '', ''],
  ];
}

export function heapRows(runs, documents, smoke) {
  const label = `synthetic ${number(documents)} docs, lint + schema`;
  const retained = runs.map((run) => run.retainedMB);
  return [
    ["retained heap after GC: one open file's parse, index, findings and compiled schemas (above its text)", label, figure(retained, megabytes, 'MB'), '', '≤ 300 MB', verdict(median(retained) <= 300, smoke)],
    ['peak RSS of that process', label, figure(runs.map((run) => run.peakRssMB), megabytes, 'MB'), '', '', ''],
  ];
}

export function activationRows(clientLoads, serverStarts, smoke) {
  const totals = clientLoads.map((value, run) => value + serverStarts[run]);
  return [
    ["client bundle load: require('dist/client.js') with a fake 'vscode' (activate() not run)", 'dist/ from node esbuild.mjs', timeFigure(clientLoads), '', '', ''],
    ['server start: spawn node dist/server.js --stdio → initialize answered', '', timeFigure(serverStarts), '', '', ''],
    ['activation estimate: the two above added', '', timeFigure(totals), '', '≤ 200 ms', verdict(median(totals) <= 200, smoke)],
  ];
}

export function vsixRow(file, smoke) {
  if (!file) return ['VSIX size', 'no kubetier.vsix built (a smoke run does not package one)', '', '', '≤ 5 MB', 'smoke'];
  const { size, mtime } = statSync(file);
  const vsixMB = size / MB;
  return ['VSIX size', `${path.relative(ROOT, file)} (built ${mtime.toISOString().slice(0, 16).replace('T', ' ')})`, `${vsixMB.toFixed(2)} MB`, '', '≤ 5 MB', verdict(vsixMB <= 5, smoke)];
}

export function table(rows) {
  const header = ['measure', 'input', 'min / median', 'vs floor (min / median)', 'budget', ''];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
