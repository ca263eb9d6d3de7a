import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't3-prometheus-rule',
  tier: 3,
  title: 'PrometheusRule for SLO alerting',
  criteria: 'A monitoring.coreos.com PrometheusRule.',
  snippet: 'k8s-t3-prometheusrule',
  detect: (workspace) => whenAny(objectsOfKind(workspace, 'PrometheusRule', 'monitoring.coreos.com'), 'No PrometheusRule found.'),
});
