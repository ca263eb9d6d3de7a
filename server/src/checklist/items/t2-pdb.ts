import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't2-pdb',
  tier: 2,
  title: 'PodDisruptionBudget',
  criteria: 'A PodDisruptionBudget.',
  snippet: 'k8s-t2-pdb',
  detect: (workspace) => whenAny(objectsOfKind(workspace, 'PodDisruptionBudget', 'policy'), 'No PodDisruptionBudget found.'),
});
