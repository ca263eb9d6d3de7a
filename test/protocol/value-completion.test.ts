// Completion of values over stdio, in the shop workspace (test/fixtures/navigation): names from the
// workspace (ConfigMaps, their keys, Secrets, ServiceAccounts, scale targets, backend Services and
// their ports), enums from the schema with their documentation, common fields first.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { fileUri, LspTestClient, type Position } from '../support/lspClient';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/navigation');

const EDITED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      serviceAccountName: w
      containers:
        - name: api
          image: api:1.0
          imagePullPolicy: 
          envFrom:
            - configMapRef:
                name: 
          env:
            - name: LEVEL
              valueFrom:
                configMapKeyRef:
                  name: web-config
                  key: 
            - name: PASSWORD
              valueFrom:
                secretKeyRef:
                  name: 
          r
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 
`;

/** The end of the `nth` line that starts (after indentation) with `start`. */
function endOf(text: string, start: string, nth = 0): Position {
  const lines = text.split('\n');
  const matches = lines.map((line, i) => [line, i] as const).filter(([line]) => line.trimStart().startsWith(start));
  const [line, index] = matches[nth];
  return { line: index, character: line.length };
}

describe('value completion', () => {
  let root: string;
  let client: LspTestClient;
  let uri: string;
  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-values-')));
    for (const file of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, file), path.join(root, file));
    client = await LspTestClient.start({ rootUri: fileUri(root), settings: { kubetier: { tier: 2 } } });
    await client.waitFor(
      () => (client.notifications.get('window/logMessage') ?? []).some((entry) => (entry as { message: string }).message.startsWith('kubetier: indexed')),
      'the start-up index scan',
    );
    uri = fileUri(path.join(root, 'api.yaml'));
    await client.open(uri, EDITED);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const complete = async (position: Position): Promise<CompletionItem[]> => {
    const result = await client.request<CompletionList | CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    return Array.isArray(result) ? result : result.items;
  };
  const labels = (items: CompletionItem[]) => items.map((item) => item.label);

  it('offers the ConfigMaps of the namespace for configMapRef.name, and their keys for key:', async () => {
    const names = await complete(endOf(EDITED, 'name: ', 1));
    assert.equal(names[0].label, 'web-config', labels(names).join(', '));
    assert.match(String(names[0].detail), /^ConfigMap in shop · config\.yaml$/);
    const keys = await complete(endOf(EDITED, 'key: '));
    assert.deepEqual(labels(keys).slice(0, 2), ['log-level', 'feature-flags']);
    assert.equal(keys[0].documentation, 'info', "a ConfigMap key shows its value");
  });

  it('offers Secrets for secretKeyRef.name and ServiceAccounts for serviceAccountName, filtered by what is typed', async () => {
    const secrets = await complete(endOf(EDITED, 'name: ', 3));
    assert.equal(secrets[0].label, 'web-db');
    assert.ok(!labels(secrets).includes('web-config'), 'no ConfigMap among the Secrets');
    const accounts = await complete(endOf(EDITED, 'serviceAccountName: w'));
    assert.equal(accounts[0].label, 'web-sa');
    assert.deepEqual((accounts[0].textEdit as { range: { start: Position } }).range.start, { line: 12, character: 26 }, 'replaces what is typed');
  });

  it("offers the backend Service's ports for port.number", async () => {
    const ports = await complete(endOf(EDITED, 'number: '));
    assert.equal(ports[0].label, '80');
    assert.match(String(ports[0].documentation), /http 80 -> http/);
  });

  it('offers schema enums with their documentation, and common fields first', async () => {
    const policies = await complete(endOf(EDITED, 'imagePullPolicy: '));
    assert.deepEqual(labels(policies).filter((label) => ['Always', 'IfNotPresent', 'Never'].includes(label)).sort(), ['Always', 'IfNotPresent', 'Never']);
    const fields = await complete(endOf(EDITED, 'r', 0));
    const order = labels([...fields].sort((a, b) => String(a.sortText ?? a.label).localeCompare(String(b.sortText ?? b.label))));
    assert.ok(order.includes('resizePolicy'), order.join(', '));
    assert.ok(order.indexOf('resources') < order.indexOf('resizePolicy'), `resources before resizePolicy: ${order.join(', ')}`);
    assert.ok(order.indexOf('readinessProbe') < order.indexOf('restartPolicy'));
  });
});
