import { getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import { tierReplicaFloor } from './support/crossref';

export default defineRule({
  id: 'hpa-min-replicas',
  title: 'HorizontalPodAutoscalers keep the tier minimum of replicas',
  category: 'availability',
  tiers: { 2: 'warning' },
  rationale:
    'An autoscaler scales its workload down to minReplicas (1 when unset) whenever load is low: at one pod, every rollout, node drain or crash takes the service down, whatever spec.replicas said.',
  remediation: 'Set spec.minReplicas to 2 or more (3 from tier 3), and maxReplicas above it.',
  appliesTo: (object) => object.kind === 'HorizontalPodAutoscaler' && object.group === 'autoscaling',
  skipPatches: true,
  tierNote: true,
  check({ object, tier, report }) {
    const min = getPath(object.value, ['spec', 'minReplicas']);
    // A templated or non-numeric value is the schema's finding.
    if (min !== undefined && min !== null && typeof min !== 'number') return;
    const lowest = typeof min === 'number' ? min : 1;
    const wanted = tierReplicaFloor(tier);
    if (lowest >= wanted) return;
    report({
      path: typeof min === 'number' ? ['spec', 'minReplicas'] : ['spec'],
      at: typeof min === 'number' ? undefined : 'key',
      message: `The autoscaler scales down to ${lowest} replica${lowest === 1 ? '' : 's'}${typeof min === 'number' ? '' : ' (minReplicas unset)'}: one disruption at low load takes the workload down`,
      advice: `Set spec.minReplicas to ${wanted}${wanted === 3 ? ' (3 from tier 3, so a zone can fail)' : ''}.`,
      data: { minReplicas: wanted },
    });
  },
  fix: {
    title: (data) => `Set minReplicas to ${String(data.minReplicas ?? 2)}`,
    safe: true,
    operations: (object, data, { tier }) => {
      const wanted = typeof data.minReplicas === 'number' ? data.minReplicas : tierReplicaFloor(tier);
      const max = getPath(object.value, ['spec', 'maxReplicas']);
      // The API server rejects minReplicas above maxReplicas.
      const raiseMax = typeof max === 'number' && max < wanted;
      return [
        { op: 'set', path: ['spec', 'minReplicas'], value: wanted },
        ...(raiseMax ? [{ op: 'set' as const, path: ['spec', 'maxReplicas'], value: wanted }] : []),
      ];
    },
  },
});
