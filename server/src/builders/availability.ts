// What keeps a workload available: a PodDisruptionBudget for drains, an autoscaler for load.
import { objectMeta, withLabels, type Labels, type Manifest } from './metadata';

export interface DisruptionBudget {
  name: string;
  namespace: string | undefined;
  labels?: Labels;
  /** `{ maxUnavailable: n }` or `{ minAvailable: n }`. */
  budget: Record<string, number>;
  /** The pods it protects (matchLabels). */
  podLabels: Labels;
}

export function podDisruptionBudget(pdb: DisruptionBudget): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(pdb.name, pdb.namespace, withLabels(pdb.labels)),
    spec: { ...pdb.budget, selector: { matchLabels: pdb.podLabels } },
  };
}

export interface Autoscaler {
  name: string;
  namespace: string | undefined;
  labels?: Labels;
  target: { apiVersion: unknown; kind: string; name: string };
  /** Numbers, or template tokens the generator replaces per packaging. */
  minReplicas: number | string;
  maxReplicas: number | string;
}

/** An autoscaling/v2 HPA holding average CPU at 70 % of requests. */
export function horizontalPodAutoscaler(hpa: Autoscaler): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: objectMeta(hpa.name, hpa.namespace, withLabels(hpa.labels)),
    spec: {
      scaleTargetRef: hpa.target,
      minReplicas: hpa.minReplicas,
      maxReplicas: hpa.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  };
}
