import type { KubeObject, PlainMap } from '../yaml/model';
import type { NodePath } from '../types';

/** Reads a value at a path of plain JS data; undefined when any step is missing. */
export function getPath(value: unknown, path: NodePath): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export function asMap(value: unknown): PlainMap | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as PlainMap) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** String-valued entries of a map (labels, selectors); other values are dropped. */
export function stringMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asMap(value) ?? {})) {
    if (typeof entry === 'string' || typeof entry === 'number' || typeof entry === 'boolean') result[key] = String(entry);
  }
  return result;
}

const POD_TEMPLATE_PATHS: Record<string, NodePath> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Rollout: ['spec', 'template'],
  DeploymentConfig: ['spec', 'template'],
};

const CORE_WORKLOAD_GROUPS: Record<string, string> = {
  Pod: '',
  ReplicationController: '',
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  ReplicaSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  Rollout: 'argoproj.io',
  DeploymentConfig: 'apps.openshift.io',
};

/** The kinds whose objects carry a pod spec (isWorkload also checks the group). */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

/** Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Argo Rollout, OpenShift DeploymentConfig. */
export function isWorkload(object: KubeObject): boolean {
  const group = CORE_WORKLOAD_GROUPS[object.kind];
  if (group === undefined) return false;
  // Old groups (extensions/v1beta1 Deployment) are still workloads for linting.
  return object.group === group || (group === 'apps' && object.group === 'extensions');
}

/** Workloads that keep pods running: everything but Pod, Job and CronJob. */
export function isLongRunning(object: KubeObject): boolean {
  return isWorkload(object) && !['Pod', 'Job', 'CronJob'].includes(object.kind);
}

/** Deployment, StatefulSet, ReplicaSet, Rollout or DeploymentConfig: a workload with `spec.replicas`. */
export function isReplicated(object: KubeObject): boolean {
  return isWorkload(object) && ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout', 'DeploymentConfig'].includes(object.kind);
}

/**
 * Deployment, StatefulSet, Argo Rollout or OpenShift DeploymentConfig with a pod template: the workloads
 * whose replica count is a service's capacity (a ReplicaSet is usually owned by one of them, and a
 * Rollout with a workloadRef is judged through the Deployment it names).
 */
export function isScaledService(object: KubeObject): boolean {
  return isReplicated(object) && object.kind !== 'ReplicaSet' && podSpec(object) !== undefined;
}

/** Path of the pod template (the Pod itself for a Pod). */
export function podTemplatePath(object: KubeObject): NodePath | undefined {
  return isWorkload(object) ? POD_TEMPLATE_PATHS[object.kind] : undefined;
}

export function podSpecPath(object: KubeObject): NodePath | undefined {
  const template = podTemplatePath(object);
  return template && [...template, 'spec'];
}

export function podSpec(object: KubeObject): PlainMap | undefined {
  const path = podSpecPath(object);
  return path && asMap(getPath(object.value, path));
}

/** Labels of the pod template (of the Pod itself for a Pod). */
export function podLabels(object: KubeObject): Record<string, string> {
  const template = podTemplatePath(object);
  return template ? stringMap(getPath(object.value, [...template, 'metadata', 'labels'])) : {};
}

/** Declared replicas; unset counts as 1, a non-number (templated) as undefined. */
export function replicas(object: KubeObject): number | undefined {
  const value = getPath(object.value, ['spec', 'replicas']);
  if (value === undefined || value === null) return 1;
  return typeof value === 'number' ? value : undefined;
}

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  kind: ContainerKind;
  /** Path of the container map inside the object. */
  path: NodePath;
  value: PlainMap;
  name: string;
}

const ALL_CONTAINER_KINDS: readonly ContainerKind[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Containers of a workload's pod spec; by default app, init and ephemeral containers. */
export function containers(object: KubeObject, kinds: readonly ContainerKind[] = ALL_CONTAINER_KINDS): ContainerRef[] {
  const specPath = podSpecPath(object);
  const spec = podSpec(object);
  if (!specPath || !spec) return [];
  const result: ContainerRef[] = [];
  for (const kind of kinds) {
    asArray(spec[kind]).forEach((value, i) => {
      const map = asMap(value);
      if (map) result.push({ kind, path: [...specPath, kind, i], value: map, name: typeof map.name === 'string' ? map.name : `#${i + 1}` });
    });
  }
  return result;
}

export interface ResourcedContainer extends ContainerRef {
  requests: Record<string, unknown>;
  limits: Record<string, unknown>;
}

/** The containers that can carry resources (ephemeral ones cannot), with their requests and limits (empty when unset). */
export function resourcedContainers(object: KubeObject): ResourcedContainer[] {
  return containers(object, ['containers', 'initContainers']).map((container) => ({
    ...container,
    requests: asMap(getPath(container.value, ['resources', 'requests'])) ?? {},
    limits: asMap(getPath(container.value, ['resources', 'limits'])) ?? {},
  }));
}

/** Init containers with restartPolicy Always are sidecars and live as long as the pod. */
export function isSidecar(container: ContainerRef): boolean {
  return container.kind === 'initContainers' && container.value.restartPolicy === 'Always';
}

/** `Deployment "web"` (the kind alone when unnamed), for messages. */
export function describeObject(object: KubeObject): string {
  const name = object.name ? ` "${object.name}"` : '';
  return `${object.kind}${name}`;
}

/** Whether a label selector (matchLabels + matchExpressions) matches a label set. */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const map = asMap(selector);
  if (!map) return false;
  const hasStructure = 'matchLabels' in map || 'matchExpressions' in map;
  const matchLabels = stringMap(hasStructure ? map.matchLabels : map);
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  if (!hasStructure) return true;
  for (const expression of asArray(map.matchExpressions)) {
    const entry = asMap(expression);
    if (!entry || typeof entry.key !== 'string') return false;
    const values = asArray(entry.values).map(String);
    const present = entry.key in labels;
    switch (entry.operator) {
      case 'In':
        if (!present || !values.includes(labels[entry.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[entry.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A value a manifest actually sets: `key:` with nothing (null) or an empty string counts as unset. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Where to flag something a container lacks under a chain of maps (`resources.limits`): the key of
 * the deepest of those maps that exists, else the container's name.
 */
export function lackingLocation(container: ContainerRef, mapPath: NodePath): { path: NodePath; at?: 'key' } {
  for (let depth = mapPath.length; depth > 0; depth--) {
    if (asMap(getPath(container.value, mapPath.slice(0, depth)))) return { path: [...container.path, ...mapPath.slice(0, depth)], at: 'key' };
  }
  return { path: [...container.path, 'name'] };
}

/** Whether every step of a path is a map or absent/null, so a fix may create what is missing without replacing a value. */
export function canCreatePath(value: unknown, path: NodePath): boolean {
  let current = value;
  for (const segment of path) {
    if (current === undefined || current === null) return true;
    const map = asMap(current);
    if (!map) return false;
    current = map[segment];
  }
  return current === undefined || current === null || asMap(current) !== undefined;
}
