import { highestReplicas, lowestReplicas, pdbsOf, workloadMatchLabels } from './support/crossref';
import { describeObject, isLongRunning } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import { podDisruptionBudget } from '../builders';

/**
 * Always two pods: keep one (minAvailable 1); more, or an autoscaler that may go down to one: let one
 * go at a time (maxUnavailable 1), as minAvailable 1 would block every drain at a single pod.
 */
export function pdbBudget(highest: number, lowest = highest): Record<string, number> {
  return highest <= 2 && lowest >= 2 ? { minAvailable: 1 } : { maxUnavailable: 1 };
}

function describeBudget(budget: Record<string, number>): string {
  return Object.entries(budget)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
}

export default defineRule({
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
  skipPatches: true,
  tierNote: true,
  check({ object, index, report }) {
    const count = highestReplicas(index, object);
    if (count === undefined || count < 2) return;
    if (pdbsOf(index, object).length > 0) return;
    if (index.inNamespaceOf(object, ['PodDisruptionBudget']).some((pdb) => pdb.file.isHelmTemplate) || index.openReason(object)) return;
    const selector = workloadMatchLabels(object);
    if (Object.keys(selector).length === 0) return;
    const otherBudgets = index.inNamespaceOf(object, ['PodDisruptionBudget']);
    // An autoscaler's minimum is what the budget must still let drain.
    const lowest = lowestReplicas(index, object) ?? count;
    const budget = pdbBudget(count, lowest);
    const pods = lowest < count ? `${lowest} to ${count}` : `${count}`;
    report({
      path: ['metadata', 'name'],
      message: `No PodDisruptionBudget selects its ${pods} pods: a node drain may evict them all at once`,
      advice: `Add a PodDisruptionBudget with ${describeBudget(budget)}.`,
      data: { budget, selector },
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
          budget: (data.budget as Record<string, number> | undefined) ?? pdbBudget(2),
          podLabels: (data.selector as Record<string, string> | undefined) ?? workloadMatchLabels(object),
        }),
      },
    ],
  },
});
