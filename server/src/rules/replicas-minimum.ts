import { autoscalersOf, tierReplicaFloor } from './support/crossref';
import { getPath, isScaledService, replicas } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'replicas-minimum',
  title: 'Deployments and StatefulSets run at least two replicas',
  category: 'availability',
  tiers: { 2: 'warning' },
  rationale:
    'A single replica means every rollout, node drain or crash takes the service down; two or more keep it answering while one pod is replaced.',
  remediation: 'Set spec.replicas to 2 or more (3 from tier 3), or let a HorizontalPodAutoscaler manage the count.',
  workspace: { silencedBy: 'a HorizontalPodAutoscaler or KEDA ScaledObject in the index that targets the workload; templated (non-numeric) replicas' },
  appliesTo: isScaledService,
  skipPatches: true,
  tierNote: true,
  check({ object, tier, index, report }) {
    const count = replicas(object);
    if (count === undefined || count >= 2) return;
    if (autoscalersOf(index, object).length > 0) return;
    const written = getPath(object.value, ['spec', 'replicas']) !== undefined;
    report({
      path: written ? ['spec', 'replicas'] : ['metadata', 'name'],
      message: `Runs ${count} replica${count === 1 ? '' : 's'}${written ? '' : ' (spec.replicas unset)'}: one disruption takes it down`,
      advice: `Set spec.replicas to ${tierReplicaFloor(tier)} or add a HorizontalPodAutoscaler.`,
      data: { replicas: tierReplicaFloor(tier) },
    });
  },
  fix: {
    title: (data) => `Set replicas to ${String(data.replicas ?? 2)}`,
    safe: true,
    operations: (_object, data, { tier }) => [
      { op: 'set', path: ['spec', 'replicas'], value: typeof data.replicas === 'number' ? data.replicas : tierReplicaFloor(tier) },
    ],
  },
});
