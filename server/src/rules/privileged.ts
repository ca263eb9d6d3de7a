import { containers } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'privileged',
  title: 'Containers are not privileged',
  category: 'pod-security',
  tiers: { 1: 'warning', 2: 'error' },
  rationale:
    'A privileged container has every capability and access to all host devices: escaping it is trivial, so one compromised process owns the node.',
  remediation: 'Set securityContext.privileged to false and grant only the capabilities the process needs.',
  appliesTo: 'pod-bearing',
  tierNote: true,
  check({ object, report }) {
    for (const container of containers(object)) {
      const securityContext = container.value.securityContext as Record<string, unknown> | undefined;
      if (securityContext?.privileged === true) {
        report({
          path: [...container.path, 'securityContext', 'privileged'],
          message: 'Container runs privileged',
          advice: 'Set securityContext.privileged: false.',
          container: container.name,
          data: { containerPath: container.path },
        });
      }
    }
  },
  fix: {
    title: 'Set privileged: false',
    safe: true,
    operations: (_object, data) => [
      { op: 'set', path: [...(data.containerPath as (string | number)[]), 'securityContext', 'privileged'], value: false },
    ],
  },
});
