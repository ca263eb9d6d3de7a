// Completion of values over stdio, in the shop workspace (test/fixtures/navigation): names from the
// workspace (ConfigMaps, their keys, Secrets, ServiceAccounts, scale targets, backend Services and
// their ports, roles, subjects, the labels of pod templates in selectors), enums from the schema with their documentation, common fields first.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompletionItemKind, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol';
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
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: 
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      a
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              k
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: 
  m
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: api
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: 
subjects:
  - kind: ServiceAccount
    name: 
`;

/** The end of the `nth` line that starts (after indentation) with `start`. */
function endOf(text: string, start: string, nth = 0): Position {
  const lines = text.split('\n');
  const matches = lines.map((line, i) => [line, i] as const).filter(([line]) => line.trimStart().startsWith(start));
  const [line, index] = matches[nth];
  return { line: index, character: line.length };
}

/** The end of the first line starting with `start` after the first line holding `anchor`. */
function endAfter(text: string, anchor: string, start: string): Position {
  const lines = text.split('\n');
  const from = lines.findIndex((line) => line.includes(anchor));
  const index = lines.findIndex((line, i) => i > from && line.trimStart().startsWith(start));
  return { line: index, character: lines[index].length };
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

  it('offers workloads for scaleTargetRef.name, Services for an Ingress backend, Roles for roleRef and ServiceAccounts for subjects', async () => {
    const targets = await complete(endAfter(EDITED, 'scaleTargetRef:', 'name: '));
    // The Deployment being edited does not parse yet (its last line is a key being typed): web alone.
    assert.deepEqual(labels(targets), ['web'], 'the Deployments of shop, nothing else');
    assert.match(String(targets.find((item) => item.label === 'web')?.detail), /^Deployment in shop · app\.yaml$/);
    const services = await complete(endAfter(EDITED, 'kind: Ingress', 'name: web'));
    assert.deepEqual(labels(services).sort(), ['api', 'web'], 'the Services of shop');
    assert.deepEqual(labels(await complete(endAfter(EDITED, 'roleRef:', 'name: '))), ['web-reader']);
    assert.deepEqual(labels(await complete(endAfter(EDITED, 'subjects:', 'name: '))), ['web-sa']);
  });

  it('offers the labels of pod templates in selectors: pairs where a label is typed, values after its key', async () => {
    const lines = EDITED.split('\n');
    const selectorLine = lines.findIndex((line, i) => i > lines.indexOf('kind: Service') && line === '  selector:') + 1;
    const pairs = await complete({ line: selectorLine, character: 4 });
    assert.deepEqual(labels(pairs), ['app: web'], 'the pod labels of shop (the Deployment being edited does not parse yet)');
    assert.match(String(pairs.find((item) => item.label === 'app: web')?.detail), /^pod label of web · Deployment in shop · app\.yaml$/);
    const values = await complete(endAfter(EDITED, 'kind: PodDisruptionBudget', 'app: '));
    assert.deepEqual(labels(values), ['web']);
    const policy = await complete(endAfter(EDITED, 'kind: NetworkPolicy', 'a'));
    assert.ok(labels(policy).includes('app: web'), labels(policy).join(', '));
    const namespaces = await complete(endAfter(EDITED, 'namespaceSelector:', 'k'));
    assert.ok(!labels(namespaces).some((label) => label.startsWith('app: ')), 'a namespaceSelector selects namespaces, not pods');
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

  it('ranks the fields the schema requires there first', async () => {
    // Property items: the schema service also offers the whole map as one snippet item.
    const fields = (await complete(endAfter(EDITED, 'scaleTargetRef:', 'm'))).filter((item) => item.kind === CompletionItemKind.Property);
    const order = labels([...fields].sort((a, b) => String(a.sortText ?? a.label).localeCompare(String(b.sortText ?? b.label))));
    assert.ok(order.includes('minReplicas') && order.includes('behavior'), order.join(', '));
    // HPA spec requires maxReplicas (and scaleTargetRef, already there); minReplicas is only common.
    assert.equal(order[0], 'maxReplicas', order.join(', '));
    assert.ok(order.indexOf('minReplicas') < order.indexOf('behavior'));
  });
});
