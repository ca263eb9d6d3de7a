// Workspace-wide problems over stdio (LSP pull diagnostics): every closed file's findings come from
// workspace/diagnostic with result ids; a file whose problems did not change is not sent again; a
// request with nothing new is held until a file changes on disk, and ends when the client cancels it;
// an open document's problems are pushed only (its pulled report is empty), so none is listed twice.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CancellationTokenSource,
  DocumentDiagnosticRequest,
  WorkspaceDiagnosticRequest,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { LINT_FOLDER_REQUEST, TIER_INFO_REQUEST, type LintFolderResult, type TierInfo } from '../../server/src/protocol';
import { FileChangeType, fileUri, LspTestClient } from '../support/lspClient';

const DEPLOYMENT = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: ${name}:1.0
`;

const pdb = (app: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: ${app}}
`;

const PULL_CAPABILITIES = {
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, diagnostics: { refreshSupport: true } },
  window: { workDoneProgress: true },
};

type PreviousIds = { uri: string; value: string }[];

const codes = (report: WorkspaceDocumentDiagnosticReport | undefined) => (report?.kind === 'full' ? report.items.map((item) => String(item.code)) : []);
const idsOf = (reports: WorkspaceDocumentDiagnosticReport[], previous: PreviousIds = []): PreviousIds => {
  const ids = new Map(previous.map((entry) => [entry.uri, entry.value]));
  for (const report of reports) if (report.resultId) ids.set(report.uri, report.resultId);
  return [...ids].map(([uri, value]) => ({ uri, value }));
};

describe('workspace problems (pull diagnostics)', () => {
  let root: string;
  let client: LspTestClient;
  let uris: { deploy: string; pdb: string; web: string; notes: string };
  let ids: PreviousIds = [];
  const pull = (previousResultIds: PreviousIds, token?: CancellationTokenSource) =>
    client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds }, token?.token);

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-problems-')));
    const files = { 'deploy.yaml': DEPLOYMENT('api'), 'pdb.yaml': pdb('api'), 'web/web.yaml': DEPLOYMENT('web'), 'notes.yaml': 'key: value\n' };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    uris = { deploy: fileUri(path.join(root, 'deploy.yaml')), pdb: fileUri(path.join(root, 'pdb.yaml')), web: fileUri(path.join(root, 'web/web.yaml')), notes: fileUri(path.join(root, 'notes.yaml')) };
    client = await LspTestClient.start({ rootUri: fileUri(root), settings: { kubetier: { tier: 2 } }, capabilities: PULL_CAPABILITIES });
    client.connection.onRequest('window/workDoneProgress/create', () => null);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('advertises workspace diagnostics under an identifier of its own', () => {
    assert.deepEqual(client.initializeResult?.capabilities.diagnosticProvider, { identifier: 'kubetier-workspace', interFileDependencies: true, workspaceDiagnostics: true });
  });

  it('reports every closed file with findings, with a result id, and leaves out files without any', async () => {
    const { items } = await pull([]);
    const byUri = new Map(items.map((item) => [item.uri, item]));
    assert.ok(codes(byUri.get(uris.deploy)).includes('hpa-missing'), `deploy.yaml is linted at tier 2: ${codes(byUri.get(uris.deploy))}`);
    assert.ok(!codes(byUri.get(uris.deploy)).includes('pdb-missing'), 'the PDB on disk counts');
    assert.ok(codes(byUri.get(uris.web)).includes('pdb-missing'), 'web has no PDB');
    assert.equal(byUri.get(uris.notes), undefined, 'a file without findings is not sent');
    for (const item of items) assert.ok(item.resultId, `${item.uri} has a result id`);
    assert.equal(items.length, new Set(items.map((item) => item.uri)).size, 'one report per file');
    ids = idsOf(items);
  });

  it('holds a request with nothing new, and sends only the files a change on disk affects', async () => {
    let answered = false;
    const held = pull(ids).then((report) => {
      answered = true;
      return report;
    });
    // The server answers other requests meanwhile: the held request blocks nothing.
    const document = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uris.web } });
    assert.ok(document.kind === 'full' && document.items.some((item) => item.code === 'pdb-missing'));
    assert.equal(answered, false, `nothing changed: the workspace request is still held ${answered && JSON.stringify(await held)}`);

    fs.writeFileSync(path.join(root, 'pdb.yaml'), pdb('api-v2'));
    await client.watchedFilesChanged([{ uri: uris.pdb, type: FileChangeType.Changed }]);
    const { items } = await held;
    const sent = items.map((item) => item.uri).sort();
    assert.ok(sent.includes(uris.deploy), 'deploy.yaml lost its PDB');
    assert.ok(codes(items.find((item) => item.uri === uris.deploy)).includes('pdb-missing'));
    assert.ok(!sent.includes(uris.web), `web.yaml did not change: ${sent.join(', ')}`);
    ids = idsOf(items, ids);
  });

  it('answers "unchanged" to a document request holding the current result id', async () => {
    const web = ids.find((entry) => entry.uri === uris.web)!;
    const report = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uris.web }, previousResultId: web.value });
    assert.deepEqual(report, { kind: 'unchanged', resultId: web.value });
  });

  it('ends a held request when the client cancels it', async () => {
    const source = new CancellationTokenSource();
    const held = pull(ids, source);
    setTimeout(() => source.cancel(), 200);
    await assert.rejects(held, (error: { code?: number }) => error.code === -32800);
    // The server still answers after the cancellation.
    fs.writeFileSync(path.join(root, 'pdb.yaml'), pdb('api'));
    await client.watchedFilesChanged([{ uri: uris.pdb, type: FileChangeType.Changed }]);
    const { items } = await pull(ids);
    assert.ok(!codes(items.find((item) => item.uri === uris.deploy)).includes('pdb-missing'), 'the PDB selects api again');
    ids = idsOf(items, ids);
  });

  it('pulls nothing for an open document (its problems are pushed), and reports the file again once it is closed', async () => {
    // A held request tells the client holding web.yaml's workspace problems to drop them once it opens.
    const opening = pull(ids);
    await client.open(uris.web, DEPLOYMENT('web'));
    const { items: dropped } = await opening;
    assert.deepEqual(dropped.map((item) => [item.uri, item.resultId, codes(item).length]), [[uris.web, 'open', 0]]);
    const pushed: unknown[] = await client.diagnosticsWith(uris.web, ['pdb-missing']);
    const pulled = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uris.web } });
    assert.deepEqual(pulled, { kind: 'full', resultId: 'open', items: [] }, 'the open document is pushed only');
    assert.ok(pushed.length > 0);

    // The client forgets the workspace result of a document it closes (vscode-languageclient does): it asks without it.
    const withoutWeb = ids.filter((entry) => entry.uri !== uris.web);
    const held = pull(withoutWeb);
    await client.close(uris.web);
    const { items } = await held;
    assert.ok(codes(items.find((item) => item.uri === uris.web)).includes('pdb-missing'), 'closed: its findings come from the workspace pull again');
  });

  it('empties what it reported when kubetier.problems.scope turns to openFiles', async () => {
    const { items: all } = await pull([]);
    const reported = idsOf(all);
    await client.changeSettings({ kubetier: { tier: 2, problems: { scope: 'openFiles' } } });
    const { items } = await pull(reported);
    assert.deepEqual(
      items.map((item) => [item.uri, codes(item).length]).sort(),
      reported.map((entry) => [entry.uri, 0]).sort(),
      'every file reported before gets an empty report',
    );

    // "Lint folder" lists one folder's files again, whatever the scope.
    const held = pull(idsOf(items, reported));
    const summary = await client.request<LintFolderResult>(LINT_FOLDER_REQUEST, { uri: fileUri(path.join(root, 'web')) });
    assert.equal(summary.files, 1);
    assert.equal(summary.filesWithProblems, 1);
    assert.ok(summary.problems > 3, `web.yaml has its findings: ${JSON.stringify(summary)}`);
    const { items: folder } = await held;
    assert.deepEqual(folder.map((item) => item.uri), [uris.web], 'only the linted folder comes back');
    assert.equal(codes(folder[0]).length, summary.problems);
    await client.changeSettings({ kubetier: { tier: 2 } });
  });

  it('lists open files only in a workspace over kubetier.problems.maxWorkspaceFiles, and says why', async () => {
    await client.changeSettings({ kubetier: { tier: 2, problems: { maxWorkspaceFiles: 2 } } });
    const { items } = await pull(ids);
    assert.ok(items.every((item) => codes(item).length === 0), 'the files reported before are emptied');
    const told = await client.waitFor(
      () => (client.notifications.get('window/showMessage') ?? []).map((entry) => (entry as { message: string }).message).find((message) => message.includes('maxWorkspaceFiles')),
      'a message about the limit',
    );
    assert.match(told, /holds 4 YAML files, over kubetier\.problems\.maxWorkspaceFiles \(2\)/);
    await client.changeSettings({ kubetier: { tier: 2 } });
  });

  it('tells the status bar what is wrong in the .kubetier.yaml that applies', async () => {
    fs.mkdirSync(path.join(root, 'configured'));
    fs.writeFileSync(path.join(root, 'configured/.kubetier.yaml'), 'tier: 2\nunknownKey: 1\n');
    const uri = fileUri(path.join(root, 'configured/app.yaml'));
    await client.open(uri, DEPLOYMENT('app'));
    const info = await client.request<TierInfo>(TIER_INFO_REQUEST, { uri });
    assert.equal(info.tier, 2);
    assert.equal(info.configProblems?.length, 1);
    assert.match(info.configProblems![0], /configured\/\.kubetier\.yaml: .*unknownKey/);
    assert.equal((await client.request<TierInfo>(TIER_INFO_REQUEST, { uri: uris.deploy }))?.configProblems, undefined);
  });
});
