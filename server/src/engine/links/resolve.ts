// Links between the objects of the workspace: from a reference (a name, a selector, a named port) to
// the node it points at, and the reverse. Navigation (definition, references, rename, code lens) and
// the resource map read them; they never throw on odd values (anything not a reference is skipped).
import { asArray, asMap, containers, getPath, podTemplatePath, stringMap } from '../kube/objects';
import type { NodePath } from '../types';
import type { WorkspaceIndex } from '../workspace/workspace';
import type { KubeObject } from '../yaml/model';
import { isEmptySelector, workloadsNear, workloadsSelectedBy } from '../../rules/support/crossref';
import { namedProbePorts, nameReferences, type NameReference, type Relation } from './references';

/** One object pointing at (a node of) another. Paths are relative to their objects. */
export interface Link {
  relation: Relation;
  from: KubeObject;
  /** The reference: a name scalar, a selector map, a port. */
  fromPath: NodePath;
  to: KubeObject;
  /** What it points at: the name, a data key, a port entry, the pod template's labels. */
  toPath: NodePath;
  /** The reference is the target's `metadata.name`: renaming the target rewrites it. */
  namesTarget: boolean;
}

export const NAME_PATH: NodePath = ['metadata', 'name'];

/** Kinds whose selector picks pods, and where the selector is. */
const POD_SELECTORS: Record<string, NodePath> = {
  Service: ['spec', 'selector'],
  PodDisruptionBudget: ['spec', 'selector'],
  NetworkPolicy: ['spec', 'podSelector'],
  PodMonitor: ['spec', 'selector'],
};

function targetsOf(index: WorkspaceIndex, near: KubeObject, reference: NameReference): KubeObject[] {
  if (reference.clusterScoped) return index.named(reference.kind, reference.name);
  if (reference.namespace === undefined) return index.find(reference.kind, reference.name, near);
  const namespace = reference.namespace;
  return index.named(reference.kind, reference.name).filter((object) => index.namespacesOf(object).includes(namespace));
}

/** Where a reference's part lives in the object it names: a data key, a Service port. */
function partPath(target: KubeObject, reference: NameReference): NodePath | undefined {
  const value = reference.part?.value;
  if (value === undefined) return undefined;
  if (reference.kind === 'ConfigMap' || reference.kind === 'Secret') {
    const sections = reference.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
    const section = sections.find((candidate) => asMap(getPath(target.value, [candidate]))?.[String(value)] !== undefined);
    return section ? [section, String(value)] : undefined;
  }
  if (reference.kind === 'Service') {
    const ports = asArray(getPath(target.value, ['spec', 'ports']));
    const index = ports.findIndex((port) => (typeof value === 'number' ? asMap(port)?.port === value : asMap(port)?.name === value));
    return index === -1 ? undefined : ['spec', 'ports', index];
  }
  return undefined;
}

function nameLinks(index: WorkspaceIndex, object: KubeObject): Link[] {
  return nameReferences(object).flatMap((reference) =>
    targetsOf(index, object, reference).flatMap((to) => {
      const links: Link[] = [{ relation: reference.relation, from: object, fromPath: reference.path, to, toPath: NAME_PATH, namesTarget: true }];
      const toPart = partPath(to, reference);
      if (reference.part && toPart) links.push({ relation: reference.relation, from: object, fromPath: reference.part.path, to, toPath: toPart, namesTarget: false });
      return links;
    }),
  );
}

function podLabelsPath(workload: KubeObject): NodePath {
  return [...(podTemplatePath(workload) ?? []), 'metadata', 'labels'];
}

/** The workloads a pod selector picks (an empty NetworkPolicy podSelector picks every pod of the namespace). */
function selectedWorkloads(index: WorkspaceIndex, object: KubeObject, selector: unknown): KubeObject[] {
  if (object.kind === 'NetworkPolicy' && isEmptySelector(selector)) return workloadsNear(index, object);
  return asMap(selector) ? workloadsSelectedBy(index, selector, object) : [];
}

/** A ServiceMonitor selects Services by their labels (in its own namespace; namespaceSelector is not followed). */
function serviceMonitorLinks(index: WorkspaceIndex, object: KubeObject): Link[] {
  const selector = getPath(object.value, ['spec', 'selector']);
  const wanted = stringMap(asMap(selector)?.matchLabels);
  if (Object.keys(wanted).length === 0) return [];
  return index
    .inNamespaceOf(object, ['Service'])
    .filter((service) => Object.entries(wanted).every(([key, value]) => stringMap(getPath(service.value, ['metadata', 'labels']))[key] === value))
    .map((to) => ({ relation: 'selects', from: object, fromPath: ['spec', 'selector'], to, toPath: ['metadata', 'labels'], namesTarget: false }));
}

/** A Service's named `targetPort`s -> the container ports of that name in the workloads it selects. */
function targetPortLinks(service: KubeObject, workloads: KubeObject[]): Link[] {
  return asArray(getPath(service.value, ['spec', 'ports'])).flatMap((port, i) => {
    const name = asMap(port)?.targetPort;
    if (typeof name !== 'string' || name === '') return [];
    return workloads.flatMap((to) => containerPortsNamed(to, name).map((toPath) => ({ relation: 'port' as const, from: service, fromPath: ['spec', 'ports', i, 'targetPort'], to, toPath, namesTarget: false })));
  });
}

function containerPortsNamed(workload: KubeObject, name: string, containerPath?: NodePath): NodePath[] {
  return containers(workload)
    .filter((container) => !containerPath || container.path.join('/') === containerPath.join('/'))
    .flatMap((container) => asArray(container.value.ports).flatMap((port, k) => (asMap(port)?.name === name ? [[...container.path, 'ports', k, 'name']] : [])));
}

function selectorLinks(index: WorkspaceIndex, object: KubeObject): Link[] {
  if (object.kind === 'ServiceMonitor') return serviceMonitorLinks(index, object);
  const selectorPath = POD_SELECTORS[object.kind];
  if (!selectorPath) return [];
  const workloads = selectedWorkloads(index, object, getPath(object.value, selectorPath));
  const links: Link[] = workloads.map((to) => ({ relation: 'selects', from: object, fromPath: selectorPath, to, toPath: podLabelsPath(to), namesTarget: false }));
  return object.kind === 'Service' ? [...links, ...targetPortLinks(object, workloads)] : links;
}

function probePortLinks(object: KubeObject): Link[] {
  return namedProbePorts(object).flatMap((probe) =>
    containerPortsNamed(object, probe.name, probe.containerPath).map((toPath) => ({ relation: 'port' as const, from: object, fromPath: probe.path, to: object, toPath, namesTarget: false })),
  );
}

/** Every link from `object` to objects of the index (itself included, for probe ports). */
export function linksFrom(index: WorkspaceIndex, object: KubeObject): Link[] {
  if (index.isPatch(object)) return [];
  return [...nameLinks(index, object), ...selectorLinks(index, object), ...probePortLinks(object)];
}

/** Every link of the workspace, computed once per index change. */
function allLinks(index: WorkspaceIndex): Link[] {
  return index.untracked(() => index.derive('links:all', () => [...index.objects()].flatMap((object) => linksFrom(index, object))));
}

/** Links pointing at `object` (find references, code lens, rename). */
export function linksTo(index: WorkspaceIndex, object: KubeObject): Link[] {
  return allLinks(index).filter((link) => link.to === object);
}

function startsWith(path: NodePath, prefix: NodePath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/** Links from the reference at `path` of `object` (a path inside a selector counts as the selector). */
export function linksAt(index: WorkspaceIndex, object: KubeObject, path: NodePath): Link[] {
  return linksFrom(index, object).filter((link) => startsWith(path, link.fromPath));
}

/** Links whose target node holds `path` of `object`: a cursor on a data key, a port, the name. */
export function linksInto(index: WorkspaceIndex, object: KubeObject, path: NodePath): Link[] {
  return linksTo(index, object).filter((link) => startsWith(path, link.toPath));
}
