import { atLeast } from '../engine/kube/deprecations';
import { asMap, containers, getPath, isSet, lackingLocation, podSpecPath, stringMap } from '../engine/kube/objects';
import { containerSecurityContext, podSecurityContext } from './support/hardening';
import { defineRule, type PodRuleContext } from '../engine/lint/rule';

const CONFINED = new Set(['RuntimeDefault', 'Localhost']);

function profileType(securityContext: unknown): unknown {
  return getPath(securityContext, ['seccompProfile', 'type']);
}

/** Before 1.19 the profile is set by annotations on the pod (template); the fields do not exist. */
const FIELDS_SINCE = '1.19';
const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

function confinedByAnnotation(value: unknown): boolean {
  return value === 'runtime/default' || value === 'docker/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

/** Kubernetes before 1.19: the annotations decide, for each container its own, else the pod's. */
function checkAnnotations({ object, pod, report }: PodRuleContext, version: string): void {
  const metadataPath = [...pod.path.slice(0, -1), 'metadata'];
  const annotations = stringMap(getPath(object.value, [...metadataPath, 'annotations']));
  const advice = `Kubernetes ${version} reads the profile from annotations: annotate the pod template with ${POD_ANNOTATION}: runtime/default.`;
  let podFlagged = false;
  for (const container of containers(object)) {
    const own = annotations[`${CONTAINER_ANNOTATION}${container.name}`];
    const effective = own ?? annotations[POD_ANNOTATION];
    if (confinedByAnnotation(effective)) continue;
    if (own === undefined && effective !== undefined && podFlagged) continue;
    podFlagged ||= own === undefined && effective !== undefined;
    const path = own !== undefined ? [...metadataPath, 'annotations', `${CONTAINER_ANNOTATION}${container.name}`] : effective !== undefined ? [...metadataPath, 'annotations', POD_ANNOTATION] : [...container.path, 'name'];
    report({
      path,
      message: effective === undefined ? `No seccomp profile (no ${POD_ANNOTATION} annotation)` : `Seccomp profile ${JSON.stringify(effective)}, not runtime/default or localhost/`,
      advice,
      container: own !== undefined || effective === undefined ? container.name : undefined,
    });
  }
}

export default defineRule({
  id: 'seccomp-profile',
  title: 'Pods use a seccomp profile',
  category: 'pod-security',
  tiers: { 2: 'warning' },
  rationale:
    'Without a seccomp profile a container can make every system call, including the rarely used ones most kernel exploits go through; RuntimeDefault blocks those and is what Pod Security "restricted" requires.',
  remediation:
    'Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile) on the pod; a container-level seccompProfile overrides the pod\'s. Below Kubernetes 1.19 (kubernetesVersion) set the seccomp.security.alpha.kubernetes.io/pod annotation (runtime/default) instead, which that version reads.',
  skipPatches: true,
  tierNote: true,
  checkPod(context) {
    const { object, pod: { path: specPath }, settings, report } = context;
    if (!atLeast(settings.kubernetesVersion, FIELDS_SINCE)) return checkAnnotations(context, settings.kubernetesVersion);
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
