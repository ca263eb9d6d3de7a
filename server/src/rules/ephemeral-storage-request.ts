import { canCreatePath, isSet, lackingLocation, resourcedContainers } from '../engine/kube/objects';
import { parseQuantity } from '../engine/kube/quantity';
import { defineRule } from '../engine/lint/rule';
import type { NodePath } from '../engine/types';

const DEFAULT_REQUEST = '128Mi';

/** The request the fix writes: the default, or the container's own limit when that is lower (a request above the limit is rejected). */
function requestFor(limit: unknown): unknown {
  const limitValue = parseQuantity(limit);
  return limitValue !== undefined && limitValue < parseQuantity(DEFAULT_REQUEST)! ? limit : DEFAULT_REQUEST;
}

export default defineRule({
  id: 'ephemeral-storage-request',
  title: 'Containers request ephemeral storage',
  category: 'resources',
  tiers: { 3: 'warning' },
  rationale:
    'Logs, the writable layer and emptyDir volumes use node disk. Without an ephemeral-storage request the scheduler does not count that disk, nodes fill up, and under disk pressure the kubelet evicts pods that use more than they requested first, which for these containers is any use at all.',
  remediation: 'Set resources.requests.ephemeral-storage to what the container writes to its filesystem and logs (for example 128Mi), and a limit when it may grow.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    for (const container of resourcedContainers(object)) {
      if (isSet(container.requests['ephemeral-storage'])) continue;
      const value = requestFor(container.limits['ephemeral-storage']);
      report({
        ...lackingLocation(container, ['resources', 'requests']),
        message: 'No ephemeral-storage request: the scheduler ignores its disk use and it is evicted first under disk pressure',
        advice: `Set resources.requests.ephemeral-storage (${String(value)} as a start).`,
        container: container.name,
        data: { containerPath: container.path, value, fixable: canCreatePath(container.value, ['resources', 'requests']) },
      });
    }
  },
  fix: {
    title: (data) => `Add an ephemeral-storage request of ${String(data.value ?? DEFAULT_REQUEST)}`,
    safe: true,
    // A `resources` that is a string or a list is the author's mistake to resolve; the fix never replaces it.
    operations: (_object, data) =>
      data.fixable === true ? [{ op: 'set', path: [...(data.containerPath as NodePath), 'resources', 'requests', 'ephemeral-storage'], value: data.value ?? DEFAULT_REQUEST }] : [],
  },
});
