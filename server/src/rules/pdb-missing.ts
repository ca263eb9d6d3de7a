import { highestReplicas, pdbsOf, workloadMatchLabels } from './support/crossref';
import { describeObject, isLongRunning } from '../engine/kube/objects';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';
import { podDisruptionBudget } from '../builders';

/** Two pods: keep one (minAvailable 1); more: let one go at a time (maxUnavailable 1). */
export function pdbBudget(replicas: number): Record<string, number> {
  return replicas <= 2 ? { minAvailable: 1 } : { maxUnavailable: 1 };
}

const rule = defineRule({
  id: 'pdb-missing',
  title: 'Multi-pod workloads have a PodDisruptionBudget',
  category: 'availability',
  tiers: { 2: 'warning' },
  rationale:
    'Without a PodDisruptionBudget a node drain or cluster upgrade may evict every replica at once; the budget makes voluntary disruptions wait until enough pods are ready.',
  remediation: 'Add a PodDisruptionBudget (policy/v1) in the same namespace whose selector matches the pod labels, with maxUnavailable: 1 or minAvailable below the replica count.',
  workspace: {
    silencedBy:
      'a PodDisruptionBudget in the index selecting the pods; a Helm template declaring a PodDisruptionBudget; a Kustomize build with a remote base, Helm chart or unused Component',
  },
  appliesTo: (object) => isLongRunning(object) && object.kind !== 'DaemonSet',
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    const count = highestReplicas(index, object);
    if (count === undefined || count < 2) return;
    if (pdbsOf(index, object).length > 0) return;
    if (index.inNamespaceOf(object, ['PodDisruptionBudget']).some((pdb) => pdb.file.isHelmTemplate) || index.openReason(object)) return;
    const selector = workloadMatchLabels(object);
    if (Object.keys(selector).length === 0) return;
    const otherBudgets = index.inNamespaceOf(object, ['PodDisruptionBudget']);
    report({
      path: ['metadata', 'name'],
      message: `${describeObject(object)} runs up to ${count} pods and no PodDisruptionBudget selects them: a node drain may evict them all at once${requirementNote(rule.tiers)}. Add a PodDisruptionBudget with ${Object.entries(pdbBudget(count)).map(([key, value]) => `${key}: ${value}`).join('')}.`,
      data: { replicas: count, selector },
      related: otherBudgets.map((pdb) => ({ object: pdb, path: ['spec', 'selector'], message: `${describeObject(pdb)} does not select these pods` })),
    });
  },
  fix: {
    title: 'Create a PodDisruptionBudget',
    safe: false,
    operations: (object, data) => [
      {
        op: 'addDocument',
        value: podDisruptionBudget({
          name: object.name ?? 'app',
          namespace: object.namespace,
          budget: pdbBudget(typeof data.replicas === 'number' ? data.replicas : 2),
          podLabels: (data.selector as Record<string, string> | undefined) ?? workloadMatchLabels(object),
        }),
      },
    ],
  },
});

export default rule;
