// Prometheus Operator objects: what makes a Service's metrics scraped.
import { objectMeta, withLabels, type Labels, type Manifest } from './metadata';

export interface Monitor {
  name: string;
  namespace: string | undefined;
  labels?: Labels;
  /** The Services it scrapes (matchLabels). */
  serviceLabels: Labels;
  endpoints: Manifest[];
}

export function serviceMonitor(monitor: Monitor): Manifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: objectMeta(monitor.name, monitor.namespace, withLabels(monitor.labels)),
    spec: { selector: { matchLabels: monitor.serviceLabels }, endpoints: monitor.endpoints },
  };
}
