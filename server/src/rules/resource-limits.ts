import { canCreatePath, getPath, isSet, lackingLocation, resourcedContainers } from '../engine/kube/objects';
import { parseQuantity } from '../engine/kube/quantity';
import { defineRule } from '../engine/lint/rule';

const DEFAULT_MEMORY_LIMIT = '256Mi';

/**
 * The memory limit the fix writes: 256Mi, or the container's memory request when that is higher
 * (a limit below the request is rejected). Undefined when the request cannot be read: no guess then.
 */
function memoryLimitFor(request: unknown): unknown {
  if (!isSet(request)) return DEFAULT_MEMORY_LIMIT;
  const requested = parseQuantity(request);
  if (requested === undefined) return undefined;
  return requested > parseQuantity(DEFAULT_MEMORY_LIMIT)! ? request : DEFAULT_MEMORY_LIMIT;
}

export default defineRule({
  id: 'resource-limits',
  title: 'Containers have a memory limit',
  category: 'resources',
  tiers: { 1: 'warning' },
  severityNote: 'A missing cpu limit is reported as info at every tier: cpu is throttled, not killed, and many teams leave the cpu limit unset on purpose.',
  rationale:
    'A container without a memory limit can use all of its node\'s memory; the kernel then kills processes of other pods too. A cpu limit bounds a runaway process, at the cost of throttling.',
  remediation: 'Set resources.limits.memory (at least the memory request; 256Mi as a start), and resources.limits.cpu where throttling is acceptable.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    for (const container of resourcedContainers(object)) {
      const { limits } = container;
      const location = lackingLocation(container, ['resources', 'limits']);
      if (!isSet(limits.memory)) {
        const memory = memoryLimitFor(getPath(container.value, ['resources', 'requests', 'memory']));
        report({
          ...location,
          message: `No memory limit: the container can take all of the node's memory`,
          advice: `Set resources.limits.memory (${memory === undefined ? 'at least its memory request' : String(memory)}).`,
          container: container.name,
          data: { containerPath: container.path, memory, fixable: memory !== undefined && canCreatePath(container.value, ['resources', 'limits']) },
        });
      }
      if (!isSet(limits.cpu)) {
        report({
          ...location,
          severity: 'info',
          message: 'No cpu limit: a runaway process can use every idle core of its node',
          advice: 'Set resources.limits.cpu where throttling is acceptable.',
          container: container.name,
        });
      }
    }
  },
  fix: {
    title: (data) => `Add resources.limits.memory: ${isSet(data.memory) ? String(data.memory) : DEFAULT_MEMORY_LIMIT}`,
    safe: true,
    operations: (_object, data) =>
      // Only the memory finding carries a fix: a cpu limit is a trade-off the author has to choose.
      data.fixable === true ? [{ op: 'set', path: [...(data.containerPath as (string | number)[]), 'resources', 'limits', 'memory'], value: data.memory }] : [],
  },
});
