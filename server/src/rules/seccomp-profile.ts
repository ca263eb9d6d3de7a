import { asMap, containers, getPath, isSet, lackingLocation, podSpecPath } from '../engine/kube/objects';
import { containerSecurityContext, podSecurityContext } from './support/hardening';
import { defineRule } from '../engine/lint/rule';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

function profileType(securityContext: unknown): unknown {
  return getPath(securityContext, ['seccompProfile', 'type']);
}

export default defineRule({
  id: 'seccomp-profile',
  title: 'Pods use a seccomp profile',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  rationale:
    'Without a seccomp profile a container can make every system call, including the rarely used ones most kernel exploits go through; RuntimeDefault blocks those and is what Pod Security "restricted" requires.',
  remediation:
    'Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile) on the pod; a container-level seccompProfile overrides the pod\'s.',
  skipPatches: true,
  tierNote: true,
  checkPod({ object, pod: { path: specPath }, report }) {
    const advice = 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod.';
    const podType = profileType(podSecurityContext(object));
    const podConfined = CONFINED.has(podType as string);
    let podFlagged = false;
    for (const container of containers(object)) {
      const ownType = profileType(containerSecurityContext(container));
      if (CONFINED.has(ownType as string) || (!isSet(ownType) && podConfined)) continue;
      if (isSet(ownType)) {
        report({
          path: [...container.path, 'securityContext', 'seccompProfile', 'type'],
          message: `Container runs with seccomp profile ${JSON.stringify(ownType)}, not RuntimeDefault or Localhost`,
          advice: 'Set its securityContext.seccompProfile.type: RuntimeDefault.',
          container: container.name,
        });
      } else if (isSet(podType)) {
        // The pod's own unconfined profile is the offending value, once for every container inheriting it.
        if (podFlagged) continue;
        podFlagged = true;
        report({
          path: [...specPath, 'securityContext', 'seccompProfile', 'type'],
          message: `The pod runs with seccomp profile ${JSON.stringify(podType)}, not RuntimeDefault or Localhost`,
          advice,
          data: { fixable: true },
        });
      } else {
        report({
          ...lackingLocation(container, ['securityContext', 'seccompProfile']),
          message: 'No seccomp profile (neither the container nor the pod sets seccompProfile)',
          advice,
          container: container.name,
          data: { fixable: true },
        });
      }
    }
  },
  fix: {
    title: 'Set the pod seccompProfile to RuntimeDefault',
    safe: true,
    operations: (object, data) => {
      const specPath = podSpecPath(object);
      const securityContext = getPath(object.value, [...(specPath ?? []), 'securityContext']);
      // A container's own profile is its author's choice; a non-map securityContext is theirs to resolve.
      if (data.fixable !== true || !specPath || (securityContext != null && !asMap(securityContext))) return [];
      const profile = asMap(asMap(securityContext)?.seccompProfile);
      if (asMap(securityContext)?.seccompProfile != null && !profile) return [];
      return [{ op: 'set', path: [...specPath, 'securityContext', 'seccompProfile', 'type'], value: 'RuntimeDefault' }];
    },
  },
});
