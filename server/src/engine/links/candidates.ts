// What a reference being typed can name, from the workspace: `configMapRef.name` -> the ConfigMaps
// near the object, `key:` -> that ConfigMap's keys, `scaleTargetRef.name` -> workloads, an Ingress
// backend -> Services and their ports, a selector -> the labels of pod templates. The slot is read from the keys around the cursor (the
// document may not parse while it is typed).
import { asArray, asMap, getPath, isWorkload, podLabels } from '../kube/objects';
import { namespacesIntersect, type WorkspaceIndex } from '../workspace/workspace';
import type { KubeObject } from '../yaml/model';
import { uniqueBy } from '../unique';

/** What the value at the cursor names. */
export type NameSlot =
  | { of: 'object'; kinds: readonly string[] }
  | { of: 'key'; kind: 'ConfigMap' | 'Secret'; name: string }
  | { of: 'port'; service: string; by: 'number' | 'name' };

export interface NameCandidate {
  label: string;
  /** `ConfigMap in shop · config.yaml` */
  detail: string;
  /** The value's first characters for a key; the port's target for a port. */
  documentation?: string;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout'];

/** A sibling key's value in the map being typed in (`name:` beside `key:`). */
export type SiblingValue = (key: string) => string | undefined;

/**
 * The slot of `key:` under `parents` (outermost first), or undefined where no name is expected.
 * `sibling` reads the map the cursor is in; `parentSibling` the map of its parent key.
 */
export function nameSlot(parents: readonly string[], key: string, sibling: SiblingValue, parentSibling: SiblingValue): NameSlot | undefined {
  const parent = parents[parents.length - 1];
  if (key === 'serviceAccountName' || (key === 'name' && parent === 'subjects' && sibling('kind') === 'ServiceAccount')) return { of: 'object', kinds: ['ServiceAccount'] };
  if (key === 'name' && ['configMapRef', 'configMapKeyRef', 'configMap'].includes(parent)) return { of: 'object', kinds: ['ConfigMap'] };
  if ((key === 'name' && ['secretRef', 'secretKeyRef'].includes(parent)) || (key === 'secretName' && parent === 'secret') || (key === 'name' && parent === 'secret')) {
    return { of: 'object', kinds: ['Secret'] };
  }
  if (key === 'key' && (parent === 'configMapKeyRef' || parent === 'secretKeyRef')) {
    const name = sibling('name');
    return name ? { of: 'key', kind: parent === 'configMapKeyRef' ? 'ConfigMap' : 'Secret', name } : undefined;
  }
  if (key === 'name' && (parent === 'scaleTargetRef' || parent === 'targetRef')) {
    const kind = sibling('kind');
    return { of: 'object', kinds: kind ? [kind] : WORKLOAD_KINDS };
  }
  if (key === 'name' && (parent === 'service' || parent === 'backendRefs')) return { of: 'object', kinds: ['Service'] };
  if (key === 'serviceName' && parent === 'backend') return { of: 'object', kinds: ['Service'] };
  if ((key === 'number' || key === 'name') && parent === 'port' && parents[parents.length - 2] === 'service') {
    const service = parentSibling('name');
    return service ? { of: 'port', service, by: key } : undefined;
  }
  if (key === 'name' && parent === 'roleRef') {
    const kind = sibling('kind');
    return { of: 'object', kinds: kind === 'ClusterRole' || kind === 'Role' ? [kind] : ['Role', 'ClusterRole'] };
  }
  return undefined;
}

function where(index: WorkspaceIndex, object: KubeObject): string {
  const namespaces = index.namespacesOf(object).filter((namespace) => namespace !== '*');
  const file = object.file.path.split(/[\\/]/).pop();
  return `${object.kind}${namespaces.length > 0 ? ` in ${namespaces.join(', ')}` : ''} · ${file}`;
}

/** Objects of the kinds visible from `near` (its namespaces; cluster-scoped kinds everywhere). */
function objectsFor(index: WorkspaceIndex, near: KubeObject | undefined, kinds: readonly string[]): KubeObject[] {
  const namespaces = near ? index.namespacesOf(near) : undefined;
  return kinds.flatMap((kind) => index.ofKind(kind)).filter((object) => {
    if (!object.name || object.file.isHelmTemplate) return false;
    const own = index.namespacesOf(object);
    return !namespaces || own.length === 0 || namespacesIntersect(namespaces, own);
  });
}

function keysOf(object: KubeObject): [string, unknown][] {
  const sections = object.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
  return sections.flatMap((section) => Object.entries(asMap(getPath(object.value, [section])) ?? {}));
}

const byLabel = (candidate: NameCandidate) => candidate.label;

/** The workspace's answers for a slot, near `near` (the object being edited). */
export function nameCandidates(index: WorkspaceIndex, near: KubeObject | undefined, slot: NameSlot): NameCandidate[] {
  if (slot.of === 'object') {
    const objects = objectsFor(index, near, slot.kinds).filter((object) => !slot.kinds.every((kind) => WORKLOAD_KINDS.includes(kind)) || isWorkload(object));
    return uniqueBy(objects.map((object) => ({ label: object.name!, detail: where(index, object) })), byLabel);
  }
  if (slot.of === 'key') {
    const holders = objectsFor(index, near, [slot.kind]).filter((object) => object.name === slot.name);
    return uniqueBy(
      holders.flatMap((object) =>
        keysOf(object).map(([key, value]) => ({
          label: key,
          detail: `key of ${where(index, object)}`,
          // A Secret's values stay out of the editor's completion details.
          documentation: slot.kind === 'ConfigMap' && typeof value === 'string' ? value.slice(0, 200) : undefined,
        })),
      ),
      byLabel,
    );
  }
  const services = objectsFor(index, near, ['Service']).filter((object) => object.name === slot.service);
  return uniqueBy(
    services.flatMap((service) =>
      asArray(getPath(service.value, ['spec', 'ports'])).flatMap((port) => {
        const map = asMap(port);
        const value = slot.by === 'number' ? map?.port : map?.name;
        if (value === undefined || value === null || value === '') return [];
        const target = map?.targetPort !== undefined ? ` -> ${String(map.targetPort)}` : '';
        return [{ label: String(value), detail: `port of ${where(index, service)}`, documentation: `${String(map?.name ?? '')} ${String(map?.port ?? '')}${target}`.trim() }];
      }),
    ),
    byLabel,
  );
}

/** Selectors that pick pods by label; `namespaceSelector` picks namespaces and is left out. */
const POD_SELECTORS = ['selector', 'podSelector', 'labelSelector'];

/**
 * Whether the map being typed holds a pod selector's labels: a Service's (or ReplicationController's)
 * `spec.selector`, or the `matchLabels` of a pod selector (Deployment, PDB, NetworkPolicy, affinity).
 */
export function isPodLabelSelector(parents: readonly string[], kind: string | undefined): boolean {
  const parent = parents[parents.length - 1];
  if (parent === 'matchLabels') return POD_SELECTORS.includes(parents[parents.length - 2]);
  return parent === 'selector' && parents.length === 2 && parents[0] === 'spec' && (kind === 'Service' || kind === 'ReplicationController');
}

/**
 * Labels of the pod templates visible from `near`: `key: value` pairs to type a selector entry, or with
 * `key`, the values pods carry for that key.
 */
export function labelCandidates(index: WorkspaceIndex, near: KubeObject | undefined, key?: string): NameCandidate[] {
  const workloads = objectsFor(index, near, WORKLOAD_KINDS.concat('Pod')).filter(isWorkload);
  const candidates = workloads.flatMap((workload) =>
    Object.entries(podLabels(workload))
      .filter(([label]) => key === undefined || label === key)
      .map(([label, value]) => ({ label: key === undefined ? `${label}: ${value}` : value, detail: `pod label of ${workload.name} · ${where(index, workload)}` })),
  );
  return uniqueBy(candidates, byLabel);
}
