import * as path from 'path';
// Helm values and GitOps definitions of the platform components a tier installs, and the other non-object
// files of a bundle (Kubebuilder PROJECT). Rendered as YAML by bundle.ts.
import type { Manifest, PlacedManifest } from './manifests';
import type { BundleOptions } from './options';
import { toYaml } from './yamlText';

/** A YAML file that is not a Kubernetes object: Helm values for a platform chart. */
export interface ValuesFile {
  path: string;
  values: Manifest;
}

/** Where the app's manifests live in the Git repository the GitOps controller reads. */
export function appSourcePath(options: BundleOptions, environment: string): string {
  switch (options.packaging) {
    case 'helm':
      return `chart/${options.name}`;
    case 'kustomize':
      return `overlays/${environment}`;
    case 'raw':
      return options.tier >= 2 ? `overlays/${environment}` : 'manifests';
  }
}

const REPOSITORY = (options: BundleOptions) => `https://git.example.com/platform/${options.name}.git`;

/** Flux reads values from ConfigMaps generated next to its HelmReleases, so its values files live there. */
const FLUX_PLATFORM = 'gitops/flux/platform';

function valuesPath(options: BundleOptions, chart: string): string {
  return options.gitops === 'flux' ? `${FLUX_PLATFORM}/values/${chart}.yaml` : `platform/values/${chart}.yaml`;
}

/** Platform charts installed by GitOps from tier 3, with their values files. */
export function platformValues(options: BundleOptions): ValuesFile[] {
  if (options.tier < 3) return [];
  const files: ValuesFile[] = [
    {
      path: valuesPath(options, 'kube-prometheus-stack'),
      values: {
        grafana: {
          sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', searchNamespace: 'ALL' } },
          dashboardProviders: {
            'dashboardproviders.yaml': { apiVersion: 1, providers: [{ name: 'default', folder: options.name, type: 'file', options: { path: '/var/lib/grafana/dashboards/default' } }] },
          },
          dashboards: { default: { 'kubernetes-cluster': { gnetId: 7249, revision: 1, datasource: 'Prometheus' } } },
        },
        prometheus: {
          prometheusSpec: {
            retention: '15d',
            serviceMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
            ...(options.tier >= 4 ? { thanos: { objectStorageConfig: { existingSecret: { name: 'thanos-objstore', key: 'objstore.yml' } } } } : {}),
          },
        },
      },
    },
    {
      path: valuesPath(options, 'loki-stack'),
      values: { loki: { enabled: true, persistence: { enabled: true, size: '50Gi' } }, promtail: { enabled: true } },
    },
  ];
  if (options.tier >= 4) {
    files.push({
      path: 'platform/values/vault.yaml',
      values: {
        server: {
          ha: {
            enabled: true,
            replicas: 3,
            raft: { enabled: true },
            ...(options.tier >= 5
              ? {
                  config: [
                    'ui = true',
                    'listener "tcp" { address = "[::]:8200" }',
                    'storage "raft" { path = "/vault/data" }',
                    'seal "pkcs11" {',
                    '  lib = "/vault/hsm/libCryptoki2_64.so"',
                    '  slot = "0"',
                    '  key_label = "vault-hsm-key"',
                    '}',
                    'service_registration "kubernetes" {}',
                    '',
                  ].join('\n'),
                }
              : {}),
          },
          // Vault Enterprise performance replication between the primary and secondary clusters.
          extraEnvironmentVars: { VAULT_REPLICATION_MODE: 'performance-primary' },
          replication: { mode: 'performance', primaryClusterAddr: 'https://vault-primary.example.com:8201' },
        },
      },
    });
  }
  if (options.tier >= 5) {
    files.push(
      { path: 'platform/values/cilium.yaml', values: { cluster: { name: `${options.name}-primary`, id: 1 }, clustermesh: { useAPIServer: true, apiserver: { replicas: 2 } } } },
      { path: 'platform/values/kubecost.yaml', values: { kubecostProductConfigs: { clusterName: `${options.name}-primary`, currencyCode: 'USD' }, networkCosts: { enabled: true } } },
      { path: 'platform/values/vcluster.yaml', values: { controlPlane: { distro: { k8s: { enabled: true } } }, sync: { toHost: { ingresses: { enabled: true } } } } },
    );
  }
  return files;
}

function argoApplication(options: BundleOptions, name: string, spec: Manifest): Manifest {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd' }, spec: { project: options.name, ...spec } };
}

/** Argo CD or Flux definitions: an app-of-apps root, the app per environment, platform charts. */
export function gitopsManifests(options: BundleOptions): PlacedManifest[] {
  if (options.tier < 3 || options.gitops === 'none') return [];
  const gitops = (file: string, manifest: Manifest): PlacedManifest => ({ area: 'gitops', file, manifest });
  const repoURL = REPOSITORY(options);
  if (options.gitops === 'flux') {
    const source = { kind: 'GitRepository', name: options.name };
    return [
      gitops('flux/source.yaml', {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: options.name, namespace: 'flux-system' },
        spec: { interval: '5m', url: repoURL, ref: { branch: 'main' } },
      }),
      gitops('flux/root.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: `${options.name}-root`, namespace: 'flux-system' },
        spec: { interval: '10m', path: './gitops/flux/apps', prune: true, sourceRef: source },
      }),
      gitops('flux/apps/app.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: options.name, namespace: 'flux-system' },
        spec: { interval: '10m', path: `./${appSourcePath(options, 'prod')}`, prune: true, sourceRef: source, targetNamespace: options.name },
      }),
      gitops('flux/apps/platform.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: `${options.name}-platform`, namespace: 'flux-system' },
        spec: { interval: '10m', path: `./${FLUX_PLATFORM}`, prune: true, sourceRef: source },
      }),
      ...fluxPlatformCharts(options).map((manifest) => gitops(`flux/platform/${manifest.kind === 'Kustomization' ? 'kustomization' : 'charts'}.yaml`, manifest)),
    ];
  }
  const destination = (namespace: string) => ({ server: 'https://kubernetes.default.svc', namespace });
  const clusters = options.tier >= 4
    ? [
        { cluster: 'primary', url: 'https://primary.k8s.example.com' },
        { cluster: 'secondary', url: 'https://secondary.k8s.example.com' },
      ]
    : [{ cluster: 'primary', url: 'https://kubernetes.default.svc' }];
  const chartApp = (name: string, chart: string, repo: string, version: string, namespace: string, valuesFile: string) =>
    gitops(`apps/${name}.yaml`, argoApplication(options, name, {
      sources: [
        { repoURL: repo, chart, targetRevision: version, helm: { valueFiles: [`$values/${valuesFile}`] } },
        { repoURL, targetRevision: 'main', ref: 'values' },
      ],
      destination: destination(namespace),
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] },
    }));
  const placed: PlacedManifest[] = [
    gitops('project.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: options.name, namespace: 'argocd' },
      spec: {
        description: `${options.name} and its platform components`,
        sourceRepos: [repoURL, 'https://prometheus-community.github.io/helm-charts', 'https://grafana.github.io/helm-charts', 'https://helm.releases.hashicorp.com', 'https://kubecost.github.io/cost-analyzer', 'https://charts.loft.sh', 'https://helm.cilium.io'],
        destinations: [{ server: '*', namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    }),
    gitops('root.yaml', argoApplication(options, `${options.name}-root`, {
      source: { repoURL, targetRevision: 'main', path: 'gitops/apps' },
      destination: destination('argocd'),
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    })),
    // Production syncs by hand: a merge must not reach prod without a deliberate sync.
    gitops('apps/app.yaml', argoApplication(options, options.name, {
      source: { repoURL, targetRevision: 'main', path: appSourcePath(options, 'prod') },
      destination: destination(options.name),
    })),
    chartApp('kube-prometheus-stack', 'kube-prometheus-stack', 'https://prometheus-community.github.io/helm-charts', '65.1.0', 'monitoring', 'platform/values/kube-prometheus-stack.yaml'),
    chartApp('loki-stack', 'loki-stack', 'https://grafana.github.io/helm-charts', '2.10.2', 'logging', 'platform/values/loki-stack.yaml'),
    gitops('appsets.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: `${options.name}-clusters`, namespace: 'argocd' },
      spec: {
        goTemplate: true,
        generators: [{ list: { elements: clusters } }],
        template: {
          metadata: { name: `${options.name}-{{.cluster}}` },
          spec: {
            project: options.name,
            source: { repoURL, targetRevision: 'main', path: appSourcePath(options, 'staging') },
            destination: { server: '{{.url}}', namespace: options.name },
          },
        },
      },
    }),
  ];
  if (options.tier >= 4) placed.push(chartApp('vault', 'vault', 'https://helm.releases.hashicorp.com', '0.28.1', 'vault', 'platform/values/vault.yaml'));
  if (options.tier >= 5) {
    placed.push(
      chartApp('cilium', 'cilium', 'https://helm.cilium.io', '1.16.3', 'kube-system', 'platform/values/cilium.yaml'),
      chartApp('kubecost', 'cost-analyzer', 'https://kubecost.github.io/cost-analyzer', '2.4.1', 'kubecost', 'platform/values/kubecost.yaml'),
      chartApp('vcluster', 'vcluster', 'https://charts.loft.sh', '0.20.0', 'vcluster', 'platform/values/vcluster.yaml'),
    );
  }
  return placed;
}

const FLUX_CHARTS = [
  { name: 'kube-prometheus-stack', repository: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts', version: '65.1.0', namespace: 'monitoring' },
  { name: 'loki-stack', repository: 'grafana', url: 'https://grafana.github.io/helm-charts', version: '2.10.2', namespace: 'logging' },
];

/** HelmRepositories and HelmReleases of the platform charts, their values as generated ConfigMaps (Flux). */
function fluxPlatformCharts(options: BundleOptions): Manifest[] {
  const repositories = FLUX_CHARTS.map((chart) => ({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: chart.repository, namespace: 'flux-system' },
    spec: { interval: '1h', url: chart.url },
  }));
  const releases = FLUX_CHARTS.map((chart) => ({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: chart.name, namespace: 'flux-system' },
    spec: {
      interval: '30m',
      releaseName: chart.name,
      targetNamespace: chart.namespace,
      install: { createNamespace: true },
      chart: { spec: { chart: chart.name, version: chart.version, sourceRef: { kind: 'HelmRepository', name: chart.repository } } },
      valuesFrom: [{ kind: 'ConfigMap', name: `${chart.name}-values`, valuesKey: 'values.yaml' }],
    },
  }));
  const kustomization: Manifest = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['charts.yaml'],
    // Stable names: HelmRelease valuesFrom is not a reference kustomize knows how to rewrite.
    generatorOptions: { disableNameSuffixHash: true },
    configMapGenerator: FLUX_CHARTS.map((chart) => ({
      name: `${chart.name}-values`,
      namespace: 'flux-system',
      files: [`values.yaml=${path.posix.relative(FLUX_PLATFORM, valuesPath(options, chart.name))}`],
    })),
  };
  return [...repositories, ...releases, kustomization];
}

/** Kubebuilder's PROJECT file: the operator scaffolding of tier 5. */
export function kubebuilderProject(options: BundleOptions): string {
  const domain = `${options.name}.example.com`;
  return toYaml(
    {
      domain,
      layout: ['go.kubebuilder.io/v4'],
      projectName: `${options.name}-operator`,
      repo: `example.com/${options.name}-operator`,
      resources: [{ api: { crdVersion: 'v1', namespaced: true }, controller: true, domain, group: 'apps', kind: 'Tenant', version: 'v1alpha1' }],
      version: '3',
    },
    { indentSeq: false },
  );
}
