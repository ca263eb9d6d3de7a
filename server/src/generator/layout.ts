// Where a bundle's pieces live, for the parts that refer to each other's places: the namespaces of the
// platform controllers, the Git repository and the paths GitOps reads.
import type { Manifest } from '../builders';
import type { BundleOptions } from './options';

/** Namespaces of the platform controllers a bundle installs (each gets the namespace guardrails). */
export function platformNamespaces(options: BundleOptions): string[] {
  return [
    ...(options.tier >= 3 && options.gitops === 'argocd' ? ['argocd'] : []),
    ...(options.tier >= 3 && options.gitops === 'flux' ? ['flux-system'] : []),
    ...(options.tier >= 2 ? ['velero'] : []),
    ...(options.tier >= 5 ? ['fleet-default'] : []),
  ];
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

/** A chart's values file for an environment, relative to the chart folder. */
export const environmentValuesFile = (environment: string) => `values-${environment}.yaml`;

/** Where the app runs per tier: one cluster at tier 3, a primary and a secondary region from tier 4. */
export function clusters(options: BundleOptions): { cluster: string; url: string }[] {
  return options.tier >= 4
    ? [
        { cluster: 'primary', url: 'https://primary.k8s.example.com' },
        { cluster: 'secondary', url: 'https://secondary.k8s.example.com' },
      ]
    : [{ cluster: 'in-cluster', url: 'https://kubernetes.default.svc' }];
}

/** A platform chart GitOps installs, from the tier that asks for it, with its values at valuesPath(name). */
export interface PlatformChart {
  name: string;
  chart: string;
  repository: string;
  url: string;
  version: string;
  namespace: string;
  tier: number;
}

/** Monitoring, logging and cost visibility from tier 3 (seed section 19), Vault HA from 4, Cilium Cluster Mesh and vcluster at 5. */
const PLATFORM_CHARTS: readonly PlatformChart[] = [
  { name: 'kube-prometheus-stack', chart: 'kube-prometheus-stack', repository: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts', version: '65.1.0', namespace: 'monitoring', tier: 3 },
  { name: 'loki-stack', chart: 'loki-stack', repository: 'grafana', url: 'https://grafana.github.io/helm-charts', version: '2.10.2', namespace: 'logging', tier: 3 },
  { name: 'kubecost', chart: 'cost-analyzer', repository: 'kubecost', url: 'https://kubecost.github.io/cost-analyzer', version: '2.4.1', namespace: 'kubecost', tier: 3 },
  { name: 'vault', chart: 'vault', repository: 'hashicorp', url: 'https://helm.releases.hashicorp.com', version: '0.28.1', namespace: 'vault', tier: 4 },
  { name: 'cilium', chart: 'cilium', repository: 'cilium', url: 'https://helm.cilium.io', version: '1.16.3', namespace: 'kube-system', tier: 5 },
  { name: 'vcluster', chart: 'vcluster', repository: 'loft', url: 'https://charts.loft.sh', version: '0.20.0', namespace: 'vcluster', tier: 5 },
];

export function platformCharts(options: BundleOptions): PlatformChart[] {
  return PLATFORM_CHARTS.filter((chart) => chart.tier <= options.tier);
}

export const REPOSITORY = (options: BundleOptions) => `https://git.example.com/platform/${options.name}.git`;

/** Flux reads values from ConfigMaps generated next to its HelmReleases, so its values files live there. */
export const FLUX_PLATFORM = 'gitops/flux/platform';

export function valuesPath(options: BundleOptions, chart: string): string {
  return options.gitops === 'flux' ? `${FLUX_PLATFORM}/values/${chart}.yaml` : `platform/values/${chart}.yaml`;
}

/** The regions of the primary and secondary clusters. Hybrid: the on-premises data centre first, an AWS region second. */
export function regions(options: BundleOptions): [string, string] {
  return ({ eks: ['us-east-1', 'eu-west-1'], gke: ['us-east1', 'europe-west1'], aks: ['eastus', 'westeurope'], onprem: ['dc-a', 'dc-b'], hybrid: ['dc-a', 'us-east-1'] } as const)[options.provider].slice() as [string, string];
}

/** Provider names Velero's object-storage plugins take; on premises an S3-compatible store (MinIO). */
export const VELERO_PROVIDER = { eks: 'aws', gke: 'gcp', aks: 'azure', onprem: 'aws', hybrid: 'aws' } as const;

/** A Velero BackupStorageLocation in a region's bucket. */
export function backupLocation(options: BundleOptions, name: string, region: string): Manifest {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: { name, namespace: 'velero' },
    spec: { provider: VELERO_PROVIDER[options.provider], ...(name === 'primary' ? { default: true } : {}), objectStorage: { bucket: `${options.name}-backups-${region}` }, config: { region } },
  };
}
