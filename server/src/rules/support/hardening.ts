// Pod-security reading (effective securityContext values, with pod-level inheritance) and the
// "hardened securityContext" fix shared by run-as-non-root and privilege-escalation, so the two
// rules cannot drift apart and their fixes merge into the same maps.
import { asArray, asMap, canCreatePath, containers, getPath, isSet, lackingLocation, podSpec, podSpecPath, type ContainerRef } from '../../engine/kube/objects';
import type { KubeObject, PlainMap } from '../../engine/yaml/model';
import type { FixOperation } from '../../engine/lint/rule';
import type { NodePath } from '../../engine/types';

export function podSecurityContext(object: KubeObject): PlainMap | undefined {
  return asMap(podSpec(object)?.securityContext);
}

export function containerSecurityContext(container: ContainerRef): PlainMap | undefined {
  return asMap(container.value.securityContext);
}

/** Where a value is read from: the container's securityContext overrides the pod's. */
export interface EffectiveValue {
  value: unknown;
  /** Path of the value inside the object; undefined when neither level sets it. */
  path?: NodePath;
}

/** A field both PodSecurityContext and SecurityContext carry (runAsNonRoot, runAsUser, seccompProfile). */
export function effectiveField(object: KubeObject, container: ContainerRef, field: string): EffectiveValue {
  const own = containerSecurityContext(container)?.[field];
  if (isSet(own)) return { value: own, path: [...container.path, 'securityContext', field] };
  const pod = podSecurityContext(object)?.[field];
  const specPath = podSpecPath(object);
  if (isSet(pod) && specPath) return { value: pod, path: [...specPath, 'securityContext', field] };
  return { value: undefined };
}

/**
 * Whether the container's processes cannot run as uid 0: runAsNonRoot true, or (as Polaris decides)
 * a non-zero runAsUser, which the kubelet uses whatever the image says. A container-level
 * runAsNonRoot: false overrides the pod's true.
 */
export function runsAsNonRoot(object: KubeObject, container: ContainerRef): boolean {
  if (effectiveField(object, container, 'runAsNonRoot').value === true) return true;
  const user = effectiveField(object, container, 'runAsUser').value;
  return typeof user === 'number' && user > 0;
}

/** Capability names as the runtime reads them: case-insensitive, with or without the CAP_ prefix. */
export function normalizeCapability(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.trim().toUpperCase().replace(/^CAP_/, '');
}

export function capabilityList(container: ContainerRef, list: 'add' | 'drop'): unknown[] {
  return asArray(getPath(containerSecurityContext(container), ['capabilities', list]));
}

export function dropsAll(container: ContainerRef): boolean {
  return capabilityList(container, 'drop').some((entry) => normalizeCapability(entry) === 'ALL');
}

/**
 * The API server rejects allowPrivilegeEscalation: false next to privileged: true or CAP_SYS_ADMIN:
 * the fix leaves those containers to the privileged and dangerous-capabilities findings.
 */
function mustEscalate(container: ContainerRef): boolean {
  return (
    containerSecurityContext(container)?.privileged === true ||
    capabilityList(container, 'add').some((entry) => ['SYS_ADMIN', 'ALL'].includes(normalizeCapability(entry) ?? ''))
  );
}

const TMP = '/tmp';

function mountsTmp(container: ContainerRef): boolean {
  return asArray(container.value.volumeMounts).some((mount) => {
    const path = asMap(mount)?.mountPath;
    return typeof path === 'string' && path.replace(/\/+$/, '') === TMP;
  });
}

/** A volume name the pod does not use yet: tmp, tmp-1, tmp-2 ... */
function freeVolumeName(object: KubeObject): string {
  const taken = new Set(asArray(podSpec(object)?.volumes).map((volume) => asMap(volume)?.name));
  let name = 'tmp';
  for (let i = 1; taken.has(name); i++) name = `tmp-${i}`;
  return name;
}

/**
 * readOnlyRootFilesystem: true for the given containers, and one emptyDir mounted at /tmp in each
 * of them that mounts nothing there (most programs need a writable /tmp). An explicit false is
 * replaced only when `overrideExplicit` (the read-only-root-fs fix itself).
 */
export function readOnlyRootOperations(object: KubeObject, targets: readonly ContainerRef[], overrideExplicit: boolean): FixOperation[] {
  const specPath = podSpecPath(object);
  const spec = podSpec(object);
  if (!specPath || !spec) return [];
  const operations: FixOperation[] = [];
  const needTmp: ContainerRef[] = [];
  for (const container of targets) {
    if (!canCreatePath(container.value, ['securityContext'])) continue;
    const current = containerSecurityContext(container)?.readOnlyRootFilesystem;
    if (current === true) continue;
    if (isSet(current) && !overrideExplicit) continue;
    operations.push({ op: 'set', path: [...container.path, 'securityContext', 'readOnlyRootFilesystem'], value: true });
    if (!mountsTmp(container) && (container.value.volumeMounts === undefined || container.value.volumeMounts === null || Array.isArray(container.value.volumeMounts))) {
      needTmp.push(container);
    }
  }
  if (needTmp.length > 0 && (spec.volumes === undefined || spec.volumes === null || Array.isArray(spec.volumes))) {
    const name = freeVolumeName(object);
    operations.push({ op: 'append', path: [...specPath, 'volumes'], value: { name, emptyDir: {} } });
    for (const container of needTmp) operations.push({ op: 'append', path: [...container.path, 'volumeMounts'], value: { name, mountPath: TMP } });
  }
  return operations;
}

/** Which explicit value the requesting rule may replace (its own finding); everything else is only added. */
export type HardeningOverride = 'runAsNonRoot' | 'allowPrivilegeEscalation';

/**
 * The hardened securityContext: pod runAsNonRoot true and seccompProfile RuntimeDefault; every
 * container allowPrivilegeEscalation false, readOnlyRootFilesystem true (with a /tmp emptyDir),
 * capabilities.drop [ALL]. Values are merged into the existing maps (other keys and comments stay,
 * ALL is not added twice); an explicit value the user set is kept unless it is the requesting rule's
 * own field. runAsNonRoot is never added where runAsUser is 0 (the pod would not start: run-as-root-user
 * asks the author to pick a user) and allowPrivilegeEscalation false never next to privileged or SYS_ADMIN.
 */
export function hardeningOperations(object: KubeObject, override: HardeningOverride): FixOperation[] {
  const specPath = podSpecPath(object);
  const spec = podSpec(object);
  if (!specPath || !spec || !canCreatePath(spec, ['securityContext'])) return [];
  const operations: FixOperation[] = [];
  const pod = podSecurityContext(object) ?? {};
  const all = containers(object);
  const runsAsRoot = (container: ContainerRef): boolean => effectiveField(object, container, 'runAsUser').value === 0;
  // One uid-0 container means runAsNonRoot goes on the other containers, not on the pod.
  const podLevelNonRoot = !all.some(runsAsRoot) && pod.runAsUser !== 0;
  const podHardening: PlainMap = { seccompProfile: { type: 'RuntimeDefault' } };
  if (podLevelNonRoot) {
    if (override === 'runAsNonRoot' && isSet(pod.runAsNonRoot) && pod.runAsNonRoot !== true) {
      operations.push({ op: 'set', path: [...specPath, 'securityContext', 'runAsNonRoot'], value: true });
    } else podHardening.runAsNonRoot = true;
  }
  operations.push({ op: 'merge', path: [...specPath, 'securityContext'], value: podHardening });

  const hardened: ContainerRef[] = [];
  for (const container of all) {
    if (!canCreatePath(container.value, ['securityContext', 'capabilities'])) continue;
    hardened.push(container);
    const own = containerSecurityContext(container) ?? {};
    const base = [...container.path, 'securityContext'];
    const values: PlainMap = {};
    if (!mustEscalate(container)) {
      if (override === 'allowPrivilegeEscalation' && isSet(own.allowPrivilegeEscalation) && own.allowPrivilegeEscalation !== false) {
        operations.push({ op: 'set', path: [...base, 'allowPrivilegeEscalation'], value: false });
      } else values.allowPrivilegeEscalation = false;
    }
    if (!runsAsRoot(container)) {
      if (override === 'runAsNonRoot' && isSet(own.runAsNonRoot) && own.runAsNonRoot !== true) {
        operations.push({ op: 'set', path: [...base, 'runAsNonRoot'], value: true });
      } else if (!podLevelNonRoot) values.runAsNonRoot = true;
    }
    if (Object.keys(values).length > 0) operations.push({ op: 'merge', path: base, value: values });
    const drop = getPath(own, ['capabilities', 'drop']);
    if (!dropsAll(container) && (drop === undefined || drop === null || Array.isArray(drop))) {
      operations.push({ op: 'append', path: [...base, 'capabilities', 'drop'], value: 'ALL' });
    }
  }
  return [...operations, ...readOnlyRootOperations(object, hardened, false)];
}

/**
 * Where a container's securityContext fails to set `field` to `wanted`: the offending value, the
 * securityContext key when the field is missing from it, else the container's name; undefined when right.
 */
export function containerFieldLocation(container: ContainerRef, field: string, wanted: boolean): { path: NodePath; at?: 'key' } | undefined {
  const value = containerSecurityContext(container)?.[field];
  if (value === wanted) return undefined;
  if (isSet(value)) return { path: [...container.path, 'securityContext', field] };
  return lackingLocation(container, ['securityContext']);
}
