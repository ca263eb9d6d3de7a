import { defineChecklistItem, objectsOfKind, whenAll, type ItemResult } from '../item';

export default defineChecklistItem({
  id: 't3-argocd',
  tier: 3,
  title: 'Argo CD Application + ApplicationSet',
  criteria: 'An argoproj.io Application and an ApplicationSet; with Flux instead, a GitRepository and a Kustomization that applies it.',
  snippet: 'k8s-t3-argocd-app',
  detect(workspace): ItemResult {
    const argo = whenAll([
      { objects: objectsOfKind(workspace, 'Application', 'argoproj.io'), what: 'Application' },
      { objects: objectsOfKind(workspace, 'ApplicationSet', 'argoproj.io'), what: 'ApplicationSet' },
    ]);
    if (argo.status === 'done') return argo;
    // The seed's generator offers --gitops argocd|flux: Flux's source + Kustomization is the same GitOps loop.
    const flux = whenAll([
      { objects: objectsOfKind(workspace, 'GitRepository', 'source.toolkit.fluxcd.io'), what: 'Flux GitRepository' },
      { objects: objectsOfKind(workspace, 'Kustomization', 'kustomize.toolkit.fluxcd.io'), what: 'Flux Kustomization' },
    ]);
    return flux.status === 'done' ? flux : argo;
  },
});
