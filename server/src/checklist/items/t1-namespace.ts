import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't1-namespace',
  tier: 1,
  title: 'Namespace definition',
  criteria: 'A Namespace object.',
  snippet: 'k8s-t1-namespace',
  detect: (workspace) => whenAny(objectsOfKind(workspace, 'Namespace', ''), 'No Namespace found.'),
});
