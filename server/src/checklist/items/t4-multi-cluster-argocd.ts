import { asArray, asMap, getPath } from '../../engine/kube/objects';
import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

/** Cluster or list generators over 2+ clusters, also inside matrix/merge generators. */
function clusterCount(generators: unknown, depth = 0): number {
  let count = 0;
  for (const generator of asArray(generators)) {
    const map = asMap(generator);
    if (!map || depth > 5) continue;
    if (map.clusters !== undefined) count = Math.max(count, 2);
    count = Math.max(count, asArray(getPath(map, ['list', 'elements'])).length);
    for (const nested of ['matrix', 'merge']) count = Math.max(count, clusterCount(getPath(map, [nested, 'generators']), depth + 1));
  }
  return count;
}

export default defineChecklistItem({
  id: 't4-multi-cluster-argocd',
  tier: 4,
  title: 'Multi-cluster Argo CD (ApplicationSet over 2+ clusters)',
  criteria: 'An ApplicationSet with a clusters generator, or a list generator with 2+ elements; with Flux, Kustomizations or HelmReleases deploying to another cluster (spec.kubeConfig).',
  snippet: 'k8s-t3-argocd-appset',
  detect: (workspace) =>
    whenAny(
      [
        ...objectsOfKind(workspace, 'ApplicationSet', 'argoproj.io').filter((object) => clusterCount(getPath(object.value, ['spec', 'generators'])) >= 2),
        // The seed's generator offers Flux too: a kubeConfig Secret is how Flux reconciles into a remote cluster.
        ...[...objectsOfKind(workspace, 'Kustomization', 'kustomize.toolkit.fluxcd.io'), ...objectsOfKind(workspace, 'HelmRelease', 'helm.toolkit.fluxcd.io')].filter(
          (object) => getPath(object.value, ['spec', 'kubeConfig']) !== undefined,
        ),
      ],
      'No ApplicationSet generates Applications for 2 or more clusters, and no Flux object deploys to another cluster.',
    ),
});
