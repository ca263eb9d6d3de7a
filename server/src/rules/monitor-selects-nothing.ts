import { selectionUnknowable } from './support/crossref';
import { watchesNamespace } from './support/monitors';
import { getPath, isWorkload, podLabels, selectorMatches, stringMap, WORKLOAD_KINDS } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import type { KubeObject } from '../engine/yaml/model';
import type { IndexQueries } from '../engine/workspace/queries';

/**
 * What a monitor may select (every Service for a ServiceMonitor, every workload for a PodMonitor), the
 * candidates in the namespaces it watches, and those its selector matches (by Service or pod labels).
 */
function targets(index: IndexQueries, monitor: KubeObject): { all: KubeObject[]; candidates: KubeObject[]; selected: KubeObject[] } {
  const selector = getPath(monitor.value, ['spec', 'selector']);
  const all =
    monitor.kind === 'ServiceMonitor' ? index.ofKind('Service', '') : WORKLOAD_KINDS.flatMap((kind) => index.ofKind(kind)).filter(isWorkload);
  const candidates = all.filter((target) => watchesNamespace(index, monitor, target));
  const labelsOf = (target: KubeObject) => (monitor.kind === 'ServiceMonitor' ? stringMap(getPath(target.value, ['metadata', 'labels'])) : podLabels(target));
  return { all, candidates, selected: candidates.filter((target) => selectorMatches(selector, labelsOf(target))) };
}

export default defineRule({
  id: 'monitor-selects-nothing',
  title: 'ServiceMonitors and PodMonitors select something',
  category: 'observability',
  tiers: { 1: 'warning' },
  rationale:
    'A ServiceMonitor whose selector matches no Service (or a PodMonitor matching no pod) in the namespaces it watches scrapes nothing, and Prometheus says nothing about it: the dashboards and alerts built on it stay empty. Usually a label was renamed on one side only.',
  remediation: "Make spec.selector match the Service's metadata.labels (ServiceMonitor) or the pod template labels (PodMonitor), and spec.namespaceSelector include their namespace.",
  workspace: {
    silencedBy:
      'no Service (ServiceMonitor) or workload (PodMonitor) in the whole index; a Service or workload from a Helm template among the candidates (its labels may render to a match); a Kustomize build with a remote base, Helm chart or unused Component',
  },
  appliesTo: (object) => (object.kind === 'ServiceMonitor' || object.kind === 'PodMonitor') && object.group === 'monitoring.coreos.com',
  skipPatches: true,
  tierNote: true,
  check({ object, index, report }) {
    const selector = getPath(object.value, ['spec', 'selector']);
    if (selector === undefined || selector === null) return;
    const { all, candidates, selected } = targets(index, object);
    // Like the Secret and ConfigMap reference rules: a workspace without any Service (or workload) deploys them elsewhere.
    if (all.length === 0 || selected.length > 0 || candidates.some((candidate) => candidate.file.isHelmTemplate)) return;
    if (selectionUnknowable(index, object)) return;
    const what = object.kind === 'ServiceMonitor' ? 'Service' : 'pod template';
    report({
      path: ['spec', 'selector'],
      message: `The selector matches no ${what} in the namespaces it watches: nothing is scraped`,
      advice: `Make it match the ${object.kind === 'ServiceMonitor' ? "Service's labels" : "workload's pod labels"}, and spec.namespaceSelector their namespace.`,
    });
  },
});
