// GitOps with Flux (tier 3 with --gitops flux): the Git source, a root Kustomization over gitops/flux/apps,
// which holds the platform folder, the platform charts (HelmReleases with their values as generated
// ConfigMaps) and the app per environment. From tier 4 prod also reaches the secondary region's cluster,
// through a kubeconfig Secret (spec.kubeConfig), Flux's way to deploy to another cluster.
import * as path from 'path';
import type { Manifest } from '../../builders';
import { ENVIRONMENTS, environmentNamespace, type Environment } from '../application';
import { appSourcePath, clusters, environmentValuesFile, FLUX_PLATFORM, platformCharts, REPOSITORY, valuesPath } from '../layout';
import type { BundleOptions } from '../options';
import { definePart, gitopsObject, type BundleEntry } from '../part';

const FLUX_NAMESPACE = 'flux-system';

/** HelmRepositories and HelmReleases of the platform charts, their values as generated ConfigMaps. */
function fluxPlatformCharts(options: BundleOptions): Manifest[] {
  const charts = platformCharts(options);
  const repositories = charts.map((chart) => ({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: chart.repository, namespace: FLUX_NAMESPACE },
    spec: { interval: '1h', url: chart.url },
  }));
  const releases = charts.map((chart) => ({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: chart.name, namespace: FLUX_NAMESPACE },
    spec: {
      interval: '30m',
      releaseName: chart.name,
      targetNamespace: chart.namespace,
      install: { createNamespace: true },
      chart: { spec: { chart: chart.chart, version: chart.version, sourceRef: { kind: 'HelmRepository', name: chart.repository } } },
      valuesFrom: [{ kind: 'ConfigMap', name: `${chart.name}-values`, valuesKey: 'values.yaml' }],
    },
  }));
  const kustomization: Manifest = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['charts.yaml'],
    // Stable names: HelmRelease valuesFrom is not a reference kustomize knows how to rewrite.
    generatorOptions: { disableNameSuffixHash: true },
    configMapGenerator: charts.map((chart) => ({
      name: `${chart.name}-values`,
      namespace: FLUX_NAMESPACE,
      files: [`values.yaml=${path.posix.relative(FLUX_PLATFORM, valuesPath(options, chart.name))}`],
    })),
  };
  return [...repositories, ...releases, kustomization];
}

/** The app in one environment on one cluster: a HelmRelease of the chart with that environment's values, or a Kustomization of its overlay. */
function appRelease(options: BundleOptions, environment: Environment, cluster: string, remote: boolean): Manifest {
  const source = { kind: 'GitRepository', name: options.name };
  const metadata = { name: `${options.name}-${environment}${remote ? `-${cluster}` : ''}`, namespace: FLUX_NAMESPACE };
  const kubeConfig = remote ? { kubeConfig: { secretRef: { name: `${cluster}-kubeconfig` } } } : {};
  const sourcePath = appSourcePath(options, environment);
  if (options.packaging === 'helm') {
    return {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata,
      spec: {
        interval: '10m',
        releaseName: options.name,
        targetNamespace: environmentNamespace(options, environment),
        chart: { spec: { chart: `./${sourcePath}`, sourceRef: source, valuesFiles: [`./${sourcePath}/values.yaml`, `./${sourcePath}/${environmentValuesFile(environment)}`] } },
        ...kubeConfig,
      },
    };
  }
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata,
    spec: { interval: '10m', path: `./${sourcePath}`, prune: true, sourceRef: source, ...kubeConfig },
  };
}

/** Dev and staging on the first cluster; prod on every cluster of the tier. */
function appReleases(options: BundleOptions): BundleEntry[] {
  const [primary, ...others] = clusters(options);
  return ENVIRONMENTS.flatMap((environment) => [
    gitopsObject(`flux/apps/app-${environment}.yaml`, appRelease(options, environment, primary.cluster, false)),
    ...(environment === 'prod' ? others.map((cluster) => gitopsObject(`flux/apps/app-${environment}.yaml`, appRelease(options, environment, cluster.cluster, true))) : []),
  ]);
}

export default definePart({
  id: 't3-flux',
  tier: 3,
  entries: (options) => {
    if (options.gitops !== 'flux') return [];
    const source = { kind: 'GitRepository', name: options.name };
    const kustomization = (name: string, folder: string) => ({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: FLUX_NAMESPACE },
      spec: { interval: '10m', path: `./${folder}`, prune: true, sourceRef: source },
    });
    return [
      gitopsObject('flux/source.yaml', {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: options.name, namespace: FLUX_NAMESPACE },
        spec: { interval: '5m', url: REPOSITORY(options), ref: { branch: 'main' } },
      }),
      gitopsObject('flux/root.yaml', kustomization(`${options.name}-root`, 'gitops/flux/apps')),
      // Namespaces, guardrails, policies and backups (platform/kustomization.yaml).
      gitopsObject('flux/apps/platform-objects.yaml', kustomization(`${options.name}-platform-objects`, 'platform')),
      gitopsObject('flux/apps/platform.yaml', kustomization(`${options.name}-platform`, FLUX_PLATFORM)),
      ...appReleases(options),
      ...fluxPlatformCharts(options).map((manifest) => gitopsObject(`flux/platform/${manifest.kind === 'Kustomization' ? 'kustomization' : 'charts'}.yaml`, manifest)),
    ];
  },
});
