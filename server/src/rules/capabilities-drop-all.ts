import { canCreatePath, containers, describeObject, getPath, isWorkload, lackingLocation } from '../engine/kube/objects';
import { containerSecurityContext, dropsAll } from './support/hardening';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';

const rule = defineRule({
  id: 'capabilities-drop-all',
  title: 'Containers drop all capabilities',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  rationale:
    'Container runtimes grant a default set of Linux capabilities (CHOWN, NET_RAW, SETUID ...) that most programs never use and attackers do; dropping ALL and adding back only what is needed is what Pod Security "restricted" requires.',
  remediation: 'Add ALL to securityContext.capabilities.drop and list in capabilities.add only what the program needs (NET_BIND_SERVICE for ports below 1024).',
  appliesTo: isWorkload,
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    for (const container of containers(object)) {
      if (dropsAll(container)) continue;
      const drop = getPath(containerSecurityContext(container), ['capabilities', 'drop']);
      const location = Array.isArray(drop)
        ? { path: [...container.path, 'securityContext', 'capabilities', 'drop'], at: 'key' as const }
        : lackingLocation(container, ['securityContext', 'capabilities']);
      report({
        ...location,
        message: `${describeObject(object)}: container "${container.name}" does not drop ALL capabilities${requirementNote(rule.tiers)}. Add ALL to securityContext.capabilities.drop and add back only what it needs.`,
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

export default rule;
