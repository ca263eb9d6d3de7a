// The service mesh of tier 4: mutual TLS and who may call the app, in the chosen mesh's own objects.
import { objectMeta, type Manifest } from '../../builders';
import { SELECTOR, TOKEN } from '../application';
import type { BundleOptions } from '../options';
import { appObject, definePart } from '../part';

function meshManifests(options: BundleOptions): Manifest[] {
  switch (options.mesh) {
    case 'istio':
      return [
        { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: objectMeta('default', TOKEN.namespace), spec: { mtls: { mode: 'STRICT' } } },
        {
          apiVersion: 'security.istio.io/v1',
          kind: 'AuthorizationPolicy',
          metadata: objectMeta(TOKEN.name, TOKEN.namespace),
          spec: {
            selector: { matchLabels: SELECTOR },
            action: 'ALLOW',
            rules: [{ from: [{ source: { namespaces: ['ingress-nginx', 'istio-system', 'monitoring'] } }], to: [{ operation: { methods: ['GET', 'HEAD', 'POST'] } }] }],
          },
        },
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: objectMeta(TOKEN.name, TOKEN.namespace),
          // A short host is read in the rule's own namespace: one rule serves every environment's namespace.
          spec: { host: TOKEN.name, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '60s' } } },
        },
      ];
    case 'linkerd':
      return [
        {
          apiVersion: 'policy.linkerd.io/v1beta3',
          kind: 'Server',
          metadata: objectMeta(`${TOKEN.name}-http`, TOKEN.namespace),
          spec: { podSelector: { matchLabels: SELECTOR }, port: 'http', proxyProtocol: 'HTTP/1' },
        },
        {
          apiVersion: 'policy.linkerd.io/v1alpha1',
          kind: 'AuthorizationPolicy',
          metadata: objectMeta(`${TOKEN.name}-http`, TOKEN.namespace),
          spec: {
            targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: `${TOKEN.name}-http` },
            requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: `${TOKEN.name}-clients` }],
          },
        },
        {
          apiVersion: 'policy.linkerd.io/v1alpha1',
          kind: 'MeshTLSAuthentication',
          metadata: objectMeta(`${TOKEN.name}-clients`, TOKEN.namespace),
          // A ServiceAccount without a namespace is one of the policy's own namespace, whichever environment that is.
          spec: { identityRefs: [{ kind: 'ServiceAccount', name: TOKEN.name }, { kind: 'Namespace', name: 'ingress-nginx' }] },
        },
      ];
    case 'cilium':
      return [
        {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumNetworkPolicy',
          metadata: objectMeta(`${TOKEN.name}-mutual-auth`, TOKEN.namespace),
          spec: {
            endpointSelector: { matchLabels: SELECTOR },
            ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'ingress-nginx' } }], authentication: { mode: 'required' } }],
          },
        },
      ];
    case 'none':
      return [];
  }
}

export default definePart({
  id: 't4-mesh',
  tier: 4,
  entries: (options) => meshManifests(options).map((manifest) => appObject('mesh.yaml', manifest)),
});
