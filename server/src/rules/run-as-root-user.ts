import { containers } from '../engine/kube/objects';
import { containerSecurityContext, podSecurityContext } from './support/hardening';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'run-as-root-user',
  title: 'Pods do not run as uid 0',
  category: 'pod-security',
  tiers: { 1: 'warning', 2: 'error' },
  rationale:
    'runAsUser: 0 asks for root explicitly, whatever the image declares: a process that escapes the container is root on the node.',
  remediation: 'Set runAsUser to a non-zero uid the image can run as (for example 10001) and runAsNonRoot: true.',
  skipPatches: true,
  tierNote: true,
  checkPod({ object, pod, report }) {
    const advice = 'Set runAsUser to a non-zero uid (for example 10001) and runAsNonRoot: true.';
    if (podSecurityContext(object)?.runAsUser === 0) {
      report({
        path: [...pod.path, 'securityContext', 'runAsUser'],
        message: 'The pod runs as root (runAsUser: 0) in every container that does not set its own user',
        advice,
      });
    }
    for (const container of containers(object)) {
      if (containerSecurityContext(container)?.runAsUser !== 0) continue;
      report({
        path: [...container.path, 'securityContext', 'runAsUser'],
        message: 'Container runs as root (runAsUser: 0)',
        advice,
        container: container.name,
      });
    }
  },
});
