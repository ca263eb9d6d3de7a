import { defineChecklistItem, objectsOfKind, whenAll } from '../item';

export default defineChecklistItem({
  id: 't4-rollouts',
  tier: 4,
  title: 'Argo Rollouts progressive delivery',
  criteria: 'An argoproj.io Rollout and an AnalysisTemplate (or ClusterAnalysisTemplate).',
  snippet: 'k8s-t4-rollout',
  detect: (workspace) =>
    whenAll([
      { objects: objectsOfKind(workspace, 'Rollout', 'argoproj.io'), what: 'Rollout' },
      {
        objects: [...objectsOfKind(workspace, 'AnalysisTemplate', 'argoproj.io'), ...objectsOfKind(workspace, 'ClusterAnalysisTemplate', 'argoproj.io')],
        what: 'AnalysisTemplate',
      },
    ]),
});
