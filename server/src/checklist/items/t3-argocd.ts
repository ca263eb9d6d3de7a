import { defineChecklistItem, objectsOfKind, whenAll } from '../item';

export default defineChecklistItem({
  id: 't3-argocd',
  tier: 3,
  title: 'Argo CD Application + ApplicationSet',
  criteria: 'An argoproj.io Application and an ApplicationSet.',
  snippet: 'k8s-t3-argocd-app',
  detect: (workspace) =>
    whenAll([
      { objects: objectsOfKind(workspace, 'Application', 'argoproj.io'), what: 'Application' },
      { objects: objectsOfKind(workspace, 'ApplicationSet', 'argoproj.io'), what: 'ApplicationSet' },
    ]),
});
