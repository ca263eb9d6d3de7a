// The resource map request over stdio: the workspace's objects and links with their findings, the
// map following an edit before it is saved, and a chart's objects as rendered by the real helm.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ResourceGraph } from '../../server/src/engine/graph/model';
import { RESOURCE_MAP_REQUEST } from '../../server/src/protocol';
import { FIXTURES } from '../support/fixtures';
import { fileUri, LspTestClient } from '../support/lspClient';
import { unpackedTools } from '../support/tools';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function copyOf(fixture: string): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-map-')));
  tempDirs.push(root);
  fs.cpSync(path.join(FIXTURES, fixture), root, { recursive: true });
  return root;
}

function edgesOf(graph: ResourceGraph): string[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const name = (id: string) => `${byId.get(id)?.kind}/${byId.get(id)?.name}`;
  return graph.edges.map((edge) => `${name(edge.from)} ${edge.label} ${name(edge.to)}${edge.missing ? ' (missing)' : ''}`);
}

/** Asks for the map until `wanted` holds (renders and edits land in the background); the last answer. */
async function mapWhere(client: LspTestClient, params: { uri?: string }, wanted: (graph: ResourceGraph) => boolean, what: string, timeoutMs = 20_000): Promise<ResourceGraph> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const graph = await client.request<ResourceGraph>(RESOURCE_MAP_REQUEST, params);
    if (wanted(graph)) return graph;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(edgesOf(graph))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function indexed(client: LspTestClient): Promise<void> {
  await client.waitFor(
    () => (client.notifications.get('window/logMessage') ?? []).some((entry) => (entry as { message: string }).message.startsWith('kubetier: indexed')),
    'the start-up index scan',
  );
}

describe('resource map request', () => {
  let root: string;
  let client: LspTestClient;
  before(async () => {
    root = copyOf('graph/shop');
    client = await LspTestClient.start({ rootUri: fileUri(root), settings: { kubetier: { tier: 2 } } });
    await indexed(client);
  });
  after(() => client.stop());

  it('answers the workspace graph with file URIs, ranges and findings at the tier', async () => {
    const graph = await client.request<ResourceGraph>(RESOURCE_MAP_REQUEST, {});
    assert.ok(edgesOf(graph).includes('Ingress/shop routes to Service/web'));
    assert.ok(edgesOf(graph).includes('Deployment/worker env from Secret/absent-secret (missing)'));
    const web = graph.nodes.find((node) => node.kind === 'Deployment' && node.name === 'web')!;
    assert.equal(web.file, fileUri(path.join(root, 'app.yaml')));
    assert.equal(web.range?.start.line, 3);
    assert.ok(web.findings.some((finding) => finding.ruleId === 'pdb-missing' || finding.ruleId === 'resource-limits'), 'tier 2 findings are on the node');
    assert.equal(graph.notice, undefined);
  });

  it('follows an edit of an open file before it is saved', async () => {
    const uri = fileUri(path.join(root, 'policy.yaml'));
    const text = fs.readFileSync(path.join(root, 'policy.yaml'), 'utf8');
    await client.open(uri, text);
    await client.change(uri, text.replace('name: api }', 'name: worker }'));
    const graph = await mapWhere(client, { uri }, (answer) => edgesOf(answer).includes('HorizontalPodAutoscaler/api scales Deployment/worker'), 'the edited scale target');
    assert.ok(!graph.nodes.some((node) => node.missing && node.name === 'api'), 'the missing Deployment is gone');
  });
});

describe('resource map of a chart', () => {
  let client: LspTestClient;
  after(() => client.stop());

  it('shows the chart\'s objects as rendered, at their template, labelled by chart and values', async () => {
    const tools = unpackedTools();
    const root = copyOf('render');
    client = await LspTestClient.start({
      rootUri: fileUri(root),
      initializationOptions: { workspaceTrusted: true },
      settings: { kubetier: { helm: { path: tools.helm }, kubectl: { path: tools.kubectl } } },
    });
    await indexed(client);
    const graph = await mapWhere(client, {}, (answer) => answer.nodes.some((node) => node.origin?.startsWith('Helm chart web')), 'the rendered chart on the map', 60_000);
    const web = graph.nodes.find((node) => node.kind === 'Deployment' && node.name === 'web-web')!;
    assert.equal(web.origin, 'Helm chart web (values.yaml)');
    assert.equal(web.file, fileUri(path.join(root, 'web', 'templates', 'deployment.yaml')));
    assert.ok(web.findings.length > 0);
    assert.ok(graph.nodes.some((node) => node.name === 'dev-shop' && node.origin === 'Kustomize overlay shop/overlays/dev'));
    assert.ok(!graph.nodes.some((node) => node.file?.includes('/templates/') && !node.origin), 'no template shown unrendered');
  });
});
