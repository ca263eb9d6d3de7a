// The bundled schemas (scripts/build-schemas.mjs), the store that selects them per apiVersion+kind,
// the ajv error mapping and kubetier's own completions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/engine/yaml/model';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { kubetierCompletions, lineContext, type CompletionInput } from '../../server/src/lsp/completion';
import { documentKind, enclosingDocument } from '../../server/src/lsp/documentSlice';
import { closestName, describePath, pointerToPath } from '../../server/src/schema/errors';
import { requiredFieldsAt } from '../../server/src/schema/required';
import { findSchemasDir, referencedDefinitions, SchemaStore } from '../../server/src/schema/store';
import { makeStrict } from '../../server/src/schema/strict';
import { SchemaValidator, tolerantRegExp } from '../../server/src/schema/validate';
import { RULES, RULES_BY_ID } from '../../server/src/rules';
import { lintFile } from '../../server/src/engine/lint/lint';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { REPO_ROOT, SHARED } from '../support/fixtures';

const BUILD = path.join(REPO_ROOT, 'scripts/build-schemas.mjs');
const SCHEMAS = path.join(REPO_ROOT, 'schemas');

function runBuild(args: string[]) {
  return spawnSync(process.execPath, [BUILD, ...args], { encoding: 'utf8' });
}

describe('bundled schemas', () => {
  it('the committed schemas/ is exactly what build-schemas.mjs makes from ../shared/schemas-source', () => {
    assert.ok(
      fs.existsSync(path.join(SHARED, 'schemas-source', 'kubernetes')),
      `schema sources missing at ${SHARED}/schemas-source: this check needs them and does not skip`,
    );
    const result = runBuild(['--check']);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /schemas\/ matches/);
  });

  it('the check notices a changed, a missing and a stale file', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-schemas-'));
    fs.cpSync(path.join(SCHEMAS, 'kubernetes'), path.join(copy, 'kubernetes'), { recursive: true });
    fs.cpSync(path.join(SCHEMAS, 'crds'), path.join(copy, 'crds'), { recursive: true });
    const changed = path.join(copy, 'kubernetes', 'v1.33.json.gz');
    const json = JSON.parse(gunzipSync(fs.readFileSync(changed)).toString('utf8'));
    json.kinds['apps/v1/Deployment'] = 'tampered';
    fs.writeFileSync(changed, gzipSync(JSON.stringify(json)));
    fs.rmSync(path.join(copy, 'crds', 'bitnami.com', 'sealedsecret_v1alpha1.json.gz'));
    fs.writeFileSync(path.join(copy, 'crds', 'leftover.json.gz'), gzipSync('{}'));
    const result = runBuild(['--check', '--out', copy]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /differs: kubernetes\/v1\.33\.json\.gz/);
    assert.match(result.stderr, /missing: crds\/bitnami\.com\/sealedsecret_v1alpha1\.json\.gz/);
    assert.match(result.stderr, /not generated \(stale\): crds\/leftover\.json\.gz/);
  });

  it('fails loudly when the sources are absent', () => {
    const result = runBuild(['--check', '--source', path.join(os.tmpdir(), 'no-such-schemas-source')]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /schema sources not found/);
  });

  it('ships Kubernetes 1.31-1.36, 109 CRDs and their licences, within the size budget', () => {
    const store = new SchemaStore(SCHEMAS);
    assert.deepEqual(store.versions, ['1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    const index = JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'crds', 'index.json'), 'utf8'));
    assert.equal(Object.keys(index).length, 109);
    for (const licence of ['kubernetes/LICENSE.cdk8s-Apache-2.0.txt', 'crds/LICENSE.CRDs-catalog-MIT.txt']) {
      assert.ok(fs.existsSync(path.join(SCHEMAS, licence)), licence);
    }
    const notice = fs.readFileSync(path.join(REPO_ROOT, 'NOTICE'), 'utf8');
    assert.match(notice, /cdk8s-team\/cdk8s/);
    assert.match(notice, /datreeio\/CRDs-catalog/);
    let bytes = 0;
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else bytes += fs.statSync(full).size;
      }
    };
    walk(SCHEMAS);
    assert.ok(bytes < 3 * 1024 * 1024, `schemas/ is ${bytes} bytes; the whole VSIX must stay under 5 MB`);
  });

  it('is found from compiled code (dist/, test output)', () => {
    assert.equal(findSchemasDir(__dirname), SCHEMAS);
  });
});

describe('schema store', () => {
  const store = new SchemaStore(SCHEMAS);

  it('falls back to the nearest bundled Kubernetes version', () => {
    assert.equal(store.resolveVersion('1.33'), '1.33');
    assert.equal(store.resolveVersion('1.29'), '1.31');
    assert.equal(store.resolveVersion('1.40'), '1.36');
    assert.equal(store.resolveVersion('nonsense'), '1.31');
  });

  it('gives a self-contained, strict schema per built-in kind', () => {
    const deployment = store.kindSchema('1.31', 'apps/v1', 'Deployment')!;
    assert.equal(deployment.origin, 'kubernetes');
    assert.equal(deployment.schema.title, 'Deployment (apps/v1)');
    const definitions = deployment.schema.definitions as Record<string, Record<string, unknown>>;
    assert.deepEqual(referencedDefinitions([deployment.schema], definitions), Object.keys(definitions).sort(), 'every reference resolves inside');
    assert.equal(definitions['io.k8s.api.apps.v1.DeploymentSpec'].additionalProperties, false);
    assert.deepEqual(definitions['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].type, ['string', 'null']);
    const container = definitions['io.k8s.api.core.v1.Container'].properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(container.imagePullPolicy.enum, ['IfNotPresent', 'Always', 'Never'], 'enums from the descriptions');
    // Free-form maps keep their own additionalProperties.
    assert.deepEqual((definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties as Record<string, Record<string, unknown>>).labels.additionalProperties, { type: 'string' });
  });

  it('gives bundled CRDs the Kubernetes ObjectMeta and no schema to unknown kinds', () => {
    const secret = store.kindSchema('1.31', 'external-secrets.io/v1', 'ExternalSecret')!;
    assert.equal(secret.origin, 'crd');
    assert.deepEqual((secret.schema.properties as Record<string, unknown>).metadata, { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
    assert.ok((secret.schema.definitions as Record<string, unknown>)['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
    assert.equal(store.kindSchema('1.31', 'example.com/v1', 'Widget'), undefined);
    assert.equal(store.kindSchema('1.31', 'constraints.gatekeeper.sh/v1beta1', 'K8sRequiredLabels'), undefined);
  });

  it('makes schemas strict in schema positions only', () => {
    const schema = {
      type: 'object',
      properties: {
        // A field named "properties" is a field, not a schema keyword.
        properties: { type: 'object', properties: { a: { type: 'string' } } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { b: { type: 'string' } } },
        list: { type: 'array', items: { properties: { c: { type: 'string' } } } },
      },
    };
    makeStrict(schema);
    assert.equal((schema as Record<string, unknown>).additionalProperties, false);
    assert.equal((schema.properties.properties as Record<string, unknown>).additionalProperties, false);
    assert.equal('additionalProperties' in schema.properties, false);
    assert.equal('additionalProperties' in schema.properties.free, false);
    assert.equal((schema.properties.list.items as Record<string, unknown>).additionalProperties, false);
  });
});

describe('schema validation', () => {
  const validator = new SchemaValidator(new SchemaStore(SCHEMAS));

  function validate(text: string, version = '1.31', extra: string[] = []) {
    const file = parseFile('/work/test.yaml', text);
    const index = WorkspaceIndex.of([file, ...extra.map((other, i) => parseFile(`/work/other-${i}.yaml`, other))]);
    return file.objects.map((object) => validator.validate(object, version, index));
  }

  it('reports nothing for valid objects, nulls and kubectl output', () => {
    const [result] = validate('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  creationTimestamp: null\nspec:\n  selector: null\n  ports:\n    - port: 80\n      targetPort: http\n');
    assert.deepEqual(result?.problems, []);
  });

  it('maps instance paths to object paths, sequence indices as numbers', () => {
    assert.deepEqual(pointerToPath('/spec/containers/0/ports/1', { spec: { containers: [{ ports: [{}, {}] }] } }), ['spec', 'containers', 0, 'ports', 1]);
    assert.deepEqual(pointerToPath('/metadata/annotations/a~1b', { metadata: { annotations: { 'a/b': 'x' } } }), ['metadata', 'annotations', 'a/b']);
    assert.equal(describePath(['spec', 'containers', 0, 'image']), 'spec.containers[0].image');
    assert.equal(describePath(['metadata', 'annotations', 'a/b']), 'metadata.annotations["a/b"]');
  });

  it('reads Go regular expressions in CRD patterns', () => {
    assert.equal(tolerantRegExp('^(?i)(abort|warn)?$', 'u').test('WARN'), true);
    assert.equal(tolerantRegExp('^(?i)(abort|warn)?$', 'u').test('ignore'), false);
    assert.equal(tolerantRegExp('^[a-z\\_]+$', 'u').test('a_b'), true, 'escapes unicode mode rejects');
    assert.equal(tolerantRegExp('^[a-z\\_]+$', 'u').test('A_B'), false, 'still checked, not accepted blindly');
    assert.equal(tolerantRegExp('(?P<name>x)[', 'u').test('anything'), true, 'unreadable patterns accept');
  });

  it('suggests the closest field name', () => {
    assert.equal(closestName('contianers', ['containers', 'volumes']), 'containers');
    assert.equal(closestName('zzz', ['containers', 'volumes']), undefined);
  });

  it('offers a rename for a typo of a field that is not set yet', () => {
    const rule = RULES_BY_ID.get('schema-validation')!;
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replica: 2\n  selector: {}\n  template: {}\n';
    const [typo] = validate(text);
    const problem = typo!.problems.find((entry) => entry.at === 'key')!;
    assert.equal(problem.rename, 'replicas');
    const [deployment] = parseFile('/work/typo.yaml', text).objects;
    const operations = rule.fix!.operations(deployment, { path: problem.path, newKey: problem.rename }, { index: new WorkspaceIndex(), tier: 1 });
    assert.deepEqual(operations, [{ op: 'renameKey', path: ['spec', 'replica'], newKey: 'replicas' }]);
    const [both] = validate('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replica: 2\n  replicas: 3\n  selector: {}\n  template: {}\n');
    assert.equal(both!.problems.find((entry) => entry.at === 'key')!.rename, undefined, 'no rename onto an existing key');
  });

  it('names the allowed values of an enum and the value given, and says when only the case is wrong', () => {
    const pod = (policy: string, protocol: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: a:1\n      imagePullPolicy: ${policy}\n      ports:\n        - containerPort: 80\n          protocol: ${protocol}\n`;
    const [result] = validate(pod('Sometimes', 'tcp'));
    assert.deepEqual(
      result?.problems.map((problem) => problem.message),
      [
        'spec.containers[0].imagePullPolicy must be one of "IfNotPresent", "Always" or "Never", not "Sometimes"',
        'spec.containers[0].ports[0].protocol must be one of "TCP", "UDP" or "SCTP", not "tcp", which differs only in case',
      ],
    );
    assert.deepEqual(validate(pod('Always', 'UDP'))[0]?.problems, []);
  });

  // Each finding is one sentence about the problem (its schema in parentheses), then the advice as its own sentence.
  it('keeps the schema source inside the sentence and gives typo and quoting advice after it', () => {
    const lint = (text: string) =>
      lintFile(parseFile('/work/messages.yaml', text), { settings: resolveSettings(text, undefined, {}), index: new WorkspaceIndex(), rules: RULES })
        .filter((finding) => finding.ruleId === 'schema-validation' || finding.ruleId === 'yaml11-ambiguous')
        .map((finding) => `${finding.ruleId}: ${finding.message}`);
    assert.deepEqual(lint('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  MODE: 0644\nimmutible: true\n'), [
      'schema-validation: data.MODE must be a string, not an integer (644) (Kubernetes 1.31 schema). Quote it ("0644") to keep the text as written. (ConfigMap "a")',
      'schema-validation: Unknown field "immutible" at the top level (Kubernetes 1.31 schema). Did you mean "immutable"? (ConfigMap "a")',
    ]);
  });

  it('finds the fields required in the map at a path, through references and list items', () => {
    const deployment = validator.schemaFor('apps/v1', 'Deployment', '1.31', new WorkspaceIndex())!.schema;
    assert.deepEqual(requiredFieldsAt(deployment, ['spec']).sort(), ['selector', 'template']);
    assert.deepEqual(requiredFieldsAt(deployment, ['spec', 'template', 'spec', 'containers']), ['name']);
    assert.deepEqual(requiredFieldsAt(deployment, ['spec', 'no-such-field']), []);
  });

  it('reports each missing required field of one map once', () => {
    const [result] = validate('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 1\n');
    assert.deepEqual(result?.problems, [{ path: ['spec'], at: 'value', message: 'spec is missing required fields "selector" and "template"', missing: true }]);
  });

  it('validates a custom resource against a CRD in another workspace file, and follows its edits', () => {
    const crd = (type: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\nspec:\n  group: example.com\n  names:\n    kind: Thing\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size:\n                  type: ${type}\n`;
    const thing = 'apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: a\nspec:\n  size: large\n';
    const [asInteger] = validate(thing, '1.31', [crd('integer')]);
    assert.equal(asInteger?.schema.origin, 'workspace-crd');
    assert.deepEqual(asInteger?.problems.map((problem) => problem.path), [['spec', 'size']]);
    const [asString] = validate(thing, '1.31', [crd('string')]);
    assert.deepEqual(asString?.problems, []);
    assert.equal(validate(thing)[0], undefined, 'without the CRD the kind is unknown');
  });
});

describe('kubetier completions', () => {
  const base: Omit<CompletionInput, 'text' | 'position'> = {
    filePath: '/work/app.yaml',
    tier: 1,
    rules: [
      { id: 'privileged', title: 'Containers are not privileged' },
      { id: 'schema-validation', title: 'Objects match the API schema of their kind' },
    ],
    kubernetesVersions: ['1.31', '1.36'],
  };
  const at = (text: string, extra: Partial<CompletionInput> = {}) => {
    const lines = text.split('\n');
    const line = lines.findIndex((entry) => entry.includes('|'));
    const position = { line, character: lines[line].indexOf('|') };
    return kubetierCompletions({ ...base, ...extra, text: text.replace('|', ''), position });
  };
  const labels = (items: { label: string }[]) => items.map((item) => item.label);

  it('reads the line context by indentation', () => {
    const context = lineContext('metadata:\n  annotations:\n    prometheus.io/scrape: "tr\n', { line: 2, character: '    prometheus.io/scrape: "tr'.length });
    assert.deepEqual(context, { at: 'value', indent: 4, key: 'prometheus.io/scrape', prefix: 'tr', parents: ['metadata', 'annotations'] });
  });

  it('completes the modeline', () => {
    assert.deepEqual(labels(at('# kubetier: tier=|\nkind: Pod\n')), ['1', '2', '3', '4', '5']);
    assert.deepEqual(labels(at('# kubetier: tier=2 k8s=|\n')), ['1.36', '1.31']);
    assert.deepEqual(labels(at('# kubetier: |\n')), ['tier=', 'k8s=']);
    assert.deepEqual(labels(at('\n\n\n\n\n\n\n\n\n\n\n# kubetier: tier=|\n')), [], 'only in the first 10 lines');
  });

  it('completes rule ids in suppression comments and kubetier.io/ignore', () => {
    assert.deepEqual(labels(at('# kubetier-disable-next-line |\n')), ['privileged', 'schema-validation']);
    assert.deepEqual(labels(at('# kubetier-disable privileged, s|\n')), ['privileged', 'schema-validation']);
    const ignore = at('kind: Pod\nmetadata:\n  annotations:\n    kubetier.io/ignore: privileged,sch|\n');
    assert.deepEqual(labels(ignore), ['privileged', 'schema-validation']);
    const edit = ignore[1].textEdit as { range: { start: { character: number } } };
    assert.equal(edit.range.start.character, '    kubetier.io/ignore: privileged,'.length, 'replaces only the id being typed');
  });

  it('offers known annotations by kind', () => {
    const ingress = labels(at('kind: Ingress\nmetadata:\n  annotations:\n    |\n'));
    assert.ok(ingress.includes('cert-manager.io/cluster-issuer') && ingress.includes('prometheus.io/scrape') && ingress.includes('kubetier.io/ignore'));
    const pod = labels(at('kind: Pod\nmetadata:\n  annotations:\n    |\n'));
    assert.ok(!pod.includes('cert-manager.io/cluster-issuer'));
    const issuers = at('kind: Ingress\nmetadata:\n  annotations:\n    cert-manager.io/cluster-issuer: |\n', {
      issuers: () => ({ issuers: ['local'], clusterIssuers: ['letsencrypt-prod'] }),
    });
    assert.deepEqual(labels(issuers), ['letsencrypt-prod']);
  });

  it('orders pod security levels by tier', () => {
    const text = 'kind: Namespace\nmetadata:\n  labels:\n    pod-security.kubernetes.io/enforce: |\n';
    assert.deepEqual(labels(at(text, { tier: 2 })), ['restricted', 'baseline', 'privileged']);
    assert.deepEqual(labels(at(text, { tier: 1 })), ['baseline', 'restricted', 'privileged']);
    assert.deepEqual(labels(at('kind: Namespace\nmetadata:\n  labels:\n    |\n')), [
      'pod-security.kubernetes.io/enforce',
      'pod-security.kubernetes.io/audit',
      'pod-security.kubernetes.io/warn',
    ]);
    assert.deepEqual(labels(at('kind: Deployment\nmetadata:\n  labels:\n    |\n')), [], 'namespaces only');
  });

  it('completes kind and apiVersion from the bundled schemas, matching ones first', () => {
    const knownKinds = () => new SchemaStore(SCHEMAS).knownKinds('1.31');
    const kinds = labels(at('apiVersion: apps/v1\nkind: |\n', { knownKinds }));
    assert.deepEqual(kinds.slice(0, 5), ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);
    assert.ok(kinds.includes('ExternalSecret') && !kinds.includes('DeploymentList'));
    const versions = labels(at('apiVersion: |\nkind: HTTPRoute\n', { knownKinds }));
    assert.deepEqual(versions.slice(0, 2), ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1']);
    assert.deepEqual(labels(at('kind: |\n')), [], 'only with schema features on');
  });

  it('completes .kubetier.yaml keys and values', () => {
    const config = { filePath: '/work/.kubetier.yaml' };
    assert.deepEqual(labels(at('|\n', config)), ['tier', 'kubernetesVersion', 'rules', 'ignore', 'customRules', 'policies']);
    assert.deepEqual(labels(at('tier: |\n', config)), ['1', '2', '3', '4', '5']);
    assert.deepEqual(labels(at('rules:\n  |\n', config)), ['privileged', 'schema-validation']);
    assert.deepEqual(labels(at('rules:\n  privileged: |\n', config)), ['off', 'hint', 'info', 'warning', 'error']);
    assert.deepEqual(labels(at('kubernetesVersion: |\n', config)), ['1.36', '1.31']);
  });

  it('finds the enclosing document and its kind while it does not parse', () => {
    const text = 'kind: A\n---\napiVersion: v1\nkind: "Pod" # comment\nspec: [\n---\nkind: C\n';
    const slice = enclosingDocument(text, 4)!;
    assert.deepEqual([slice.startLine, slice.endLine], [2, 5]);
    assert.deepEqual(documentKind(slice.text), { apiVersion: 'v1', kind: 'Pod' });
    assert.equal(enclosingDocument(text, 1), undefined, 'not on a marker line');
  });
});
