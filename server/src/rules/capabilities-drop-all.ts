import { canCreatePath, containers, getPath, lackingLocation } from '../engine/kube/objects';
import { containerSecurityContext, dropsAll } from './support/hardening';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'capabilities-drop-all',
  title: 'Containers drop all capabilities',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  rationale:
    'Container runtimes grant a default set of Linux capabilities (CHOWN, NET_RAW, SETUID ...) that most programs never use and attackers do; dropping ALL and adding back only what is needed is what Pod Security "restricted" requires.',
  remediation: 'Add ALL to securityContext.capabilities.drop and list in capabilities.add only what the program needs (NET_BIND_SERVICE for ports below 1024).',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    for (const container of containers(object)) {
      if (dropsAll(container)) continue;
      const drop = getPath(containerSecurityContext(container), ['capabilities', 'drop']);
      const location = Array.isArray(drop)
        ? { path: [...container.path, 'securityContext', 'capabilities', 'drop'], at: 'key' as const }
        : lackingLocation(container, ['securityContext', 'capabilities']);
      report({
        ...location,
        message: 'Container does not drop ALL capabilities',
        advice: 'Add ALL to securityContext.capabilities.drop and add back only what it needs.',
        container: container.name,
        data: { containerPath: container.path },
      });
    }
  },
  fix: {
    title: 'Add ALL to capabilities.drop',
    // Capabilities listed in `add` still apply after drop ALL, but a program relying on a default one
    // (an image that chowns or switches user at start) stops working: offered one by one.
    safe: false,
    operations: (object, data) => {
      const container = containers(object).find((candidate) => JSON.stringify(candidate.path) === JSON.stringify(data.containerPath));
      if (!container || !canCreatePath(container.value, ['securityContext', 'capabilities'])) return [];
      const drop = getPath(containerSecurityContext(container), ['capabilities', 'drop']);
      if (drop !== undefined && drop !== null && !Array.isArray(drop)) return [];
      return [{ op: 'append', path: [...container.path, 'securityContext', 'capabilities', 'drop'], value: 'ALL' }];
    },
  },
});
