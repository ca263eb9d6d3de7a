// The lightbulb on a careless Deployment's container name (a dozen findings on one range): few
// entries, no duplicates, fixes first, one "Fix all", one shared pair of suppressions; a disable
// directive with a tab stop for the reason where the client takes snippet edits; fix-all's summary.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplyWorkspaceEditRequest, type ApplyWorkspaceEditParams, type CodeAction, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { FIX_ALL_COMMAND, FIX_DECISIONS_COMMAND, type FixAllCommandResult } from '../../server/src/protocol';
import { LspTestClient, type Diagnostic } from '../support/lspClient';

const CARELESS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
`;
const CONTAINER_NAME_LINE = 13;

describe('lightbulb', () => {
  let client: LspTestClient;
  const applied: ApplyWorkspaceEditParams[] = [];
  const messages: { message: string; actions?: { title: string }[] }[] = [];
  before(async () => {
    client = await LspTestClient.start({
      settings: { kubetier: { tier: 2 } },
      capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true, snippetEditSupport: true } as object } },
    });
    client.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      applied.push(params);
      return { applied: true };
    });
    client.connection.onRequest('window/showMessageRequest', (params: { message: string; actions?: { title: string }[] }) => {
      messages.push(params);
      return null;
    });
  });
  after(() => client.stop());

  async function lightbulbAtContainerName(uri: string): Promise<{ actions: CodeAction[]; diagnostics: Diagnostic[] }> {
    await client.open(uri, CARELESS);
    const all = await client.diagnosticsWith(uri, ['liveness-probe', 'run-as-non-root']);
    const diagnostics = all.filter((diagnostic) => diagnostic.range.start.line === CONTAINER_NAME_LINE);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
    return { actions, diagnostics };
  }

  it('offers at most a dozen entries, without duplicates, fixes (preferred first) before one fix-all and one pair of suppressions', async () => {
    const { actions, diagnostics } = await lightbulbAtContainerName('file:///virtual/lightbulb/careless.yaml');
    const titles = actions.map((action) => action.title);
    assert.ok(new Set(diagnostics.map((diagnostic) => diagnostic.code)).size >= 8, `many rules flag the container: ${diagnostics.map((d) => d.code)}`);
    assert.ok(actions.length <= 12, `${actions.length} entries: ${titles.join(' | ')}`);
    assert.equal(new Set(titles).size, titles.length, `no duplicates: ${titles.join(' | ')}`);
    const fixAll = titles.indexOf('Fix all kubetier problems in this file');
    assert.ok(fixAll > 0, 'one fix-all entry, after the fixes');
    const fixes = actions.slice(0, fixAll);
    assert.ok(fixes.every((action) => action.edit), 'fixes carry their edit');
    const preferred = fixes.map((action) => Boolean(action.isPreferred));
    assert.deepEqual(preferred, [...preferred].sort((a, b) => Number(b) - Number(a)), 'preferred fixes first');
    assert.equal(actions[fixAll].command?.command, FIX_ALL_COMMAND);
    const rest = titles.slice(fixAll + 1);
    assert.equal(rest.length, 2, rest.join(' | '));
    assert.match(rest[0], /^Disable \d+ kubetier rules \(.*liveness-probe.*\) for this line$/);
    assert.match(rest[1], /^Ignore \d+ kubetier rules \(.*liveness-probe.*\) for this object$/);
  });

  it('inserts the disable directive as a snippet with a tab stop for the reason', async () => {
    const { actions } = await lightbulbAtContainerName('file:///virtual/lightbulb/snippet.yaml');
    const disable = actions.find((action) => action.title.startsWith('Disable'))!;
    const [edit] = (disable.edit!.documentChanges![0] as TextDocumentEdit).edits as unknown as { range: { start: { line: number } }; snippet: { kind: string; value: string } }[];
    assert.equal(edit.range.start.line, CONTAINER_NAME_LINE);
    assert.equal(edit.snippet.kind, 'snippet');
    assert.match(edit.snippet.value, /^ {8}# kubetier-disable-next-line [a-z-]+(, [a-z-]+)+ -- \$\{1:reason\}\n$/);
  });

  it('fix all says what it applied and what needs a decision, and applies the rest behind a preview', async () => {
    const uri = 'file:///virtual/lightbulb/fix-all.yaml';
    await client.open(uri, CARELESS);
    await client.diagnosticsWith(uri, ['liveness-probe']);
    const result = await client.request<FixAllCommandResult>('workspace/executeCommand', { command: FIX_ALL_COMMAND, arguments: [{ uri, version: client.version(uri) }] });
    assert.equal(result.applied, true);
    assert.match(result.summary ?? '', /^applied \d+ fix(es)?; \d+ needs? a decision \(.*\)$/);
    const message = await client.waitFor(() => messages.find((entry) => entry.message.includes(result.summary!)), 'the summary message');
    assert.deepEqual(message.actions?.map((action) => action.title), ['Review and apply them']);

    const safe = applied.at(-1)!.edit.documentChanges![0] as TextDocumentEdit;
    const decisions = await client.request<FixAllCommandResult>('workspace/executeCommand', { command: FIX_DECISIONS_COMMAND, arguments: [{ uri }] });
    assert.equal(decisions.applied, true);
    const params = applied.at(-1)!;
    assert.notEqual(params.edit.documentChanges![0], safe);
    const annotations = Object.values(params.edit.changeAnnotations ?? {});
    assert.equal(annotations.length, 1);
    assert.equal(annotations[0].needsConfirmation, true, 'the client previews behaviour-changing fixes');
  });
});
