// The checklist over stdio scores one project at a time: a folder holding .kubetier.yaml, else the workspace
// folder. A nested project's files and ignored files do not count for the folder around them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHECKLIST_REQUEST, type ChecklistParams, type ChecklistView } from '../../server/src/protocol';
import { fileUri, LspTestClient } from '../support/lspClient';

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n';
const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
`;
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: web\ndata:\n  mode: fast\n';

describe('checklist projects over stdio', () => {
  let root: string;
  let client: LspTestClient;
  const status = (view: ChecklistView, id: string) => view.items.find((item) => item.id === id)?.status;
  const checklist = (params: ChecklistParams) => client.request<ChecklistView>(CHECKLIST_REQUEST, params);

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-projects-')));
    const files: Record<string, string> = {
      '.kubetier.yaml': 'tier: 1\nignore:\n  - legacy/**\n',
      'legacy/namespace.yaml': NAMESPACE,
      'README.md': 'Apply with kubectl apply -f .\n',
      'apps/web/.kubetier.yaml': 'tier: 2\n',
      'apps/web/pdb.yaml': PDB,
      'apps/web/configmap.yaml': CONFIGMAP,
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    client = await LspTestClient.start({ rootUri: fileUri(root) });
    await client.waitFor(
      () => (client.notifications.get('window/logMessage') ?? []).some((entry) => (entry as { message: string }).message.startsWith('kubetier: indexed')),
      'the start-up index scan',
    );
    // An ignored file open in an editor still does not count.
    await client.open(fileUri(path.join(root, 'legacy/namespace.yaml')), NAMESPACE);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists the workspace folder and each folder holding .kubetier.yaml as projects', async () => {
    const view = await checklist({});
    assert.deepEqual(view.projects, [
      { uri: fileUri(root), name: path.basename(root) },
      { uri: fileUri(path.join(root, 'apps/web')), name: `${path.basename(root)}/apps/web` },
    ]);
    assert.equal(view.project, fileUri(root), 'without a choice or a document, the first workspace folder');
  });

  it('scores the workspace folder without the nested project and without ignored files', async () => {
    const view = await checklist({ project: fileUri(root) });
    assert.equal(view.targetTier, 1);
    assert.equal(status(view, 't1-namespace'), 'missing', 'legacy/ is ignored');
    assert.equal(status(view, 't1-configmap'), 'missing', 'the ConfigMap belongs to apps/web');
    assert.equal(status(view, 't2-pdb'), 'missing', 'the PDB belongs to apps/web');
    assert.equal(status(view, 't1-readme'), 'done', 'the README is the folder’s own');
  });

  it('scores a nested project on its own files, at the tier of its .kubetier.yaml', async () => {
    const view = await checklist({ project: fileUri(path.join(root, 'apps/web')) });
    assert.equal(view.project, fileUri(path.join(root, 'apps/web')));
    assert.equal(view.targetTier, 2);
    assert.match(view.tierSource, /apps[/\\]web[/\\]\.kubetier\.yaml/);
    assert.equal(status(view, 't2-pdb'), 'done');
    assert.equal(status(view, 't1-configmap'), 'done');
    assert.equal(status(view, 't1-readme'), 'missing', 'the README above it belongs to the outer project');
    const evidence = view.items.flatMap((item) => item.evidence.map((entry) => entry.uri));
    assert.ok(evidence.length > 0 && evidence.every((uri) => uri.startsWith(fileUri(path.join(root, 'apps/web')))), evidence.join('\n'));
  });

  it('without a chosen project, scores the project of the document being edited', async () => {
    const view = await checklist({ document: fileUri(path.join(root, 'apps/web/pdb.yaml')) });
    assert.equal(view.project, fileUri(path.join(root, 'apps/web')));
  });

  it('ignores a project URI that is not a project, falling back to the document’s project', async () => {
    const view = await checklist({ project: fileUri('/etc'), document: fileUri(path.join(root, 'apps/web/pdb.yaml')) });
    assert.equal(view.project, fileUri(path.join(root, 'apps/web')));
  });
});
