import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't2-velero',
  tier: 2,
  title: 'Velero backup Schedule',
  criteria: 'A velero.io Schedule.',
  snippet: 'k8s-t3-velero',
  detect: (workspace) => whenAny(objectsOfKind(workspace, 'Schedule', 'velero.io'), 'No Velero Schedule found.'),
});
