import { workloadsSelectedBy } from './support/crossref';
import { asArray, asMap, describeObject, getPath, podLabels, podTemplatePath, selectorMatches, stringMap } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import type { FixOperation } from '../engine/lint/rule';
import { defineRule } from '../engine/lint/rule';
import { serviceMonitor } from '../builders';
import { isClusterObject } from '../engine/workspace/scope';
import type { IndexQueries } from '../engine/workspace/queries';

const METRICS_PORT_NAMES = new Set(['metrics', 'http-metrics']);

function metricsPortName(service: KubeObject): string | undefined {
  for (const entry of asArray(getPath(service.value, ['spec', 'ports']))) {
    const name = asMap(entry)?.name;
    if (typeof name === 'string' && METRICS_PORT_NAMES.has(name)) return name;
  }
  return undefined;
}

function scrapeAnnotated(workload: KubeObject): boolean {
  const template = podTemplatePath(workload);
  const annotations = template ? stringMap(getPath(workload.value, [...template, 'metadata', 'annotations'])) : {};
  return annotations['prometheus.io/scrape'] === 'true';
}

/** Whether a monitor's namespaceSelector lets it see `target` (default: its own namespace only). */
function watchesNamespace(index: IndexQueries, monitor: KubeObject, target: KubeObject): boolean {
  const selector = asMap(getPath(monitor.value, ['spec', 'namespaceSelector']));
  if (selector?.any === true) return true;
  const names = asArray(selector?.matchNames).filter((name): name is string => typeof name === 'string');
  if (names.length > 0) return index.namespacesOf(target).some((namespace) => names.includes(namespace) || namespace === '*');
  return index.sameNamespace(monitor, target);
}

export default defineRule({
  id: 'servicemonitor-missing',
  title: 'Services exposing metrics have a ServiceMonitor',
  category: 'observability',
  tiers: { 2: 'info' },
  rationale: 'A metrics port nobody scrapes gives no alerting and no dashboards; with the Prometheus Operator a ServiceMonitor is what turns the port into monitoring.',
  remediation: 'Add a ServiceMonitor (monitoring.coreos.com/v1) selecting the Service labels and its metrics port, or a PodMonitor for its pods.',
  workspace: { silencedBy: 'a ServiceMonitor or PodMonitor in the index selecting the Service or its pods; a Helm template declaring one; a Kustomize build with a remote base, Helm chart or unused Component' },
  // Core v1 Services only: `apiVersion: x` also has group '' but is no API object, so the index gives it
  // no namespace and no ServiceMonitor could ever select it (the fix would add one on every fix-all round).
  appliesTo: (object) => object.kind === 'Service' && object.group === '' && isClusterObject(object),
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    const selector = stringMap(getPath(object.value, ['spec', 'selector']));
    const pods = Object.keys(selector).length > 0 ? workloadsSelectedBy(index, selector, object) : [];
    const port = metricsPortName(object);
    const annotated = pods.filter(scrapeAnnotated);
    if (!port && annotated.length === 0) return;
    const serviceLabels = stringMap(getPath(object.value, ['metadata', 'labels']));
    const monitors = [...index.ofKind('ServiceMonitor', 'monitoring.coreos.com'), ...index.ofKind('PodMonitor', 'monitoring.coreos.com')];
    if (monitors.some((monitor) => monitor.file.isHelmTemplate) || index.openReason(object)) return;
    const watched = monitors.some((monitor) => {
      if (!watchesNamespace(index, monitor, object)) return false;
      const monitorSelector = getPath(monitor.value, ['spec', 'selector']);
      if (monitor.kind === 'ServiceMonitor') return selectorMatches(monitorSelector, serviceLabels);
      return pods.some((pod) => selectorMatches(monitorSelector, podLabels(pod)));
    });
    if (watched) return;
    const why = port ? `exposes a "${port}" port` : `selects pods annotated prometheus.io/scrape`;
    report({
      path: ['metadata', 'name'],
      message: `${describeObject(object)} ${why} but no ServiceMonitor or PodMonitor selects it: its metrics are not scraped. Add a ServiceMonitor.`,
      data: { port: port ?? firstPortName(object) ?? null, labels: serviceLabels },
      related: annotated.map((pod) => ({ object: pod, path: ['metadata', 'name'], message: `${describeObject(pod)} asks to be scraped` })),
    });
  },
  fix: {
    title: 'Create a ServiceMonitor',
    safe: false,
    operations: (object, data) => {
      const existing = (data.labels as Record<string, string> | undefined) ?? {};
      const labels = Object.keys(existing).length > 0 ? existing : { 'app.kubernetes.io/name': object.name ?? 'app' };
      const operations: FixOperation[] = [];
      if (Object.keys(existing).length === 0) operations.push({ op: 'merge', path: ['metadata', 'labels'], value: labels });
      const endpoint: Record<string, unknown> = { interval: '30s' };
      if (typeof data.port === 'string') endpoint.port = data.port;
      operations.push({ op: 'addDocument', value: serviceMonitor({ name: object.name ?? 'app', namespace: object.namespace, serviceLabels: labels, endpoints: [endpoint] }) });
      return operations;
    },
  },
});

function firstPortName(service: KubeObject): string | undefined {
  const name = asMap(asArray(getPath(service.value, ['spec', 'ports']))[0])?.name;
  return typeof name === 'string' ? name : undefined;
}
