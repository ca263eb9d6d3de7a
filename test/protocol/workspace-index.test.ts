// The workspace index over stdio: diagnostics in one file follow changes to another file, whether
// the other file is edited in the editor, or created, changed or deleted on disk (didChangeWatchedFiles).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHECKLIST_PART_REQUEST, CHECKLIST_REQUEST, INDEX_CHANGED_NOTIFICATION, type ChecklistPartResult, type ChecklistView } from '../../server/src/protocol';
import { FileChangeType, fileUri, LspTestClient, type Diagnostic } from '../support/lspClient';

const DEPLOYMENT = `# kubetier: tier=2
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: api:1.0
`;

function pdb(app: string): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: ${app}}
`;
}

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 3
  maxReplicas: 9
`;

const tempDirs: string[] = [];
function workspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-index-')));
  tempDirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => String(diagnostic.code));

/** Waits until the start-up scan has logged its summary. */
function indexed(client: LspTestClient): Promise<string> {
  return client.waitFor(
    () => (client.notifications.get('window/logMessage') ?? []).map((entry) => (entry as { message: string }).message).find((message) => message.startsWith('kubetier: indexed')),
    'the start-up index scan',
  );
}

function logMessages(client: LspTestClient): string[] {
  return (client.notifications.get('window/logMessage') ?? []).map((entry) => (entry as { message: string }).message);
}

describe('workspace index over stdio', () => {
  let root: string;
  let client: LspTestClient;
  let deployUri: string;
  before(async () => {
    root = workspace({ 'deploy.yaml': DEPLOYMENT, 'pdb.yaml': pdb('api'), 'notes/other.yaml': 'key: value\n' });
    client = await LspTestClient.start({
      rootUri: fileUri(root),
      settings: { kubetier: { tier: 2 } },
      capabilities: { window: { workDoneProgress: true } },
      recordNotifications: ['$/progress', INDEX_CHANGED_NOTIFICATION],
    });
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    assert.match(await indexed(client), /indexed 3 YAML files/);
    const progress = (client.notifications.get('$/progress') ?? []).map((entry) => (entry as { value: { kind: string } }).value.kind);
    assert.deepEqual([progress[0], progress.at(-1)], ['begin', 'end'], 'the scan reports window/workDoneProgress');
    deployUri = fileUri(path.join(root, 'deploy.yaml'));
    await client.open(deployUri, DEPLOYMENT);
  });
  after(() => client.stop());

  it('reads unopened files at start-up: the PDB on disk satisfies pdb-missing', async () => {
    const diagnostics = await client.diagnostics(deployUri);
    assert.ok(codes(diagnostics).includes('hpa-missing'), `the deployment is linted at tier 2: ${codes(diagnostics)}`);
    assert.ok(!codes(diagnostics).includes('pdb-missing'));
  });

  it('shows pdb-missing on the Deployment when pdb.yaml is deleted, and clears it when it is created again', async () => {
    const pdbPath = path.join(root, 'pdb.yaml');
    let seq = client.lastSeq();
    fs.rmSync(pdbPath);
    await client.watchedFilesChanged([{ uri: fileUri(pdbPath), type: FileChangeType.Deleted }]);
    const missing = await client.diagnosticsWith(deployUri, ['pdb-missing'], { after: seq });
    const finding = missing.find((diagnostic) => diagnostic.code === 'pdb-missing')!;
    assert.equal(finding.range.start.line, 4, 'on the metadata.name of the Deployment');

    seq = client.lastSeq();
    fs.writeFileSync(pdbPath, pdb('api'));
    await client.watchedFilesChanged([{ uri: fileUri(pdbPath), type: FileChangeType.Created }]);
    await client.diagnosticsWithout(deployUri, ['pdb-missing'], { after: seq });
  });

  it('follows a file changed on disk', async () => {
    const pdbPath = path.join(root, 'pdb.yaml');
    let seq = client.lastSeq();
    fs.writeFileSync(pdbPath, pdb('api-v2'));
    await client.watchedFilesChanged([{ uri: fileUri(pdbPath), type: FileChangeType.Changed }]);
    await client.diagnosticsWith(deployUri, ['pdb-missing'], { after: seq });

    seq = client.lastSeq();
    fs.writeFileSync(pdbPath, pdb('api'));
    await client.watchedFilesChanged([{ uri: fileUri(pdbPath), type: FileChangeType.Changed }]);
    await client.diagnosticsWithout(deployUri, ['pdb-missing'], { after: seq });
  });

  it('lets an unsaved editor buffer win over disk, and goes back to disk when it is closed', async () => {
    const pdbUri = fileUri(path.join(root, 'pdb.yaml'));
    let seq = client.lastSeq();
    await client.open(pdbUri, pdb('api'));
    await client.change(pdbUri, pdb('somebody-else'));
    await client.diagnosticsWith(deployUri, ['pdb-missing'], { after: seq });

    // A disk event for an open document does not replace its buffer (the next edit re-lints the Deployment).
    seq = client.lastSeq();
    await client.watchedFilesChanged([{ uri: pdbUri, type: FileChangeType.Changed }]);
    await client.change(pdbUri, pdb('somebody-else') + '# still editing\n');
    await client.diagnosticsWith(deployUri, ['pdb-missing'], { after: seq });

    seq = client.lastSeq();
    await client.close(pdbUri);
    await client.diagnosticsWithout(deployUri, ['pdb-missing'], { after: seq });
  });

  it('points related information at the other file (hpa-replicas-conflict names the HPA)', async () => {
    const hpaPath = path.join(root, 'hpa.yaml');
    const seq = client.lastSeq();
    fs.writeFileSync(hpaPath, HPA);
    await client.watchedFilesChanged([{ uri: fileUri(hpaPath), type: FileChangeType.Created }]);
    const diagnostics = await client.diagnosticsWith(deployUri, ['hpa-replicas-conflict'], { after: seq });
    assert.ok(!codes(diagnostics).includes('hpa-missing'), 'the HPA on disk now targets the Deployment');
    const conflict = diagnostics.find((diagnostic) => diagnostic.code === 'hpa-replicas-conflict')!;
    assert.equal(conflict.relatedInformation?.[0]?.location.uri, fileUri(hpaPath));
  });

  it('drops every file of a deleted folder', async () => {
    const folder = path.join(root, 'policies');
    fs.mkdirSync(folder);
    fs.renameSync(path.join(root, 'pdb.yaml'), path.join(folder, 'pdb.yaml'));
    let seq = client.lastSeq();
    await client.watchedFilesChanged([
      { uri: fileUri(path.join(root, 'pdb.yaml')), type: FileChangeType.Deleted },
      { uri: fileUri(path.join(folder, 'pdb.yaml')), type: FileChangeType.Created },
    ]);
    await client.diagnosticsWithout(deployUri, ['pdb-missing'], { after: seq });
    seq = client.lastSeq();
    fs.rmSync(folder, { recursive: true });
    await client.watchedFilesChanged([{ uri: fileUri(folder), type: FileChangeType.Deleted }]);
    await client.diagnosticsWith(deployUri, ['pdb-missing'], { after: seq });
  });

  it('tells the client when a file on disk changes the index, and the checklist follows (PDB item missing, then done)', async () => {
    const pdbDone = async () => (await client.request<ChecklistView>(CHECKLIST_REQUEST, {})).items.find((item) => item.id === 't2-pdb')?.status;
    const pdbPath = path.join(root, 'pdb-for-checklist.yaml');
    fs.rmSync(pdbPath, { force: true });
    assert.equal(await pdbDone(), 'missing');
    const notified = (client.notifications.get(INDEX_CHANGED_NOTIFICATION) ?? []).length;
    fs.writeFileSync(pdbPath, pdb('api'));
    await client.watchedFilesChanged([{ uri: fileUri(pdbPath), type: FileChangeType.Created }]);
    await client.waitFor(() => (client.notifications.get(INDEX_CHANGED_NOTIFICATION) ?? []).length > notified, 'an index-changed notification');
    assert.equal(await pdbDone(), 'done');
    fs.rmSync(pdbPath);
    await client.watchedFilesChanged([{ uri: fileUri(pdbPath), type: FileChangeType.Deleted }]);
  });

  it('answers what to generate for a missing checklist item, and nothing for an unknown item or a bad name', async () => {
    const part = (itemId: string, name: string) => client.request<ChecklistPartResult>(CHECKLIST_PART_REQUEST, { itemId, name });
    const { files } = await part('t4-dns-failover', 'shop');
    assert.deepEqual(files.map((file) => file.path), ['platform/dns-failover.yaml']);
    assert.match(files[0].content, /kind: /);
    assert.deepEqual((await part('no-such-item', 'shop')).files, []);
    assert.deepEqual((await part('t4-dns-failover', 'Not A Name')).files, []);
  });

  it('reads every file of a folder moved into place (one event for the folder, as a generated bundle arrives)', async () => {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-staged-'));
    tempDirs.push(staging);
    fs.mkdirSync(path.join(staging, 'bundle/base'), { recursive: true });
    fs.writeFileSync(path.join(staging, 'bundle/base/pdb.yaml'), pdb('api'));
    const seq = client.lastSeq();
    fs.renameSync(path.join(staging, 'bundle'), path.join(root, 'bundle'));
    await client.watchedFilesChanged([{ uri: fileUri(path.join(root, 'bundle')), type: FileChangeType.Created }]);
    await client.diagnosticsWithout(deployUri, ['pdb-missing'], { after: seq });
  });

  it('reads a workspace folder added while running, and forgets it when it is removed', async () => {
    let seq = client.lastSeq();
    fs.rmSync(path.join(root, 'bundle'), { recursive: true });
    await client.watchedFilesChanged([{ uri: fileUri(path.join(root, 'bundle')), type: FileChangeType.Deleted }]);
    await client.diagnosticsWith(deployUri, ['pdb-missing'], { after: seq });

    const other = workspace({ 'policies/pdb.yaml': pdb('api') });
    const folder = { uri: fileUri(other), name: 'policies' };
    seq = client.lastSeq();
    await client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
    await client.diagnosticsWithout(deployUri, ['pdb-missing'], { after: seq });
    seq = client.lastSeq();
    await client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
    await client.diagnosticsWith(deployUri, ['pdb-missing'], { after: seq });
  });
});

describe('workspace index exclusions', () => {
  it('does not read node_modules, files.exclude, .kubetier.yaml ignore globs or files over kubetier.maxFileSize', async () => {
    const root = workspace({
      'deploy.yaml': DEPLOYMENT,
      '.kubetier.yaml': 'ignore: ["ignored/**"]\n',
      'node_modules/chart/pdb.yaml': pdb('api'),
      'vendor/pdb.yaml': pdb('api'),
      'ignored/pdb.yaml': pdb('api'),
      'big/pdb.yaml': pdb('api') + `# ${'x'.repeat(2048)}\n`,
      'small/hpa.yaml': HPA,
    });
    const client = await LspTestClient.start({
      rootUri: fileUri(root),
      settings: { kubetier: { tier: 2 }, 'files.exclude': { '**/vendor': true }, 'kubetier.maxFileSize': 0.001 },
    });
    try {
      assert.match(await indexed(client), /indexed 2 YAML files/, 'deploy.yaml and small/hpa.yaml only');
      assert.ok(
        logMessages(client).some((message) => message.includes(path.join('big', 'pdb.yaml')) && message.includes('larger than')),
        `a notice for the large file: ${logMessages(client).join(' | ')}`,
      );
      const uri = fileUri(path.join(root, 'deploy.yaml'));
      await client.open(uri, DEPLOYMENT);
      const diagnostics = await client.diagnosticsWith(uri, ['pdb-missing', 'hpa-replicas-conflict']);
      assert.ok(!codes(diagnostics).includes('hpa-missing'), 'small/hpa.yaml was indexed');
    } finally {
      await client.stop();
    }
  });
});

describe('Kustomize namespaces over stdio', () => {
  it('moves an open file out of the default namespace when its kustomization on disk sets namespace:', async () => {
    const configMap = '# kubetier: tier=2\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';
    const root = workspace({ 'app/kustomization.yaml': 'resources: [settings.yaml]\n', 'app/settings.yaml': configMap });
    const client = await LspTestClient.start({ rootUri: fileUri(root), settings: { kubetier: { tier: 2 } } });
    try {
      await indexed(client);
      const uri = fileUri(path.join(root, 'app/settings.yaml'));
      await client.open(uri, configMap);
      await client.diagnosticsWith(uri, ['default-namespace']);
      const kustomization = path.join(root, 'app/kustomization.yaml');
      let seq = client.lastSeq();
      fs.writeFileSync(kustomization, 'namespace: shop\nresources: [settings.yaml]\n');
      await client.watchedFilesChanged([{ uri: fileUri(kustomization), type: FileChangeType.Changed }]);
      await client.diagnosticsWithout(uri, ['default-namespace'], { after: seq });
      seq = client.lastSeq();
      fs.rmSync(kustomization);
      await client.watchedFilesChanged([{ uri: fileUri(kustomization), type: FileChangeType.Deleted }]);
      await client.diagnosticsWith(uri, ['default-namespace'], { after: seq });
    } finally {
      await client.stop();
    }
  });
});

describe('exclusions that change while the server runs', () => {
  it('drops and re-reads files when .kubetier.yaml ignore globs change', async () => {
    const root = workspace({ '.kubetier.yaml': 'tier: 2\n', 'deploy.yaml': DEPLOYMENT, 'policies/pdb.yaml': pdb('api') });
    const client = await LspTestClient.start({ rootUri: fileUri(root), settings: { kubetier: { tier: 2 } } });
    try {
      await indexed(client);
      const uri = fileUri(path.join(root, 'deploy.yaml'));
      await client.open(uri, DEPLOYMENT);
      await client.diagnosticsWithout(uri, ['pdb-missing']);
      const config = path.join(root, '.kubetier.yaml');
      let seq = client.lastSeq();
      fs.writeFileSync(config, 'tier: 2\nignore: ["policies/**"]\n');
      await client.watchedFilesChanged([{ uri: fileUri(config), type: FileChangeType.Changed }]);
      await client.diagnosticsWith(uri, ['pdb-missing'], { after: seq });
      seq = client.lastSeq();
      fs.writeFileSync(config, 'tier: 2\n');
      await client.watchedFilesChanged([{ uri: fileUri(config), type: FileChangeType.Changed }]);
      await client.diagnosticsWithout(uri, ['pdb-missing'], { after: seq });
    } finally {
      await client.stop();
    }
  });
});
