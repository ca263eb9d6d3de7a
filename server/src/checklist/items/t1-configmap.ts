import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't1-configmap',
  tier: 1,
  title: 'ConfigMap for non-sensitive configuration',
  criteria: 'A ConfigMap.',
  snippet: 'k8s-t1-configmap',
  detect: (workspace) => whenAny(objectsOfKind(workspace, 'ConfigMap', ''), 'No ConfigMap found.'),
});
