// "Disable for this line" (a kubetier-disable-next-line directive) and "Ignore for this object" (the
// kubetier.io/ignore annotation) for the rules of a lightbulb. Several rules on one range share one
// pair of actions: a container flagged by ten rules would otherwise offer twenty.
import { CodeActionKind, TextDocumentEdit, type CodeAction, type Diagnostic, type SnippetTextEdit, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyOperations } from '../engine/edit/edits';
import { diffEdits, type TextEdit } from '../engine/edit/textdiff';
import { annotationSuppressions, IGNORE_ANNOTATION } from '../engine/lint/suppress';
import { findNode } from '../engine/yaml/locate';
import type { KubeObject, ParsedFile } from '../engine/yaml/model';

/** Up to this many rules on a range get a pair of actions each; more share one pair. */
export const RULES_SUPPRESSED_ONE_BY_ONE = 2;

const NEXT_LINE_DIRECTIVE = /^(\s*#\s*kubetier-disable-next-line\s+)([^#]*?)(\s+--.*)?$/;

/** The rules of one action and the diagnostics it resolves. */
export interface SuppressionTarget {
  ruleIds: string[];
  diagnostics: Diagnostic[];
  /** The line the rules flag (the first diagnostic's). */
  line: number;
}

function rulesLabel(ruleIds: readonly string[]): string {
  return ruleIds.length === 1 ? ruleIds[0] : `${ruleIds.length} kubetier rules (${ruleIds.join(', ')})`;
}

function versioned(document: TextDocument, edits: (LspTextEdit | SnippetTextEdit)[]): CodeAction['edit'] {
  return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, edits)] };
}

/** `$`, `}` and `\` are snippet syntax: rule ids never hold them, indentation never does either. */
function snippetText(text: string): string {
  return text.replace(/[$}\\]/g, (char) => `\\${char}`);
}

/**
 * "Disable <rules> for this line": a directive above the line, or the rules added to the directive
 * already there. A new directive's reason is a tab stop where the client takes snippet edits.
 */
export function disableLineAction(document: TextDocument, file: ParsedFile, target: SuppressionTarget, snippets: boolean): CodeAction | undefined {
  const { line } = target;
  if (line >= file.lines.lineCount) return undefined;
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const previous = line > 0 ? NEXT_LINE_DIRECTIVE.exec(file.lines.lineText(line - 1)) : null;
  const title = `Disable ${rulesLabel(target.ruleIds)} for this line`;
  if (previous) {
    const ids = previous[2].split(/[\s,]+/).filter(Boolean);
    const added = target.ruleIds.filter((id) => !ids.includes(id));
    if (added.length === 0) return undefined;
    const at = file.lines.lineStart(line - 1) + previous[1].length + previous[2].length;
    const edit = { range: file.lines.rangeOf(at, at), newText: `${ids.length > 0 ? ', ' : ''}${added.join(', ')}` };
    return { title, kind: CodeActionKind.QuickFix, diagnostics: target.diagnostics, edit: versioned(document, [edit]) };
  }
  const indentation = /^\s*/.exec(file.lines.lineText(line))![0];
  const range = file.lines.rangeOf(file.lines.lineStart(line), file.lines.lineStart(line));
  const directive = `${indentation}# kubetier-disable-next-line ${target.ruleIds.join(', ')} -- `;
  const edit: LspTextEdit | SnippetTextEdit = snippets
    ? { range, snippet: { kind: 'snippet', value: `${snippetText(directive)}\${1:reason}${eol}` } }
    : { range, newText: `${directive}reason${eol}` };
  return { title, kind: CodeActionKind.QuickFix, diagnostics: target.diagnostics, edit: versioned(document, [edit]) };
}

/** The innermost object whose node holds an offset (a List item rather than the List). */
function objectAt(file: ParsedFile, offset: number): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const object of file.objects) {
    const node = findNode(object.document, object.basePath).node;
    const range = node?.range;
    if (!range || offset < range[0] || offset > range[2]) continue;
    if (!best || object.basePath.length > best.basePath.length) best = object;
  }
  return best;
}

/** The annotation value with more rule ids, before any `-- reason`. */
export function withIgnoredRules(existing: string, ruleIds: readonly string[]): string {
  const match = /^(.*?)(\s+--.*)?$/s.exec(existing)!;
  const ids = match[1].trimEnd();
  return `${ids}${ids.trim() ? ',' : ''}${ruleIds.join(',')}${match[2] ?? ''}`;
}

/** "Ignore <rules> for this object": adds the rules to the kubetier.io/ignore annotation. */
export function ignoreObjectAction(document: TextDocument, file: ParsedFile, target: SuppressionTarget): CodeAction | undefined {
  const object = objectAt(file, file.lines.offsetAt({ line: target.line, character: target.diagnostics[0].range.start.character }));
  if (!object) return undefined;
  const ignored = new Set(annotationSuppressions(object).filter((entry) => entry.own).map((entry) => entry.ruleId));
  const added = target.ruleIds.filter((id) => !ignored.has(id));
  if (added.length === 0) return undefined;
  const metadata = object.value.metadata as Record<string, unknown> | undefined;
  const annotations = metadata && typeof metadata === 'object' ? (metadata.annotations as Record<string, unknown> | undefined) : undefined;
  const existing = annotations && typeof annotations === 'object' ? annotations[IGNORE_ANNOTATION] : undefined;
  const value = typeof existing === 'string' ? withIgnoredRules(existing, added) : added.join(',');
  const text = applyOperations(file.text, { documentIndex: object.document.index, basePath: object.basePath }, [
    { op: 'set', path: ['metadata', 'annotations', IGNORE_ANNOTATION], value },
  ]);
  const edits: TextEdit[] = diffEdits(file.text, text);
  if (edits.length === 0) return undefined;
  return {
    title: `Ignore ${rulesLabel(added)} for this object`,
    kind: CodeActionKind.QuickFix,
    diagnostics: target.diagnostics,
    edit: versioned(document, edits.map((edit) => ({ range: file.lines.rangeOf(edit.start, edit.end), newText: edit.newText }))),
  };
}

/** The suppression targets of a lightbulb's diagnostics, per flagged line: one per rule, or one for all when a line has many. */
export function suppressionTargets(diagnostics: readonly { diagnostic: Diagnostic; ruleId: string }[]): SuppressionTarget[] {
  const byLine = new Map<number, Map<string, Diagnostic[]>>();
  for (const { diagnostic, ruleId } of diagnostics) {
    const line = diagnostic.range.start.line;
    const rules = byLine.get(line) ?? new Map<string, Diagnostic[]>();
    rules.set(ruleId, [...(rules.get(ruleId) ?? []), diagnostic]);
    byLine.set(line, rules);
  }
  return [...byLine].flatMap(([line, rules]) =>
    rules.size <= RULES_SUPPRESSED_ONE_BY_ONE
      ? [...rules].map(([ruleId, entries]) => ({ ruleIds: [ruleId], diagnostics: entries, line }))
      : [{ ruleIds: [...rules.keys()], diagnostics: [...rules.values()].flat(), line }],
  );
}
