import { autoscalersOf } from './support/crossref';
import { describeObject, getPath, isReplicated } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'hpa-replicas-conflict',
  title: 'Autoscaled workloads leave spec.replicas unset',
  category: 'availability',
  tiers: { 2: 'info' },
  rationale:
    'When an autoscaler manages a workload, every apply of a manifest that sets spec.replicas resets the count the autoscaler chose, causing a burst of scale-downs or scale-ups.',
  remediation: 'Remove spec.replicas from the workload and let the autoscaler own the count.',
  workspace: { silencedBy: 'no HorizontalPodAutoscaler or KEDA ScaledObject in the index targeting the workload' },
  appliesTo: isReplicated,
  skipPatches: true,
  check({ object, index, report }) {
    if (getPath(object.value, ['spec', 'replicas']) === undefined) return;
    const scalers = autoscalersOf(index, object);
    if (scalers.length === 0) return;
    report({
      path: ['spec', 'replicas'],
      message: `spec.replicas is set but ${describeObject(scalers[0])} scales it: every apply resets the autoscaler's count`,
      advice: 'Remove spec.replicas.',
      related: scalers.map((scaler) => ({ object: scaler, path: ['spec', 'scaleTargetRef'], message: `${describeObject(scaler)} targets it` })),
    });
  },
  fix: {
    title: 'Remove spec.replicas',
    safe: true,
    operations: () => [{ op: 'remove', path: ['spec', 'replicas'] }],
  },
});
