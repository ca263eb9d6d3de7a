// One-line summaries of an object's links, for code lenses: who selects and scales a workload, and
// what a selector selects. Each carries the nodes a click lists.
import { getPath, isWorkload } from '../kube/objects';
import type { NodePath } from '../types';
import type { WorkspaceIndex } from '../workspace/workspace';
import type { KubeObject } from '../yaml/model';
import { linksFrom, linksTo, type Link } from './resolve';
import { uniqueBy } from '../unique';

export interface NodeRef {
  object: KubeObject;
  path: NodePath;
}

export interface LinkSummary {
  title: string;
  /** Where the linked objects are (each once). */
  targets: NodeRef[];
}

const SHORT_KINDS: Record<string, string> = { PodDisruptionBudget: 'PDB', HorizontalPodAutoscaler: 'HPA', VerticalPodAutoscaler: 'VPA' };

const SELECTOR_KINDS = ['Service', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceMonitor', 'PodMonitor'];

/** `HPA web (2-10)`: an autoscaler with its replica range. */
function describeReferrer(object: KubeObject): string {
  const label = `${SHORT_KINDS[object.kind] ?? object.kind} ${object.name ?? '(no name)'}`;
  if (object.kind !== 'HorizontalPodAutoscaler' && object.kind !== 'ScaledObject') return label;
  const keda = object.kind === 'ScaledObject';
  const min = getPath(object.value, ['spec', keda ? 'minReplicaCount' : 'minReplicas']) ?? (keda ? 0 : 1);
  const max = getPath(object.value, ['spec', keda ? 'maxReplicaCount' : 'maxReplicas']);
  return max === undefined ? label : `${label} (${String(min)}-${String(max)})`;
}

/** "selected by Service web · PDB web · HPA web (2-10)"; undefined when nothing selects or scales it. */
function workloadSummary(links: Link[]): LinkSummary | undefined {
  const referrers = uniqueBy(
    links.filter((link) => (link.relation === 'selects' && link.from.kind !== 'ServiceMonitor') || link.relation === 'scaleTarget'),
    (link) => link.from,
  );
  if (referrers.length === 0) return undefined;
  return {
    title: `selected by ${referrers.map((link) => describeReferrer(link.from)).join(' · ')}`,
    targets: referrers.map((link) => ({ object: link.from, path: link.fromPath })),
  };
}

/** "selects 2 workloads" / "selects nothing". */
function selectorSummary(object: KubeObject, links: Link[]): LinkSummary {
  const selected = uniqueBy(links.filter((link) => link.relation === 'selects'), (link) => link.to);
  const noun = object.kind === 'ServiceMonitor' ? 'Service' : 'workload';
  const title = selected.length === 0 ? 'selects nothing' : `selects ${selected.length} ${noun}${selected.length === 1 ? '' : 's'}`;
  return { title, targets: selected.map((link) => ({ object: link.to, path: link.toPath })) };
}

/** The lenses of one object (none for objects that neither select nor are selected). */
export function linkSummaries(index: WorkspaceIndex, object: KubeObject): LinkSummary[] {
  if (isWorkload(object)) return [workloadSummary(linksTo(index, object))].filter((summary): summary is LinkSummary => summary !== undefined);
  if (SELECTOR_KINDS.includes(object.kind)) return [selectorSummary(object, linksFrom(index, object))];
  return [];
}
