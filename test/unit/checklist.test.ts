// Checklist detectors over test/fixtures/checklist/<item>/: done.*, missing.* and not-applicable.* fixtures
// (files or folders, each loaded as its own workspace) must give that status. In done fixtures, every
// `# evidence` comment marks the line right after it as one the detector must cite.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CHECKLIST_ITEMS, evaluateChecklist, missingForTier, runItem } from '../../server/src/checklist';
import { loadChecklistWorkspace } from '../../server/src/checklist/disk';
import { generatedPart, memoryChecklistWorkspace } from '../../server/src/checklist/part';
import { nameFrom } from '../../server/src/generator';
import { checklistJson, checklistText } from '../../server/src/cli/checklist';
import { DELIVERY_CHECKLIST, deliveryStatus, findingsByRule } from '../../server/src/checklist/delivery';
import { ConfigCache } from '../../server/src/engine/workspace/disk';
import { countsFor, findProjects, projectOf } from '../../server/src/checklist/projects';
import { RULES_BY_ID } from '../../server/src/rules';
import { FIXTURES } from '../support/fixtures';
import { parseConfigFile } from '../../server/src/engine/lint/config';

const CHECKLIST_FIXTURES = path.join(FIXTURES, 'checklist');
const STATUS = /^(done|missing|not-applicable)\./;

function markedLines(fixture: string): { path: string; line: number }[] {
  const files = fs.statSync(fixture).isDirectory()
    ? fs.readdirSync(fixture, { recursive: true, encoding: 'utf8' }).map((name) => path.join(fixture, name))
    : [fixture];
  return files
    .filter((file) => fs.statSync(file).isFile())
    .flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((text, i) => (/^\s*# evidence\s*$/.test(text) ? [{ path: file, line: i + 1 }] : [])),
    );
}

describe('checklist detectors', () => {
  it('every item has done and missing fixtures, and every fixture folder names an item', () => {
    const folders = fs.readdirSync(CHECKLIST_FIXTURES).sort();
    assert.deepEqual(folders, CHECKLIST_ITEMS.map((item) => item.id).sort());
    for (const item of CHECKLIST_ITEMS) {
      const names = fs.readdirSync(path.join(CHECKLIST_FIXTURES, item.id));
      assert.ok(names.some((name) => name.startsWith('done.')), `${item.id} has a done fixture`);
      assert.ok(names.some((name) => name.startsWith('missing.')), `${item.id} has a missing fixture`);
    }
  });

  it('item ids are unique, prefixed by their tier and covered per tier as tiers.md lists them', () => {
    const ids = CHECKLIST_ITEMS.map((item) => item.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const item of CHECKLIST_ITEMS) assert.ok(item.id.startsWith(`t${item.tier}-`), item.id);
    const perTier = [1, 2, 3, 4, 5].map((tier) => CHECKLIST_ITEMS.filter((item) => item.tier === tier).length);
    assert.deepEqual(perTier, [7, 14, 13, 9, 10]);
  });

  for (const item of CHECKLIST_ITEMS) {
    const dir = path.join(CHECKLIST_FIXTURES, item.id);
    const fixtures = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => STATUS.test(name)).sort() : [];
    for (const name of fixtures) {
      it(`${item.id}/${name}`, () => {
        const fixture = path.join(dir, name);
        const { workspace, errors } = loadChecklistWorkspace([fixture]);
        assert.deepEqual(errors, []);
        const result = runItem(item, workspace);
        assert.equal(result.status, STATUS.exec(name)![1], result.detail);
        if (result.status !== 'done') {
          assert.ok(result.detail, 'a missing or not-applicable item says why');
          return;
        }
        assert.ok(result.evidence.length > 0, 'a done item cites evidence');
        const cited = new Set(result.evidence.map((evidence) => `${evidence.path}:${evidence.range.start.line + 1}`));
        for (const mark of markedLines(fixture)) {
          assert.ok(cited.has(`${mark.path}:${mark.line + 1}`), `evidence cites ${mark.path}:${mark.line + 1}; cited ${[...cited].join(', ')}`);
        }
      });
    }
  }

  it('a detector that throws reports its item as missing with the reason, and the others still run', () => {
    const { workspace } = loadChecklistWorkspace([path.join(CHECKLIST_FIXTURES, 't1-configmap')]);
    const namespaceItem = CHECKLIST_ITEMS.find((entry) => entry.id === 't1-namespace')!;
    const broken = { ...namespaceItem, detect: () => { throw new Error('boom'); } };
    const report = evaluateChecklist(workspace, 1, CHECKLIST_ITEMS.map((entry) => (entry === namespaceItem ? broken : entry)));
    const failed = report.items.find((entry) => entry.id === broken.id)!;
    assert.equal(failed.status, 'missing');
    assert.match(failed.detail ?? '', /internal error.*boom/);
    assert.equal(report.items.find((entry) => entry.id === 't1-configmap')!.status, 'done');
  });

  it('JSON output has the documented shape and the gate counts only tiers up to the target', () => {
    const { workspace } = loadChecklistWorkspace([path.join(CHECKLIST_FIXTURES, 't1-configmap', 'done.yaml')]);
    const report = evaluateChecklist(workspace, 1);
    const json = JSON.parse(checklistJson(report, deliveryStatus(report, new Map([['resource-limits', 2]])), '/'));
    assert.equal(json.delivery.length, DELIVERY_CHECKLIST.length);
    const requests = json.delivery.find((line: { text: string }) => line.text.startsWith('Resource requests'));
    assert.deepEqual(requests.rules.find((rule: { id: string }) => rule.id === 'resource-limits'), { id: 'resource-limits', findings: 2 });
    assert.equal(json.tier, 1);
    const configmap = json.items.find((entry: { id: string }) => entry.id === 't1-configmap');
    assert.equal(configmap.status, 'done');
    assert.deepEqual(Object.keys(configmap.evidence[0]).sort(), ['label', 'line', 'path']);
    assert.deepEqual(Object.keys(json.byTier).sort(), ['1', '2', '3', '4', '5']);
    assert.ok(missingForTier(report).every((entry) => entry.tier <= 1));
    assert.ok(missingForTier(report).some((entry) => entry.id === 't1-namespace'));
  });
});

describe('checklist text and markdown output', () => {
  const { workspace } = loadChecklistWorkspace([path.join(CHECKLIST_FIXTURES, 't1-configmap', 'done.yaml')]);
  const report = evaluateChecklist(workspace, 1);
  const delivery = deliveryStatus(report, new Map());

  it('lists the target tier and the next one with progress, marks, evidence and why an item is missing', () => {
    const text = checklistText(report, delivery, CHECKLIST_FIXTURES, false).split('\n');
    assert.match(text[0], /^Tier 1 Foundation: \d+\/7 done \(\d+ %\)$/);
    assert.ok(text.includes('  [x] ConfigMap for non-sensitive configuration (t1-configmap/done.yaml:5)'), text.join('\n'));
    assert.ok(text.includes('  [ ] Namespace definition (No Namespace found.)'));
    assert.ok(text.some((line) => /^Tier 2 Production \(to reach next\): 0\/\d+ done/.test(line)));
    assert.ok(!text.some((line) => line.startsWith('Tier 3')), 'tiers beyond the next are not shown');
  });

  it('writes the same as markdown: headings and list items', () => {
    const markdown = checklistText(report, delivery, CHECKLIST_FIXTURES, true).split('\n');
    assert.match(markdown[0], /^## Tier 1 Foundation: /);
    assert.ok(markdown.includes('## Before delivering') && markdown.includes('### Security'), markdown.join('\n'));
    assert.ok(markdown.includes('- [?] Tier appropriate for requirements (judgement call: no automatic evidence)'), markdown.join('\n'));
    assert.ok(markdown.includes('- [x] ConfigMap for non-sensitive configuration (t1-configmap/done.yaml:5)'), markdown.join('\n'));
  });
});

describe('the before-delivery checklist (section 19)', () => {
  it('names only checklist items and rules that exist, in each of the five sections', () => {
    const items = new Set(CHECKLIST_ITEMS.map((item) => item.id));
    for (const line of DELIVERY_CHECKLIST) {
      assert.deepEqual(line.items.filter((id) => !items.has(id)), [], line.text);
      assert.deepEqual(line.rules.filter((id) => !RULES_BY_ID.has(id)), [], line.text);
    }
    assert.deepEqual([...new Set(DELIVERY_CHECKLIST.map((line) => line.section))], ['Architecture', 'Security', 'Reliability', 'Observability', 'Operations']);
  });

  // The CLI prints every line after the tiers, marked from the same files: items and rule findings at the tier.
  it('is printed by the checklist command, each line marked from its items and the findings of its rules', () => {
    const partial = path.join(CHECKLIST_FIXTURES, 't1-deployment-resources', 'missing.partial.yaml');
    const { workspace } = loadChecklistWorkspace([partial]);
    const report = evaluateChecklist(workspace, 1);
    const counts = findingsByRule({ files: workspace.index.allFiles(), index: workspace.index, configs: new ConfigCache(), host: {} }, 1);
    assert.ok((counts.get('resource-limits') ?? 0) > 0, 'the partial Deployment has no limits');
    const lines = checklistText(report, deliveryStatus(report, counts), CHECKLIST_FIXTURES, false).split('\n');
    const start = lines.indexOf('Before delivering');
    assert.ok(start > 0, lines.join('\n'));
    const delivery = lines.slice(start);
    for (const line of DELIVERY_CHECKLIST) assert.equal(delivery.filter((entry) => entry.includes(`] ${line.text}`)).length, 1, line.text);
    const requests = delivery.find((entry) => entry.includes('Resource requests AND limits'))!;
    assert.match(requests, /^    \[ \] Resource requests AND limits on all containers \(.*resource-limits: 2 findings/);
    assert.match(delivery.find((entry) => entry.includes('GitOps configured'))!, /^    \[-\] GitOps configured \(tier 3\+\)/);
    assert.match(delivery.find((entry) => entry.includes('Image verification'))!, /\[-\]/);
    assert.ok(delivery.includes('    [?] Tier appropriate for requirements (judgement call: no automatic evidence)'));
  });
});

describe('generated parts for missing items', () => {
  const workspaceOf = (files: readonly { path: string; content: string }[]) => memoryChecklistWorkspace(files);

  it('gives every item without a snippet the generated files that alone make it done', () => {
    for (const item of CHECKLIST_ITEMS.filter((candidate) => !candidate.snippet)) {
      const part = generatedPart(item, 'shop');
      assert.ok(part.length > 0, `${item.id}: the generator has something for it`);
      assert.equal(runItem(item, workspaceOf(part)).status, 'done', `${item.id}: ${part.map((file) => file.path).join(', ')}`);
    }
  });

  it('takes only what the item needs, and a chart with its templates', () => {
    const byId = (id: string) => CHECKLIST_ITEMS.find((item) => item.id === id)!;
    assert.deepEqual(generatedPart(byId('t4-dns-failover'), 'shop').map((file) => file.path), ['platform/dns-failover.yaml']);
    const chart = generatedPart(byId('t2-packaging'), 'shop').map((file) => file.path);
    assert.ok(chart.includes('chart/shop/Chart.yaml') && chart.includes('chart/shop/templates/deployment.yaml'), chart.join(', '));
    assert.ok(chart.every((file) => file.startsWith('chart/shop/')), 'nothing outside the chart');
  });

  it('names the part after the workspace folder when Kubernetes accepts the name', () => {
    assert.deepEqual(['Shop_Front', 'my.repo', '---', undefined, 'x'.repeat(60)].map(nameFrom), ['shop-front', 'my-repo', 'app', 'app', 'x'.repeat(40)]);
  });
});

describe('checklist projects', () => {
  const ws = path.resolve('/ws');
  const projects = findProjects([ws], ['/ws/apps/web/.kubetier.yaml', '/ws/apps/web2/.kubetier.yaml', '/elsewhere/.kubetier.yaml', '/ws/README.md']);

  it('are the workspace folder and each folder under it holding .kubetier.yaml', () => {
    assert.deepEqual(projects.map((project) => [project.name, project.root]), [
      ['ws', ws],
      ['ws/apps/web', path.resolve('/ws/apps/web')],
      ['ws/apps/web2', path.resolve('/ws/apps/web2')],
    ]);
  });

  it('give a file to the deepest project above it, by path segments', () => {
    assert.equal(projectOf('/ws/apps/web/deploy.yaml', projects)?.name, 'ws/apps/web');
    assert.equal(projectOf('/ws/apps/web2/deploy.yaml', projects)?.name, 'ws/apps/web2', 'web2 is not inside web');
    assert.equal(projectOf('/ws/apps/other/deploy.yaml', projects)?.name, 'ws');
    assert.equal(projectOf('/other/deploy.yaml', projects), undefined);
  });

  it('count a file only for its own project, and never an ignored one', () => {
    const configs = new ConfigCache((file) => (file === path.resolve('/ws/.kubetier.yaml') ? 'ignore:\n  - legacy/**\n' : undefined));
    const [root, web] = projects;
    assert.equal(countsFor('/ws/deploy.yaml', root, projects, configs), true);
    assert.equal(countsFor('/ws/apps/web/deploy.yaml', root, projects, configs), false);
    assert.equal(countsFor('/ws/apps/web/deploy.yaml', web, projects, configs), true);
    assert.equal(countsFor('/ws/legacy/old.yaml', root, projects, configs), false);
  });
});

describe('items waived in .kubetier.yaml', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-waived-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a waived item that is missing is not applicable with the reason and where it is said; a waived item that is met stays done', () => {
    fs.writeFileSync(path.join(root, '.kubetier.yaml'), 'tier: 1\nchecklist:\n  waived:\n    t1-namespace: "shared cluster: the platform team owns namespaces"\n    t1-configmap: "not needed"\n');
    fs.writeFileSync(path.join(root, 'config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: web}\ndata: {LOG_LEVEL: info}\n');
    const { workspace } = loadChecklistWorkspace([root]);
    const report = evaluateChecklist(workspace, 1);
    const item = (id: string) => report.items.find((entry) => entry.id === id)!;
    assert.equal(item('t1-namespace').status, 'not-applicable');
    assert.equal(item('t1-namespace').detail, `Waived: shared cluster: the platform team owns namespaces (${path.join(root, '.kubetier.yaml')})`);
    assert.equal(item('t1-configmap').status, 'done');
    assert.equal(item('t1-service-clusterip').status, 'missing', 'items not waived are unaffected');
    assert.ok(!missingForTier(report).some((entry) => entry.id === 't1-namespace'));
  });

  it('a waiver needs a reason, and checklist takes no other key', () => {
    const loaded = parseConfigFile('.kubetier.yaml', 'checklist:\n  waived:\n    t1-namespace: ""\n    t1-readme: 3\n  skip: [t1-secret]\n');
    assert.deepEqual(loaded.config.checklistWaived, {});
    assert.deepEqual(loaded.problems, ['checklist.waived.t1-namespace must give the reason as text', 'checklist.waived.t1-readme must give the reason as text', 'unknown key "checklist.skip"']);
  });
});
