import { asMap, containers, describeObject, getPath, isSet, isWorkload, lackingLocation, podSpecPath } from '../engine/kube/objects';
import { containerSecurityContext, podSecurityContext } from './support/hardening';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

function profileType(securityContext: unknown): unknown {
  return getPath(securityContext, ['seccompProfile', 'type']);
}

const rule = defineRule({
  id: 'seccomp-profile',
  title: 'Pods use a seccomp profile',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  rationale:
    'Without a seccomp profile a container can make every system call, including the rarely used ones most kernel exploits go through; RuntimeDefault blocks those and is what Pod Security "restricted" requires.',
  remediation:
    'Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile) on the pod; a container-level seccompProfile overrides the pod\'s.',
  appliesTo: isWorkload,
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    const specPath = podSpecPath(object);
    if (!specPath) return;
    const advice = `${requirementNote(rule.tiers)}. Set securityContext.seccompProfile.type: RuntimeDefault on the pod.`;
    const podType = profileType(podSecurityContext(object));
    const podConfined = CONFINED.has(podType as string);
    let podFlagged = false;
    for (const container of containers(object)) {
      const ownType = profileType(containerSecurityContext(container));
      if (CONFINED.has(ownType as string) || (!isSet(ownType) && podConfined)) continue;
      if (isSet(ownType)) {
        report({
          path: [...container.path, 'securityContext', 'seccompProfile', 'type'],
          message: `${describeObject(object)}: container "${container.name}" runs with seccomp profile ${JSON.stringify(ownType)}, not RuntimeDefault or Localhost${requirementNote(rule.tiers)}. Set its securityContext.seccompProfile.type: RuntimeDefault.`,
        });
      } else if (isSet(podType)) {
        // The pod's own unconfined profile is the offending value, once for every container inheriting it.
        if (podFlagged) continue;
        podFlagged = true;
        report({
          path: [...specPath, 'securityContext', 'seccompProfile', 'type'],
          message: `${describeObject(object)}: the pod runs with seccomp profile ${JSON.stringify(podType)}, not RuntimeDefault or Localhost${advice}`,
          data: { fixable: true },
        });
      } else {
        report({
          ...lackingLocation(container, ['securityContext', 'seccompProfile']),
          message: `${describeObject(object)}: container "${container.name}" has no seccomp profile (neither it nor the pod sets seccompProfile)${advice}`,
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

export default rule;
