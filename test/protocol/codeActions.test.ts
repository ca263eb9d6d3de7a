// Code actions over stdio: the lightbulb offers the rule's fix (looked up by code and data), applying
// its edit clears the diagnostic; suppression actions; fix-all as a source action and as a command;
// nothing is offered for a diagnostic of an older document version.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplyWorkspaceEditRequest, type ApplyWorkspaceEditParams, type CodeAction, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { FIX_ALL_COMMAND, FIX_ALL_KIND } from '../../server/src/protocol';
import { LspTestClient, type Diagnostic } from '../support/lspClient';
import { privilegedDeployment } from '../support/manifests';

/** Applies a versioned workspace edit to a text, as an editor does (edits are relative to the original text). */
function applyTextDocumentEdit(text: string, change: TextDocumentEdit): string {
  const lines = text.split('\n');
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((sum, current) => sum + current.length + 1, 0) + character;
  const edits = change.edits
    .map((edit) => {
      assert.ok('newText' in edit, 'plain text edits');
      return { start: offset(edit.range.start.line, edit.range.start.character), end: offset(edit.range.end.line, edit.range.end.character), text: edit.newText };
    })
    .sort((a, b) => b.start - a.start);
  return edits.reduce((result, edit) => result.slice(0, edit.start) + edit.text + result.slice(edit.end), text);
}

function onlyDocumentChange(action: CodeAction | ApplyWorkspaceEditParams): TextDocumentEdit {
  const changes = action.edit?.documentChanges ?? [];
  assert.equal(changes.length, 1, 'one versioned document edit');
  return changes[0] as TextDocumentEdit;
}

describe('code actions', () => {
  let client: LspTestClient;
  const applied: ApplyWorkspaceEditParams[] = [];
  before(async () => {
    client = await LspTestClient.start({ settings: { kubetier: { tier: 2 } } });
    client.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      applied.push(params);
      return { applied: true };
    });
  });
  after(() => client.stop());

  const actionsFor = (uri: string, diagnostics: Diagnostic[], only?: string[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, only },
    });

  const diagnosticOf = async (uri: string, code: string): Promise<Diagnostic> =>
    (await client.diagnosticsWith(uri, [code])).find((candidate) => candidate.code === code)!;

  /** Applies a code action's edit through a document change and returns the new text. */
  async function apply(uri: string, action: CodeAction | ApplyWorkspaceEditParams): Promise<string> {
    const change = onlyDocumentChange(action);
    assert.equal(change.textDocument.version, client.version(uri), 'the edit is for the current version');
    const text = applyTextDocumentEdit(client.text(uri)!, change);
    await client.change(uri, text);
    return text;
  }

  it('advertises quick fixes and source.fixAll.kubetier, and the fix-all command', () => {
    const capabilities = client.initializeResult!.capabilities;
    const provider = capabilities.codeActionProvider as { codeActionKinds?: string[] };
    assert.ok(provider.codeActionKinds?.includes('quickfix'));
    assert.ok(provider.codeActionKinds?.includes(FIX_ALL_KIND));
    assert.deepEqual(capabilities.executeCommandProvider?.commands, [FIX_ALL_COMMAND]);
  });

  it("offers the rule's fix for a diagnostic, and applying it clears the diagnostic", async () => {
    const uri = 'file:///virtual/actions/privileged.yaml';
    await client.open(uri, privilegedDeployment());
    const diagnostic = await diagnosticOf(uri, 'privileged');
    const actions = await actionsFor(uri, [diagnostic]);
    const fix = actions.find((action) => action.title === 'Set privileged: false');
    assert.ok(fix, `the fix is offered, got ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    const text = await apply(uri, fix);
    assert.ok(text.includes('            privileged: false\n'), 'the value is replaced in place');
    assert.equal(text.replace('privileged: false', 'privileged: true'), privilegedDeployment(), 'nothing else changes');
    await client.diagnosticsWithout(uri, ['privileged']);
  });

  it('offers nothing for a diagnostic made for an older version of the document', async () => {
    const uri = 'file:///virtual/actions/stale.yaml';
    await client.open(uri, privilegedDeployment());
    const diagnostic = await diagnosticOf(uri, 'privileged');
    await client.change(uri, `# a comment shifts every line\n${privilegedDeployment()}`);
    const actions = await actionsFor(uri, [diagnostic]);
    assert.deepEqual(actions.map((action) => action.title), []);
  });

  it('disables a rule for the next line with a reason placeholder at the line indentation', async () => {
    const uri = 'file:///virtual/actions/disable.yaml';
    await client.open(uri, privilegedDeployment());
    const diagnostic = await diagnosticOf(uri, 'privileged');
    const action = (await actionsFor(uri, [diagnostic])).find((candidate) => candidate.title === 'Disable privileged for this line');
    assert.ok(action);
    const text = await apply(uri, action);
    assert.ok(text.includes('          securityContext:\n            # kubetier-disable-next-line privileged -- reason\n            privileged: true\n'));
    await client.diagnosticsWithout(uri, ['privileged']);
  });

  it('ignores a rule for the object with the kubetier.io/ignore annotation, merging with ids already there', async () => {
    const uri = 'file:///virtual/actions/ignore.yaml';
    const withAnnotation = privilegedDeployment().replace('  name: web\n', '  name: web\n  annotations:\n    kubetier.io/ignore: "image-digest"\n');
    await client.open(uri, withAnnotation);
    const diagnostic = await diagnosticOf(uri, 'privileged');
    const action = (await actionsFor(uri, [diagnostic])).find((candidate) => candidate.title === 'Ignore privileged for this object');
    assert.ok(action);
    const text = await apply(uri, action);
    assert.ok(text.includes('    kubetier.io/ignore: "image-digest,privileged"\n'), text);
    await client.diagnosticsWithout(uri, ['privileged']);
  });

  it('fixes everything safe with source.fixAll.kubetier and with the fix-all command', async () => {
    const uri = 'file:///virtual/actions/fix-all.yaml';
    await client.open(uri, privilegedDeployment());
    await client.diagnosticsWith(uri, ['privileged']);
    const [fixAll] = await actionsFor(uri, [], [FIX_ALL_KIND]);
    assert.ok(fixAll, 'a fix-all source action');
    assert.equal(fixAll.kind, FIX_ALL_KIND);
    assert.ok(applyTextDocumentEdit(client.text(uri)!, onlyDocumentChange(fixAll)).includes('privileged: false'));

    const result = await client.request<{ applied: boolean }>('workspace/executeCommand', {
      command: FIX_ALL_COMMAND,
      arguments: [{ uri, version: client.version(uri) }],
    });
    assert.equal(result.applied, true);
    const text = await apply(uri, applied.at(-1)!);
    assert.ok(text.includes('privileged: false'));
    await client.diagnosticsWithout(uri, ['privileged']);

    const stale = await client.request<{ applied: boolean; reason?: string }>('workspace/executeCommand', {
      command: FIX_ALL_COMMAND,
      arguments: [{ uri, version: 1 }],
    });
    assert.deepEqual(stale, { applied: false, reason: 'document changed' });
  });
});
