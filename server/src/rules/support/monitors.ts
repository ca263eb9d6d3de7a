// What Prometheus Operator monitors (ServiceMonitor, PodMonitor) can see, for the rules that pair them with Services and pods.
import { asArray, asMap, getPath } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import type { IndexQueries } from '../../engine/workspace/queries';

/** Whether a monitor's namespaceSelector lets it see `target` (default: its own namespace only). */
export function watchesNamespace(index: IndexQueries, monitor: KubeObject, target: KubeObject): boolean {
  const selector = asMap(getPath(monitor.value, ['spec', 'namespaceSelector']));
  if (selector?.any === true) return true;
  const names = asArray(selector?.matchNames).filter((name): name is string => typeof name === 'string');
  if (names.length > 0) return index.namespacesOf(target).some((namespace) => names.includes(namespace) || namespace === '*');
  return index.sameNamespace(monitor, target);
}
