import * as path from 'path';
import type { ResolvedSettings } from '../lint/config';
import { fixObject } from '../edit/fix';
import { lintFile, RENDER_ERROR_ID, type Finding, type LintOptions, type RelatedLocation, type SourceFix } from '../lint/lint';
import type { Rule } from '../lint/rule';
import type { WorkspaceIndex } from '../workspace/workspace';
import type { ParsedFile } from '../yaml/model';
import { mapRendered, renderErrorMessage, renderLabel, type RenderedFile, type RenderError } from './interpret';
import type { FileReader } from './patches';
import { groupSources, type ProjectRender } from './renderproject';
import { renderedSourceFix } from './sourcefix';
import { pathAtOffset } from './sourcemap';

/** A group of rendered files that deploy together (one value set of a chart, one overlay). */
export interface RenderGroup {
  files: RenderedFile[];
}

export interface RenderedLintOptions {
  rules: readonly Rule[];
  index: WorkspaceIndex;
  settingsFor(target: RenderedFile['target']): ResolvedSettings;
  read: FileReader;
  readText(file: string): string | undefined;
  /** Folder paths are shown relative to in messages. */
  displayRoot: string;
}

interface Merged {
  path: string;
  finding: Finding;
  labels: string[];
}

/**
 * Lints every group's objects with the index seeing that group (other groups of the same chart or
 * overlay swapped out: two value sets are two deployments, not duplicates), maps each finding to the
 * template, resource or patch line, adds a finding on the values file a value came from, and merges
 * the same finding of several value sets into one naming them. Findings by file path.
 */
export function lintRenderGroups(groups: readonly RenderGroup[], primary: ReadonlySet<RenderGroup>, options: RenderedLintOptions): Map<string, Finding[]> {
  const merged = new Map<string, Merged>();
  const byPath = new Map<string, RenderedFile>();
  for (const group of groups) for (const file of group.files) byPath.set(file.parsed.path, file);
  for (const group of groups) {
    const swapped = primary.has(group) ? [] : swapIn(group, groups, primary, options.index);
    for (const file of group.files) {
      const settings = options.settingsFor(file.target);
      const lintOptions: LintOptions = { settings, index: options.index, rules: options.rules };
      for (const finding of lintFile(file.parsed, lintOptions)) addMapped(merged, file, finding, byPath, options);
    }
    for (const restore of swapped) restore();
  }
  const result = new Map<string, Finding[]>();
  for (const { path: filePath, finding, labels } of merged.values()) {
    const list = result.get(filePath) ?? [];
    const how = finding.rendered?.tool === 'kustomize' ? 'in' : 'with';
    list.push({ ...finding, message: `${finding.message} (${how} ${labels.join(', ')})`, rendered: finding.rendered && { ...finding.rendered, valueSets: labels } });
    result.set(filePath, list);
  }
  return result;
}

/** Every finding a workspace's renders give, by file: the rendered objects' findings, and each render error at its place. */
export function renderedFindings(render: ProjectRender, options: RenderedLintOptions): Map<string, Finding[]> {
  const mapped = lintRenderGroups(render.groups, render.primary, options);
  // The same error of several value sets (a template broken whatever the values) is one diagnostic naming them.
  const same = new Map<string, { error: RenderError; valueSets: string[] }>();
  for (const error of render.errors) {
    const key = JSON.stringify([error.path, error.range, error.target, error.problem]);
    const entry = same.get(key) ?? { error, valueSets: [] };
    if (error.valueSet) entry.valueSets.push(error.valueSet);
    same.set(key, entry);
  }
  for (const { error, valueSets } of same.values()) {
    const list = mapped.get(error.path) ?? [];
    list.push({ ruleId: RENDER_ERROR_ID, severity: 'error', message: renderErrorMessage(error, valueSets), range: error.range, related: [] });
    mapped.set(error.path, list);
  }
  return mapped;
}

/**
 * Puts a non-primary group's files in the index in place of the primary groups it is an alternative to
 * (another value set of its chart, another overlay of the same base); returns how to undo that.
 */
function swapIn(group: RenderGroup, groups: readonly RenderGroup[], primary: ReadonlySet<RenderGroup>, index: WorkspaceIndex): (() => void)[] {
  const target = group.files[0]?.target;
  const sources = new Set(groupSources(group));
  const alternative = (other: RenderGroup) => other.files[0]?.target === target || groupSources(other).some((source) => sources.has(source));
  const replaced = groups.filter((other) => primary.has(other) && alternative(other)).flatMap((other) => other.files);
  for (const file of replaced) index.delete(file.parsed.path);
  for (const file of group.files) index.set(file.parsed);
  return [
    () => {
      for (const file of group.files) index.delete(file.parsed.path);
      for (const file of replaced) index.set(file.parsed);
    },
  ];
}

function addMapped(merged: Map<string, Merged>, file: RenderedFile, finding: Finding, byPath: ReadonlyMap<string, RenderedFile>, options: RenderedLintOptions): void {
  const label = renderLabel(file);
  const where = locateRendered(file, finding.range, options);
  const object = file.parsed.objects.find((candidate) => finding.object && candidate.kind === finding.object.kind && candidate.name === finding.object.name);
  const rendered = { tool: file.target.tool, valueSets: [label], object: finding.object ?? { apiVersion: object?.apiVersion ?? '', kind: object?.kind ?? '', name: object?.name } };
  const related: RelatedLocation[] = [
    ...finding.related.map((entry) => mapRelated(entry, byPath, options)),
    ...where.values.map((value) => ({ path: value.path, range: value.range, message: 'the value comes from here' })),
  ];
  // The rule's fix edits rendered text no file holds: it is offered as edits of the source, where there is one.
  const sourceFix = sourceFixOf(file, finding, options);
  add(merged, where.path, { ...finding, range: where.range, related, fix: undefined, sourceFix, rendered }, label);
  const templateLine = `${displayPath(where.path, options.displayRoot)}:${where.range.start.line + 1}`;
  for (const value of where.values) {
    add(merged, value.path, { ...finding, range: value.range, message: `${finding.message} [this value is used by ${templateLine}]`, related: [{ path: where.path, range: where.range, message: 'the template that uses this value' }], fix: undefined, sourceFix, rendered }, label);
  }
}

function add(merged: Map<string, Merged>, filePath: string, finding: Finding, label: string): void {
  const { start, end } = finding.range;
  const key = [filePath, start.line, start.character, end.line, end.character, finding.ruleId, finding.severity, finding.message].join('\0');
  const existing = merged.get(key);
  if (existing) {
    if (!existing.labels.includes(label)) existing.labels.push(label);
    // Value sets that need different edits share no fix: each values file keeps its own.
    if (JSON.stringify(existing.finding.sourceFix) !== JSON.stringify(finding.sourceFix)) existing.finding = { ...existing.finding, sourceFix: undefined };
    return;
  }
  merged.set(key, { path: filePath, finding, labels: [label] });
}

function sourceFixOf(file: RenderedFile, finding: Finding, options: RenderedLintOptions): SourceFix | undefined {
  const object = finding.fix && fixObject(file.parsed, finding);
  if (!object) return undefined;
  const rule = options.rules.find((candidate) => candidate.id === finding.ruleId);
  const context = { index: options.index, tier: options.settingsFor(file.target).tier };
  return renderedSourceFix(file, object, finding, rule, context, options.read, options.readText);
}

/** Where a range of a rendered file is in the user's files: the template, resource or patch line, and the values behind it. */
export function locateRendered(file: RenderedFile, range: Finding['range'], options: Pick<RenderedLintOptions, 'read' | 'readText'>): ReturnType<typeof mapRendered> {
  const parsed: ParsedFile = file.parsed;
  const offset = parsed.lines.offsetAt(range.start);
  const object = parsed.objects.find((candidate) => offset >= candidate.document.span[0] && offset <= candidate.document.span[1]) ?? parsed.objects[0];
  if (!object) return { path: file.source ?? file.target.anchor, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, values: [] };
  const fieldPath = pathAtOffset(object.document, offset).slice(object.basePath.length);
  return mapRendered(file, object, fieldPath, options.read, options.readText);
}

function mapRelated(entry: RelatedLocation, byPath: ReadonlyMap<string, RenderedFile>, options: RenderedLintOptions): RelatedLocation {
  const file = byPath.get(entry.path);
  if (!file) return entry;
  const where = locateRendered(file, entry.range, options);
  return { ...entry, path: where.path, range: where.range };
}

function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
