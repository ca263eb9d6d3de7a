import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't3-audit-policy',
  tier: 3,
  title: 'Compliance audit policy',
  criteria: 'An audit.k8s.io Policy.',
  snippet: 'k8s-t4-audit-policy',
  detect: (workspace) => whenAny(objectsOfKind(workspace, 'Policy', 'audit.k8s.io'), 'No audit.k8s.io Policy found.'),
});
