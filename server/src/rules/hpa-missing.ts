import { autoscalersOf } from './support/crossref';
import { isScaledService, replicas } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import { horizontalPodAutoscaler } from '../builders';

/** The HPA the fix creates: min the replicas, at least replicas-minimum's (2, 3 from tier 3), max three times that, 70% CPU. */
export function hpaBounds(current: number | undefined, tier: number): { minReplicas: number; maxReplicas: number } {
  const minReplicas = Math.max(tier >= 3 ? 3 : 2, current ?? 1);
  return { minReplicas, maxReplicas: minReplicas * 3 };
}

export default defineRule({
  id: 'hpa-missing',
  title: 'Deployments and StatefulSets have a HorizontalPodAutoscaler',
  category: 'availability',
  tiers: { 2: 'info' },
  rationale: 'A fixed replica count is either too many pods at night or too few at peak; an autoscaler follows the load.',
  remediation: 'Add an autoscaling/v2 HorizontalPodAutoscaler targeting the workload (for example CPU at 70%, minReplicas 2).',
  workspace: { silencedBy: 'a HorizontalPodAutoscaler or KEDA ScaledObject in the index targeting the workload; a Helm template declaring one; a Kustomize build with a remote base, Helm chart or unused Component' },
  appliesTo: isScaledService,
  skipPatches: true,
  check({ object, tier, index, report }) {
    if (!object.name || autoscalersOf(index, object).length > 0) return;
    if (index.inNamespaceOf(object, ['HorizontalPodAutoscaler']).some((hpa) => hpa.file.isHelmTemplate) || index.openReason(object)) return;
    const bounds = hpaBounds(replicas(object), tier);
    report({
      path: ['metadata', 'name'],
      message: 'No HorizontalPodAutoscaler: the replica count does not follow load',
      advice: `Add an autoscaling/v2 HPA (CPU 70%, ${bounds.minReplicas}-${bounds.maxReplicas} replicas).`,
      data: bounds,
    });
  },
  fix: {
    title: 'Create a HorizontalPodAutoscaler',
    safe: false,
    operations: (object, data, { tier }) => {
      const bounds = typeof data.minReplicas === 'number' && typeof data.maxReplicas === 'number' ? { minReplicas: data.minReplicas, maxReplicas: data.maxReplicas } : hpaBounds(replicas(object), tier);
      return [
        {
          op: 'addDocument',
          value: horizontalPodAutoscaler({
            name: object.name ?? 'app',
            namespace: object.namespace,
            target: { apiVersion: object.apiVersion, kind: object.kind, name: object.name ?? 'app' },
            ...bounds,
          }),
        },
      ];
    },
  },
});
