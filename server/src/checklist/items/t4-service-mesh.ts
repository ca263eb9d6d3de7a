import { asArray, asMap, getPath } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import { defineChecklistItem, whenAny } from '../item';

/** Cilium's service mesh: mutual authentication required on an ingress or egress rule (cilium.io/v2). */
function isCiliumMutualAuth(object: KubeObject): boolean {
  if (object.group !== 'cilium.io' || !['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'].includes(object.kind)) return false;
  const specs = [getPath(object.value, ['spec']), ...asArray(getPath(object.value, ['specs']))];
  return specs.some((spec) =>
    ['ingress', 'egress'].some((direction) => asArray(asMap(spec)?.[direction]).some((rule) => getPath(rule, ['authentication', 'mode']) === 'required')),
  );
}

export default defineChecklistItem({
  id: 't4-service-mesh',
  tier: 4,
  title: 'Istio, Linkerd or Cilium service mesh configuration',
  criteria:
    'Istio PeerAuthentication, AuthorizationPolicy, VirtualService or DestinationRule, a Linkerd policy.linkerd.io object, or a CiliumNetworkPolicy requiring mutual authentication.',
  snippet: 'k8s-t4-istio-authz',
  detect: (workspace) =>
    whenAny(
      [...workspace.index.objects()].filter(
        (object) =>
          (object.group === 'security.istio.io' && ['PeerAuthentication', 'AuthorizationPolicy'].includes(object.kind)) ||
          (object.group === 'networking.istio.io' && ['VirtualService', 'DestinationRule'].includes(object.kind)) ||
          object.group === 'policy.linkerd.io' ||
          isCiliumMutualAuth(object),
      ),
      'No Istio, Linkerd or Cilium mutual-authentication configuration found.',
    ),
});
