import * as path from 'path';
import { pathToFileURL } from 'url';
import { describeTierSource } from '../engine/lint/config';
import { describeNotChecked } from '../engine/lint/notchecked';
import type { Finding } from '../engine/lint/lint';
import type { FileReport } from '../engine/workspace/project';
import { describeTierTable, type Rule } from '../engine/lint/rule';
import { SEVERITIES, type Severity } from '../engine/types';
import { ruleDocUrl } from '../engine/lint/docs';
import { escapeControl } from './terminal';

export type Summary = Record<Severity, number>;

export function summarize(reports: readonly FileReport[]): Summary {
  const summary: Summary = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const report of reports) for (const finding of report.findings) summary[finding.severity]++;
  return summary;
}

/** A path relative to `cwd` when it lies inside it, else as given. */
export function displayPath(file: string, cwd: string): string {
  if (file === '-' || file.startsWith('<')) return file;
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function objectLabel(finding: Finding): string {
  const object = finding.object;
  if (!object) return '';
  return `${object.kind}${object.name ? `/${object.name}` : ''}`;
}

/** One entry per file or document not checked: the files skipped whole, then the parts of read files. */
export interface SkippedEntry {
  path: string;
  /** 1-based line; absent for a file that was not read. */
  line?: number;
  /** 1-based document number, when one document of the file is not checked. */
  document?: number;
  reason: string;
}

export function skippedEntries(reports: readonly FileReport[], cwd: string): SkippedEntry[] {
  return reports.flatMap((report): SkippedEntry[] => {
    const file = displayPath(report.path, cwd);
    if (report.skipped) return [{ path: file, reason: report.skipped }];
    return report.notChecked.map((part) => ({
      path: file,
      line: part.range.start.line + 1,
      ...(part.documentIndex !== undefined ? { document: part.documentIndex + 1 } : {}),
      reason: part.reason,
    }));
  });
}

/** JSON: 1-based lines and columns, as documented in the README. */
export function formatJson(reports: readonly FileReport[], cwd: string): string {
  const files = reports.map((report) => ({
    path: displayPath(report.path, cwd),
    tier: report.settings.tier,
    ...(report.skipped ? { skipped: report.skipped } : {}),
    findings: report.findings.map((finding) => ({
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      line: finding.range.start.line + 1,
      column: finding.range.start.character + 1,
      endLine: finding.range.end.line + 1,
      endColumn: finding.range.end.character + 1,
      object: finding.object
        ? {
            apiVersion: finding.object.apiVersion,
            kind: finding.object.kind,
            name: finding.object.name ?? null,
            namespace: finding.object.namespace ?? null,
          }
        : null,
      ...(finding.rendered ? { rendered: finding.rendered } : {}),
      ...(finding.related.length > 0
        ? {
            related: finding.related.map((related) => ({
              path: displayPath(related.path, cwd),
              line: related.range.start.line + 1,
              column: related.range.start.character + 1,
              message: related.message,
            })),
          }
        : {}),
    })),
  }));
  return JSON.stringify({ files, skipped: skippedEntries(reports, cwd), summary: summarize(reports) }, null, 2);
}

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[90m' };
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';

/** Text grouped by file; colour only when writing to a terminal. What files supplied is escaped before colour is added. */
export function formatText(reports: readonly FileReport[], cwd: string, colour: boolean): string {
  const paint = (code: string, text: string) => (colour ? `${code}${text}${RESET}` : text);
  const shownPath = (file: string) => escapeControl(displayPath(file, cwd));
  const out: string[] = [];
  for (const report of reports) {
    if (report.skipped) {
      out.push(`${paint(BOLD, shownPath(report.path))}: skipped (${escapeControl(report.skipped)})`, '');
      continue;
    }
    for (const part of report.notChecked) {
      out.push(`${paint(BOLD, displayPath(report.path, cwd))}:${part.range.start.line + 1}: ${paint(DIM, 'not checked:')} ${describeNotChecked(part)}`);
    }
    if (report.findings.length === 0) {
      if (report.notChecked.length > 0) out.push('');
      continue;
    }
    out.push(
      `${paint(BOLD, shownPath(report.path))} ${paint(DIM, `(tier ${report.settings.tier}, from ${escapeControl(describeTierSource(report.settings.tierSource))})`)}`,
    );
    for (const finding of report.findings) {
      const where = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const object = escapeControl(objectLabel(finding));
      out.push(
        `  ${where.padEnd(8)} ${paint(COLOURS[finding.severity], finding.severity.padEnd(7))} ${escapeControl(finding.message)} ${paint(DIM, `${escapeControl(finding.ruleId)}${object ? ` ${object}` : ''}`)}`,
      );
    }
    out.push('');
  }
  out.push(summaryLine(reports));
  return out.join('\n');
}

/** "3 problems (1 error, 2 warning, 0 info, 0 hint) in 2 files". */
export function summaryLine(reports: readonly FileReport[]): string {
  const summary = summarize(reports);
  const total = SEVERITIES.reduce((sum, severity) => sum + summary[severity], 0);
  const notChecked = reports.reduce((count, report) => count + (report.skipped ? 1 : report.notChecked.length), 0);
  return `${total} problem${total === 1 ? '' : 's'} (${SEVERITIES.map((severity) => `${summary[severity]} ${severity}`).join(', ')}) in ${reports.length} file${reports.length === 1 ? '' : 's'}${notChecked > 0 ? `; ${notChecked} not checked (listed above)` : ''}`;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** Base id for artifact URIs relative to the folder kubetier ran in, as code-scanning uploads expect. */
const SOURCE_ROOT = 'SRCROOT';

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (file === '-') return { uri: 'stdin' };
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function sarifRegion(range: Finding['range']) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** The custom rules of the configs the reports were linted with, each once. */
function customRulesOf(reports: readonly FileReport[]): Rule[] {
  const byId = new Map<string, Rule>();
  for (const report of reports) for (const rule of report.settings.customRules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}

/** SARIF 2.1.0 with the rule catalog as tool metadata, so code-scanning UIs show titles and help. */
export function formatSarif(reports: readonly FileReport[], builtIn: readonly Rule[], version: string, cwd: string): string {
  const rules = [...builtIn, ...customRulesOf(reports)];
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = reports.flatMap((report) =>
    report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: SARIF_LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: { artifactLocation: artifactLocation(report.path, cwd), region: sarifRegion(finding.range) },
          ...(finding.object ? { logicalLocations: [{ name: objectLabel(finding), kind: 'object' }] } : {}),
        },
      ],
      ...(finding.related.length > 0
        ? {
            relatedLocations: finding.related.map((related, id) => ({
              id,
              message: { text: related.message },
              physicalLocation: { artifactLocation: artifactLocation(related.path, cwd), region: sarifRegion(related.range) },
            })),
          }
        : {}),
      properties: { tier: report.settings.tier, ...(finding.rendered ? { rendered: finding.rendered } : {}) },
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubetier',
            version,
            informationUri: ruleDocUrl(),
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.rationale },
              help: { text: rule.remediation },
              helpUri: rule.helpUri ?? ruleDocUrl(rule.id),
              properties: { category: rule.category, tiers: describeTierTable(rule.tiers) },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            // What was not checked is a notification of the run, not a result: it is not a problem in the file.
            toolExecutionNotifications: skippedEntries(reports, cwd).map((entry) => ({
              level: 'note',
              descriptor: { id: 'not-checked' },
              message: { text: `Not checked: ${entry.reason}` },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: artifactLocation(entry.path, cwd),
                    ...(entry.line !== undefined ? { region: { startLine: entry.line } } : {}),
                  },
                },
              ],
            })),
          },
        ],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
