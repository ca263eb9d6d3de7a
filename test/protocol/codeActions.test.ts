// Code actions over stdio: the lightbulb offers the rule's fix (looked up by code and data), applying
// its edit clears the diagnostic; suppression actions; fix-all as a source action and as a command, which
// applies the safe fixes and leaves fixes that create objects (a PodDisruptionBudget) to be taken one by
// one; nothing is offered for a diagnostic of an older document version.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplyWorkspaceEditRequest, type ApplyWorkspaceEditParams, type CodeAction, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { FIX_ALL_COMMAND, FIX_ALL_KIND, FIX_DECISIONS_COMMAND } from '../../server/src/protocol';
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

/** A Deployment with 3 replicas and no PodDisruptionBudget (pdb-missing at tier 2, a fix that creates an object) whose
 * container runs privileged (a safe fix), followed by its Service. */
function replicatedDeployment(namespace: string): string {
  return `${privilegedDeployment({ namespace, replicas: 3 })}---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector: { app: web }
  ports:
    - port: 80
`;
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

  /** The action titled `title` offered for the finding of rule `code`; fails the test, listing what is offered, when absent. */
  async function offeredFor(uri: string, code: string, title: string): Promise<CodeAction> {
    const actions = await actionsFor(uri, [await diagnosticOf(uri, code)]);
    const action = actions.find((candidate) => candidate.title === title);
    assert.ok(action, `"${title}" is offered, got ${actions.map((candidate) => candidate.title).join(' | ')}`);
    return action;
  }

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
    assert.deepEqual(capabilities.executeCommandProvider?.commands, [FIX_ALL_COMMAND, FIX_DECISIONS_COMMAND]);
  });

  it('shows a fix that would change a value shared through an anchor greyed out, with the reason', async () => {
    const uri = 'file:///virtual/actions/shared-replicas.yaml';
    const shared = privilegedDeployment().replace('spec:\n', 'spec:\n  replicas: &one 1\n').replace('privileged: true', 'privileged: true\n          resources:\n            requests:\n              memory: *one');
    await client.open(uri, shared);
    const actions = await actionsFor(uri, [await diagnosticOf(uri, 'replicas-minimum')]);
    const fix = actions.find((candidate) => candidate.disabled);
    assert.ok(fix, `a disabled action among ${actions.map((candidate) => candidate.title).join(' | ')}`);
    assert.equal(fix.edit, undefined);
    assert.match(fix.disabled!.reason, /^spec\.replicas is shared through the anchor &one with spec\.template\.spec\.containers\[0\]\.resources\.requests\.memory/);
  });

  it("offers the rule's fix for a diagnostic, and applying it clears the diagnostic", async () => {
    const uri = 'file:///virtual/actions/privileged.yaml';
    await client.open(uri, privilegedDeployment());
    const fix = await offeredFor(uri, 'privileged', 'Set privileged: false');
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
    const action = await offeredFor(uri, 'privileged', 'Disable privileged for this line');
    const text = await apply(uri, action);
    assert.ok(text.includes('          securityContext:\n            # kubetier-disable-next-line privileged -- reason\n            privileged: true\n'));
    await client.diagnosticsWithout(uri, ['privileged']);
  });

  it('ignores a rule for the object with the kubetier.io/ignore annotation, merging with ids already there', async () => {
    const uri = 'file:///virtual/actions/ignore.yaml';
    const withAnnotation = privilegedDeployment().replace('  name: web\n', '  name: web\n  annotations:\n    kubetier.io/ignore: "image-digest"\n');
    await client.open(uri, withAnnotation);
    const action = await offeredFor(uri, 'privileged', 'Ignore privileged for this object');
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

  /** The kinds of the documents of a text, in order. */
  const kinds = (text: string) => [...text.matchAll(/^kind: (\w+)$/gm)].map((match) => match[1]);

  /** Quick fixes the lightbulb marks as preferred (safe ones) for the current diagnostics of a document. */
  async function preferredFixes(uri: string, diagnostics: Diagnostic[]): Promise<string[]> {
    const offered: string[] = [];
    for (const diagnostic of diagnostics) {
      const actions = await actionsFor(uri, [diagnostic]);
      for (const action of actions) if (action.isPreferred) offered.push(`${String(diagnostic.code)}: ${action.title}`);
    }
    return offered;
  }

  it('fix-all (source action and command) applies the safe fixes and creates no PodDisruptionBudget', async () => {
    const uri = 'file:///virtual/actions/fix-all-pdb.yaml';
    const original = replicatedDeployment('fixall');
    await client.open(uri, original);
    const diagnostics = await client.diagnosticsWith(uri, ['privileged', 'pdb-missing']);
    const pdbFix = await offeredFor(uri, 'pdb-missing', 'Create a PodDisruptionBudget');
    assert.notEqual(pdbFix.isPreferred, true, 'a fix that creates an object is not preferred');
    const before = await preferredFixes(uri, diagnostics);
    assert.ok(before.includes('privileged: Set privileged: false'), `safe fixes on offer: ${before.join(' | ')}`);

    const [fixAll] = await actionsFor(uri, [], [FIX_ALL_KIND]);
    assert.ok(fixAll, 'a fix-all source action');
    const fromAction = applyTextDocumentEdit(original, onlyDocumentChange(fixAll));
    assert.ok(fromAction.includes('            privileged: false\n'), 'the safe fix is applied');
    assert.deepEqual(kinds(fromAction), ['Deployment', 'Service'], 'no document is created');

    const result = await client.request<{ applied: boolean }>('workspace/executeCommand', {
      command: FIX_ALL_COMMAND,
      arguments: [{ uri, version: client.version(uri) }],
    });
    assert.equal(result.applied, true);
    const text = await apply(uri, applied.at(-1)!);
    assert.equal(text, fromAction, 'the command and the source action make the same edit');
    assert.ok(text.endsWith(original.slice(original.indexOf('---\n'))), 'the Service document is untouched');

    const after = await client.diagnosticsWith(uri, ['pdb-missing']);
    assert.ok(!after.some((diagnostic) => diagnostic.code === 'privileged'), 'the privileged finding is fixed');
    assert.deepEqual(await preferredFixes(uri, after), [], 'no safe fix is left to apply');
  });

  it('offers creating the PodDisruptionBudget on its own: a new document right after the workload, and the diagnostic clears', async () => {
    const uri = 'file:///virtual/actions/create-pdb.yaml';
    const original = replicatedDeployment('budget');
    await client.open(uri, original);
    const create = await offeredFor(uri, 'pdb-missing', 'Create a PodDisruptionBudget');
    assert.equal(create.kind, 'quickfix');
    assert.notEqual(create.isPreferred, true);
    const text = await apply(uri, create);
    const workloadEnd = original.indexOf('---\n');
    assert.equal(
      text,
      original.slice(0, workloadEnd) +
        [
          '---',
          'apiVersion: policy/v1',
          'kind: PodDisruptionBudget',
          'metadata:',
          '  name: web',
          '  namespace: budget',
          'spec:',
          '  maxUnavailable: 1',
          '  selector:',
          '    matchLabels:',
          '      app: web',
          '',
        ].join('\n') +
        original.slice(workloadEnd),
      'the budget (same namespace and selector, maxUnavailable 1 for 3 replicas) lands between the Deployment and the Service',
    );
    const after = await client.diagnosticsWithout(uri, ['pdb-missing']);
    assert.ok(after.some((candidate) => candidate.code === 'privileged'), 'only the budget was added: the other findings stay');
  });
});
