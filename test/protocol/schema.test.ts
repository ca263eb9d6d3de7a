// Schema validation, completion and hover through the real server over stdio.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, DiagnosticSeverity, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol';
import { fileUri, LspTestClient, type Diagnostic, type Position, type Range } from '../support/lspClient';

const SCHEMA = 'schema-validation';
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-schema-'));
let counter = 0;

function uriFor(name = 'manifest.yaml'): string {
  return fileUri(path.join(folder, `${++counter}-${name}`));
}

/** Range of the `occurrence`-th appearance of `needle` in `text` (single line). */
function rangeOf(text: string, needle: string, occurrence = 1): Range {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `"${needle}" not in the test text`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

function schemaDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === SCHEMA);
}

async function complete(client: LspTestClient, uri: string, position: Position): Promise<CompletionItem[]> {
  const result = await client.request<CompletionList | CompletionItem[] | null>(CompletionRequest.method, { textDocument: { uri }, position });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: three
  strategy:
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            allowPrivilegeEscalation: false
            
`;

const EXTERNAL_SECRET = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: db
spec:
  secretStoreRef:
    name: vault
    kind: ClusterSecretStore
  refreshIntervall: 1h
  target:
    name: db
`;

const HTTP_ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs:
    - name: public
  rules:
    - backendRefs:
        - port: 8080
`;

const UNKNOWN_CRD = `apiVersion: widgets.example.com/v1
kind: Widget
metadata:
  name: thing
spec:
  anything: [1, 2]
  goes: true
`;

describe('schema features over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ settings: { kubetier: { enable: true, tier: 1 } } });
  });
  after(async () => {
    await client.stop();
  });

  it('a wrong type in a Deployment gives one schema diagnostic on the value', async () => {
    const uri = uriFor();
    await client.open(uri, DEPLOYMENT);
    const found = schemaDiagnostics(await client.diagnosticsWith(uri, [SCHEMA]));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.deepEqual(found[0].range, rangeOf(DEPLOYMENT, 'three'));
    assert.equal(found[0].source, 'kubetier');
    assert.match(messageOf(found[0]), /spec\.replicas must be an integer, not a string \("three"\)/);
  });

  it('an unknown field in an ExternalSecret gives one schema diagnostic on the key', async () => {
    const uri = uriFor();
    await client.open(uri, EXTERNAL_SECRET);
    const found = schemaDiagnostics(await client.diagnosticsWith(uri, [SCHEMA]));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.deepEqual(found[0].range, rangeOf(EXTERNAL_SECRET, 'refreshIntervall'));
    assert.match(messageOf(found[0]), /Unknown field "refreshIntervall" in spec \(bundled CRD schema\)\. Did you mean "refreshInterval"\?/);
  });

  it('a missing required field in an HTTPRoute gives one schema diagnostic at the parent', async () => {
    const uri = uriFor();
    await client.open(uri, HTTP_ROUTE);
    const found = schemaDiagnostics(await client.diagnosticsWith(uri, [SCHEMA]));
    assert.equal(found.length, 1, JSON.stringify(found));
    // The backendRef map that lacks `name` starts at `port`.
    assert.equal(found[0].range.start.line, rangeOf(HTTP_ROUTE, 'port: 8080').start.line);
    assert.equal(found[0].range.start.character, rangeOf(HTTP_ROUTE, 'port: 8080').start.character);
    assert.match(messageOf(found[0]), /spec\.rules\[0\]\.backendRefs\[0\] is missing required field "name"/);
  });

  it('a custom resource of an unknown CRD gives no schema error, only an information that it is not validated', async () => {
    const uri = uriFor();
    await client.open(uri, `${UNKNOWN_CRD}---\n${DEPLOYMENT}`);
    // The Deployment after it proves the file was validated.
    const diagnostics = await client.diagnosticsWith(uri, [SCHEMA]);
    const [note, ...problems] = schemaDiagnostics(diagnostics);
    assert.equal(note.severity, DiagnosticSeverity.Information);
    assert.match(messageOf(note), /^No schema known for /);
    assert.equal(problems.length, 1);
    assert.ok(problems[0].range.start.line > UNKNOWN_CRD.split('\n').length, 'only the Deployment is flagged');
  });

  it('a CustomResourceDefinition in another open file validates its custom resources', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    kind: Backup
    plural: backups
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                retention:
                  type: integer
`;
    const backup = 'apiVersion: example.com/v1\nkind: Backup\nmetadata:\n  name: nightly\nspec:\n  retention: weekly\n';
    const crdUri = uriFor('crd.yaml');
    await client.open(crdUri, crd);
    await client.diagnostics(crdUri);
    const uri = uriFor('backup.yaml');
    await client.open(uri, backup);
    const found = schemaDiagnostics(await client.diagnosticsWith(uri, [SCHEMA]));
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.deepEqual(found[0].range, rangeOf(backup, 'weekly'));
    assert.match(messageOf(found[0]), /CustomResourceDefinition "backups\.example\.com" schema/);
    const items = await complete(client, uri, { line: 5, character: 2 });
    assert.ok(items.some((item) => item.label === 'retention'), 'completion from the workspace CRD');
  });

  it('completion inside securityContext offers runAsNonRoot', async () => {
    const uri = uriFor();
    await client.open(uri, DEPLOYMENT);
    const lines = DEPLOYMENT.split('\n');
    const items = await complete(client, uri, { line: lines.length - 2, character: 12 });
    const labels = items.map((item) => item.label);
    assert.ok(labels.includes('runAsNonRoot'), labels.join(', '));
    assert.ok(!labels.includes('allowPrivilegeEscalation'), 'a field already set is not offered again');
  });

  it('completion in the second document of a file uses that document’s kind', async () => {
    const uri = uriFor();
    const text = `${UNKNOWN_CRD}---\n${DEPLOYMENT}`;
    await client.open(uri, text);
    const lines = text.split('\n');
    const items = await complete(client, uri, { line: lines.length - 2, character: 12 });
    const runAsNonRoot = items.find((item) => item.label === 'runAsNonRoot');
    assert.ok(runAsNonRoot, items.map((item) => item.label).join(', '));
    const edit = runAsNonRoot.textEdit as { range: Range } | undefined;
    if (edit) assert.equal(edit.range.start.line, lines.length - 2, 'edits are shifted back to file lines');
  });

  it('completion of a value offers the allowed values, the usual one first', async () => {
    const uri = uriFor();
    const text = DEPLOYMENT.replace('            allowPrivilegeEscalation: false\n', '            allowPrivilegeEscalation: false\n          imagePullPolicy: \n');
    await client.open(uri, text);
    const line = text.split('\n').findIndex((entry) => entry.startsWith('          imagePullPolicy:'));
    const items = await complete(client, uri, { line, character: '          imagePullPolicy: '.length });
    const values = items.filter((item) => ['IfNotPresent', 'Always', 'Never'].includes(String(item.label)));
    assert.equal(values.length, 3, items.map((item) => item.label).join(', '));
  });

  it('hover over maxUnavailable shows its description', async () => {
    const uri = uriFor();
    await client.open(uri, DEPLOYMENT);
    const hover = await client.hover(uri, rangeOf(DEPLOYMENT, 'maxUnavailable').start);
    assert.ok(hover, 'a hover');
    const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
    assert.match(value, /The maximum number of pods that can be unavailable during the update/);
    assert.match(value, /Deployment \(apps\/v1\)/);
  });

  it('the modeline completes tiers', async () => {
    const uri = uriFor();
    const text = `# kubetier: tier=\n${DEPLOYMENT}`;
    await client.open(uri, text);
    const items = await complete(client, uri, { line: 0, character: '# kubetier: tier='.length });
    assert.deepEqual(
      items.map((item) => item.label),
      ['1', '2', '3', '4', '5'],
    );
  });

  it('pod security label values put restricted first at tier 2', async () => {
    const uri = uriFor();
    const text = `# kubetier: tier=2\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: \n`;
    await client.open(uri, text);
    const items = await complete(client, uri, { line: 6, character: '    pod-security.kubernetes.io/enforce: '.length });
    assert.deepEqual(items.slice(0, 3).map((item) => item.label), ['restricted', 'baseline', 'privileged']);
    assert.equal(items[0].preselect, true);
  });
});

describe('coexistence with redhat.vscode-yaml', () => {
  it('auto mode leaves schemas to redhat.vscode-yaml while the rules still report', async () => {
    const client = await LspTestClient.start({
      settings: { kubetier: { enable: true, tier: 1 } },
      initializationOptions: { redhatYamlActive: true },
    });
    try {
      const uri = uriFor();
      const text = DEPLOYMENT.replace('allowPrivilegeEscalation: false', 'privileged: true');
      await client.open(uri, text);
      const diagnostics = await client.diagnosticsWith(uri, ['privileged']);
      assert.deepEqual(schemaDiagnostics(diagnostics), []);
      const items = await complete(client, uri, { line: text.split('\n').length - 2, character: 12 });
      assert.ok(!items.some((item) => item.label === 'runAsNonRoot'), 'no schema completion');
      const hover = await client.hover(uri, rangeOf(text, 'maxUnavailable').start);
      assert.doesNotMatch(JSON.stringify(hover ?? ''), /maximum number of pods/);
    } finally {
      await client.stop();
    }
  });

  it('kubetier.schema.enable: on validates even next to redhat.vscode-yaml', async () => {
    const client = await LspTestClient.start({
      settings: { kubetier: { enable: true, tier: 1, schema: { enable: 'on' } } },
      initializationOptions: { redhatYamlActive: true },
    });
    try {
      const uri = uriFor();
      await client.open(uri, DEPLOYMENT);
      assert.equal(schemaDiagnostics(await client.diagnosticsWith(uri, [SCHEMA])).length, 1);
    } finally {
      await client.stop();
    }
  });

  it('kubetier.schema.enable: off turns schema validation off without redhat.vscode-yaml', async () => {
    const client = await LspTestClient.start({ settings: { kubetier: { enable: true, tier: 1, schema: { enable: 'off' } } } });
    try {
      const uri = uriFor();
      const text = DEPLOYMENT.replace('allowPrivilegeEscalation: false', 'privileged: true');
      await client.open(uri, text);
      assert.deepEqual(schemaDiagnostics(await client.diagnosticsWith(uri, ['privileged'])), []);
    } finally {
      await client.stop();
    }
  });
});
