// The workspace index: Kustomize namespace resolution, patches, producers, and what an incremental
// set/delete reports as affected (the server lints exactly those files again).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseFile } from '../../server/src/engine/yaml/model';
import { INTERNAL_ERROR_ID, lintFile } from '../../server/src/engine/lint/lint';
import { lintProject } from '../../server/src/engine/workspace/project';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { parseForIndex } from '../../server/src/engine/yaml/indexparse';
import { locate } from '../../server/src/engine/yaml/locate';
import { collectYamlFiles, ConfigCache, parseText, policyFolderFiles } from '../../server/src/engine/workspace/disk';
import { SHARED } from '../support/fixtures';
import { RULES } from '../../server/src/rules';
import { runCli } from '../../server/src/cli/main';

const ROOT = path.resolve('/ws');
const at = (file: string) => path.join(ROOT, file);
const parse = (file: string, text: string, isHelmTemplate = false) => parseFile(at(file), text, { isHelmTemplate });

function configMap(name: string, namespace?: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;
}

function deployment(name: string, namespace: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
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
${extra}`;
}

function pdb(name: string, namespace: string): string {
  return `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: ${name}}\n`;
}

const secretEnv = (name: string) => `          envFrom:\n            - secretRef:\n                name: ${name}\n`;

function namespacesOf(index: WorkspaceIndex, file: string): string[] {
  const parsed = index.get(at(file));
  assert.ok(parsed, `${file} is indexed`);
  return [...index.namespacesOf(parsed.objects[0])].sort();
}

describe('Kustomize namespaces', () => {
  const index = WorkspaceIndex.of([
    parse('base/kustomization.yaml', 'resources:\n  - cm.yaml\n  - sub\nnamespace: base-ns\n'),
    parse('base/cm.yaml', configMap('settings', 'own')),
    parse('base/sub/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deep.yaml]\n'),
    parse('base/sub/deep.yaml', configMap('deep')),
    parse('overlays/prod/kustomization.yaml', 'namespace: prod\nresources:\n  - ../../base\n'),
    parse('overlays/dev/kustomization.yaml', 'namespace: dev\nresources:\n  - ../../base\n'),
    parse('loose/cm.yaml', configMap('loose')),
    parse('loose/own.yaml', configMap('own', 'team')),
  ]);

  it('gives an object every namespace its builds put it in: the outermost namespace: wins', () => {
    assert.deepEqual(namespacesOf(index, 'base/cm.yaml'), ['dev', 'prod']);
    assert.deepEqual(namespacesOf(index, 'base/sub/deep.yaml'), ['dev', 'prod'], 'through a nested kustomization folder');
  });

  it('uses the object namespace, else default, outside any kustomization', () => {
    assert.deepEqual(namespacesOf(index, 'loose/cm.yaml'), ['default']);
    assert.deepEqual(namespacesOf(index, 'loose/own.yaml'), ['team']);
  });

  it('follows a kustomization edit without re-parsing the resources', () => {
    const copy = WorkspaceIndex.of([...index.allFiles()]);
    const change = copy.set(parse('overlays/dev/kustomization.yaml', 'namespace: staging\nresources:\n  - ../../base\n'));
    assert.deepEqual(namespacesOf(copy, 'base/cm.yaml'), ['prod', 'staging']);
    assert.ok(change.affected.has(at('base/cm.yaml')) && change.affected.has(at('base/sub/deep.yaml')));
    assert.ok(!change.affected.has(at('loose/own.yaml')), 'a file whose namespace did not move is not affected');
    copy.delete(at('overlays/dev/kustomization.yaml'));
    copy.delete(at('overlays/prod/kustomization.yaml'));
    assert.deepEqual(namespacesOf(copy, 'base/cm.yaml'), ['base-ns']);
  });
});

describe('patches, generators and what the index cannot see', () => {
  it('treats patch files and $patch documents as partial objects', () => {
    const index = WorkspaceIndex.of([
      parse('app/kustomization.yaml', 'resources: [cm.yaml]\npatches:\n  - path: patch.yaml\n'),
      parse('app/cm.yaml', configMap('settings')),
      parse('app/patch.yaml', configMap('settings')),
      parse('app/delete.yaml', `${configMap('gone')}$patch: delete\n`),
    ]);
    assert.deepEqual(index.ofKind('ConfigMap').map((object) => path.basename(object.file.path)), ['cm.yaml']);
  });

  it('resolves Secret producers: objects, generators, Helm names, operators, run-time creators', () => {
    const app = parse('app/deploy.yaml', deployment('api', 'shop'));
    const near = app.objects[0];
    const index = WorkspaceIndex.of([
      app,
      parse('app/kustomization.yaml', 'namespace: shop\nresources: [deploy.yaml]\nsecretGenerator:\n  - name: generated\n'),
      parse('app/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\n  namespace: shop\n'),
      parse('chart/templates/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-creds\n', true),
      parse('app/db.yaml', 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: orders\n  namespace: shop\n'),
    ]);
    assert.equal(index.resolveProduced('Secret', 'plain', near).status, 'found');
    assert.equal(index.resolveProduced('Secret', 'generated', near).status, 'unknown');
    assert.equal(index.resolveProduced('Secret', 'release-creds', near).status, 'found', 'a Helm template name is a pattern');
    assert.equal(index.resolveProduced('Secret', 'orders-app', near).status, 'unknown', 'an operator names Secrets after its resource');
    assert.equal(index.resolveProduced('Secret', 'typo', near).status, 'missing');

    index.set(parse('app/role.yaml', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: init\n  namespace: shop\nrules:\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [create]\n'));
    assert.equal(index.resolveProduced('Secret', 'typo', near).status, 'unknown', 'a Role lets something create Secrets at run time');
  });

  it('stays silent for a build with a remote base', () => {
    const app = parse('app/deploy.yaml', deployment('api', 'shop'));
    const index = WorkspaceIndex.of([
      app,
      parse('app/kustomization.yaml', 'resources:\n  - deploy.yaml\n  - github.com/example/base?ref=v1\n'),
      parse('other/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\n'),
    ]);
    assert.equal(index.resolveProduced('Secret', 'typo', app.objects[0]).status, 'unknown');
  });
});

describe('incremental updates', () => {
  it('reports the files of the namespaces a change touches, and keeps lookups current', () => {
    const index = WorkspaceIndex.of([
      parse('shop/deploy.yaml', deployment('api', 'shop')),
      parse('billing/deploy.yaml', deployment('api', 'billing')),
    ]);
    const added = index.set(parse('shop/pdb.yaml', pdb('api', 'shop')));
    assert.deepEqual([...added.affected].sort(), [at('shop/deploy.yaml'), at('shop/pdb.yaml')]);
    assert.equal(index.ofKind('PodDisruptionBudget').length, 1);

    const moved = index.set(parse('shop/pdb.yaml', pdb('api', 'billing')));
    assert.deepEqual([...moved.affected].sort(), [at('billing/deploy.yaml'), at('shop/deploy.yaml'), at('shop/pdb.yaml')], 'old and new namespace');
    assert.equal(index.ofKind('PodDisruptionBudget').length, 1, 'the replaced object is gone');

    const deleted = index.delete(at('shop/pdb.yaml'));
    assert.deepEqual([...deleted.affected].sort(), [at('billing/deploy.yaml'), at('shop/pdb.yaml')]);
    assert.equal(index.ofKind('PodDisruptionBudget').length, 0);
    assert.equal(index.delete(at('shop/pdb.yaml')).affected.size, 0, 'deleting an unknown path changes nothing');
  });

  it('re-checks every reference when the first Secret producer appears (rules are silent without any)', () => {
    const index = WorkspaceIndex.of([parse('shop/deploy.yaml', deployment('api', 'shop', secretEnv('creds')))]);
    const change = index.set(parse('billing/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: other\n  namespace: billing\n'));
    assert.ok(change.affected.has(at('shop/deploy.yaml')));
  });

  it('reports every file a cluster-scoped object or a monitor selecting other namespaces can matter to', () => {
    const clusterRole = (name: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules: []\n`;
    const index = WorkspaceIndex.of([
      parse('a/role.yaml', clusterRole('reader')),
      parse('b/role.yaml', clusterRole('reader')),
      parse('shop/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  ports: [{name: metrics, port: 9090}]\n'),
    ]);
    const renamed = index.set(parse('a/role.yaml', clusterRole('writer')));
    assert.ok(renamed.affected.has(at('b/role.yaml')), 'the other ClusterRole is no longer a duplicate');
    const monitor = index.set(
      parse('monitoring/monitor.yaml', 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: api\n  namespace: monitoring\nspec:\n  namespaceSelector: {matchNames: [shop]}\n  selector: {}\n  endpoints: [{port: metrics}]\n'),
    );
    assert.ok(monitor.affected.has(at('shop/service.yaml')), 'the Service in shop is now monitored from monitoring');
  });

  it('gives the same findings after set/delete as a fresh index of the same files', () => {
    const files = {
      deploy: parse('shop/deploy.yaml', deployment('api', 'shop', secretEnv('creds'))),
      pdb: parse('shop/pdb.yaml', pdb('api', 'shop')),
      secret: parse('shop/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: shop\n'),
    };
    const settings = resolveSettings('', undefined, {}, 2);
    const lint = (index: WorkspaceIndex) => lintFile(files.deploy, { settings, index, rules: RULES }).map((finding) => finding.ruleId).sort();
    const incremental = WorkspaceIndex.of([files.deploy]);
    incremental.set(files.pdb);
    incremental.set(files.secret);
    incremental.delete(files.pdb.path);
    const fresh = WorkspaceIndex.of([files.deploy, files.secret]);
    assert.deepEqual(lint(incremental), lint(fresh));
    assert.ok(lint(fresh).includes('pdb-missing') && !lint(fresh).includes('secret-ref-missing'));
  });
});

describe('odd input', () => {
  it('never fails a workspace rule on wrong types', () => {
    const odd = parse(
      'odd.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: odd, namespace: shop}
spec:
  replicas: "3"
  selector: "app=odd"
  template:
    metadata: {labels: [a, b]}
    spec:
      containers: {name: x}
      volumes: [null, {secret: 7}, {projected: {sources: "x"}}]
---
apiVersion: v1
kind: Service
metadata: {name: odd, namespace: shop}
spec: {selector: [1, 2], ports: {port: 80}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: odd, namespace: shop}
spec: {rules: [{http: {paths: [{backend: {service: {name: odd, port: "x"}}}]}}, 3]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: odd, namespace: shop}
spec: {minAvailable: 2, selector: {matchExpressions: [{key: 1}]}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: odd, namespace: shop}
spec: {scaleTargetRef: [1], minReplicas: "x"}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: odd, namespace: shop}
spec: {podSelector: [], policyTypes: Egress, egress: {ports: 53}}
`,
    );
    const kustomization = parse('kustomization.yaml', 'resources: 7\nnamespace: [x]\nsecretGenerator: [{name: 3}]\n');
    const index = WorkspaceIndex.of([odd, kustomization]);
    const settings = resolveSettings('', undefined, {}, 5);
    const findings = lintFile(odd, { settings, index, rules: RULES });
    assert.deepEqual(findings.filter((finding) => finding.ruleId === INTERNAL_ERROR_ID).map((finding) => finding.message), []);
  });
});

describe('lintProject', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('reads the kustomization of a single file it is given, so namespace: applies', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-project-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'namespace: shop\nresources: [cm.yaml]\n');
    fs.writeFileSync(path.join(dir, 'cm.yaml'), configMap('settings'));
    fs.writeFileSync(path.join(dir, 'loose.yaml'), configMap('loose'));
    const lint = (file: string) =>
      lintProject([{ path: path.join(dir, file) }], { rules: RULES, host: {}, cliTier: 2 }).flatMap((report) => report.findings.map((finding) => finding.ruleId));
    assert.ok(!lint('cm.yaml').includes('default-namespace'));
    assert.ok(!lint('loose.yaml').includes('default-namespace'), 'a kustomization in the same folder that sets namespace: silences it');
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\n');
    assert.ok(lint('cm.yaml').includes('default-namespace'));
  });
});

describe('kubetier lint over a folder', () => {
  it('checks the folder as one workspace and puts the other file in SARIF relatedLocations', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-sarif-'));
    try {
      fs.writeFileSync(path.join(dir, 'deploy.yaml'), deployment('api', 'shop'));
      fs.writeFileSync(
        path.join(dir, 'hpa.yaml'),
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  maxReplicas: 6\n',
      );
      const out: string[] = [];
      runCli(['lint', '--tier', '2', '--format', 'sarif', '.'], { stdout: (text) => out.push(text), stderr: () => undefined, readStdin: () => '', cwd: dir, isTTY: false });
      const sarif = JSON.parse(out.join('\n')) as {
        runs: { results: { ruleId: string; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      };
      const conflict = sarif.runs[0].results.find((result) => result.ruleId === 'hpa-replicas-conflict');
      assert.ok(conflict, 'the HPA in hpa.yaml is seen from deploy.yaml');
      assert.equal(conflict.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri, 'hpa.yaml');
      assert.ok(!sarif.runs[0].results.some((result) => result.ruleId === 'hpa-missing'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseForIndex (unopened files)', () => {
  /** What the index and rules read from a file: values, object identities and where they are. */
  function shape(file: ReturnType<typeof parseText>) {
    return {
      values: file.documents.filter((document) => document.value !== null && document.value !== undefined).map((document) => document.value),
      objects: file.objects.map((object) => ({
        kind: object.kind,
        name: object.name,
        namespace: object.namespace,
        basePath: object.basePath,
        name_at: locate(object, ['metadata', 'name']),
        deep_at: locate(object, ['spec', 'template', 'spec', 'containers', 0, 'image']),
      })),
      problems: file.problems.map((problem) => problem.message),
      helm: file.isHelmTemplate,
    };
  }

  const cases: Record<string, string> = {
    plain: `${configMap('a', 'x')}---\n${deployment('web', 'shop')}`,
    list: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: one}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: two}\n',
    emptyDocuments: `---\n# only a comment\n---\n${configMap('after-empty')}---\n---\n${configMap('last')}`,
    commentsOnly: '# nothing here\n',
    anchors: 'apiVersion: v1\nkind: ConfigMap\nmetadata: &meta {name: a}\ndata:\n  <<: {x: "1"}\n  copy: *meta\n',
    duplicateKeys: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nmetadata: {name: b}\n',
    syntaxError: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [a\n',
    helm: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    yaml12: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {on: yes, when: 2024-01-01, octal: 0755, dash: =}\n',
    shellAnds: `${deployment('job', 'shop')}          command: [sh, -c, "a && b"]\n`,
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`reads ${name} as parseFile does (values, objects, positions, problems)`, () => {
      const file = at(`${name}.yaml`);
      assert.deepEqual(shape(parseForIndex(file, text)), shape(parseText(file, text)));
    });
  }

  it('reads every microservices-demo file of the real corpus as parseFile does', () => {
    const files = collectYamlFiles([path.join(SHARED, 'corpus/real/microservices-demo')], new ConfigCache()).files;
    assert.ok(files.length > 50);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      assert.deepEqual(shape(parseForIndex(file, text)), shape(parseText(file, text)), file);
    }
  });
});

describe('policies: folders', () => {
  it('reads the folders each config names, once, and stops a folder walk past its entry limit', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-policy-folders-'));
    try {
      fs.mkdirSync(path.join(root, 'app'));
      fs.mkdirSync(path.join(root, 'policies/nested'), { recursive: true });
      fs.writeFileSync(path.join(root, 'app/.kubetier.yaml'), 'policies: [../policies, ../missing]\n');
      fs.writeFileSync(path.join(root, 'app/a.yaml'), 'kind: ConfigMap\n');
      fs.writeFileSync(path.join(root, 'app/b.yaml'), 'kind: ConfigMap\n');
      fs.writeFileSync(path.join(root, 'policies/one.yaml'), 'kind: ValidatingAdmissionPolicy\n');
      fs.writeFileSync(path.join(root, 'policies/nested/two.yml'), 'kind: ClusterPolicy\n');
      const configs = new ConfigCache();
      const found = policyFolderFiles([path.join(root, 'app/a.yaml'), path.join(root, 'app/b.yaml')], configs);
      assert.deepEqual(found.files, [path.join(root, 'policies/nested/two.yml'), path.join(root, 'policies/one.yaml')]);
      assert.deepEqual(found.errors, [`${path.join(root, 'missing')}: no such file or folder`]);

      for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(root, `policies/extra-${i}.yaml`), 'kind: ConfigMap\n');
      const walked = collectYamlFiles([path.join(root, 'policies')], configs, 20);
      assert.deepEqual(walked.files, []);
      assert.match(walked.errors.join('\n'), /policies: not read, past 20 folder entries/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
