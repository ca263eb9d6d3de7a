import { resourcedContainers } from '../engine/kube/objects';
import { parseQuantity } from '../engine/kube/quantity';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'limits-below-requests',
  title: 'Container limits are not below their requests',
  category: 'validity',
  tiers: { 1: 'error' },
  rationale:
    'The API server rejects a pod whose limit for a resource is below its request for it, so the workload never starts (for a Deployment: the ReplicaSet keeps failing to create pods).',
  remediation: 'Raise the limit to at least the request, or lower the request.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  check({ object, report }) {
    for (const container of resourcedContainers(object)) {
      const { requests, limits } = container;
      // The API checks every resource (cpu, memory, ephemeral-storage, extended ones) the same way.
      for (const [resource, limit] of Object.entries(limits)) {
        const limitValue = parseQuantity(limit);
        const requestValue = parseQuantity(requests[resource]);
        // Unreadable or templated quantities are not compared: no guess.
        if (limitValue === undefined || requestValue === undefined || limitValue >= requestValue) continue;
        report({
          path: [...container.path, 'resources', 'limits', resource],
          message: `The ${resource} limit (${String(limit)}) is below the ${resource} request (${String(requests[resource])}); the API server rejects the pod at every tier`,
          advice: `Raise the limit to at least ${String(requests[resource])} or lower the request.`,
          container: container.name,
        });
      }
    }
  },
});
