// References kubetier cannot resolve, as the map draws them: a dashed edge to a "missing" node. Only
// what the cross-file rules would also call missing: an optional reference, a name something else may
// produce (an ExternalSecret, a generator, an open Kustomize build, templated Helm workloads), the
// `default` ServiceAccount and the built-in ClusterRoles are never drawn as missing.
import { asArray, asMap, getPath, stringMap } from '../kube/objects';
import { nameReferences, type NameReference } from '../links/references';
import type { WorkspaceIndex } from '../workspace/workspace';
import { podReferences } from '../workspace/references';
import type { KubeObject } from '../yaml/model';
import { isEmptySelector, selectionUnknowable } from '../../rules/support/crossref';
import type { EdgeLabel } from './model';

/** A target a reference names (or a selector picks) that the workspace does not hold. */
export interface MissingTarget {
  kind: string;
  name: string;
  label: EdgeLabel;
  /** Why it is drawn: "ConfigMap "app-config" does not exist". */
  reason: string;
}

/** Where a kind's label selector picks pods (or Services, for a ServiceMonitor). */
const SELECTOR_PATHS: Record<string, readonly string[]> = {
  Service: ['spec', 'selector'],
  PodDisruptionBudget: ['spec', 'selector'],
  NetworkPolicy: ['spec', 'podSelector'],
  PodMonitor: ['spec', 'selector'],
  ServiceMonitor: ['spec', 'selector'],
};

/** ClusterRoles every cluster has (the API server's defaults): a binding to them points at nothing in the files. */
function isBuiltInClusterRole(name: string): boolean {
  return ['cluster-admin', 'admin', 'edit', 'view'].includes(name) || name.startsWith('system:');
}

/** `app=web, tier!=db`: a selector as one short line (matchLabels and matchExpressions, or a Service's plain map). */
export function selectorText(selector: unknown): string {
  const map = asMap(selector);
  if (!map) return '';
  const plain = map.matchLabels === undefined && map.matchExpressions === undefined ? stringMap(map) : stringMap(map.matchLabels);
  const pairs = Object.entries(plain).map(([key, value]) => `${key}=${value}`);
  const expressions = asArray(map.matchExpressions).map((expression) => {
    const entry = asMap(expression);
    const values = asArray(entry?.values).map(String).join(',');
    return `${String(entry?.key ?? '?')} ${String(entry?.operator ?? '?')}${values ? ` (${values})` : ''}`;
  });
  return [...pairs, ...expressions].join(', ');
}

/** How a pod template uses a ConfigMap or Secret it names at `path`: as a volume, or for its environment. */
export function podReferenceLabel(path: readonly (string | number)[]): EdgeLabel {
  return path.includes('volumes') ? 'mounts' : 'env from';
}

function podReferenceTargets(index: WorkspaceIndex, object: KubeObject): MissingTarget[] {
  return podReferences(object).flatMap((reference): MissingTarget[] => {
    if (reference.kind === 'ServiceAccount') return [];
    if (reference.optional || index.resolveProduced(reference.kind, reference.name, object).status !== 'missing') return [];
    return [{ kind: reference.kind, name: reference.name, label: podReferenceLabel(reference.path), reason: `${reference.kind} "${reference.name}" does not exist in the workspace` }];
  });
}

const NAME_LABELS: Partial<Record<NameReference['relation'], EdgeLabel>> = {
  serviceAccount: 'runs as',
  scaleTarget: 'scales',
  backend: 'routes to',
  roleRef: 'binds',
  subject: 'binds',
};

/** A name reference to a ServiceAccount, scale target, backend or role that no link resolved. */
function nameTargets(object: KubeObject, resolvedPaths: ReadonlySet<string>): MissingTarget[] {
  return nameReferences(object).flatMap((reference): MissingTarget[] => {
    const label = NAME_LABELS[reference.relation];
    if (!label || resolvedPaths.has(reference.path.join('/'))) return [];
    if (reference.kind === 'ServiceAccount' && reference.name === 'default') return [];
    if (reference.kind === 'ClusterRole' && isBuiltInClusterRole(reference.name)) return [];
    return [{ kind: reference.kind, name: reference.name, label, reason: `${reference.kind} "${reference.name}" does not exist in the workspace` }];
  });
}

/** A non-empty selector that picks nothing. */
function selectorTarget(index: WorkspaceIndex, object: KubeObject, selects: boolean): MissingTarget[] {
  const selectorPath = SELECTOR_PATHS[object.kind];
  if (!selectorPath || selects) return [];
  const selector = getPath(object.value, [...selectorPath]);
  const text = selectorText(selector);
  if (!asMap(selector) || isEmptySelector(selector) || text === '' || selectionUnknowable(index, object)) return [];
  const kind = object.kind === 'ServiceMonitor' ? 'Service' : 'Pod';
  const label: EdgeLabel = object.kind === 'PodDisruptionBudget' ? 'protects' : 'selects';
  return [{ kind, name: text, label, reason: `no ${kind === 'Pod' ? 'pods' : 'Services'} in the workspace match ${text}` }];
}

/**
 * What `object` names or selects that does not exist. `resolvedPaths` are the reference paths links
 * resolved (joined with '/'); `selects` whether its selector picked anything.
 */
export function missingTargets(index: WorkspaceIndex, object: KubeObject, resolvedPaths: ReadonlySet<string>, selects: boolean): MissingTarget[] {
  // An open Kustomize build (remote base, Helm chart) may hold any name: nothing is known missing near it.
  if (index.openReason(object)) return [];
  return [...podReferenceTargets(index, object), ...nameTargets(object, resolvedPaths), ...selectorTarget(index, object, selects)];
}
