// The objects of a tier bundle, as plain data. Values that packaging templates (names, namespace, image,
// replica bounds, resources) are written as sentinel tokens and substituted when files are rendered, so one
// definition serves raw manifests, Kustomize and the Helm chart alike.
import type { BundleOptions, Provider } from './options';

export type Manifest = Record<string, unknown>;

/** Tokens replaced per packaging (see packaging.ts). */
export const TOKEN = {
  name: 'KT_NAME',
  namespace: 'KT_NAMESPACE',
  image: 'KT_IMAGE',
  minReplicas: 'KT_MIN_REPLICAS',
  maxReplicas: 'KT_MAX_REPLICAS',
  cpuRequest: 'KT_CPU_REQUEST',
  cpuLimit: 'KT_CPU_LIMIT',
  memoryRequest: 'KT_MEMORY_REQUEST',
  memoryLimit: 'KT_MEMORY_LIMIT',
} as const;

/** Where an object goes: `app` objects are packaged (chart, base or manifests), the rest are plain files. */
export interface PlacedManifest {
  area: 'app' | 'platform' | 'gitops';
  file: string;
  manifest: Manifest;
}

export const APP_PORT = 8080;
export const IMAGE_REPOSITORY = 'nginxinc/nginx-unprivileged';
export const IMAGE_TAG = '1.27.3';

const STORAGE: Record<Provider, { provisioner: string; parameters: Record<string, string> }> = {
  eks: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' } },
  gke: { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced' } },
  aks: { provisioner: 'disk.csi.azure.com', parameters: { skuName: 'Premium_LRS' } },
  onprem: { provisioner: 'rancher.io/local-path', parameters: {} },
};

/** Workload identity: how the app's ServiceAccount maps to a cloud identity. */
function workloadIdentity(options: BundleOptions): { annotations: Record<string, string>; podLabels: Record<string, string> } {
  switch (options.provider) {
    case 'eks':
      return { annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::111122223333:role/${options.name}` }, podLabels: {} };
    case 'gke':
      return { annotations: { 'iam.gke.io/gcp-service-account': `${options.name}@my-project.iam.gserviceaccount.com` }, podLabels: {} };
    case 'aks':
      return {
        annotations: { 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000000' },
        podLabels: { 'azure.workload.identity/use': 'true' },
      };
    case 'onprem':
      return { annotations: {}, podLabels: {} };
  }
}

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
      return { 'metallb.universe.tf/address-pool': 'default' };
  }
}

function meta(name: string, namespace: string | undefined, extra: Manifest = {}): Manifest {
  return { name, ...(namespace === undefined ? {} : { namespace }), ...extra };
}

/** Labels every app object carries; the selector uses the stable pair. */
function appLabels(component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': TOKEN.name,
    'app.kubernetes.io/instance': TOKEN.name,
    'app.kubernetes.io/version': IMAGE_TAG,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': TOKEN.name,
  };
}

const SELECTOR = { 'app.kubernetes.io/name': TOKEN.name, 'app.kubernetes.io/instance': TOKEN.name };

/** Namespace labelled to enforce the restricted Pod Security Standard. */
function namespaceObject(name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}

/** What every namespace gets from tier 2: quota, default limits, default deny and DNS. */
function namespaceGuardrails(namespace: string, extraAllows: Manifest[]): Manifest[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('compute-quota', namespace),
      spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi', pods: '50' } },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('default-limits', namespace),
      spec: {
        limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny-all', namespace),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-dns-egress', namespace),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    },
    ...extraAllows,
  ];
}

/** Platform namespaces run controllers that talk to each other and to the API server and Git over TLS. */
function platformAllows(namespace: string): Manifest[] {
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-same-namespace', namespace),
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-https-egress', namespace),
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }],
      },
    },
  ];
}

const PROBE_TIMING = { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 };

/**
 * Liveness asks only "is the process accepting connections" (a TCP check), readiness "can it serve" (an
 * HTTP request): the same check for both would restart pods that should only leave the Service.
 */
const PROBES = {
  startupProbe: { tcpSocket: { port: 'http' }, ...PROBE_TIMING, periodSeconds: 2, failureThreshold: 30 },
  livenessProbe: { tcpSocket: { port: 'http' }, ...PROBE_TIMING },
  readinessProbe: { httpGet: { path: '/', port: 'http' }, ...PROBE_TIMING, periodSeconds: 5 },
};

/**
 * From tier 3 images are pinned by digest, which an offline generator cannot know (an invented digest
 * would not pull): the Deployment says so as a reasoned suppression. An annotation rather than a comment,
 * because `helm template` and `kubectl kustomize` drop comments and the rendered objects must stay clean.
 */
function digestSuppression(tier: number): Manifest {
  return tier >= 3 ? { annotations: { 'kubetier.io/ignore': 'image-digest -- pin your release image by digest (crane digest <image>) and remove this' } } : {};
}

function deployment(options: BundleOptions, secretName: string): Manifest {
  const identity = workloadIdentity(options);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server'), ...digestSuppression(options.tier) }),
    spec: {
      ...(options.tier >= 2 ? {} : { replicas: 1 }),
      revisionHistoryLimit: 5,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: SELECTOR },
      template: {
        metadata: { labels: { ...appLabels('server'), ...identity.podLabels } },
        spec: {
          serviceAccountName: TOKEN.name,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, fsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } },
          ...(options.tier >= 2
            ? {
                topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
                  maxSkew: 1,
                  topologyKey,
                  whenUnsatisfiable: topologyKey === 'kubernetes.io/hostname' ? 'ScheduleAnyway' : 'DoNotSchedule',
                  labelSelector: { matchLabels: SELECTOR },
                })),
              }
            : {}),
          containers: [
            {
              name: 'server',
              image: TOKEN.image,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: APP_PORT, protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name: `${TOKEN.name}-config` } }, { secretRef: { name: secretName, optional: true } }],
              resources: {
                // Disk for logs and the writable layer counts from tier 3 (ephemeral-storage-request).
                requests: { cpu: TOKEN.cpuRequest, memory: TOKEN.memoryRequest, ...(options.tier >= 3 ? { 'ephemeral-storage': '128Mi' } : {}) },
                limits: { cpu: TOKEN.cpuLimit, memory: TOKEN.memoryLimit },
              },
              ...PROBES,
              lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function ingress(options: BundleOptions): Manifest {
  const host = `${options.name}.example.com`;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(TOKEN.name, TOKEN.namespace, {
      labels: appLabels('ingress'),
      ...(options.tier >= 2 ? { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } } : {}),
    }),
    spec: {
      ingressClassName: 'nginx',
      ...(options.tier >= 2 ? { tls: [{ hosts: [host], secretName: `${TOKEN.name}-tls` }] } : {}),
      rules: [
        {
          host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: TOKEN.name, port: { name: 'http' } } } }] },
        },
      ],
    },
  };
}

/** The Secret the app reads, produced the way the options ask; values never appear in the bundle. */
function secretProducers(options: BundleOptions, secretName: string): Manifest[] {
  const sealed: Manifest = {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: meta(secretName, TOKEN.namespace),
    // Filled by `kubeseal --merge-into`: the bundle never holds a secret value, sealed or not.
    spec: { encryptedData: {}, template: { metadata: meta(secretName, TOKEN.namespace), type: 'Opaque' } },
  };
  const store: Manifest = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'vault-backend' },
    spec: {
      provider: {
        vault: {
          server: 'http://vault.vault.svc:8200',
          path: 'secret',
          version: 'v2',
          auth: { kubernetes: { mountPath: 'kubernetes', role: 'external-secrets', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
        },
      },
    },
  };
  const external = (name: string): Manifest => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: meta(name, TOKEN.namespace),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' },
      target: { name, creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: `apps/${options.name}` } }],
    },
  });
  const plain: Manifest = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(secretName, TOKEN.namespace),
    // Created with `kubectl create secret` (see README): values are never committed.
    type: 'Opaque',
  };
  const primary = options.secrets === 'vault' ? [store, external(secretName)] : options.secrets === 'sealed' ? [sealed] : [plain];
  // The tier checklist asks for SealedSecrets from tier 2 and External Secrets with Vault from tier 3, whatever the app uses.
  const extra: Manifest[] = [];
  if (options.tier >= 2 && options.secrets !== 'sealed') extra.push({ ...sealed, metadata: meta(`${secretName}-sealed`, TOKEN.namespace), spec: { encryptedData: {}, template: { metadata: meta(`${secretName}-sealed`, TOKEN.namespace), type: 'Opaque' } } });
  if (options.tier >= 3 && options.secrets !== 'vault') extra.push(store, external(`${secretName}-vault`));
  return [...primary, ...extra];
}

/** Objects of the application: packaged as a chart, a Kustomize base or plain manifests. */
export function appManifests(options: BundleOptions): PlacedManifest[] {
  const secretName = `${TOKEN.name}-credentials`;
  const identity = workloadIdentity(options);
  const placed: PlacedManifest[] = [
    {
      area: 'app',
      file: 'serviceaccount.yaml',
      manifest: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: meta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server'), ...(Object.keys(identity.annotations).length > 0 ? { annotations: identity.annotations } : {}) }),
        automountServiceAccountToken: false,
      },
    },
    {
      area: 'app',
      file: 'configmap.yaml',
      manifest: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta(`${TOKEN.name}-config`, TOKEN.namespace, { labels: appLabels('config') }),
        data: { LOG_LEVEL: 'info', LISTEN_PORT: String(APP_PORT) },
      },
    },
    ...secretProducers(options, secretName).map((manifest): PlacedManifest => ({ area: 'app', file: 'secrets.yaml', manifest })),
    { area: 'app', file: 'deployment.yaml', manifest: deployment(options, secretName) },
    {
      area: 'app',
      file: 'service.yaml',
      manifest: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server') }),
        spec: { type: 'ClusterIP', selector: SELECTOR, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
      },
    },
    { area: 'app', file: 'ingress.yaml', manifest: ingress(options) },
  ];
  if (options.tier >= 2) placed.push(...productionManifests());
  if (options.tier >= 3) placed.push(...enterpriseAppManifests(options));
  if (options.tier >= 4) placed.push(...multiClusterAppManifests(options));
  return placed;
}

function productionManifests(): PlacedManifest[] {
  const app = (file: string, manifest: Manifest): PlacedManifest => ({ area: 'app', file, manifest });
  return [
    app('hpa.yaml', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server') }),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: TOKEN.name },
        minReplicas: TOKEN.minReplicas,
        maxReplicas: TOKEN.maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    }),
    app('pdb.yaml', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server') }),
      spec: { maxUnavailable: 1, selector: { matchLabels: SELECTOR } },
    }),
    app('networkpolicy.yaml', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(`${TOKEN.name}-allow-http`, TOKEN.namespace, { labels: appLabels('network') }),
      spec: {
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
            ],
            ports: [{ protocol: 'TCP', port: APP_PORT }],
          },
        ],
      },
    }),
    app('servicemonitor.yaml', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta(TOKEN.name, TOKEN.namespace, { labels: { ...appLabels('monitoring'), release: 'kube-prometheus-stack' } }),
      spec: { selector: { matchLabels: SELECTOR }, endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] },
    }),
    app('rbac.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(`${TOKEN.name}-developer`, TOKEN.namespace),
      rules: [
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [''], resources: ['pods', 'pods/log', 'services', 'configmaps'], verbs: ['get', 'list', 'watch'] },
      ],
    }),
    app('rbac.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(`${TOKEN.name}-developers`, TOKEN.namespace),
      subjects: [{ kind: 'Group', name: `${TOKEN.name}-developers`, apiGroup: 'rbac.authorization.k8s.io' }],
      roleRef: { kind: 'Role', name: `${TOKEN.name}-developer`, apiGroup: 'rbac.authorization.k8s.io' },
    }),
  ];
}

function enterpriseAppManifests(options: BundleOptions): PlacedManifest[] {
  const app = (file: string, manifest: Manifest): PlacedManifest => ({ area: 'app', file, manifest });
  return [
    app('gateway.yaml', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: meta(TOKEN.name, TOKEN.namespace, { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } }),
      spec: {
        gatewayClassName: options.mesh === 'cilium' ? 'cilium' : options.mesh === 'istio' ? 'istio' : 'nginx',
        infrastructure: { annotations: loadBalancerAnnotations(options.provider) },
        listeners: [
          {
            name: 'https',
            hostname: `${options.name}.example.com`,
            port: 443,
            protocol: 'HTTPS',
            tls: { mode: 'Terminate', certificateRefs: [{ name: `${TOKEN.name}-gateway-tls` }] },
            allowedRoutes: { namespaces: { from: 'Same' } },
          },
        ],
      },
    }),
    app('gateway.yaml', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: meta(TOKEN.name, TOKEN.namespace),
      spec: {
        parentRefs: [{ name: TOKEN.name }],
        hostnames: [`${options.name}.example.com`],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: TOKEN.name, port: 80 }] }],
      },
    }),
    app('cilium-l7-policy.yaml', {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: meta(`${TOKEN.name}-l7`, TOKEN.namespace),
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
    app('prometheusrule.yaml', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: meta(`${TOKEN.name}-slo`, TOKEN.namespace, { labels: { release: 'kube-prometheus-stack' } }),
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
  ];
}

function multiClusterAppManifests(options: BundleOptions): PlacedManifest[] {
  const app = (file: string, manifest: Manifest): PlacedManifest => ({ area: 'app', file, manifest });
  const placed: PlacedManifest[] = [
    app('rollout.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: meta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server') }),
      spec: {
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: TOKEN.name, scaleDown: 'progressively' },
        strategy: {
          canary: {
            steps: [
              { setWeight: 10 },
              { pause: { duration: '5m' } },
              { analysis: { templates: [{ templateName: `${TOKEN.name}-success-rate` }] } },
              { setWeight: 50 },
              { pause: { duration: '10m' } },
            ],
          },
        },
      },
    }),
    app('rollout.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: meta(`${TOKEN.name}-success-rate`, TOKEN.namespace),
      spec: {
        metrics: [
          {
            name: 'success-rate',
            interval: '60s',
            successCondition: 'result[0] >= 0.999',
            failureLimit: 3,
            provider: {
              prometheus: {
                address: 'http://kube-prometheus-stack-prometheus.monitoring:9090',
                query: `sum(rate(http_requests_total{service="${options.name}",code!~"5.."}[2m])) / sum(rate(http_requests_total{service="${options.name}"}[2m]))`,
              },
            },
          },
        ],
      },
    }),
    app('multicluster.yaml', { apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceExport', metadata: meta(TOKEN.name, TOKEN.namespace) }),
  ];
  placed.push(...meshManifests(options).map((manifest) => app('mesh.yaml', manifest)));
  return placed;
}

function meshManifests(options: BundleOptions): Manifest[] {
  switch (options.mesh) {
    case 'istio':
      return [
        { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta('default', TOKEN.namespace), spec: { mtls: { mode: 'STRICT' } } },
        {
          apiVersion: 'security.istio.io/v1',
          kind: 'AuthorizationPolicy',
          metadata: meta(TOKEN.name, TOKEN.namespace),
          spec: {
            selector: { matchLabels: SELECTOR },
            action: 'ALLOW',
            rules: [{ from: [{ source: { namespaces: ['ingress-nginx', 'istio-system', 'monitoring'] } }], to: [{ operation: { methods: ['GET', 'HEAD', 'POST'] } }] }],
          },
        },
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: meta(TOKEN.name, TOKEN.namespace),
          spec: { host: `${options.name}.${options.name}.svc.cluster.local`, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '60s' } } },
        },
      ];
    case 'linkerd':
      return [
        {
          apiVersion: 'policy.linkerd.io/v1beta3',
          kind: 'Server',
          metadata: meta(`${TOKEN.name}-http`, TOKEN.namespace),
          spec: { podSelector: { matchLabels: SELECTOR }, port: 'http', proxyProtocol: 'HTTP/1' },
        },
        {
          apiVersion: 'policy.linkerd.io/v1alpha1',
          kind: 'AuthorizationPolicy',
          metadata: meta(`${TOKEN.name}-http`, TOKEN.namespace),
          spec: {
            targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: `${TOKEN.name}-http` },
            requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: `${TOKEN.name}-clients` }],
          },
        },
        {
          apiVersion: 'policy.linkerd.io/v1alpha1',
          kind: 'MeshTLSAuthentication',
          metadata: meta(`${TOKEN.name}-clients`, TOKEN.namespace),
          spec: { identities: [`*.${options.name}.serviceaccount.identity.linkerd.cluster.local`, '*.ingress-nginx.serviceaccount.identity.linkerd.cluster.local'] },
        },
      ];
    case 'cilium':
      return [
        {
          apiVersion: 'cilium.io/v2',
          kind: 'CiliumNetworkPolicy',
          metadata: meta(`${TOKEN.name}-mutual-auth`, TOKEN.namespace),
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

/** Cluster-level and platform objects, applied as plain manifests whatever the packaging. */
export function platformManifests(options: BundleOptions): PlacedManifest[] {
  const platform = (file: string, manifest: Manifest): PlacedManifest => ({ area: 'platform', file, manifest });
  const placed: PlacedManifest[] = [platform('namespaces.yaml', namespaceObject(options.name))];
  const platformNamespaces = [...(options.tier >= 3 && options.gitops === 'argocd' ? ['argocd'] : []), ...(options.tier >= 3 && options.gitops === 'flux' ? ['flux-system'] : []), ...(options.tier >= 3 ? ['velero'] : []), ...(options.tier >= 5 ? ['fleet-default'] : [])];
  for (const namespace of platformNamespaces) placed.push(platform('namespaces.yaml', namespaceObject(namespace)));
  if (options.tier >= 2) {
    for (const manifest of namespaceGuardrails(options.name, [])) placed.push(platform('guardrails.yaml', manifest));
    for (const namespace of platformNamespaces) {
      for (const manifest of namespaceGuardrails(namespace, platformAllows(namespace))) placed.push(platform('guardrails.yaml', manifest));
    }
    const storage = STORAGE[options.provider];
    placed.push(
      platform('storageclass.yaml', {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: `${options.name}-standard` },
        provisioner: storage.provisioner,
        ...(Object.keys(storage.parameters).length > 0 ? { parameters: storage.parameters } : {}),
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      }),
    );
  }
  if (options.tier >= 3) placed.push(...enterprisePlatform(options));
  if (options.tier >= 4) placed.push(...multiClusterPlatform(options));
  if (options.tier >= 5) placed.push(...hyperscalePlatform(options));
  return placed;
}

function enterprisePlatform(options: BundleOptions): PlacedManifest[] {
  const platform = (file: string, manifest: Manifest): PlacedManifest => ({ area: 'platform', file, manifest });
  const policies: Manifest = {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'require-resources-and-nonroot' },
    spec: {
      validationFailureAction: 'Enforce',
      background: true,
      rules: [
        {
          name: 'require-memory-limits',
          match: { any: [{ resources: { kinds: ['Pod'], namespaces: [options.name] } }] },
          validate: { message: 'Containers need a memory limit.', pattern: { spec: { containers: [{ resources: { limits: { memory: '?*' } } }] } } },
        },
        {
          name: 'require-non-root',
          match: { any: [{ resources: { kinds: ['Pod'], namespaces: [options.name] } }] },
          validate: { message: 'Pods must run as non-root.', pattern: { spec: { securityContext: { runAsNonRoot: true } } } },
        },
      ],
    },
  };
  return [
    platform('policies.yaml', policies),
    platform('backup.yaml', {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: meta(`${options.name}-hourly`, 'velero'),
      spec: { schedule: '0 * * * *', template: { includedNamespaces: [options.name], ttl: '168h0m0s', storageLocation: 'primary', snapshotMoveData: true } },
    }),
  ];
}

function multiClusterPlatform(options: BundleOptions): PlacedManifest[] {
  const platform = (file: string, manifest: Manifest): PlacedManifest => ({ area: 'platform', file, manifest });
  const region = { eks: ['us-east-1', 'eu-west-1'], gke: ['us-east1', 'europe-west1'], aks: ['eastus', 'westeurope'], onprem: ['dc-a', 'dc-b'] }[options.provider];
  const veleroProvider = { eks: 'aws', gke: 'gcp', aks: 'azure', onprem: 'aws' }[options.provider];
  const location = (name: string, regionName: string): Manifest => ({
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: meta(name, 'velero'),
    spec: { provider: veleroProvider, objectStorage: { bucket: `${options.name}-backups-${regionName}` }, config: { region: regionName } },
  });
  return [
    platform('backup.yaml', location('primary', region[0])),
    platform('backup.yaml', location('secondary', region[1])),
    platform('backup.yaml', {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: meta(`${options.name}-daily-cross-region`, 'velero'),
      spec: { schedule: '0 2 * * *', template: { includedNamespaces: [options.name], ttl: '720h0m0s', storageLocation: 'secondary' } },
    }),
    platform('dns-failover.yaml', {
      apiVersion: 'externaldns.k8s.io/v1alpha1',
      kind: 'DNSEndpoint',
      metadata: meta(`${options.name}-failover`, options.name),
      spec: {
        endpoints: [
          {
            dnsName: `${options.name}.example.com`,
            recordType: 'CNAME',
            targets: [`${options.name}-${region[0]}.example.com`],
            setIdentifier: region[0],
            providerSpecific: options.provider === 'eks' ? [{ name: 'aws/failover', value: 'PRIMARY' }] : [],
          },
          {
            dnsName: `${options.name}.example.com`,
            recordType: 'CNAME',
            targets: [`${options.name}-${region[1]}.example.com`],
            setIdentifier: region[1],
            providerSpecific: options.provider === 'eks' ? [{ name: 'aws/failover', value: 'SECONDARY' }] : [],
          },
        ],
      },
    }),
    platform('audit-policy.yaml', {
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      omitStages: ['RequestReceived'],
      rules: [
        { level: 'RequestResponse', resources: [{ group: '', resources: ['secrets'] }] },
        { level: 'RequestResponse', resources: [{ group: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] }] },
        { level: 'RequestResponse', resources: [{ group: '', resources: ['pods/exec', 'pods/portforward'] }] },
        { level: 'Request', verbs: ['create', 'update', 'patch', 'delete'] },
        { level: 'Metadata' },
      ],
    }),
    platform('oidc-rbac.yaml', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${options.name}-sre-view` },
      subjects: [{ kind: 'Group', name: `oidc:${options.name}-sre`, apiGroup: 'rbac.authorization.k8s.io' }],
      roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' },
    }),
    platform('oidc-rbac.yaml', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('oidc-config', 'kube-system'),
      data: {
        'config.yaml': 'issuer: https://dex.example.com\nclientID: kubernetes\nusernameClaim: email\ngroupsClaim: groups\ngroupsPrefix: "oidc:"\n',
      },
    }),
  ];
}

function hyperscalePlatform(options: BundleOptions): PlacedManifest[] {
  const platform = (file: string, manifest: Manifest): PlacedManifest => ({ area: 'platform', file, manifest });
  const nodeClass: Manifest =
    options.provider === 'aks'
      ? { apiVersion: 'karpenter.azure.com/v1beta1', kind: 'AKSNodeClass', metadata: { name: 'default' }, spec: { imageFamily: 'AzureLinux', osDiskSizeGB: 128 } }
      : {
          apiVersion: 'karpenter.k8s.aws/v1',
          kind: 'EC2NodeClass',
          metadata: { name: 'default' },
          spec: {
            role: `KarpenterNodeRole-${options.name}`,
            amiSelectorTerms: [{ alias: 'bottlerocket@latest' }],
            subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': options.name } }],
            securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': options.name } }],
            blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeType: 'gp3', volumeSize: '100Gi', encrypted: true } }],
          },
        };
  return [
    platform('fleet.yaml', {
      apiVersion: 'fleet.cattle.io/v1alpha1',
      kind: 'GitRepo',
      metadata: meta(options.name, 'fleet-default'),
      spec: { repo: `https://git.example.com/platform/${options.name}.git`, branch: 'main', paths: ['gitops'], targets: [{ clusterSelector: { matchLabels: { env: 'prod' } } }] },
    }),
    platform('karpenter.yaml', {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'default' },
      spec: {
        template: {
          spec: {
            nodeClassRef: options.provider === 'aks' ? { group: 'karpenter.azure.com', kind: 'AKSNodeClass', name: 'default' } : { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
            requirements: [
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
              { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
            ],
          },
        },
        limits: { cpu: '1000', memory: '2000Gi' },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s', budgets: [{ nodes: '10%' }] },
      },
    }),
    platform('karpenter.yaml', nodeClass),
    platform('crossplane.yaml', {
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'CompositeResourceDefinition',
      metadata: { name: `xdatabases.${options.name}.example.com` },
      spec: {
        group: `${options.name}.example.com`,
        names: { kind: 'XDatabase', plural: 'xdatabases' },
        versions: [
          {
            name: 'v1alpha1',
            served: true,
            referenceable: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string', enum: ['small', 'medium', 'large'] } } } } } },
          },
        ],
      },
    }),
    platform('crossplane.yaml', {
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'Composition',
      metadata: { name: `xdatabases-${options.provider}` },
      spec: {
        compositeTypeRef: { apiVersion: `${options.name}.example.com/v1alpha1`, kind: 'XDatabase' },
        mode: 'Pipeline',
        pipeline: [{ step: 'patch-and-transform', functionRef: { name: 'function-patch-and-transform' }, input: { apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources', resources: [] } }],
      },
    }),
    platform('tetragon.yaml', {
      apiVersion: 'cilium.io/v1alpha1',
      kind: 'TracingPolicy',
      metadata: { name: 'detect-privilege-escalation' },
      spec: { kprobes: [{ call: 'commit_creds', syscall: false, args: [{ index: 0, type: 'nop' }] }] },
    }),
    platform('policies.yaml', {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'verify-slsa-provenance' },
      spec: {
        validationFailureAction: 'Enforce',
        webhookTimeoutSeconds: 30,
        rules: [
          {
            name: 'slsa-provenance',
            match: { any: [{ resources: { kinds: ['Pod'], namespaces: [options.name] } }] },
            verifyImages: [
              {
                imageReferences: [`registry.example.com/${options.name}/*`],
                attestations: [
                  {
                    type: 'https://slsa.dev/provenance/v1',
                    attestors: [{ entries: [{ keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: `https://github.com/example/${options.name}/*` } }] }],
                    conditions: [{ all: [{ key: '{{ buildDefinition.buildType }}', operator: 'Equals', value: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1' }] }],
                  },
                ],
              },
            ],
          },
        ],
      },
    }),
    platform('backstage-template.yaml', {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: `${options.name}-service`, title: `New ${options.name} service` },
      spec: {
        owner: 'platform-team',
        type: 'service',
        parameters: [{ title: 'Service', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9-]+$' } } }],
        steps: [{ id: 'fetch', name: 'Fetch skeleton', action: 'fetch:template', input: { url: './skeleton', values: { name: '${{ parameters.name }}' } } }],
      },
    }),
  ];
}
