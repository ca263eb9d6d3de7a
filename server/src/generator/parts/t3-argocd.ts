// GitOps with Argo CD (tier 3 with --gitops argocd): an AppProject, an app-of-apps root, the app (synced
// by hand in production), the platform charts, and an ApplicationSet over the clusters (two from tier 4).
import type { Manifest } from '../../builders';
import { appSourcePath, REPOSITORY } from '../layout';
import type { BundleOptions } from '../options';
import { definePart, gitopsObject, type BundleEntry } from '../part';

function argoApplication(options: BundleOptions, name: string, spec: Manifest): Manifest {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd' }, spec: { project: options.name, ...spec } };
}

export default definePart({
  id: 't3-argocd',
  tier: 3,
  entries: (options) => {
    if (options.gitops !== 'argocd') return [];
    const repoURL = REPOSITORY(options);
    const destination = (namespace: string) => ({ server: 'https://kubernetes.default.svc', namespace });
    const clusters = options.tier >= 4
      ? [
          { cluster: 'primary', url: 'https://primary.k8s.example.com' },
          { cluster: 'secondary', url: 'https://secondary.k8s.example.com' },
        ]
      : [{ cluster: 'primary', url: 'https://kubernetes.default.svc' }];
    const chartApp = (name: string, chart: string, repo: string, version: string, namespace: string, valuesFile: string) =>
      gitopsObject(`apps/${name}.yaml`, argoApplication(options, name, {
        sources: [
          { repoURL: repo, chart, targetRevision: version, helm: { valueFiles: [`$values/${valuesFile}`] } },
          { repoURL, targetRevision: 'main', ref: 'values' },
        ],
        destination: destination(namespace),
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] },
      }));
    const placed: BundleEntry[] = [
      gitopsObject('project.yaml', {
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
      gitopsObject('root.yaml', argoApplication(options, `${options.name}-root`, {
        source: { repoURL, targetRevision: 'main', path: 'gitops/apps' },
        destination: destination('argocd'),
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      })),
      // Production syncs by hand: a merge must not reach prod without a deliberate sync.
      gitopsObject('apps/app.yaml', argoApplication(options, options.name, {
        source: { repoURL, targetRevision: 'main', path: appSourcePath(options, 'prod') },
        destination: destination(options.name),
      })),
      chartApp('kube-prometheus-stack', 'kube-prometheus-stack', 'https://prometheus-community.github.io/helm-charts', '65.1.0', 'monitoring', 'platform/values/kube-prometheus-stack.yaml'),
      chartApp('loki-stack', 'loki-stack', 'https://grafana.github.io/helm-charts', '2.10.2', 'logging', 'platform/values/loki-stack.yaml'),
      gitopsObject('appsets.yaml', {
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
  },
});
