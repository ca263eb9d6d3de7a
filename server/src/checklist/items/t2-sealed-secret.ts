import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't2-sealed-secret',
  tier: 2,
  title: 'SealedSecret (GitOps-safe secrets)',
  criteria: 'A bitnami.com/v1alpha1 SealedSecret.',
  snippet: 'k8s-t2-sealedsecret',
  detect: (workspace) =>
    whenAny(
      objectsOfKind(workspace, 'SealedSecret', 'bitnami.com').filter((object) => object.apiVersion === 'bitnami.com/v1alpha1'),
      'No bitnami.com/v1alpha1 SealedSecret found.',
    ),
});
