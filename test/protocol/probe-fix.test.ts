// The liveness-probe quick fix over stdio: the lightbulb on a missing-probe diagnostic offers the
// add-probe fix (not preferred: its endpoint is a guess), and applying its edit clears the diagnostic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { applyEdit, LspTestClient } from '../support/lspClient';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shop }
    spec:
      containers:
        - name: web # storefront
          image: shop-web:1.4
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet: { path: /ready, port: http }
`;

/** Applies a versioned document edit (ranges relative to the original text), last edit first. */
function applyDocumentEdit(text: string, change: TextDocumentEdit): string {
  const edits = change.edits.map((edit) => {
    assert.ok('newText' in edit, 'plain text edits');
    return edit;
  });
  const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  return ordered.reduce((result, edit) => applyEdit(result, edit.range, edit.newText), text);
}

describe('liveness-probe quick fix', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ settings: { kubetier: { tier: 2 } } });
  });
  after(() => client.stop());

  it('offers the add-probe fix on the diagnostic, and applying it clears the diagnostic', async () => {
    const uri = 'file:///virtual/probes/shop.yaml';
    await client.open(uri, DEPLOYMENT);
    const diagnostic = (await client.diagnosticsWith(uri, ['liveness-probe'])).find((candidate) => candidate.code === 'liveness-probe')!;
    assert.equal(diagnostic.range.start.line, 12, 'flagged at the container name');
    assert.equal(diagnostic.severity, 2, 'a warning at tier 2');

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions.find((action) => action.title === 'Add livenessProbe (httpGet /healthz on port http)');
    assert.ok(fix, `the fix is offered, got ${actions.map((action) => action.title).join(' | ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, false, 'a guessed endpoint is never the preferred fix');

    const [change] = (fix.edit?.documentChanges ?? []) as TextDocumentEdit[];
    assert.equal(change.textDocument.version, client.version(uri), 'the edit is for the current version');
    const text = applyDocumentEdit(client.text(uri)!, change);
    assert.ok(
      text.endsWith(
        '            httpGet: { path: /ready, port: http }\n' +
          '          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n' +
          '            initialDelaySeconds: 10\n            periodSeconds: 10\n            timeoutSeconds: 3\n            failureThreshold: 3\n',
      ),
      text,
    );
    assert.ok(text.startsWith(DEPLOYMENT), 'nothing before the new probe changes');
    await client.change(uri, text);
    await client.diagnosticsWithout(uri, ['liveness-probe']);
  });
});
