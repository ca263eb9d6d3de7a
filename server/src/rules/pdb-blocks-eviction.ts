import { lowestReplicas, workloadsSelectedBy, isEmptySelector, workloadsNear } from './support/crossref';
import { describeObject, getPath } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import { defineRule } from '../engine/lint/rule';

function isZero(value: unknown): boolean {
  return value === 0 || value === '0' || value === '0%';
}

export default defineRule({
  id: 'pdb-blocks-eviction',
  title: 'PodDisruptionBudgets allow at least one eviction',
  category: 'availability',
  tiers: { 1: 'warning' },
  rationale:
    'A budget that allows no disruption (maxUnavailable 0, minAvailable 100% or at least the replica count) blocks every node drain: cluster upgrades hang until someone deletes the budget.',
  remediation: 'Use maxUnavailable: 1, or a minAvailable below the lowest replica count of the selected workload.',
  workspace: { silencedBy: 'a numeric minAvailable when no workload in the index matches the selector (the replica count is unknown)' },
  appliesTo: (object) => object.kind === 'PodDisruptionBudget' && object.group === 'policy',
  skipPatches: true,
  check({ object, index, report }) {
    const maxUnavailable = getPath(object.value, ['spec', 'maxUnavailable']);
    const minAvailable = getPath(object.value, ['spec', 'minAvailable']);
    const selector = getPath(object.value, ['spec', 'selector']);
    const selected = () => (isEmptySelector(selector) ? workloadsNear(index, object) : workloadsSelectedBy(index, selector, object));
    const undrainable = (workloads: KubeObject[]) =>
      workloads.map((workload) => ({ object: workload, path: ['metadata', 'name'], message: `${describeObject(workload)} cannot be drained` }));
    const blocksAll = isZero(maxUnavailable) ? ['maxUnavailable', maxUnavailable] : minAvailable === '100%' ? ['minAvailable', minAvailable] : undefined;
    if (blocksAll) {
      report({
        path: ['spec', String(blocksAll[0])],
        message: `${String(blocksAll[0])} ${String(blocksAll[1])}: no pod may ever be evicted, so node drains hang`,
        advice: 'Use maxUnavailable: 1.',
        related: undrainable(selected()),
      });
      return;
    }
    if (typeof minAvailable !== 'number') return;
    const blocked = selected().filter((workload) => {
      const lowest = lowestReplicas(index, workload);
      return lowest !== undefined && minAvailable >= lowest;
    });
    if (blocked.length === 0) return;
    const names = blocked.map((workload) => `${describeObject(workload)} (${lowestReplicas(index, workload)} replicas)`).join(', ');
    report({
      path: ['spec', 'minAvailable'],
      message: `Requires ${minAvailable} available pods but ${names} runs no more than that: no pod may be evicted, so node drains hang`,
      advice: 'Lower minAvailable or use maxUnavailable: 1.',
      related: undrainable(blocked),
    });
  },
});
