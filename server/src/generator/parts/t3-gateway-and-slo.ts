// What tier 3 adds to the application: a Gateway API entry with TLS, an L7 Cilium policy and an SLO alert.
import { objectMeta } from '../../builders';
import { APP_PORT, SELECTOR, TOKEN } from '../application';
import type { Provider } from '../options';
import { appObject, definePart } from '../part';

/** Load-balancer annotations for the Gateway's generated Service. */
function loadBalancerAnnotations(provider: Provider): Record<string, string> {
  switch (provider) {
    case 'eks':
      return { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' };
    case 'gke':
      return { 'cloud.google.com/l4-rbs': 'enabled' };
    case 'aks':
      return { 'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': '/healthz' };
    case 'onprem':
    case 'hybrid':
      return { 'metallb.universe.tf/address-pool': 'default' };
  }
}

export default definePart({
  id: 't3-gateway-and-slo',
  tier: 3,
  entries: (options) => [
    appObject('gateway.yaml', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: objectMeta(TOKEN.name, TOKEN.namespace, { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } }),
      spec: {
        gatewayClassName: options.mesh === 'cilium' ? 'cilium' : options.mesh === 'istio' ? 'istio' : 'nginx',
        infrastructure: { annotations: loadBalancerAnnotations(options.provider) },
        listeners: [
          {
            name: 'https',
            hostname: TOKEN.host,
            port: 443,
            protocol: 'HTTPS',
            tls: { mode: 'Terminate', certificateRefs: [{ name: `${TOKEN.name}-gateway-tls` }] },
            allowedRoutes: { namespaces: { from: 'Same' } },
          },
        ],
      },
    }),
    appObject('gateway.yaml', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: objectMeta(TOKEN.name, TOKEN.namespace),
      spec: {
        parentRefs: [{ name: TOKEN.name }],
        hostnames: [TOKEN.host],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: TOKEN.name, port: 80 }] }],
      },
    }),
    appObject('cilium-l7-policy.yaml', {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: objectMeta(`${TOKEN.name}-l7`, TOKEN.namespace),
      spec: {
        endpointSelector: { matchLabels: SELECTOR },
        ingress: [
          {
            fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'ingress-nginx' } }],
            toPorts: [{ ports: [{ port: String(APP_PORT), protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/.*' }, { method: 'HEAD', path: '/.*' }] } }],
          },
        ],
      },
    }),
    appObject('prometheusrule.yaml', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: objectMeta(`${TOKEN.name}-slo`, TOKEN.namespace, { labels: { release: 'kube-prometheus-stack' } }),
      spec: {
        groups: [
          {
            name: `${options.name}-slo`,
            rules: [
              {
                alert: 'HighErrorRate',
                expr: `sum(rate(http_requests_total{service="${options.name}",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="${options.name}"}[5m])) > 0.001`,
                for: '5m',
                labels: { severity: 'page' },
                annotations: { summary: `${options.name} error rate above the 99.9 % SLO` },
              },
            ],
          },
        ],
      },
    }),
  ],
});
