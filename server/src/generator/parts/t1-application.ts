// The application itself (tier 1): ServiceAccount, configuration, the Secret's producer, the Deployment,
// its Service and Ingress. Later tiers harden it through the options (digest note, spread, replicas).
import { objectMeta, sealedSecret, type Manifest } from '../../builders';
import { APP_PORT, appLabels, SELECTOR, TOKEN, workloadIdentity } from '../application';
import type { BundleOptions } from '../options';
import { appObject, definePart, platformObject } from '../part';

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

function deployment(options: BundleOptions, secretName: string): Manifest {
  const identity = workloadIdentity(options);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server') }),
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
              imagePullPolicy: TOKEN.pullPolicy,
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
  const host = TOKEN.host;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: objectMeta(TOKEN.name, TOKEN.namespace, {
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
  const external = (name: string): Manifest => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: objectMeta(name, TOKEN.namespace),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: VAULT_STORE, kind: 'ClusterSecretStore' },
      target: { name, creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: `apps/${options.name}` } }],
    },
  });
  const plain: Manifest = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(secretName, TOKEN.namespace),
    // Created with `kubectl create secret` (see README): values are never committed.
    type: 'Opaque',
  };
  const primary = options.secrets === 'vault' ? [external(secretName)] : options.secrets === 'sealed' ? [sealedSecret(secretName, TOKEN.namespace)] : [plain];
  // The tier checklist asks for SealedSecrets from tier 2 and External Secrets with Vault from tier 3, whatever the app uses.
  const extra: Manifest[] = [];
  if (options.tier >= 2 && options.secrets !== 'sealed') extra.push(sealedSecret(`${secretName}-sealed`, TOKEN.namespace));
  if (options.tier >= 3 && options.secrets !== 'vault') extra.push(external(`${secretName}-vault`));
  return [...primary, ...extra];
}

/** The ClusterSecretStore the ExternalSecrets read: cluster-wide, so a platform object, not one per environment. */
function vaultStore(): Manifest {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: VAULT_STORE },
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
}

const VAULT_STORE = 'vault-backend';

export default definePart({
  id: 't1-application',
  tier: 1,
  entries: (options) => {
    const secretName = `${TOKEN.name}-credentials`;
    const identity = workloadIdentity(options);
    return [
      appObject('serviceaccount.yaml', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: objectMeta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server'), ...(Object.keys(identity.annotations).length > 0 ? { annotations: identity.annotations } : {}) }),
        automountServiceAccountToken: false,
      }),
      appObject('configmap.yaml', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: objectMeta(`${TOKEN.name}-config`, TOKEN.namespace, { labels: appLabels('config') }),
        data: { LOG_LEVEL: TOKEN.logLevel, LISTEN_PORT: String(APP_PORT) },
      }),
      ...secretProducers(options, secretName).map((manifest) => appObject('secrets.yaml', manifest)),
      appObject('deployment.yaml', deployment(options, secretName)),
      appObject('service.yaml', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: objectMeta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server') }),
        spec: { type: 'ClusterIP', selector: SELECTOR, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
      }),
      appObject('ingress.yaml', ingress(options)),
      ...(options.secrets === 'vault' || options.tier >= 3 ? [platformObject('secret-store.yaml', vaultStore())] : []),
    ];
  },
});
