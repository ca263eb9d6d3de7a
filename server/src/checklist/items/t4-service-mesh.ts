import { defineChecklistItem, whenAny } from '../item';

export default defineChecklistItem({
  id: 't4-service-mesh',
  tier: 4,
  title: 'Istio or Linkerd configuration',
  criteria: 'Istio PeerAuthentication, AuthorizationPolicy, VirtualService or DestinationRule, or a Linkerd policy.linkerd.io object.',
  snippet: 'k8s-t4-istio-authz',
  detect: (workspace) =>
    whenAny(
      [...workspace.index.objects()].filter(
        (object) =>
          (object.group === 'security.istio.io' && ['PeerAuthentication', 'AuthorizationPolicy'].includes(object.kind)) ||
          (object.group === 'networking.istio.io' && ['VirtualService', 'DestinationRule'].includes(object.kind)) ||
          object.group === 'policy.linkerd.io',
      ),
      'No Istio or Linkerd configuration found.',
    ),
});
