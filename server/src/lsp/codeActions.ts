// Code actions: a diagnostic's quick-fix (found by its code and data, never its message),
// suppression actions, and "fix all" (source.fixAll.kubetier and the kubetier.applyFixAll command).
import * as fs from 'node:fs';
import * as path from 'node:path';
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
import { createsObjects, findingFixResult, fixAllText, fixOperations, fixTitle } from '../engine/edit/fix';
import { INTERNAL_ERROR_ID, UNUSED_SUPPRESSION_ID, type Finding, type SourceEdit, type SourceFix } from '../engine/lint/lint';
import { currentOffsets } from '../engine/edit/sourceedits';
import type { ParsedFile } from '../engine/yaml/model';
import type { Rule } from '../engine/lint/rule';
import { diffEdits, type TextEdit } from '../engine/edit/textdiff';
import type { WorkspaceIndex } from '../engine/workspace/workspace';
import { FIX_ALL_COMMAND, FIX_ALL_KIND, FIX_DECISIONS_COMMAND, type FixAllCommandArgs } from '../protocol';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './diagnostics';
import { applyDecisions, FIX_ALL_TITLE, fixAllCommand } from './fixAllCommand';
import { disableLineAction, ignoreObjectAction, suppressionTargets } from './suppressionActions';
import { pathToUri, uriToPath } from './uri';

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
  /** The client takes snippet text edits in workspace edits (a tab stop for a directive's reason). */
  snippetEdits(): boolean;
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
  const result = findingFixResult(file, finding, rule, context);
  // A refused fix is shown greyed out with the reason (an anchor shared with other places), not hidden.
  if (result.refusal) return { title: fixTitle(rule, finding.fix.data), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], disabled: { reason: result.refusal } };
  const edits = diffEdits(file.text, result.text);
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

/**
 * A rendered object's fix: edits of the files it maps to, made against what the render read. A file
 * changed since then (edited, or saved and not yet rendered again) gets the action greyed out, with why.
 */
function sourceFixAction(host: CodeActionHost, diagnostic: Diagnostic, fix: SourceFix): CodeAction {
  const changes: TextDocumentEdit[] = [];
  const stale: string[] = [];
  for (const [filePath, edits] of groupByPath(fix.edits)) {
    const uri = pathToUri(filePath);
    const open = host.documents.get(uri);
    const text = open?.getText() ?? readDisk(filePath);
    if (text === undefined || edits.some((edit) => !currentOffsets(text, edit))) stale.push(path.basename(filePath));
    else changes.push(TextDocumentEdit.create({ uri, version: open?.version ?? null }, edits.map(({ range, newText }) => ({ range, newText }))));
  }
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.safe };
  if (stale.length > 0) return { ...action, isPreferred: false, disabled: { reason: `${stale.join(', ')} changed since the chart or overlay was rendered: save it to render again` } };
  return { ...action, edit: { documentChanges: changes } };
}

function groupByPath(edits: readonly SourceEdit[]): Map<string, SourceEdit[]> {
  const byPath = new Map<string, SourceEdit[]>();
  for (const edit of edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  return byPath;
}

function readDisk(filePath: string): string | undefined {
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
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

/** The kubetier diagnostics of a request that belong to the document's current version. */
function currentDiagnostics(params: CodeActionParams, document: TextDocument): { diagnostic: Diagnostic; ruleId: string; data: DiagnosticData }[] {
  return params.context.diagnostics.flatMap((diagnostic) => {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') return [];
    const data = diagnosticData(diagnostic);
    // Positions and fix data belong to the version the diagnostic was made for.
    return data && data.version === document.version ? [{ diagnostic, ruleId: diagnostic.code, data }] : [];
  });
}

/** Fixes of the diagnostics, preferred first; two fixes making the same edit are one. */
function quickFixes(host: CodeActionHost, document: TextDocument, file: ParsedFile, settings: ResolvedSettings, diagnostics: ReturnType<typeof currentDiagnostics>): CodeAction[] {
  const byId = new Map(host.rules.map((rule) => [rule.id, rule]));
  const byEdit = new Map<string, CodeAction>();
  for (const { diagnostic, ruleId, data } of diagnostics) {
    const rule = byId.get(ruleId);
    const action = data.sourceFix
      ? sourceFixAction(host, diagnostic, data.sourceFix)
      : rule?.fix && data.fix
        ? quickFix(host, document, file, diagnostic, rule, data, settings)
        : undefined;
    if (!action) continue;
    // A refused fix has no edit: it stays its own entry, with its reason.
    const key = action.edit ? JSON.stringify(action.edit) : `refused:${action.title}`;
    const same = byEdit.get(key);
    if (same) same.diagnostics!.push(diagnostic);
    else byEdit.set(key, action);
  }
  return [...byEdit.values()].sort((a, b) => Number(Boolean(b.isPreferred)) - Number(Boolean(a.isPreferred)));
}

/** The lightbulb: the range's fixes (preferred first), fix all, then one disable and one ignore per rule (shared when many). */
export async function codeActions(host: CodeActionHost, params: CodeActionParams): Promise<CodeAction[]> {
  const document = host.documents.get(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wantsQuickFixes(only)) {
    const settings = await host.settings(document);
    if (settings && host.documents.get(document.uri)?.version === document.version) {
      const file = host.ensureParsed(document);
      const diagnostics = currentDiagnostics(params, document);
      const fixes = quickFixes(host, document, file, settings, diagnostics);
      actions.push(...fixes);
      if (fixes.length > 0) {
        const args: FixAllCommandArgs = { uri: document.uri, version: document.version };
        actions.push({ title: FIX_ALL_TITLE, kind: CodeActionKind.QuickFix, command: { title: FIX_ALL_TITLE, command: FIX_ALL_COMMAND, arguments: [args] } });
      }
      const targets = suppressionTargets(diagnostics.filter((entry) => !NOT_SUPPRESSIBLE.has(entry.ruleId)));
      for (const target of targets) {
        const disable = disableLineAction(document, file, target, host.snippetEdits());
        if (disable) actions.push(disable);
      }
      for (const target of targets) {
        const ignore = ignoreObjectAction(document, file, target);
        if (ignore) actions.push(ignore);
      }
    }
  }
  // Editors that never ask for source actions by kind (Neovim, Helix, Zed, JetBrains) get "fix all" as the
  // quick-fix command above, beside the range's fixes.
  if (wantsFixAll(only)) {
    const edit = await fixAllEdit(host, document);
    if (edit) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit });
  }
  return actions;
}

/** Wires code actions and the fix-all command to a connection. */
export function registerCodeActions(connection: Connection, host: CodeActionHost): void {
  connection.onCodeAction((params) => codeActions(host, params));
  connection.onExecuteCommand(async (params) => {
    if (params.command === FIX_DECISIONS_COMMAND) return applyDecisions(connection, host, params.arguments?.[0]);
    if (params.command !== FIX_ALL_COMMAND) return null;
    return fixAllCommand(connection, host, params.arguments?.[0]);
  });
}
