// Code actions: a diagnostic's quick-fix (found by its code and data, never its message),
// suppression actions, and "fix all" (source.fixAll.kubetier and the kubetier.applyFixAll command).
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type TextDocuments,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedSettings } from '../engine/lint/config';
import { applyOperations } from '../engine/edit/edits';
import { applyFindingFix, createsObjects, fixAllText, fixOperations, fixTitle } from '../engine/edit/fix';
import { INTERNAL_ERROR_ID, UNUSED_SUPPRESSION_ID, type Finding } from '../engine/lint/lint';
import { findNode } from '../engine/yaml/locate';
import type { KubeObject, ParsedFile } from '../engine/yaml/model';
import type { Rule } from '../engine/lint/rule';
import { annotationSuppressions, IGNORE_ANNOTATION } from '../engine/lint/suppress';
import { diffEdits, type TextEdit } from '../engine/edit/textdiff';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import { FIX_ALL_COMMAND, FIX_ALL_KIND, type FixAllCommandArgs } from '../protocol';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './diagnostics';
import { uriToPath } from './uri';

export { FIX_ALL_COMMAND, FIX_ALL_KIND };

/** What the server provides to compute actions: the same settings, parse cache and index lint uses. */
export interface CodeActionHost {
  documents: TextDocuments<TextDocument>;
  /** Resolved settings of a document, or undefined when kubetier is disabled for it. */
  settings(document: TextDocument): Promise<ResolvedSettings | undefined>;
  /** The document's parse for its version; parsing it (when no lint has yet) also indexes it. */
  ensureParsed(document: TextDocument): ParsedFile;
  index: WorkspaceIndex;
  rules: readonly Rule[];
}

export const CODE_ACTION_OPTIONS = {
  codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
};

/** Rules that are not suppressed by the user: the engine's own reports. */
const NOT_SUPPRESSIBLE = new Set([INTERNAL_ERROR_ID, UNUSED_SUPPRESSION_ID]);

function toLspEdits(file: ParsedFile, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((edit) => ({ range: file.lines.rangeOf(edit.start, edit.end), newText: edit.newText }));
}

/** A versioned edit: the client refuses it if the document changed after the action was computed. */
function documentEdit(document: TextDocument, file: ParsedFile, edits: readonly TextEdit[]): WorkspaceEdit {
  return { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, toLspEdits(file, edits))] };
}

function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return data && typeof data === 'object' && typeof data.version === 'number' ? (data as DiagnosticData) : undefined;
}

/** Rebuilds what a fix needs from a diagnostic: the rule id (code) and its fix data. */
function findingOf(diagnostic: Diagnostic, data: DiagnosticData): Finding {
  return { ruleId: String(diagnostic.code), severity: 'info', message: '', range: diagnostic.range, related: [], fix: data.fix };
}

function quickFix(host: CodeActionHost, document: TextDocument, file: ParsedFile, diagnostic: Diagnostic, rule: Rule, data: DiagnosticData, settings: ResolvedSettings): CodeAction | undefined {
  const finding = findingOf(diagnostic, data);
  const context = { index: host.index, tier: settings.tier };
  const operations = fixOperations(file, finding, rule, context);
  if (!operations || !finding.fix) return undefined;
  const edits = diffEdits(file.text, applyFindingFix(file, finding, rule, context));
  if (edits.length === 0) return undefined;
  return {
    title: fixTitle(rule, finding.fix.data),
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    // Fixes that create objects need a look before they are taken; the rest are what the rule asks.
    isPreferred: rule.fix!.safe && !createsObjects(operations),
    edit: documentEdit(document, file, edits),
  };
}

const NEXT_LINE_DIRECTIVE = /^(\s*#\s*kubetier-disable-next-line\s+)([^#]*?)(\s+--.*)?$/;

/** "Disable <rule> for this line": a directive above the line, or the rule added to the directive already there. */
function disableLineAction(document: TextDocument, file: ParsedFile, diagnostic: Diagnostic, ruleId: string): CodeAction | undefined {
  const line = diagnostic.range.start.line;
  if (line >= file.lines.lineCount) return undefined;
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const previous = line > 0 ? NEXT_LINE_DIRECTIVE.exec(file.lines.lineText(line - 1)) : null;
  let edit: TextEdit;
  if (previous) {
    const ids = previous[2].split(/[\s,]+/).filter(Boolean);
    if (ids.includes(ruleId)) return undefined;
    const at = file.lines.lineStart(line - 1) + previous[1].length + previous[2].length;
    edit = { start: at, end: at, newText: `${ids.length > 0 ? ', ' : ''}${ruleId}` };
  } else {
    const indentation = /^\s*/.exec(file.lines.lineText(line))![0];
    const at = file.lines.lineStart(line);
    edit = { start: at, end: at, newText: `${indentation}# kubetier-disable-next-line ${ruleId} -- reason${eol}` };
  }
  return {
    title: `Disable ${ruleId} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: documentEdit(document, file, [edit]),
  };
}

/** The innermost object whose node holds an offset (a List item rather than the List). */
export function objectAt(file: ParsedFile, offset: number): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const object of file.objects) {
    const node = findNode(object.document, object.basePath).node;
    const range = node?.range;
    if (!range || offset < range[0] || offset > range[2]) continue;
    if (!best || object.basePath.length > best.basePath.length) best = object;
  }
  return best;
}

/** The annotation value with one more rule id, before any `-- reason`. */
export function withIgnoredRule(existing: string, ruleId: string): string {
  const match = /^(.*?)(\s+--.*)?$/s.exec(existing)!;
  const ids = match[1].trimEnd();
  return `${ids}${ids.trim() ? ',' : ''}${ruleId}${match[2] ?? ''}`;
}

/** "Ignore <rule> for this object": adds the rule to the kubetier.io/ignore annotation. */
function ignoreObjectAction(document: TextDocument, file: ParsedFile, diagnostic: Diagnostic, ruleId: string): CodeAction | undefined {
  const object = objectAt(file, file.lines.offsetAt(diagnostic.range.start));
  if (!object) return undefined;
  if (annotationSuppressions(object).some((entry) => entry.own && entry.ruleId === ruleId)) return undefined;
  const metadata = object.value.metadata as Record<string, unknown> | undefined;
  const annotations = metadata && typeof metadata === 'object' ? (metadata.annotations as Record<string, unknown> | undefined) : undefined;
  const existing = annotations && typeof annotations === 'object' ? annotations[IGNORE_ANNOTATION] : undefined;
  const value = typeof existing === 'string' ? withIgnoredRule(existing, ruleId) : ruleId;
  const text = applyOperations(file.text, { documentIndex: object.document.index, basePath: object.basePath }, [
    { op: 'set', path: ['metadata', 'annotations', IGNORE_ANNOTATION], value },
  ]);
  const edits = diffEdits(file.text, text);
  if (edits.length === 0) return undefined;
  return {
    title: `Ignore ${ruleId} for this object`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: documentEdit(document, file, edits),
  };
}

/** Every safe fix of the document, as one edit; undefined when there is nothing to fix. */
export async function fixAllEdit(host: CodeActionHost, document: TextDocument): Promise<WorkspaceEdit | undefined> {
  const settings = await host.settings(document);
  if (!settings) return undefined;
  const file = host.ensureParsed(document);
  const result = fixAllText(uriToPath(document.uri), file.text, { rules: host.rules, settings, index: host.index });
  const edits = diffEdits(file.text, result.text);
  return edits.length > 0 ? documentEdit(document, file, edits) : undefined;
}

function wantsFixAll(only: readonly string[] | undefined): boolean {
  return only !== undefined && only.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`));
}

function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  return only === undefined || only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`));
}

export async function codeActions(host: CodeActionHost, params: CodeActionParams): Promise<CodeAction[]> {
  const document = host.documents.get(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wantsQuickFixes(only)) {
    const settings = await host.settings(document);
    if (settings && host.documents.get(document.uri)?.version === document.version) {
      const file = host.ensureParsed(document);
      const byId = new Map(host.rules.map((rule) => [rule.id, rule]));
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
        const data = diagnosticData(diagnostic);
        // Positions and fix data belong to the version the diagnostic was made for.
        if (!data || data.version !== document.version) continue;
        const rule = byId.get(diagnostic.code);
        if (rule?.fix && data.fix) {
          const action = quickFix(host, document, file, diagnostic, rule, data, settings);
          if (action) actions.push(action);
        }
        if (!NOT_SUPPRESSIBLE.has(diagnostic.code)) {
          const disable = disableLineAction(document, file, diagnostic, diagnostic.code);
          if (disable) actions.push(disable);
          const ignore = ignoreObjectAction(document, file, diagnostic, diagnostic.code);
          if (ignore) actions.push(ignore);
        }
      }
    }
  }
  if (wantsFixAll(only)) {
    const edit = await fixAllEdit(host, document);
    if (edit) actions.push({ title: 'Fix all kubetier problems in file', kind: FIX_ALL_KIND, edit });
  }
  return actions;
}

/** Wires code actions and the fix-all command to a connection. */
export function registerCodeActions(connection: Connection, host: CodeActionHost): void {
  connection.onCodeAction((params) => codeActions(host, params));
  connection.onExecuteCommand(async (params) => {
    if (params.command !== FIX_ALL_COMMAND) return null;
    const args = (params.arguments?.[0] ?? {}) as Partial<FixAllCommandArgs>;
    const document = typeof args.uri === 'string' ? host.documents.get(args.uri) : undefined;
    if (!document) return { applied: false, reason: 'document not open' };
    if (typeof args.version === 'number' && args.version !== document.version) return { applied: false, reason: 'document changed' };
    const edit = await fixAllEdit(host, document);
    if (!edit) return { applied: false, reason: 'nothing to fix' };
    const result = await connection.workspace.applyEdit({ label: 'Fix all kubetier problems in file', edit });
    return { applied: result.applied, reason: result.failureReason };
  });
}
