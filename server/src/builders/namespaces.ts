// A namespace and the guardrails every namespace gets from tier 2: a quota and default container limits.
import { objectMeta, type Manifest } from './metadata';

/** A Namespace labelled for the Pod Security Standard it enforces; audit and warn stay at restricted. */
export function namespaceWithPodSecurity(name: string, enforce: 'restricted' | 'baseline' = 'restricted'): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': enforce,
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}

/** The ResourceQuota bounding what a namespace's workloads request and use. */
export function computeQuota(namespace: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: objectMeta('compute-quota', namespace),
    spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi', pods: '50' } },
  };
}

/** The LimitRange giving containers that set no resources a request and a limit. */
export function defaultLimitRange(namespace: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: objectMeta('default-limits', namespace),
    spec: {
      limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }],
    },
  };
}
