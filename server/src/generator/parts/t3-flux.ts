// GitOps with Flux (tier 3 with --gitops flux): the Git source, a root Kustomization, the app and the
// platform charts as HelmReleases with their values as generated ConfigMaps.
import * as path from 'path';
import type { Manifest } from '../../builders';
import { appSourcePath, FLUX_PLATFORM, REPOSITORY, valuesPath } from '../layout';
import type { BundleOptions } from '../options';
import { definePart, gitopsObject } from '../part';

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

export default definePart({
  id: 't3-flux',
  tier: 3,
  entries: (options) => {
    if (options.gitops !== 'flux') return [];
    const repoURL = REPOSITORY(options);
    const source = { kind: 'GitRepository', name: options.name };
    return [
      gitopsObject('flux/source.yaml', {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: options.name, namespace: 'flux-system' },
        spec: { interval: '5m', url: repoURL, ref: { branch: 'main' } },
      }),
      gitopsObject('flux/root.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: `${options.name}-root`, namespace: 'flux-system' },
        spec: { interval: '10m', path: './gitops/flux/apps', prune: true, sourceRef: source },
      }),
      gitopsObject('flux/apps/app.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: options.name, namespace: 'flux-system' },
        spec: { interval: '10m', path: `./${appSourcePath(options, 'prod')}`, prune: true, sourceRef: source, targetNamespace: options.name },
      }),
      gitopsObject('flux/apps/platform.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: `${options.name}-platform`, namespace: 'flux-system' },
        spec: { interval: '10m', path: `./${FLUX_PLATFORM}`, prune: true, sourceRef: source },
      }),
      ...fluxPlatformCharts(options).map((manifest) => gitopsObject(`flux/platform/${manifest.kind === 'Kustomization' ? 'kustomization' : 'charts'}.yaml`, manifest)),
    ];
  },
});
