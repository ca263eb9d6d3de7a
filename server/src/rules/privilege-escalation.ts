import { containers } from '../engine/kube/objects';
import { containerFieldLocation, hardeningOperations } from './support/hardening';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'privilege-escalation',
  title: 'Containers cannot gain privileges',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  rationale:
    'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent (setuid binaries, file capabilities): the default is true, so it must be set on every container.',
  remediation:
    'Set securityContext.allowPrivilegeEscalation: false on every container (the pod-level securityContext has no such field). The quick fix adds the whole hardened securityContext without replacing values already set.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    for (const container of containers(object)) {
      const location = containerFieldLocation(container, 'allowPrivilegeEscalation', false);
      if (!location) continue;
      report({
        ...location,
        message: 'Container allows privilege escalation (allowPrivilegeEscalation is not false)',
        advice: 'Set securityContext.allowPrivilegeEscalation: false.',
        container: container.name,
      });
    }
  },
  fix: {
    title: 'Add a hardened securityContext (allowPrivilegeEscalation false, runAsNonRoot, seccomp RuntimeDefault, read-only root, drop ALL)',
    // Same fix as run-as-non-root, with the same risks for images that need root or a writable root.
    safe: false,
    operations: (object) => hardeningOperations(object, 'allowPrivilegeEscalation'),
  },
});
