// Lookups across objects shared by the workspace rules: who selects whom, who scales whom, which
// namespaces the workspace uses. Every function reads plain values defensively and never throws.
import { asArray, asMap, describeObject, getPath, isWorkload, podLabels, podTemplatePath, replicas, selectorMatches, stringMap, WORKLOAD_KINDS } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import type { RelatedObject } from '../../engine/lint/rule';
import { isNamespaced } from '../../engine/workspace/scope';
import type { NodePath } from '../../engine/types';
import { nameMatcher, namespacesIntersect, type IndexQueries } from '../../engine/workspace/workspace';

/** Workloads (not Helm templates, not patches) in the namespace of `near`. */
export function workloadsNear(index: IndexQueries, near: KubeObject): KubeObject[] {
  return index.inNamespaceOf(near, WORKLOAD_KINDS).filter((object) => isWorkload(object) && !object.file.isHelmTemplate);
}

/** Workloads near `near` whose pod labels a label selector (`matchLabels`/`matchExpressions` or a plain map) matches. */
export function workloadsSelectedBy(index: IndexQueries, selector: unknown, near: KubeObject): KubeObject[] {
  const required = requiredLabels(selector);
  // A pair every match must carry narrows the search to the workloads whose pods carry it (else: every workload near).
  const pair = required.find(([key]) => !CONTROLLER_LABEL_KEYS.has(key));
  const candidates = pair ? workloadsWithPodLabel(index, near, pair[0], pair[1]) : workloadsNear(index, near);
  return candidates.filter((workload) => {
    const labels = cachedPodLabels(workload);
    // Cheap rejection first: every Service is checked against every workload of its namespace.
    if (required.some(([key, value]) => labels[key] !== value && !CONTROLLER_LABEL_KEYS.has(key))) return false;
    return Object.keys(labels).length > 0 && selectorMatches(selector, { ...labels, ...controllerLabels(workload, selector) });
  });
}

/** Labels a controller may add to its pods (see controllerLabels): a template need not carry them. */
const CONTROLLER_LABEL_KEYS = new Set([
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'job-name',
  'batch.kubernetes.io/job-name',
  'pod-template-hash',
  'controller-revision-hash',
  'rollouts-pod-template-hash',
]);

/** The key=value pairs a selector demands (matchLabels, or a plain map). */
function requiredLabels(selector: unknown): [string, string][] {
  const map = asMap(selector);
  if (!map) return [];
  return Object.entries(stringMap('matchLabels' in map || 'matchExpressions' in map ? map.matchLabels : map));
}

/** Workloads near `near` (as workloadsNear, same order) whose pod labels hold `key: value`. */
function workloadsWithPodLabel(index: IndexQueries, near: KubeObject, key: string, value: string): KubeObject[] {
  const namespaces = index.namespacesOf(near);
  index.dependsOn(WORKLOAD_KINDS, (workload) => hasLabel(cachedPodLabels(workload), key, value) && namespacesIntersect(namespaces, index.namespacesOf(workload)));
  const byLabel = index.untracked(() => index.derive('crossref:workloads-by-pod-label', () => {
    const map = new Map<string, KubeObject[]>();
    for (const kind of WORKLOAD_KINDS) {
      for (const workload of index.ofKind(kind)) {
        if (!isWorkload(workload) || workload.file.isHelmTemplate) continue;
        for (const [labelKey, labelValue] of Object.entries(cachedPodLabels(workload))) pushTo(map, `${labelKey}\0${labelValue}`, workload);
      }
    }
    return map;
  }));
  return (byLabel.get(`${key}\0${value}`) ?? []).filter((workload) => namespacesIntersect(namespaces, index.namespacesOf(workload)));
}

function hasLabel(labels: Record<string, string>, key: string, value: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key) && labels[key] === value;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const podLabelsCache = new WeakMap<object, Record<string, string>>();

/** Pod labels of an object, read once per value (values are never mutated; a re-parse keeps untouched ones). */
function cachedPodLabels(workload: KubeObject): Record<string, string> {
  let labels = podLabelsCache.get(workload.value);
  if (!labels) podLabelsCache.set(workload.value, (labels = podLabels(workload)));
  return labels;
}

/**
 * Labels a controller adds to the pods it creates that a selector asks for:
 * a StatefulSet's `statefulset.kubernetes.io/pod-name: <name>-N` (per-pod
 * Services), a Job's `job-name`, template hashes. They are not in the template.
 */
function controllerLabels(workload: KubeObject, selector: unknown): Record<string, string> {
  const map = asMap(selector);
  if (!map) return {};
  const wanted = stringMap('matchLabels' in map || 'matchExpressions' in map ? map.matchLabels : map);
  const name = workload.name ?? '';
  const ordinalOfName = (value: string) => value.startsWith(`${name}-`) && /^\d+$/.test(value.slice(name.length + 1));
  const added: Record<string, string> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const matches =
      (workload.kind === 'StatefulSet' && key === 'statefulset.kubernetes.io/pod-name' && ordinalOfName(value)) ||
      (workload.kind === 'StatefulSet' && key === 'apps.kubernetes.io/pod-index' && /^\d+$/.test(value)) ||
      ((workload.kind === 'Job' || workload.kind === 'CronJob') && (key === 'job-name' || key === 'batch.kubernetes.io/job-name') && value.startsWith(name)) ||
      ['pod-template-hash', 'controller-revision-hash', 'rollouts-pod-template-hash'].includes(key);
    if (matches) added[key] = value;
  }
  return added;
}

/** A selector that selects every pod: `{}` (policy/v1 PDB, NetworkPolicy podSelector). */
export function isEmptySelector(selector: unknown): boolean {
  const map = asMap(selector);
  if (!map) return false;
  return Object.keys(stringMap(map.matchLabels)).length === 0 && asArray(map.matchExpressions).length === 0 && Object.keys(map).every((key) => key === 'matchLabels' || key === 'matchExpressions');
}

/**
 * Why a selector-based lookup near `near` cannot be trusted to find nothing:
 * templated Helm workloads or an open Kustomize build. Undefined when it can.
 */
export function selectionUnknowable(index: IndexQueries, near: KubeObject): string | undefined {
  if (index.hasTemplatedWorkloads(near)) return 'Helm templates in the workspace may render matching pods';
  return index.openReason(near);
}

/** Services near the workload whose (non-empty) selector matches its pods. */
export function servicesSelecting(index: IndexQueries, workload: KubeObject): KubeObject[] {
  const labels = podLabels(workload);
  return index.inNamespaceOf(workload, ['Service']).filter((service) => {
    const selector = stringMap(getPath(service.value, ['spec', 'selector']));
    return Object.keys(selector).length > 0 && selectorMatches(selector, labels);
  });
}

/** A DaemonSet that no Service of the workspace selects: node agents that take no Service traffic. */
export function isUnservedDaemonSet(index: IndexQueries, workload: KubeObject): boolean {
  return workload.kind === 'DaemonSet' && servicesSelecting(index, workload).length === 0;
}

/** HorizontalPodAutoscalers and KEDA ScaledObjects whose scaleTargetRef names the workload. */
export function autoscalersOf(index: IndexQueries, workload: KubeObject): KubeObject[] {
  if (!workload.name) return [];
  const namespaces = index.namespacesOf(workload);
  const targets = targetsWorkload(workload);
  // No closure of this function may use `workload`: they would share its scope with the read, which
  // outlives this check, and keep the workload (and its file's whole text) alive.
  index.dependsOn(AUTOSCALER_KINDS, (scaler) => targets(scaler) && namespacesIntersect(namespaces, index.namespacesOf(scaler)));
  return autoscalersTargeting(index, workload, targets).filter((scaler) => namespacesIntersect(namespaces, index.namespacesOf(scaler)));
}

/** Whether an autoscaler's scaleTargetRef names the workload; keeps its kind and name only. */
function targetsWorkload(workload: KubeObject): (scaler: KubeObject) => boolean {
  const kind = workload.kind;
  const named = nameMatcher(workload);
  return (scaler) => {
    const target = scaleTarget(scaler);
    return target !== undefined && target.kind === kind && named(target.name);
  };
}

const AUTOSCALER_KINDS = ['HorizontalPodAutoscaler', 'ScaledObject'];

/** Autoscalers anywhere whose target is `workload` (`targets`), in ofKind order. */
function autoscalersTargeting(index: IndexQueries, workload: KubeObject, targets: (scaler: KubeObject) => boolean): KubeObject[] {
  return index.untracked(() => scanOrLookUpAutoscalers(index, workload, targets));
}

function scanOrLookUpAutoscalers(index: IndexQueries, workload: KubeObject, targets: (scaler: KubeObject) => boolean): KubeObject[] {
  // Target kind -> target name -> autoscalers, in the order of the scan below.
  const byTarget = index.derive('crossref:autoscalers-by-target', () => {
    const map = new Map<string, Map<string, KubeObject[]>>();
    for (const scaler of AUTOSCALER_KINDS.flatMap((kind) => index.ofKind(kind))) {
      const target = scaleTarget(scaler);
      if (!target) continue;
      let names = map.get(target.kind);
      if (!names) map.set(target.kind, (names = new Map()));
      pushTo(names, target.name, scaler);
    }
    return map;
  });
  // A templated Helm name could match many target names: only a scan tells.
  const templated = workload.file.isHelmTemplate && workload.name?.includes('_');
  if (templated) return AUTOSCALER_KINDS.flatMap((kind) => index.ofKind(kind)).filter(targets);
  return byTarget.get(workload.kind)?.get(workload.name ?? '') ?? [];
}

/** The kind and name an autoscaler's scaleTargetRef names (KEDA defaults the kind to Deployment). */
function scaleTarget(scaler: KubeObject): { kind: string; name: string } | undefined {
  const target = asMap(getPath(scaler.value, ['spec', 'scaleTargetRef']));
  if (!target || typeof target.name !== 'string') return undefined;
  const kind = typeof target.kind === 'string' ? target.kind : scaler.kind === 'ScaledObject' ? 'Deployment' : undefined;
  return kind === undefined ? undefined : { kind, name: target.name };
}

/** The fewest pods a service may run at a tier: two from tier 2, three from tier 3 (a zone can fail and still leave two). */
export function tierReplicaFloor(tier: number): number {
  return tier >= 3 ? 3 : 2;
}

/** Pod count a workload runs at its lowest: an autoscaler's minReplicas (default 1), else spec.replicas. */
export function lowestReplicas(index: IndexQueries, workload: KubeObject): number | undefined {
  const scalers = autoscalersOf(index, workload);
  if (scalers.length > 0) {
    const mins = scalers.map((scaler) => {
      const min = getPath(scaler.value, ['spec', scaler.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas']);
      return typeof min === 'number' ? min : scaler.kind === 'ScaledObject' ? 0 : 1;
    });
    return Math.min(...mins);
  }
  return replicas(workload);
}

/** Pod count a workload can reach: an autoscaler's maxReplicas, else spec.replicas. */
export function highestReplicas(index: IndexQueries, workload: KubeObject): number | undefined {
  const scalers = autoscalersOf(index, workload);
  const maxes = scalers.map((scaler) => getPath(scaler.value, ['spec', scaler.kind === 'ScaledObject' ? 'maxReplicaCount' : 'maxReplicas']));
  const numeric = maxes.filter((max): max is number => typeof max === 'number');
  return numeric.length > 0 ? Math.max(...numeric) : replicas(workload);
}

/** PodDisruptionBudgets near the workload whose selector matches its pods. */
export function pdbsOf(index: IndexQueries, workload: KubeObject): KubeObject[] {
  const labels = podLabels(workload);
  const namespaces = index.namespacesOf(workload);
  const selects = (pdb: KubeObject) => {
    const selector = getPath(pdb.value, ['spec', 'selector']);
    return isEmptySelector(selector) || selectorMatches(selector, labels);
  };
  index.dependsOn(['PodDisruptionBudget'], (pdb) => selects(pdb) && namespacesIntersect(namespaces, index.namespacesOf(pdb)));
  // Budgets by one label pair their selector demands (a pod must carry it to match); the others are always checked.
  const budgets = index.untracked(() => index.derive('crossref:pdbs-by-label', () => {
    const byPair = new Map<string, { pdb: KubeObject; order: number }[]>();
    const unkeyed: { pdb: KubeObject; order: number }[] = [];
    index.ofKind('PodDisruptionBudget').forEach((pdb, order) => {
      const first = requiredLabels(getPath(pdb.value, ['spec', 'selector']))[0];
      if (first) pushTo(byPair, `${first[0]}\0${first[1]}`, { pdb, order });
      else unkeyed.push({ pdb, order });
    });
    return { byPair, unkeyed };
  }));
  const candidates = [...budgets.unkeyed];
  for (const [key, value] of Object.entries(labels)) candidates.push(...(budgets.byPair.get(`${key}\0${value}`) ?? []));
  return [...new Set(candidates.sort((a, b) => a.order - b.order).map((entry) => entry.pdb))].filter(
    (pdb) => namespacesIntersect(namespaces, index.namespacesOf(pdb)) && selects(pdb),
  );
}

/**
 * The selector to copy into a new PDB/HPA/constraint: the workload's matchLabels when its
 * pods carry them, else the pod labels (a selector the pods lack is selector-mismatch's
 * finding, and a budget copied from it would select nothing).
 */
export function workloadMatchLabels(workload: KubeObject): Record<string, string> {
  const matchLabels = stringMap(getPath(workload.value, ['spec', 'selector', 'matchLabels']));
  const labels = podLabels(workload);
  const podsCarryThem = Object.entries(matchLabels).every(([key, value]) => labels[key] === value);
  return Object.keys(matchLabels).length > 0 && podsCarryThem ? matchLabels : labels;
}

/** A policy type a NetworkPolicy applies: listed in policyTypes, or implied (Ingress always, Egress when rules exist). */
export function policyApplies(policy: KubeObject, type: 'Ingress' | 'Egress'): boolean {
  const types = asArray(getPath(policy.value, ['spec', 'policyTypes']));
  if (types.length > 0) return types.includes(type);
  return type === 'Ingress' || getPath(policy.value, ['spec', 'egress']) !== undefined;
}

/** A NetworkPolicy that selects every pod and allows nothing of that direction. */
export function deniesAll(policy: KubeObject, type: 'Ingress' | 'Egress'): boolean {
  if (!isEmptySelector(getPath(policy.value, ['spec', 'podSelector']))) return false;
  if (!policyApplies(policy, type)) return false;
  return asArray(getPath(policy.value, ['spec', type === 'Ingress' ? 'ingress' : 'egress'])).length === 0;
}

/** Whether a NetworkPolicy egress rule lets DNS (port 53) out: no ports means every port. */
export function allowsDns(policy: KubeObject): boolean {
  if (!policyApplies(policy, 'Egress')) return false;
  return asArray(getPath(policy.value, ['spec', 'egress'])).some((rule) => {
    const ports = asMap(rule)?.ports;
    if (ports === undefined) return true;
    return asArray(ports).some((port) => {
      const value = asMap(port)?.port;
      return value === undefined || value === 53 || value === '53' || value === 'dns' || value === 'dns-udp' || value === 'dns-tcp';
    });
  });
}

/** A namespace the workspace declares or deploys into, and the object a finding about it goes on. */
export interface NamespaceSubject {
  namespace: string;
  /** The Namespace object, or the first object (by file, then position) deployed into it. */
  anchor: KubeObject;
  path: NodePath;
}

/**
 * The namespace findings of `object`: for a Namespace, its own; for another
 * object, the namespaces it is the first to use that no Namespace declares.
 * System namespaces (default, kube-*) are left out unless declared.
 */
export function namespaceSubjects(index: IndexQueries, object: KubeObject, skip: ReadonlySet<string>): NamespaceSubject[] {
  if (object.kind === 'Namespace' && object.group === '') {
    return object.name && !skip.has(object.name) ? [{ namespace: object.name, anchor: object, path: ['metadata', 'name'] }] : [];
  }
  if (!isNamespaced(object) || index.isPatch(object) || object.file.isHelmTemplate) return [];
  const subjects: NamespaceSubject[] = [];
  for (const namespace of index.namespacesOf(object)) {
    if (skip.has(namespace) || namespace === '*') continue;
    if (declaredNamespaces(index).has(namespace)) continue;
    if (!isFirstUser(index, namespace, object)) continue;
    subjects.push({ namespace, anchor: object, path: object.namespace ? ['metadata', 'namespace'] : ['metadata', 'name'] });
  }
  return subjects;
}

/** Whether `object` is the first object (by file, then position) deployed into the namespace. */
function isFirstUser(index: IndexQueries, namespace: string, object: KubeObject): boolean {
  const first = firstUsers(index).get(namespace);
  // The first user is the only one another object can displace; any other stays second unless the first goes.
  const usesNamespace = (other: KubeObject) => isNamespaced(other) && index.namespacesOf(other).includes(namespace);
  // The read outlives this check: it keeps the first user's value, not the object (and its file).
  const firstValue = first?.value;
  if (first && first !== object) index.dependsOn([first.kind], (other) => other.value === firstValue && usesNamespace(other), firstValue);
  else index.dependsOn(undefined, usesNamespace);
  return first === object;
}

/** The first object (by file, then position) deployed into each namespace. */
function firstUsers(index: IndexQueries): Map<string, KubeObject> {
  return index.untracked(() => index.derive('crossref:first-users', () => {
    const map = new Map<string, KubeObject>();
    for (const object of index.objects()) {
      if (!isNamespaced(object) || object.file.isHelmTemplate || index.isPatch(object)) continue;
      for (const used of index.namespacesOf(object)) {
        const first = map.get(used);
        if (!first || compareObjects(object, first) < 0) map.set(used, object);
      }
    }
    return map;
  }));
}

function compareObjects(a: KubeObject, b: KubeObject): number {
  if (a.file.path !== b.file.path) return a.file.path < b.file.path ? -1 : 1;
  return a.document.index - b.document.index || a.file.objects.indexOf(a) - b.file.objects.indexOf(b);
}

function declaredNamespaces(index: IndexQueries): Set<string> {
  return index.derive('crossref:declared-namespaces', () => new Set(index.ofKind('Namespace', '').map((object) => object.name ?? '')));
}

/** Objects of `kinds` whose namespaces include `namespace`. */
export function objectsInNamespace(index: IndexQueries, namespace: string, kinds: readonly string[]): KubeObject[] {
  const inNamespace = (object: KubeObject) => {
    const namespaces = index.namespacesOf(object);
    return namespaces.includes(namespace) || namespaces.includes('*');
  };
  index.dependsOn(kinds, (object) => kinds.includes(object.kind) && inNamespace(object));
  return index.untracked(() => kinds.flatMap((kind) => index.ofKind(kind))).filter(inNamespace);
}

/**
 * Workloads near `near` that a selector almost selects (their pod labels carry
 * one of its keys): the likely intended targets, shown as related information.
 */
export function nearMisses(index: IndexQueries, selector: unknown, near: KubeObject): KubeObject[] {
  const map = asMap(selector);
  if (!map) return [];
  const keys = Object.keys(stringMap('matchLabels' in map || 'matchExpressions' in map ? map.matchLabels : map));
  return workloadsNear(index, near)
    .filter((workload) => keys.some((key) => key in podLabels(workload)))
    .slice(0, 5);
}

/** Related entries for near misses: "pods of Deployment "api" carry app=api". */
export function nearMissRelated(index: IndexQueries, selector: unknown, near: KubeObject): { object: KubeObject; path: NodePath; message: string }[] {
  return nearMisses(index, selector, near).map((workload) => {
    const labels = Object.entries(podLabels(workload)).map(([key, value]) => `${key}=${value}`).join(', ');
    return { object: workload, path: [...(podTemplatePath(workload) ?? []), 'metadata', 'labels'], message: `Pods of ${describeObject(workload)} carry ${labels}` };
  });
}

/**
 * A reference that finds nothing in its namespace often means the namespace is wrong: the objects of
 * that kind and name in other namespaces, as a message note and related locations.
 */
export function foundElsewhere(index: IndexQueries, kind: string, name: string, near: KubeObject, group?: string): { note: string; related: RelatedObject[] } {
  const others = index.named(kind, name, group).filter((object) => !index.sameNamespace(object, near));
  if (others.length === 0) return { note: '', related: [] };
  const namespaces = [...new Set(others.flatMap((object) => index.namespacesOf(object)))].map((namespace) => `"${namespace}"`);
  return {
    note: ` A ${kind} "${name}" exists in namespace ${namespaces.join(', ')}: is the namespace wrong?`,
    related: others.map((object) => ({ object, path: ['metadata', 'name'], message: `${describeObject(object)}, in another namespace` })),
  };
}
