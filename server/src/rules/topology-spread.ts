import { highestReplicas, isEmptySelector, workloadMatchLabels } from './support/crossref';
import { asArray, asMap, getPath, isLongRunning, podSpecPath, selectorMatches, stringMap } from '../engine/kube/objects';
import type { KubeObject, PlainMap } from '../engine/yaml/model';
import type { IndexQueries } from '../engine/workspace/queries';
import { defineRule } from '../engine/lint/rule';

const SPREAD_KEYS = ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'];

/** The pod affinity terms of a podAntiAffinity, required and preferred. */
function antiAffinityTerms(antiAffinity: unknown): PlainMap[] {
  const map = asMap(antiAffinity);
  const required = asArray(map?.requiredDuringSchedulingIgnoredDuringExecution).map(asMap);
  const preferred = asArray(map?.preferredDuringSchedulingIgnoredDuringExecution).map((entry) => asMap(asMap(entry)?.podAffinityTerm));
  return [...required, ...preferred].filter((term): term is PlainMap => term !== undefined);
}

/** Whether a term's `namespaces`/`namespaceSelector` takes in the namespace (none of either: the pod's own). */
function termCovers(index: IndexQueries, term: PlainMap, namespace: string): boolean {
  const namespaces = asArray(term.namespaces);
  const selector = asMap(term.namespaceSelector);
  if (namespaces.length === 0 && !selector) return true;
  if (namespace === '*' || namespaces.includes(namespace)) return true;
  if (!selector) return false;
  if (isEmptySelector(selector)) return true;
  const declared = index.ofKind('Namespace', '').filter((candidate) => candidate.name === namespace);
  // A Namespace the workspace does not declare has labels only the cluster knows: no guess against it.
  if (declared.length === 0 && !selectorOnlyNames(selector)) return true;
  const labels = { ...stringMap(getPath(declared[0]?.value, ['metadata', 'labels'])), 'kubernetes.io/metadata.name': namespace };
  return selectorMatches(selector, labels);
}

/** A selector on the namespace name label alone, which every namespace carries. */
function selectorOnlyNames(selector: PlainMap): boolean {
  const keys = [...Object.keys(stringMap(selector.matchLabels)), ...asArray(selector.matchExpressions).map((entry) => asMap(entry)?.key)];
  return keys.length > 0 && keys.every((key) => key === 'kubernetes.io/metadata.name');
}

/** An anti-affinity spreads the pods only when some term applies to pods of their own namespace. */
function antiAffinityCoversOwnNamespace(index: IndexQueries, object: KubeObject, antiAffinity: unknown): boolean {
  const terms = antiAffinityTerms(antiAffinity);
  if (antiAffinity !== undefined && antiAffinity !== null && terms.length === 0) return true;
  const namespaces = index.namespacesOf(object);
  return terms.some((term) => namespaces.some((namespace) => termCovers(index, term, namespace)));
}

export default defineRule({
  id: 'topology-spread',
  title: 'Replicas are spread across zones and nodes',
  category: 'availability',
  tiers: { 2: 'info', 3: 'warning' },
  rationale:
    'Without spread constraints or anti-affinity the scheduler may put every replica on one node or in one zone, which then fails as a whole. An anti-affinity whose namespaces or namespaceSelector leave out the pods\' own namespace does not keep them apart.',
  remediation: 'Add topologySpreadConstraints on topology.kubernetes.io/zone and kubernetes.io/hostname (maxSkew 1) selecting the pod labels, or a podAntiAffinity.',
  workspace: { silencedBy: 'a single replica (an autoscaler in the index whose maxReplicas is above 1 counts as several)' },
  appliesTo: (object) => isLongRunning(object) && object.kind !== 'DaemonSet',
  skipPatches: true,
  tierNote: true,
  checkPod({ object, pod: { spec }, index, report }) {
    const count = highestReplicas(index, object);
    if (count === undefined || count < 2) return;
    if (spec.topologySpreadConstraints !== undefined || antiAffinityCoversOwnNamespace(index, object, getPath(spec, ['affinity', 'podAntiAffinity']))) return;
    report({
      path: ['metadata', 'name'],
      message: `Up to ${count} pods with neither topologySpreadConstraints nor podAntiAffinity: they may all land on one node or zone`,
      advice: 'Add zone and hostname spread constraints.',
      data: { selector: workloadMatchLabels(object) },
    });
  },
  fix: {
    title: 'Add zone and hostname spread constraints',
    safe: true,
    operations: (object, data) => {
      const specPath = podSpecPath(object);
      if (!specPath) return [];
      const matchLabels = (data.selector as Record<string, string> | undefined) ?? workloadMatchLabels(object);
      return SPREAD_KEYS.map((topologyKey) => ({
        op: 'append' as const,
        path: [...specPath, 'topologySpreadConstraints'],
        value: { maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels } },
      }));
    },
  },
});
