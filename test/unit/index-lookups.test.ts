// The workspace index's map-based lookups (objects by name, producers by produced name, autoscalers by
// target, budgets and workloads by label) must answer exactly what a scan of every object answers, in
// the same order: random workspaces, each lookup against a plain scan written here.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { autoscalersOf, isEmptySelector, pdbsOf, workloadsSelectedBy } from '../../server/src/rules/support/crossref';
import { asMap, getPath, isWorkload, podLabels, selectorMatches, stringMap } from '../../server/src/engine/kube/objects';
import { parseFile, type KubeObject } from '../../server/src/engine/yaml/model';
import { producedConfigMapName, producedSecretName } from '../../server/src/engine/workspace/references';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';

const ROOT = path.resolve('/ws');

const NAMES = ['api', 'web', 'api-config', 'api__', 'w__b', 'web-config'];
const NAMESPACES = ['shop', 'billing', undefined];
const LABEL_KEYS = ['app', 'tier', 'pod-template-hash'];
const LABEL_VALUES = ['api', 'web', 'x'];

const name = fc.constantFrom(...NAMES);
const namespace = fc.constantFrom(...NAMESPACES);
const labels = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 2 });
const flow = (map: Record<string, string>) => `{${Object.entries(map).map(([key, value]) => `${key}: ${value}`).join(', ')}}`;
const metadata = (objectName: string, objectNamespace: string | undefined) =>
  `metadata:\n  name: ${objectName}\n${objectNamespace ? `  namespace: ${objectNamespace}\n` : ''}`;

const selector = fc.oneof(
  labels.map((map) => `{matchLabels: ${flow(map)}}`),
  labels.map(flow),
  fc.constant('{}'),
  fc.constantFrom(LABEL_KEYS[0], LABEL_KEYS[1]).map((key) => `{matchExpressions: [{key: ${key}, operator: Exists}]}`),
);

// Workloads and budgets weigh more: several budgets selecting one workload is the case whose order matters.
const objectText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(name, namespace, labels, fc.constantFrom('Deployment', 'StatefulSet')).map(
      ([objectName, objectNamespace, podLabelMap, kind]) =>
        `apiVersion: apps/v1\nkind: ${kind}\n${metadata(objectName, objectNamespace)}spec:\n  template:\n    metadata:\n      labels: ${flow(podLabelMap)}\n`,
    ),
  },
  fc.tuple(name, namespace).map(([objectName, objectNamespace]) => `apiVersion: v1\nkind: ConfigMap\n${metadata(objectName, objectNamespace)}`),
  fc.tuple(name, namespace).map(([objectName, objectNamespace]) => `apiVersion: v1\nkind: Secret\n${metadata(objectName, objectNamespace)}`),
  fc.tuple(name, namespace).map(([objectName, objectNamespace]) => `apiVersion: v1\nkind: ConfigMap\n${metadata(objectName, objectNamespace)}$patch: delete\n`),
  {
    weight: 3,
    arbitrary: fc.tuple(name, namespace, selector).map(
      ([objectName, objectNamespace, pdbSelector]) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\n${metadata(objectName, objectNamespace)}spec:\n  selector: ${pdbSelector}\n`,
    ),
  },
  fc.tuple(name, namespace, name, fc.constantFrom('Deployment', 'StatefulSet')).map(
    ([objectName, objectNamespace, target, kind]) =>
      `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n${metadata(objectName, objectNamespace)}spec:\n  scaleTargetRef: {kind: ${kind}, name: ${target}}\n`,
  ),
  fc.tuple(name, namespace, name).map(
    ([objectName, objectNamespace, target]) => `apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\n${metadata(objectName, objectNamespace)}spec:\n  scaleTargetRef: {name: ${target}}\n`,
  ),
);

/** Up to four files; `chart/templates/` ones are Helm templates, and app/patch.yaml is a Kustomize patch. */
const workspace = fc.array(
  fc.record({
    file: fc.constantFrom('app/a.yaml', 'app/b.yaml', 'app/patch.yaml', 'chart/templates/c.yaml'),
    objects: fc.array(objectText, { minLength: 1, maxLength: 6 }),
  }),
  { minLength: 1, maxLength: 4 },
);

function indexOf(files: { file: string; objects: string[] }[]): WorkspaceIndex {
  const index = WorkspaceIndex.of([parseFile(path.join(ROOT, 'app/kustomization.yaml'), 'resources: [a.yaml, b.yaml]\npatches:\n  - path: patch.yaml\n')]);
  for (const { file, objects } of files) {
    index.set(parseFile(path.join(ROOT, file), objects.join('---\n'), { isHelmTemplate: file.startsWith('chart/') }));
  }
  return index;
}

// The scans the lookups replaced.

function templatedPattern(value: string): RegExp | undefined {
  if (!value.includes('_')) return undefined;
  return new RegExp(`^${value.split(/_+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function scanFind(index: WorkspaceIndex, kind: string, objectName: string, near: KubeObject): KubeObject[] {
  return index.inNamespaceOf(near, [kind]).filter((object) => index.nameMatches(object, objectName));
}

function scanProducers(index: WorkspaceIndex, kind: 'Secret' | 'ConfigMap', objectName: string, near: KubeObject): KubeObject[] {
  const produce = kind === 'Secret' ? producedSecretName : producedConfigMapName;
  const candidates = kind === 'ConfigMap' ? index.ofKind('ConfigMap').concat() : [...index.objects()].filter((object) => producedSecretName(object) !== undefined);
  // ofKind leaves patches out already; the Secret scan sees every object, so patches are left out here.
  return candidates.filter((object) => {
    const produced = produce(object);
    if (produced === undefined || index.isPatch(object)) return false;
    const matches = produced === objectName || (object.file.isHelmTemplate && (templatedPattern(produced)?.test(objectName) ?? false));
    return matches && index.sameNamespace(object, near);
  });
}

function scanAutoscalers(index: WorkspaceIndex, workload: KubeObject): KubeObject[] {
  if (!workload.name) return [];
  return [...index.inNamespaceOf(workload, ['HorizontalPodAutoscaler']), ...index.inNamespaceOf(workload, ['ScaledObject'])].filter((scaler) => {
    const target = asMap(getPath(scaler.value, ['spec', 'scaleTargetRef']));
    if (!target || typeof target.name !== 'string') return false;
    const kind = typeof target.kind === 'string' ? target.kind : scaler.kind === 'ScaledObject' ? 'Deployment' : undefined;
    return kind === workload.kind && index.nameMatches(workload, target.name);
  });
}

function scanBudgets(index: WorkspaceIndex, workload: KubeObject): KubeObject[] {
  const podLabelMap = podLabels(workload);
  return index.inNamespaceOf(workload, ['PodDisruptionBudget']).filter((pdb) => {
    const pdbSelector = getPath(pdb.value, ['spec', 'selector']);
    return isEmptySelector(pdbSelector) || selectorMatches(pdbSelector, podLabelMap);
  });
}

/** Without the controller labels (pod-template-hash is one): a selector that asks only for them is scanned either way. */
function scanSelected(index: WorkspaceIndex, selectorValue: unknown, near: KubeObject): KubeObject[] {
  const kinds = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Rollout'];
  return index
    .inNamespaceOf(near, kinds)
    .filter((object) => isWorkload(object) && !object.file.isHelmTemplate)
    .filter((workload) => {
      const podLabelMap = podLabels(workload);
      const map = asMap(selectorValue);
      const wanted = stringMap(map && ('matchLabels' in map || 'matchExpressions' in map) ? map.matchLabels : map);
      const withHash = 'pod-template-hash' in wanted ? { ...podLabelMap, 'pod-template-hash': wanted['pod-template-hash'] } : podLabelMap;
      return Object.keys(podLabelMap).length > 0 && selectorMatches(selectorValue, withHash);
    });
}

const names = (objects: KubeObject[]) => objects.map((object) => `${object.file.path}#${object.document.index}`);

describe('workspace index lookups', () => {
  it('answer what a scan of every object answers, in the same order', () => {
    fc.assert(
      fc.property(workspace, (files) => {
        const index = indexOf(files);
        const objects = [...index.objects()];
        for (const near of objects) {
          for (const objectName of [...NAMES, 'api-x', 'w-b']) {
            assert.deepEqual(names(index.find('Deployment', objectName, near)), names(scanFind(index, 'Deployment', objectName, near)), `find ${objectName}`);
            assert.deepEqual(names(index.named('ConfigMap', objectName)), names(index.ofKind('ConfigMap').filter((object) => index.nameMatches(object, objectName))));
            for (const kind of ['Secret', 'ConfigMap'] as const) {
              const resolution = index.resolveProduced(kind, objectName, near);
              const expected = scanProducers(index, kind, objectName, near);
              if (expected.length > 0) assert.deepEqual(resolution.status === 'found' ? names(resolution.objects) : resolution, names(expected), `${kind} ${objectName}`);
              else assert.notEqual(resolution.status, 'found', `${kind} ${objectName}`);
            }
          }
          if (isWorkload(near)) {
            assert.deepEqual(names(autoscalersOf(index, near)), names(scanAutoscalers(index, near)), 'autoscalers');
            assert.deepEqual(names(pdbsOf(index, near)), names(scanBudgets(index, near)), 'budgets');
          }
          const nearSelector = getPath(near.value, ['spec', 'selector']);
          if (nearSelector !== undefined) {
            assert.deepEqual(names(workloadsSelectedBy(index, nearSelector, near)), names(scanSelected(index, nearSelector, near)), 'selected workloads');
          }
        }
      }),
      { numRuns: 300, seed: 10 },
    );
  });
});
