// The publish of an open document (lsp/publishWire.ts): its params are what toDiagnostic gives for each
// finding, and the stream encoder's bytes are exactly vscode-jsonrpc's (JSON.stringify of the message),
// also when a later version reuses the findings' kept JSON, and for every other message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { IncrementalLinter } from '../../server/src/engine/lint/incremental';
import { FILE_START } from '../../server/src/engine/lint/notchecked';
import { parseText, reparseText } from '../../server/src/engine/workspace/disk';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import type { Finding } from '../../server/src/engine/lint/lint';
import { notCheckedDiagnostic, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { publishAwareEncoder, publishParams } from '../../server/src/lsp/publishWire';
import type { Message } from 'vscode-languageserver/node';
import { RULES } from '../../server/src/rules';

const PATH = '/ws/dépôt/app.yaml';
const URI = 'file:///ws/d%C3%A9p%C3%B4t/app.yaml';

// Findings with fixes, related locations (the HPA and the Deployment), a suppression and non-ASCII text.
const TEXT = `# kubetier: tier=5
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {description: "café ☕"}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          # kubetier-disable-next-line image-tag-latest
          image: nginx:latest
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: nothing}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
`;

const method = 'textDocument/publishDiagnostics';

/** The bytes the stream transport writes for a message. */
async function encoded(message: object): Promise<string> {
  return Buffer.from(await publishAwareEncoder.encode(message as Message, { charset: 'utf-8' })).toString('utf8');
}

/** What the server published before publishParams: each finding through toDiagnostic, the whole message through JSON.stringify. */
function plainMessage(version: number, leading: ReturnType<typeof notCheckedDiagnostic>[], findings: readonly Finding[]) {
  return { jsonrpc: '2.0', method, params: { uri: URI, version, diagnostics: [...leading, ...findings.map((finding) => toDiagnostic(finding, version))] } };
}

describe('publish wire form', () => {
  const index = new WorkspaceIndex();
  const linter = new IncrementalLinter();
  const lint = (text: string, previous?: ReturnType<typeof parseText>) => {
    const file = previous ? reparseText(previous, text) : parseText(PATH, text);
    index.set(file);
    return { file, findings: linter.lint(file, { settings: resolveSettings(text, undefined, {}, 5), index, rules: RULES }) };
  };

  it('gives the params and the bytes of the plain publish, version after version', async () => {
    const first = lint(TEXT);
    assert.ok(first.findings.some((finding) => finding.related.length > 0) && first.findings.some((finding) => finding.fix), 'the text has findings with related locations and fixes');
    const leading = [notCheckedDiagnostic({ reason: 'a reason with "quotes" and ünïcode', range: FILE_START })];
    // The edit changes the ConfigMap, which no other object reads: the others' findings come back as the same objects.
    const second = lint(TEXT.replace('mode: fast', 'mode: slow'), first.file);
    assert.ok(second.findings.filter((finding) => first.findings.includes(finding)).length > 0, 'unchanged findings are reused');
    for (const [version, { findings }] of [[1, first], [2, second], [3, second]] as const) {
      const params = publishParams(URI, version, leading, findings);
      const plain = plainMessage(version, leading, findings);
      assert.deepEqual(params, plain.params);
      assert.equal(await encoded({ jsonrpc: '2.0', method, params }), JSON.stringify(plain));
    }
  });

  it('encodes every other message as JSON.stringify does', async () => {
    const messages = [
      { jsonrpc: '2.0', method, params: { uri: URI, version: 1, diagnostics: [] } },
      { jsonrpc: '2.0', id: 7, result: { items: ['é', { a: undefined, b: null }] } },
      { jsonrpc: '2.0', method: 'initialized', params: {} },
      { jsonrpc: '2.0', method: 'exit' },
    ];
    for (const message of messages) assert.equal(await encoded(message), JSON.stringify(message));
  });
});
