import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't2-servicemonitor',
  tier: 2,
  title: 'Prometheus ServiceMonitor',
  criteria: 'A monitoring.coreos.com ServiceMonitor (or PodMonitor).',
  snippet: 'k8s-t2-servicemonitor',
  detect: (workspace) =>
    whenAny(
      [...objectsOfKind(workspace, 'ServiceMonitor', 'monitoring.coreos.com'), ...objectsOfKind(workspace, 'PodMonitor', 'monitoring.coreos.com')],
      'No ServiceMonitor or PodMonitor found.',
    ),
});
