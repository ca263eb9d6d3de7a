// The resource map's graph (engine/graph) built from fixture workspaces, and `kubetier graph` read back:
// JSON parsed, DOT parsed by the real Graphviz (@viz-js/viz), charts and overlays as rendered by the real tools.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { instance } from '@viz-js/viz';
import { buildResourceGraph } from '../../server/src/engine/graph/build';
import { withFindings } from '../../server/src/engine/graph/findings';
import { focusGraph } from '../../server/src/engine/graph/focus';
import { EDGE_LABELS, type MapNode, type ResourceGraph } from '../../server/src/engine/graph/model';
import { collectYamlFiles, ConfigCache } from '../../server/src/engine/workspace/disk';
import { lintWorkspace, loadProject, type ProjectOptions } from '../../server/src/engine/workspace/project';
import { RULES } from '../../server/src/rules';
import { runCaptured, tempWorkspace } from '../support/cli';
import { FIXTURES } from '../support/fixtures';
import { unpackedTools } from '../support/tools';

const SHOP = path.join(FIXTURES, 'graph/shop');

function load(folder: string) {
  const configs = new ConfigCache();
  const options: ProjectOptions = { rules: RULES, host: {} };
  const workspace = loadProject(collectYamlFiles([folder], configs).files.map((file) => ({ path: file })), options, configs);
  return { workspace, reports: lintWorkspace(workspace, options, configs) };
}

function label(node: MapNode | undefined): string {
  return node ? `${node.missing ? 'missing ' : ''}${node.kind}/${node.name}` : '?';
}

function edgeLines(graph: ResourceGraph): string[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  return graph.edges.map((edge) => `${label(byId.get(edge.from))} ${edge.missing ? '-.' : '--'}${edge.label}--> ${label(byId.get(edge.to))}`).sort();
}

describe('resource graph of a fixture workspace', () => {
  const { workspace, reports } = load(SHOP);
  const graph = buildResourceGraph({ index: workspace.index });

  it('has one labelled edge per link, every label used, and dashed edges to what is missing', () => {
    assert.deepEqual(edgeLines(graph), [
      'Deployment/web --env from--> ConfigMap/web-config',
      'Deployment/web --env from--> ExternalSecret/web-api',
      'Deployment/web --env from--> Secret/web-db',
      'Deployment/web --mounts--> PersistentVolumeClaim/web-data',
      'Deployment/web --mounts--> Secret/web-tls',
      'Deployment/web --runs as--> ServiceAccount/web',
      'Deployment/web -.mounts--> missing ConfigMap/absent-config',
      'Deployment/worker -.env from--> missing Secret/absent-secret',
      'Deployment/worker -.mounts--> missing PersistentVolumeClaim/absent-claim',
      'Deployment/worker -.runs as--> missing ServiceAccount/ghost',
      'HTTPRoute/web --routes to--> Service/web',
      'HorizontalPodAutoscaler/api -.scales--> missing Deployment/api',
      'HorizontalPodAutoscaler/web --scales--> Deployment/web',
      'Ingress/shop --routes to--> Service/web',
      'Ingress/shop -.routes to--> missing Service/gone',
      'NetworkPolicy/web --selects--> Deployment/web',
      'PodDisruptionBudget/web --protects--> Deployment/web',
      'RoleBinding/web-reader --binds--> Role/web-reader',
      'RoleBinding/web-reader --binds--> ServiceAccount/web',
      'RoleBinding/web-view --binds--> ServiceAccount/web',
      'Service/orphan -.selects--> missing Pod/app=nothing-here',
      'Service/web --selects--> Deployment/web',
    ]);
    assert.deepEqual(new Set(graph.edges.map((edge) => edge.label)), new Set(EDGE_LABELS));
  });

  it('never draws as missing an optional reference, the default ServiceAccount or a built-in ClusterRole', () => {
    const missing = graph.nodes.filter((node) => node.missing).map((node) => `${node.kind}/${node.name}`);
    for (const absent of ['ConfigMap/maybe-config', 'ServiceAccount/default', 'ClusterRole/view']) assert.ok(!missing.includes(absent), absent);
    const orphan = graph.nodes.find((node) => node.kind === 'Pod');
    assert.equal(orphan?.missing, 'no pods in the workspace match app=nothing-here');
    assert.equal(orphan?.namespace, 'shop');
  });

  it('gives every object of the files a node, in its namespace, at the line of its name', () => {
    const objects = workspace.parsed.flatMap((file) => file.objects);
    assert.equal(graph.nodes.filter((node) => !node.missing).length, objects.length);
    const web = graph.nodes.find((node) => node.kind === 'Deployment' && node.name === 'web')!;
    assert.equal(web.file, path.join(SHOP, 'app.yaml'));
    assert.equal(web.range?.start.line, 3);
    assert.ok(graph.nodes.every((node) => node.namespace === 'shop'));
  });

  it('puts each object\'s findings on its node, worst first, and none on missing nodes', () => {
    const mapped = withFindings(graph, new Map(reports.map((report) => [report.path, report.findings])));
    for (const node of mapped.nodes.filter((entry) => !entry.missing)) {
      const own = reports.find((report) => report.path === node.file)!.findings.filter((finding) => finding.object?.kind === node.kind && finding.object.name === node.name);
      assert.equal(node.findings.length, own.length, `${node.kind}/${node.name}`);
      assert.equal(node.worst, own.length === 0 ? undefined : (['error', 'warning', 'info', 'hint'] as const).find((severity) => own.some((finding) => finding.severity === severity)));
    }
    const worker = mapped.nodes.find((node) => node.name === 'worker')!;
    assert.ok(worker.findings.some((finding) => finding.ruleId === 'secret-ref-missing'), 'the missing Secret is a finding of the worker too');
    assert.ok(mapped.nodes.filter((node) => node.missing).every((node) => node.findings.length === 0 && node.worst === undefined));
  });

  it('past the size limit keeps one file\'s objects and their neighbours, and says so', () => {
    assert.equal(focusGraph(graph, undefined, graph.nodes.length), graph);
    const policy = path.join(SHOP, 'policy.yaml');
    const focused = focusGraph(graph, policy, 5);
    const own = graph.nodes.filter((node) => node.file === policy);
    assert.ok(own.every((node) => focused.nodes.includes(node)));
    assert.deepEqual(focused.nodes.filter((node) => node.file !== policy).map(label).sort(), ['Deployment/web', 'ServiceAccount/web', 'missing Deployment/api']);
    assert.equal(focused.notice, 'The workspace has 27 objects, more than the map lays out at once (5): showing the 6 objects of policy.yaml and their 3 neighbours.');
    const ids = new Set(focused.nodes.map((node) => node.id));
    assert.ok(focused.edges.every((edge) => ids.has(edge.from) && ids.has(edge.to)));
    const unfocused = focusGraph(graph, undefined, 5);
    assert.equal(unfocused.nodes.length, 5);
    assert.match(unfocused.notice ?? '', /showing the first 5/);
  });
});

const HOSTILE = `evil"name\\with]"quotes\n<b>#x;</b>`;

describe('kubetier graph', () => {
  let tools = { helm: '', kubectl: '' };
  before(() => {
    tools = unpackedTools();
  });

  it('prints JSON that parses to the graph, files relative to the folder, findings as the class', () => {
    const run = runCaptured(['graph', 'shop', '--format', 'json'], { cwd: path.dirname(SHOP) });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as Omit<ResourceGraph, 'nodes'> & { nodes: (MapNode & { class: string })[] };
    const { workspace } = load(SHOP);
    assert.deepEqual(edgeLines(json), edgeLines(buildResourceGraph({ index: workspace.index })));
    const web = json.nodes.find((node) => node.kind === 'Deployment' && node.name === 'web')!;
    assert.equal(web.file, 'shop/app.yaml');
    assert.equal(web.class, web.worst);
    assert.ok(json.nodes.filter((node) => node.missing).every((node) => node.class === 'missing'));
  });

  it('prints DOT Graphviz parses, with hostile names kept as label text', async () => {
    const folder = tempWorkspace({
      'app.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${JSON.stringify(HOSTILE)}\n  namespace: "ns\\"}; digraph x {"\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: front\n  namespace: "ns\\"}; digraph x {"\nspec:\n  selector: { app: nothing }\n`,
    });
    const run = runCaptured(['graph', '.', '--format', 'dot'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    const viz = await instance();
    const parsed = viz.renderJSON(run.stdout) as { objects: { name: string; label?: string; class?: string }[]; edges: { label?: string; style?: string }[] };
    const nodes = parsed.objects.filter((object) => /^n\d+$/.test(object.name));
    assert.deepEqual(nodes.map((node) => node.class).sort(), ['clean', 'missing', 'warning']);
    assert.equal(parsed.objects.find((object) => object.name === 'cluster_0')?.label, 'namespace ns"}; digraph x {');
    assert.deepEqual(parsed.edges.map((edge) => [edge.label, edge.style]), [['selects', 'dashed']]);
    // What Graphviz draws: the name's two lines as text, its backslash, quotes and markup literal.
    const svg = viz.renderString(run.stdout, { format: 'svg' });
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#45;/g, '-').replace(/&amp;/g, '&'));
    assert.ok(texts.includes('evil"name\\with]"quotes'), texts.join(' | '));
    assert.ok(texts.includes('<b>#x;</b>'), texts.join(' | '));
  });

  it('prints Mermaid with every workspace character outside plain text as an entity code', () => {
    const folder = tempWorkspace({ 'app.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${JSON.stringify(HOSTILE)}\n` });
    const run = runCaptured(['graph', '.'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    const node = run.stdout.split('\n').find((line) => line.includes('ConfigMap'))!;
    assert.equal(node, '    n0["ConfigMap<br/>evil#34;name#92;with#93;#34;quotes#10;#60;b#62;#35;x#59;#60;/b#62;"]:::clean');
  });

  it('shows chart and overlay objects as rendered, labelled by where they come from, at their template lines', () => {
    const run = runCaptured(['graph', 'render', '--format', 'json', '--helm', tools.helm, '--kubectl', tools.kubectl], { cwd: FIXTURES });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as ResourceGraph;
    const web = json.nodes.find((node) => node.kind === 'Deployment' && node.name === 'web-web');
    assert.equal(web?.origin, 'Helm chart web (values.yaml)');
    assert.equal(web?.file, 'render/web/templates/deployment.yaml');
    assert.ok((web?.findings.length ?? 0) > 0, 'the rendered Deployment carries its findings');
    const overlay = json.nodes.find((node) => node.kind === 'Deployment' && node.name === 'dev-shop');
    assert.equal(overlay?.origin, 'Kustomize overlay render/shop/overlays/dev');
    assert.equal(overlay?.namespace, 'shop-dev');
    assert.deepEqual(edgeLines(json).filter((line) => line.includes('web-web')), ['Service/web-web --selects--> Deployment/web-web']);
    assert.ok(!json.nodes.some((node) => node.file?.includes('/templates/') && !node.origin), 'no template appears unrendered');
  });

  it('rejects an unknown format with a usage error', () => {
    const run = runCaptured(['graph', '.', '--format', 'png'], { cwd: SHOP });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--format must be one of mermaid, dot, json/);
  });
});
