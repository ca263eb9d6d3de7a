import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't2-hpa',
  tier: 2,
  title: 'HorizontalPodAutoscaler',
  criteria: 'A HorizontalPodAutoscaler.',
  snippet: 'k8s-t2-hpa',
  detect: (workspace) => whenAny(objectsOfKind(workspace, 'HorizontalPodAutoscaler', 'autoscaling'), 'No HorizontalPodAutoscaler found.'),
});
