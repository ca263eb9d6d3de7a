// Rendering in the editor over stdio: a chart's findings shown on its template lines, a values file
// saved with a bad setting gives the diagnostic, and Restricted Mode renders nothing and says so.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHECKLIST_REQUEST, type ChecklistView } from '../../server/src/protocol';
import { FIXTURES } from '../support/fixtures';
import { fileUri, LspTestClient, type Diagnostic } from '../support/lspClient';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { unpackedTools } from '../support/tools';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A workspace holding a copy of the web fixture chart, at tier 2, with values-prod.yaml harmless. */
function chartWorkspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-render-lsp-')));
  tempDirs.push(root);
  fs.cpSync(path.join(FIXTURES, 'render', 'web'), path.join(root, 'web'), { recursive: true });
  fs.writeFileSync(path.join(root, '.kubetier.yaml'), 'tier: 2\n');
  fs.writeFileSync(path.join(root, 'web', 'values-prod.yaml'), 'replicaCount: 3\n');
  return root;
}

const PRIVILEGED_PROD = 'replicaCount: 3\n\nsecurityContext:\n  privileged: true\n';
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => String(diagnostic.code));

function lineOf(file: string, text: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
}

describe('rendering in the editor', () => {
  let root: string;
  let client: LspTestClient;
  let templateUri: string;
  before(async () => {
    const tools = unpackedTools();
    root = chartWorkspace();
    client = await LspTestClient.start({
      rootUri: fileUri(root),
      initializationOptions: { workspaceTrusted: true },
      settings: { kubetier: { helm: { path: tools.helm }, kubectl: { path: tools.kubectl } } },
    });
    templateUri = fileUri(path.join(root, 'web', 'templates', 'deployment.yaml'));
    await client.open(templateUri, fs.readFileSync(path.join(root, 'web', 'templates', 'deployment.yaml'), 'utf8'));
  });
  after(() => client.stop());

  it('shows the rendered objects findings on the template lines, and no not-checked notice', async () => {
    const diagnostics = await client.diagnosticsWith(templateUri, ['seccomp-profile'], { timeoutMs: 60_000 });
    const securityLine = lineOf(path.join(root, 'web', 'templates', 'deployment.yaml'), 'securityContext:');
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'seccomp-profile' && diagnostic.range.start.line === securityLine));
    assert.ok(!codes(diagnostics).includes('not-checked'));
    assert.ok(!codes(diagnostics).includes('privileged'), 'values-prod.yaml is harmless so far');
  });

  it('a values file saved with a bad setting gives the diagnostic at the template and at the value', async () => {
    const valuesPath = path.join(root, 'web', 'values-prod.yaml');
    const valuesUri = fileUri(valuesPath);
    await client.open(valuesUri, fs.readFileSync(valuesPath, 'utf8'));
    await client.change(valuesUri, PRIVILEGED_PROD);
    fs.writeFileSync(valuesPath, PRIVILEGED_PROD);
    await client.notify('textDocument/didSave', { textDocument: { uri: valuesUri } });
    const atTemplate = await client.diagnosticsWith(templateUri, ['privileged'], { timeoutMs: 60_000 });
    const privileged = atTemplate.filter((diagnostic) => diagnostic.code === 'privileged');
    assert.ok(privileged.every((diagnostic) => /\(with values-prod\.yaml\)$/.test(String(diagnostic.message))));
    assert.ok(privileged.every((diagnostic) => diagnostic.relatedInformation?.some((related) => related.location.uri === valuesUri && related.location.range.start.line === 3)));
    const atValue = await client.diagnosticsWith(valuesUri, ['privileged'], { timeoutMs: 60_000 });
    assert.ok(atValue.filter((diagnostic) => diagnostic.code === 'privileged').every((diagnostic) => diagnostic.range.start.line === 3));
  });

  it('offers the fix at the template line as an edit of the values scalar only; applied and saved, the finding is gone', async () => {
    const valuesPath = path.join(root, 'web', 'values-prod.yaml');
    const valuesUri = fileUri(valuesPath);
    const atTemplate = (await client.diagnosticsWith(templateUri, ['privileged'], { timeoutMs: 60_000 })).filter((diagnostic) => diagnostic.code === 'privileged');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: templateUri },
      range: atTemplate[0].range,
      context: { diagnostics: atTemplate, only: ['quickfix'] },
    });
    const fix = actions.find((action) => action.title === 'Set privileged: false');
    assert.ok(fix?.edit?.documentChanges, `a fix among ${actions.map((action) => action.title).join(', ')}`);
    const changes = fix.edit.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((change) => change.textDocument.uri), [valuesUri], 'only the values file is edited');
    const text = fs.readFileSync(valuesPath, 'utf8');
    const edits = changes[0].edits as TextEdit[];
    assert.ok(edits.every((edit) => edit.range.start.line === 3), 'the edit is on the privileged line');
    const fixed = TextDocument.applyEdits(TextDocument.create(valuesUri, 'yaml', 0, text), edits);
    assert.equal(fixed, text.replace('privileged: true', 'privileged: false'));
    const before = client.lastSeq();
    await client.change(valuesUri, fixed);
    fs.writeFileSync(valuesPath, fixed);
    await client.notify('textDocument/didSave', { textDocument: { uri: valuesUri } });
    await client.diagnosticsWithout(templateUri, ['privileged'], { timeoutMs: 60_000, after: before });
  });
});

describe('editing a resource an overlay builds', () => {
  let client: LspTestClient;
  after(() => client.stop());

  it('shows the lint of the text being typed, not the render of the saved file, until it is saved', async () => {
    const tools = unpackedTools();
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-render-overlay-')));
    tempDirs.push(root);
    fs.cpSync(path.join(FIXTURES, 'render', 'shop'), path.join(root, 'shop'), { recursive: true });
    client = await LspTestClient.start({
      rootUri: fileUri(root),
      initializationOptions: { workspaceTrusted: true },
      settings: { kubetier: { kubectl: { path: tools.kubectl } } },
    });
    const file = path.join(root, 'shop', 'base', 'deployment.yaml');
    const uri = fileUri(file);
    const saved = fs.readFileSync(file, 'utf8');
    await client.open(uri, saved);
    await client.diagnosticsWithout(uri, ['privileged'], { timeoutMs: 60_000 });
    const typed = saved.replace(/^(\s*)image: (.*)$/m, '$1image: $2\n$1securityContext:\n$1  privileged: true');
    assert.notEqual(typed, saved, 'the fixture has a container image line to extend');
    await client.change(uri, typed);
    await client.diagnosticsWith(uri, ['privileged'], { timeoutMs: 60_000 });
    await client.change(uri, saved);
    await client.diagnosticsWithout(uri, ['privileged'], { timeoutMs: 60_000 });
  });
});

describe('rendering in Restricted Mode', () => {
  let client: LspTestClient;
  after(() => client.stop());

  it('renders nothing and says the workspace must be trusted', async () => {
    const tools = unpackedTools();
    const root = chartWorkspace();
    fs.writeFileSync(path.join(root, 'web', 'values-prod.yaml'), PRIVILEGED_PROD);
    client = await LspTestClient.start({ rootUri: fileUri(root), settings: { kubetier: { helm: { path: tools.helm } } } });
    const templateUri = fileUri(path.join(root, 'web', 'templates', 'deployment.yaml'));
    await client.open(templateUri, fs.readFileSync(path.join(root, 'web', 'templates', 'deployment.yaml'), 'utf8'));
    const diagnostics = await client.diagnostics(templateUri, (publication) => publication.diagnostics.some((diagnostic) => /trusted workspace/.test(String(diagnostic.message))), { timeoutMs: 60_000 });
    assert.deepEqual(codes(diagnostics), ['not-checked']);
    assert.equal(diagnostics[0].range.start.line, 0);
  });
});

describe('rendered objects are the workspace', () => {
  let client: LspTestClient;
  let root: string;
  before(async () => {
    const tools = unpackedTools();
    root = chartWorkspace();
    client = await LspTestClient.start({
      rootUri: fileUri(root),
      initializationOptions: { workspaceTrusted: true },
      settings: { kubetier: { helm: { path: tools.helm } } },
    });
  });
  after(() => client.stop());

  it('a plain file sees the objects a chart renders, by their rendered names', async () => {
    const hpa = (name: string, target: string) =>
      `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${target}\n  minReplicas: 2\n  maxReplicas: 4\n`;
    const file = path.join(root, 'platform', 'hpa.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = `${hpa('web', 'web-web')}---\n${hpa('other', 'nope')}`;
    fs.writeFileSync(file, text);
    const uri = fileUri(file);
    await client.open(uri, text);
    // Before the chart renders both targets are missing; once it has, only the one no render produces.
    const diagnostics = await client.diagnostics(uri, (publication) => publication.diagnostics.filter((diagnostic) => diagnostic.code === 'hpa-target-missing').length === 1, { timeoutMs: 60_000 });
    const missing = diagnostics.filter((diagnostic) => diagnostic.code === 'hpa-target-missing');
    assert.match(String(missing[0].message), /nope/);
  });

  it('the checklist counts what the chart deploys, named as deployed, with evidence on the template lines', async () => {
    const view = await client.request<ChecklistView>(CHECKLIST_REQUEST, { tier: 2 });
    const evidence = view.items.flatMap((item) => item.evidence);
    assert.ok(evidence.length > 0);
    assert.deepEqual(evidence.filter((entry) => /__/.test(entry.label)), [], 'no template placeholder names');
    const deployment = evidence.find((entry) => entry.label === 'Deployment web-web');
    assert.ok(deployment, `Deployment web-web among ${[...new Set(evidence.map((entry) => entry.label))].join(', ')}`);
    assert.equal(deployment.uri, fileUri(path.join(root, 'web', 'templates', 'deployment.yaml')));
    assert.equal(deployment.range.start.line, lineOf(path.join(root, 'web', 'templates', 'deployment.yaml'), 'name: {{ include "web.fullname"'));
  });
});
