// Quick-fixes of findings, and "fix all": rules describe fixes as operations,
// engine/edit/edits turns them into text; this module finds the object again and
// iterates fix-all until the file is stable.
import type { ResolvedSettings } from '../lint/config';
import { parseText } from '../workspace/disk';
import { applyOperations } from './edits';
import { detectStyle, type LayoutStyle } from './style';
import { lintFile, type Finding } from '../lint/lint';
import type { KubeObject, ParsedFile } from '../yaml/model';
import type { FixData, FixOperation, Rule } from '../lint/rule';
import { diffEdits, type TextEdit } from './textdiff';
import type { NodePath, Tier } from '../types';
import { WorkspaceIndex } from '../workspace/workspace';
import { parseYamlDocuments } from '../yaml/parse';

function samePath(a: NodePath, b: NodePath): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

/** The object a finding's fix targets, found again by document index and base path. */
export function fixObject(file: ParsedFile, finding: Finding): KubeObject | undefined {
  const fix = finding.fix;
  if (!fix) return undefined;
  return file.objects.find((object) => object.document.index === fix.documentIndex && samePath(object.basePath, fix.basePath));
}

export function fixTitle(rule: Rule, data: FixData): string {
  if (!rule.fix) return '';
  try {
    return typeof rule.fix.title === 'function' ? rule.fix.title(data) : rule.fix.title;
  } catch {
    return `Fix ${rule.id}`;
  }
}

/** Whether a fix creates objects: those are offered one by one, never applied by "fix all". */
export function createsObjects(operations: readonly FixOperation[]): boolean {
  return operations.some((operation) => operation.op === 'addDocument');
}

export interface FixContext {
  index: WorkspaceIndex;
  tier: Tier;
}

/** The operations of a finding's fix; undefined when the rule has none or its fix fails on odd input. */
export function fixOperations(file: ParsedFile, finding: Finding, rule: Rule | undefined, context: FixContext): FixOperation[] | undefined {
  if (!rule?.fix || !finding.fix || rule.id !== finding.ruleId) return undefined;
  const object = fixObject(file, finding);
  if (!object) return undefined;
  try {
    const operations = rule.fix.operations(object, finding.fix.data, context);
    return Array.isArray(operations) && operations.length > 0 ? operations : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Applies operations to one document of a text, given the document's span in
 * it: only that document is re-parsed per operation, so fixing a large
 * multi-document file stays proportional to the documents fixed.
 */
export function applyToDocument(
  text: string,
  span: readonly [number, number],
  basePath: NodePath,
  operations: readonly FixOperation[],
  style: LayoutStyle,
): string {
  const [start, end] = span;
  const slice = text.slice(start, end);
  const fixed = applyOperations(slice, { documentIndex: 0, basePath }, operations, style);
  if (fixed === slice) return text;
  const rest = text.slice(end);
  // A document created at the end of the slice must not swallow a following document that has no `---`.
  const separator = operations.some((operation) => operation.op === 'addDocument') && startsWithoutMarker(rest) ? `---${style.eol}` : '';
  // Last line of defence for layouts the edit engine misreads: a fix never turns valid YAML into invalid YAML.
  const neighbour = upToNextMarker(rest);
  if (!hasYamlErrors(slice + neighbour) && hasYamlErrors(fixed + separator + neighbour)) return text;
  return text.slice(0, start) + fixed + separator + rest;
}

/** The start of `text` up to (not including) its next `---` line: the rest of the edited document's surroundings. */
function upToNextMarker(text: string): string {
  const marker = /^---/m.exec(text);
  return marker ? text.slice(0, marker.index) : text;
}

function hasYamlErrors(text: string): boolean {
  return parseYamlDocuments(text).some((document) => document.errors.length > 0);
}

/** Text whose first line of content is not a `---` marker or directive (what follows `...` can be). */
function startsWithoutMarker(text: string): boolean {
  const firstContent = text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  return firstContent !== undefined && !/^(---|%)/.test(firstContent);
}

/** The file's text after one finding's fix (unchanged when there is nothing to do). */
export function applyFindingFix(file: ParsedFile, finding: Finding, rule: Rule | undefined, context: FixContext): string {
  const operations = fixOperations(file, finding, rule, context);
  const document = finding.fix && file.documents[finding.fix.documentIndex];
  if (!operations || !finding.fix || !document) return file.text;
  return applyToDocument(file.text, document.span, finding.fix.basePath, operations, detectStyle(file.text));
}

/** Minimal text edits (offsets into file.text) of one finding's fix. */
export function findingFixEdits(file: ParsedFile, finding: Finding, rule: Rule | undefined, context: FixContext): TextEdit[] {
  return diffEdits(file.text, applyFindingFix(file, finding, rule, context));
}

export interface FixAllOptions {
  rules: readonly Rule[];
  settings: ResolvedSettings;
  /** The workspace the file belongs to; fix-all lints against a copy holding the fixed text. */
  index: WorkspaceIndex;
  /** Which findings to fix. Default: those of rules whose fix is safe and creates no object. */
  accept?(rule: Rule, finding: Finding): boolean;
  /** Rounds of lint-and-fix before giving up on overlapping fixes that keep changing the text. */
  maxRounds?: number;
}

export interface FixAllResult {
  text: string;
  /** Findings fixed, by rule id (a finding fixed in two rounds counts twice). */
  fixed: Map<string, number>;
  /** False when the text still changed in the last allowed round. */
  stable: boolean;
}

export const defaultAccept = (rule: Rule): boolean => Boolean(rule.fix?.safe);

const DEFAULT_MAX_ROUNDS = 6;

/**
 * Applies every accepted fix of a file, then lints again and repeats until no
 * accepted finding remains or the text stops changing: fixes that touch the
 * same map (two rules adding to one securityContext) merge this way, and the
 * result is stable (fix-all of it changes nothing).
 */
export function fixAllText(path: string, text: string, options: FixAllOptions): FixAllResult {
  const accept = options.accept ?? defaultAccept;
  const byId = new Map(options.rules.map((rule) => [rule.id, rule]));
  const fixed = new Map<string, number>();
  const rounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  const style = detectStyle(text);
  let current = text;
  for (let round = 0; round < rounds; round++) {
    const file = parseText(path, current);
    if (file.problems.length > 0) return { text: current, fixed, stable: true };
    const index = WorkspaceIndex.of(options.index.allFiles());
    index.set(file);
    const findings = lintFile(file, { settings: options.settings, index, rules: options.rules });
    const candidates = findings.filter((finding) => {
      const rule = byId.get(finding.ruleId);
      return finding.fix !== undefined && rule?.fix !== undefined && accept(rule, finding);
    });
    // Later documents first: a created document shifts the index of the ones after it.
    candidates.sort((a, b) => b.fix!.documentIndex - a.fix!.documentIndex);
    let next = current;
    const context: FixContext = { index, tier: options.settings.tier };
    // Only the document being fixed moves: its end shifts by what its fixes added so far.
    let shiftedDocument = -1;
    let shift = 0;
    for (const finding of candidates) {
      const rule = byId.get(finding.ruleId);
      const document = file.documents[finding.fix!.documentIndex];
      const operations = fixOperations(file, finding, rule, context);
      if (!operations || !document || (!options.accept && createsObjects(operations))) continue;
      if (document.index !== shiftedDocument) [shiftedDocument, shift] = [document.index, 0];
      const after = applyToDocument(next, [document.span[0], document.span[1] + shift], finding.fix!.basePath, operations, style);
      if (after !== next) fixed.set(finding.ruleId, (fixed.get(finding.ruleId) ?? 0) + 1);
      shift += after.length - next.length;
      next = after;
    }
    if (next === current) return { text: current, fixed, stable: true };
    current = next;
  }
  return { text: current, fixed, stable: false };
}
