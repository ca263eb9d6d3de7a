import { containers } from '../engine/kube/objects';
import { effectiveField, hardeningOperations, runsAsNonRoot } from './support/hardening';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'run-as-non-root',
  title: 'Containers cannot run as root',
  category: 'pod-security',
  tiers: { 1: 'info', 2: 'warning' },
  rationale:
    'A process running as uid 0 in a container is root on the node as soon as it escapes the container (a kernel or runtime bug): runAsNonRoot makes the kubelet refuse to start an image that would run as root.',
  remediation:
    'Set securityContext.runAsNonRoot: true on the pod (it covers every container; a container-level runAsNonRoot: false overrides it) and build the image with a non-root USER. A non-zero runAsUser also counts as non-root, as in Polaris. The quick fix adds the whole hardened securityContext (pod: runAsNonRoot, seccompProfile RuntimeDefault; containers: allowPrivilegeEscalation false, readOnlyRootFilesystem true with an emptyDir at /tmp, capabilities.drop [ALL]) without replacing values already set.',
  appliesTo: 'pod-bearing',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    const flagged = new Set<string>();
    for (const container of containers(object)) {
      if (runsAsNonRoot(object, container)) continue;
      // An explicit runAsNonRoot: false (the container's, or the pod's it inherits) is the offending value.
      const explicit = effectiveField(object, container, 'runAsNonRoot');
      const path = explicit.path ?? [...container.path, 'name'];
      if (flagged.has(JSON.stringify(path))) continue;
      flagged.add(JSON.stringify(path));
      const why = explicit.path ? ` (runAsNonRoot: ${JSON.stringify(explicit.value)})` : ': neither it nor the pod sets runAsNonRoot: true';
      report({
        path,
        message: `Container may run as root${why}`,
        advice: 'Set securityContext.runAsNonRoot: true on the pod (or a non-zero runAsUser) and use an image with a non-root USER.',
        container: container.name,
      });
    }
  },
  fix: {
    title: 'Add a hardened securityContext (runAsNonRoot, seccomp RuntimeDefault, no privilege escalation, read-only root, drop ALL)',
    // runAsNonRoot stops an image whose USER is root from starting, and a read-only root breaks
    // programs writing outside /tmp: a decision per workload, never applied by fix-all.
    safe: false,
    operations: (object) => hardeningOperations(object, 'runAsNonRoot'),
  },
});
