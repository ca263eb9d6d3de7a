// Builds the resource map from the workspace index: the links navigation uses (engine/links), read
// as labelled edges, plus the PersistentVolumeClaims pods mount and dashed edges to what is missing.
import { asArray, asMap, getPath, podSpecPath } from '../kube/objects';
import { linksFrom, NAME_PATH, type Link } from '../links/resolve';
import type { Range } from '../types';
import { isKustomizationPath } from '../workspace/kustomize';
import { ANY_NAMESPACE } from '../workspace/namespaces';
import type { WorkspaceIndex } from '../workspace/workspace';
import { locate } from '../yaml/locate';
import type { KubeObject } from '../yaml/model';
import { missingTargets, podReferenceLabel, type MissingTarget } from './missing';
import { podReferences } from '../workspace/references';
import type { EdgeLabel, MapEdge, MapNode, ResourceGraph } from './model';

/** Where a rendered object comes from: the template or resource it is written in, and its chart or overlay. */
export interface RenderedPlace {
  file: string;
  range: Range;
  /** "chart web (with values-prod.yaml)", "overlay prod". */
  origin: string;
}

export interface GraphSources {
  index: WorkspaceIndex;
  /** For an object a chart or overlay rendered: where it is written; undefined for objects of the files themselves. */
  renderedPlace?: (object: KubeObject) => RenderedPlace | undefined;
}

export function objectId(object: KubeObject): string {
  const inside = object.basePath.length > 0 ? `/${object.basePath.join('/')}` : '';
  return `${object.file.path}#${object.document.index}${inside}`;
}

/** The objects the map shows: not patches (partial objects), Helm templates (shown as rendered, if at all) or kustomizations. */
function mappedObjects(index: WorkspaceIndex): KubeObject[] {
  return [...index.objects()].filter((object) => !object.file.isHelmTemplate && !index.isPatch(object) && !isKustomizationPath(object.file.path));
}

function namespaceOf(index: WorkspaceIndex, object: KubeObject): string {
  return index
    .namespacesOf(object)
    .filter((namespace) => namespace !== ANY_NAMESPACE)
    .join(', ');
}

function objectNode(sources: GraphSources, object: KubeObject): MapNode {
  const place = sources.renderedPlace?.(object);
  return {
    id: objectId(object),
    kind: object.kind,
    name: object.name ?? '',
    namespace: namespaceOf(sources.index, object),
    file: place?.file ?? object.file.path,
    range: place?.range ?? locate(object, NAME_PATH),
    ...(place ? { origin: place.origin } : {}),
    findings: [],
  };
}

/** The map's word for a link; undefined for links inside one object's parts (ports). */
export function edgeLabel(link: Pick<Link, 'relation' | 'from' | 'fromPath'>): EdgeLabel | undefined {
  switch (link.relation) {
    case 'selects':
      return link.from.kind === 'PodDisruptionBudget' ? 'protects' : 'selects';
    case 'configMap':
    case 'secret':
      return podReferenceLabel(link.fromPath);
    case 'serviceAccount':
      return 'runs as';
    case 'scaleTarget':
      return 'scales';
    case 'backend':
      return 'routes to';
    case 'roleRef':
    case 'subject':
      return 'binds';
    default:
      return undefined;
  }
}

/** The PersistentVolumeClaims a pod template mounts (`volumes[].persistentVolumeClaim.claimName`), found or missing. */
function claimEdges(index: WorkspaceIndex, object: KubeObject): { to: KubeObject[]; name: string }[] {
  const specPath = podSpecPath(object);
  if (!specPath) return [];
  return asArray(getPath(object.value, [...specPath, 'volumes'])).flatMap((volume) => {
    const name = asMap(asMap(volume)?.persistentVolumeClaim)?.claimName;
    return typeof name === 'string' && name !== '' ? [{ to: index.find('PersistentVolumeClaim', name, object), name }] : [];
  });
}

/**
 * The objects that produce the Secrets and ConfigMaps a pod template names: the Secret itself, or an
 * ExternalSecret, SealedSecret or cert-manager Certificate making it (as secret-ref-missing counts them).
 */
function producerEdges(index: WorkspaceIndex, object: KubeObject): { to: KubeObject; label: EdgeLabel }[] {
  return podReferences(object).flatMap((reference) => {
    if (reference.kind === 'ServiceAccount') return [];
    const resolution = index.resolveProduced(reference.kind, reference.name, object);
    return resolution.status === 'found' ? resolution.objects.map((to) => ({ to, label: podReferenceLabel(reference.path) })) : [];
  });
}

class GraphBuilder {
  readonly nodes = new Map<string, MapNode>();
  readonly edges = new Map<string, MapEdge>();

  addEdge(from: string, to: string, label: EdgeLabel, missing = false): void {
    if (from === to) return;
    const key = `${from}\0${to}\0${label}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, label, ...(missing ? { missing: true } : {}) });
  }

  addMissing(from: MapNode, target: MissingTarget): void {
    const id = `missing:${target.kind}/${from.namespace}/${target.name}`;
    if (!this.nodes.has(id)) this.nodes.set(id, { id, kind: target.kind, name: target.name, namespace: from.namespace, missing: target.reason, findings: [] });
    this.addEdge(from.id, id, target.label, true);
  }
}

/** The resource map of the whole index: nodes sorted by namespace, kind and name; edges deduplicated. */
export function buildResourceGraph(sources: GraphSources): ResourceGraph {
  const { index } = sources;
  const objects = mappedObjects(index);
  const builder = new GraphBuilder();
  for (const object of objects) builder.nodes.set(objectId(object), objectNode(sources, object));
  for (const object of objects) {
    const from = builder.nodes.get(objectId(object))!;
    const links = index.untracked(() => linksFrom(index, object));
    const resolved = new Set<string>();
    let selects = false;
    for (const link of links) {
      const label = edgeLabel(link);
      const to = builder.nodes.get(objectId(link.to));
      if (!label || !to) continue;
      resolved.add(link.fromPath.join('/'));
      selects ||= link.relation === 'selects';
      builder.addEdge(from.id, to.id, label);
    }
    for (const produced of index.untracked(() => producerEdges(index, object))) {
      if (builder.nodes.has(objectId(produced.to))) builder.addEdge(from.id, objectId(produced.to), produced.label);
    }
    for (const claim of claimEdges(index, object)) {
      const targets = claim.to.filter((target) => builder.nodes.has(objectId(target)));
      for (const target of targets) builder.addEdge(from.id, objectId(target), 'mounts');
      if (targets.length === 0 && !index.openReason(object)) {
        builder.addMissing(from, { kind: 'PersistentVolumeClaim', name: claim.name, label: 'mounts', reason: `PersistentVolumeClaim "${claim.name}" does not exist in the workspace` });
      }
    }
    for (const target of index.untracked(() => missingTargets(index, object, resolved, selects))) builder.addMissing(from, target);
  }
  const nodes = [...builder.nodes.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { nodes, edges: [...builder.edges.values()] };
}
