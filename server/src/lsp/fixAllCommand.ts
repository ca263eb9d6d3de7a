// The fix-all command: apply the safe fixes, tell the user what was applied and what is left
// ("applied 4 fixes; 6 need a decision (...)"), and offer the rest behind a preview.
import { TextDocumentEdit, type AnnotatedTextEdit, type Connection, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllText } from '../engine/edit/fix';
import { describeFixAll, planFixAll } from '../engine/edit/fixSummary';
import { diffEdits } from '../engine/edit/textdiff';
import type { ParsedFile } from '../engine/yaml/model';
import type { FixAllCommandArgs, FixAllCommandResult } from '../protocol';
import type { CodeActionHost } from './codeActions';
import { uriToPath } from './uri';

export const FIX_ALL_TITLE = 'Fix all kubetier problems in this file';
const REVIEW_CHOICE = 'Review and apply them';
const DECISION_ANNOTATION = 'kubetier-decisions';

/** The open document the arguments name, when it is still at the version they saw. */
function documentOf(host: CodeActionHost, raw: unknown): { document?: TextDocument; reason?: string } {
  const args = (raw ?? {}) as Partial<FixAllCommandArgs>;
  const document = typeof args.uri === 'string' ? host.documents.get(args.uri) : undefined;
  if (!document) return { reason: 'document not open' };
  if (typeof args.version === 'number' && args.version !== document.version) return { reason: 'document changed' };
  return { document };
}

function editOf(document: TextDocument, file: ParsedFile, text: string, annotationId?: string): WorkspaceEdit | undefined {
  const edits: AnnotatedTextEdit[] = diffEdits(file.text, text).map((edit) => ({ range: file.lines.rangeOf(edit.start, edit.end), newText: edit.newText, annotationId: annotationId! }));
  if (edits.length === 0) return undefined;
  const change = TextDocumentEdit.create({ uri: document.uri, version: document.version }, annotationId ? edits : edits.map(({ range, newText }) => ({ range, newText })));
  return { documentChanges: [change] };
}

/** Applies the safe fixes and reports the summary; the fixes needing a decision are offered after. */
export async function fixAllCommand(connection: Connection, host: CodeActionHost, raw: unknown): Promise<FixAllCommandResult> {
  const { document, reason } = documentOf(host, raw);
  if (!document) return { applied: false, reason };
  const settings = await host.settings(document);
  if (!settings) return { applied: false, reason: 'kubetier is disabled for this document' };
  const file = host.ensureParsed(document);
  const plan = planFixAll(uriToPath(document.uri), file.text, { rules: host.rules, settings, index: host.index });
  const summary = describeFixAll(plan);
  const edit = editOf(document, file, plan.safe.text);
  const decisionsLeft = plan.decisions.text !== plan.safe.text;
  if (!edit && !decisionsLeft) return { applied: false, reason: 'nothing to fix', summary };
  const result = edit ? await connection.workspace.applyEdit({ label: FIX_ALL_TITLE, edit }) : { applied: false, failureReason: 'no safe fix' };
  // Not awaited: the user may answer the message long after the command returned.
  const args: FixAllCommandArgs = { uri: document.uri };
  void connection.window
    .showInformationMessage(`kubetier: ${summary}`, ...(decisionsLeft ? [{ title: REVIEW_CHOICE }] : []))
    .then((choice) => (choice?.title === REVIEW_CHOICE ? applyDecisions(connection, host, args) : undefined))
    .catch(() => undefined);
  return { applied: result.applied, reason: result.failureReason, summary };
}

/** Every fix left, including those that change behaviour or create objects, behind the client's preview. */
export async function applyDecisions(connection: Connection, host: CodeActionHost, raw: unknown): Promise<FixAllCommandResult> {
  const { document, reason } = documentOf(host, raw);
  if (!document) return { applied: false, reason };
  const settings = await host.settings(document);
  if (!settings) return { applied: false, reason: 'kubetier is disabled for this document' };
  const file = host.ensureParsed(document);
  const result = fixAllText(uriToPath(document.uri), file.text, { rules: host.rules, settings, index: host.index, accept: () => true });
  const edit = editOf(document, file, result.text, DECISION_ANNOTATION);
  if (!edit) return { applied: false, reason: 'nothing to fix' };
  const rules = [...result.fixed.keys()].sort().join(', ');
  edit.changeAnnotations = { [DECISION_ANNOTATION]: { label: 'kubetier fixes that change behaviour or create objects', needsConfirmation: true, description: rules } };
  const applied = await connection.workspace.applyEdit({ label: `kubetier: ${rules}`, edit });
  return { applied: applied.applied, reason: applied.failureReason };
}
