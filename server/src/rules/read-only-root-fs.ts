import { containers } from '../engine/kube/objects';
import { containerFieldLocation, readOnlyRootOperations } from './support/hardening';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'read-only-root-fs',
  title: 'Containers have a read-only root filesystem',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  rationale:
    'A writable root filesystem lets an intruder drop tools and change binaries in place, and hides state in the container layer; read-only forces writes into declared volumes.',
  remediation:
    'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir wherever the program writes (the quick fix mounts one at /tmp when nothing is mounted there).',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    for (const container of containers(object)) {
      const location = containerFieldLocation(container, 'readOnlyRootFilesystem', true);
      if (!location) continue;
      report({
        ...location,
        message: 'Root filesystem is writable',
        advice: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it writes (/tmp).',
        container: container.name,
        data: { containerPath: container.path },
      });
    }
  },
  fix: {
    title: 'Set readOnlyRootFilesystem: true (and mount an emptyDir at /tmp)',
    // A program writing outside /tmp fails once its root is read-only: offered one by one.
    safe: false,
    operations: (object, data) => {
      const target = containers(object).filter((container) => JSON.stringify(container.path) === JSON.stringify(data.containerPath));
      return readOnlyRootOperations(object, target, true);
    },
  },
});
