import { autoscalersOf, tierReplicaFloor } from './support/crossref';
import { describeObject, getPath, isScaledService, isSet, replicas } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import type { NodePath } from '../engine/types';
import { defineRule } from '../engine/lint/rule';

/** The autoscaler with the lowest minimum, and that minimum (HPA minReplicas defaults to 1, KEDA's minReplicaCount to 0). */
function lowestAutoscaler(scalers: KubeObject[]): { scaler: KubeObject; min: number; path: NodePath; defaulted: boolean } | undefined {
  return scalers
    .map((scaler) => {
      const field = scaler.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas';
      const min = getPath(scaler.value, ['spec', field]);
      const path = min === undefined ? ['spec', 'scaleTargetRef'] : ['spec', field];
      return { scaler, min: typeof min === 'number' ? min : isSet(min) ? Number.NaN : scaler.kind === 'ScaledObject' ? 0 : 1, path, defaulted: !isSet(min) };
    })
    .filter((entry) => !Number.isNaN(entry.min))
    .sort((a, b) => a.min - b.min)[0];
}

export default defineRule({
  id: 'replicas-minimum',
  title: 'Deployments and StatefulSets run enough replicas (2, 3 from tier 3)',
  category: 'availability',
  tiers: { 2: 'warning' },
  rationale:
    'A single replica means every rollout, node drain or crash takes the service down; two keep it answering while one pod is replaced, and three (tier 3) still leave two when a zone fails. An autoscaler\'s minimum is what the workload runs at when load is low.',
  remediation:
    'Set spec.replicas to 2 or more (3 from tier 3), or let a HorizontalPodAutoscaler manage the count with minReplicas at least that.',
  workspace: { silencedBy: 'templated (non-numeric) replicas or minReplicas' },
  appliesTo: isScaledService,
  skipPatches: true,
  tierNote: true,
  check({ object, tier, index, report }) {
    const needed = tierReplicaFloor(tier);
    const scalers = autoscalersOf(index, object);
    if (scalers.length > 0) {
      const lowest = lowestAutoscaler(scalers);
      if (!lowest || lowest.min >= needed) return;
      report({
        path: ['metadata', 'name'],
        message: `${describeObject(lowest.scaler)} may scale it down to ${lowest.min} replica${lowest.min === 1 ? '' : 's'}${lowest.defaulted ? ' (its default)' : ''}: at that minimum one disruption takes it down`,
        advice: `Set ${lowest.scaler.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas'} to ${needed}.`,
        related: [{ object: lowest.scaler, path: lowest.path, message: `${describeObject(lowest.scaler)} sets the minimum` }],
      });
      return;
    }
    const count = replicas(object);
    if (count === undefined || count >= needed) return;
    const written = getPath(object.value, ['spec', 'replicas']) !== undefined;
    report({
      path: written ? ['spec', 'replicas'] : ['metadata', 'name'],
      message: `Runs ${count} replica${count === 1 ? '' : 's'}${written ? '' : ' (spec.replicas unset)'}: ${count < 2 ? 'one disruption takes it down' : 'a zone failure leaves one'}`,
      advice: `Set spec.replicas to ${needed} or add a HorizontalPodAutoscaler.`,
      data: { replicas: needed },
    });
  },
  fix: {
    title: (data) => `Set replicas to ${String(data.replicas ?? 2)}`,
    safe: true,
    // An autoscaled workload's finding carries no replica count: its fix is the autoscaler's minimum, not spec.replicas.
    operations: (_object, data) => (typeof data.replicas === 'number' ? [{ op: 'set', path: ['spec', 'replicas'], value: data.replicas }] : []),
  },
});
