import { autoscalersOf } from './support/crossref';
import { describeObject, isWorkload, replicas } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import { horizontalPodAutoscaler } from '../builders';

/** The HPA the fix creates: min max(2, replicas), max three times that, 70% CPU. */
export function hpaBounds(current: number | undefined): { minReplicas: number; maxReplicas: number } {
  const minReplicas = Math.max(2, current ?? 1);
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
  appliesTo: (object) => isWorkload(object) && (object.kind === 'Deployment' || object.kind === 'StatefulSet'),
  check({ object, index, report }) {
    if (!object.name || index.isPatch(object) || autoscalersOf(index, object).length > 0) return;
    if (index.inNamespaceOf(object, ['HorizontalPodAutoscaler']).some((hpa) => hpa.file.isHelmTemplate) || index.openReason(object)) return;
    const bounds = hpaBounds(replicas(object));
    report({
      path: ['metadata', 'name'],
      message: `${describeObject(object)} has no HorizontalPodAutoscaler: its replica count does not follow load. Add an autoscaling/v2 HPA (CPU 70%, ${bounds.minReplicas}-${bounds.maxReplicas} replicas).`,
      data: bounds,
    });
  },
  fix: {
    title: 'Create a HorizontalPodAutoscaler',
    safe: false,
    operations: (object, data) => {
      const bounds = typeof data.minReplicas === 'number' && typeof data.maxReplicas === 'number' ? { minReplicas: data.minReplicas, maxReplicas: data.maxReplicas } : hpaBounds(replicas(object));
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
