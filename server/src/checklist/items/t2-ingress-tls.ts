import { asArray, getPath, stringMap } from '../../engine/kube/objects';
import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't2-ingress-tls',
  tier: 2,
  title: 'Ingress with TLS and a cert-manager issuer annotation',
  criteria: 'An Ingress with spec.tls and a cert-manager.io/cluster-issuer or cert-manager.io/issuer annotation.',
  snippet: 'k8s-t2-ingress-tls',
  detect: (workspace) =>
    whenAny(
      objectsOfKind(workspace, 'Ingress').filter((object) => {
        const annotations = stringMap(getPath(object.value, ['metadata', 'annotations']));
        const issuer = 'cert-manager.io/cluster-issuer' in annotations || 'cert-manager.io/issuer' in annotations;
        return issuer && asArray(getPath(object.value, ['spec', 'tls'])).length > 0;
      }),
      'No Ingress has both spec.tls and a cert-manager issuer annotation.',
    ),
});
