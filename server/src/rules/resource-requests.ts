import { asMap, canCreatePath, isSet, lackingLocation, resourcedContainers } from '../engine/kube/objects';
import { parseQuantity } from '../engine/kube/quantity';
import { defineRule } from '../engine/lint/rule';

const DEFAULT_REQUESTS: Record<string, string> = { cpu: '100m', memory: '128Mi' };

/**
 * The request the fix writes: the default, or the container's own limit when that is lower
 * (Kubernetes defaults a missing request to the limit, and rejects a request above it).
 */
function requestFor(resource: string, limit: unknown): unknown {
  const limitValue = parseQuantity(limit);
  return limitValue !== undefined && limitValue < parseQuantity(DEFAULT_REQUESTS[resource])! ? limit : DEFAULT_REQUESTS[resource];
}

function describeValues(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([resource, value]) => `${resource}: ${String(value)}`)
    .join(', ');
}

export default defineRule({
  id: 'resource-requests',
  title: 'Containers request cpu and memory',
  category: 'resources',
  tiers: { 1: 'warning' },
  rationale:
    'Without requests the scheduler places the pod as if it needed nothing, nodes get overcommitted, and the pod is BestEffort: the first one evicted under memory pressure.',
  remediation: 'Set resources.requests.cpu and resources.requests.memory to what the container uses at steady state (for example cpu: 100m, memory: 128Mi as a start).',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    for (const container of resourcedContainers(object)) {
      const { requests, limits } = container;
      const missing = Object.keys(DEFAULT_REQUESTS).filter((resource) => !isSet(requests[resource]));
      if (missing.length === 0) continue;
      const values = Object.fromEntries(missing.map((resource) => [resource, requestFor(resource, limits[resource])]));
      report({
        ...lackingLocation(container, ['resources', 'requests']),
        message: `No ${missing.join(' or ')} request`,
        advice: `Set resources.requests to what it uses (${describeValues(values)} as a start), so the scheduler reserves room for it and it is not evicted first.`,
        container: container.name,
        data: { containerPath: container.path, values, fixable: canCreatePath(container.value, ['resources', 'requests']) },
      });
    }
  },
  fix: {
    title: (data) => `Add resources.requests (${describeValues(asMap(data.values) ?? DEFAULT_REQUESTS)})`,
    safe: true,
    operations: (_object, data) => {
      // A `resources` that is a string or a list is the author's mistake to resolve; the fix never replaces it.
      if (data.fixable !== true) return [];
      const containerPath = data.containerPath as (string | number)[];
      return Object.entries(asMap(data.values) ?? {}).map(([resource, value]) => ({
        op: 'set' as const,
        path: [...containerPath, 'resources', 'requests', resource],
        value,
      }));
    },
  },
});
