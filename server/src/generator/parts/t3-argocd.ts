// GitOps with Argo CD (tier 3 with --gitops argocd): an AppProject and an app-of-apps root managing the
// platform folder, the platform charts and the app. Dev and staging sync automatically through an
// ApplicationSet; prod syncs by hand (one Application at tier 3, an ApplicationSet over both regions from tier 4).
import type { Manifest } from '../../builders';
import { environmentNamespace, type Environment } from '../application';
import { appSourcePath, clusters, environmentValuesFile, platformCharts, REPOSITORY, valuesPath, type PlatformChart } from '../layout';
import type { BundleOptions } from '../options';
import { definePart, gitopsObject, type BundleEntry } from '../part';

const IN_CLUSTER = 'https://kubernetes.default.svc';
const AUTOMATED = { automated: { prune: true, selfHeal: true } };

function argoApplication(options: BundleOptions, name: string, spec: Manifest): Manifest {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd' }, spec: { project: options.name, ...spec } };
}

/** The app's source in one environment: a chart gets that environment's values file, overlays are per environment already. */
function appSource(options: BundleOptions, environment: string): Manifest {
  const source = { repoURL: REPOSITORY(options), targetRevision: 'main', path: appSourcePath(options, environment) };
  return options.packaging === 'helm' ? { ...source, helm: { releaseName: options.name, valueFiles: [environmentValuesFile(environment)] } } : source;
}

/** An ApplicationSet over (cluster, environment) elements; `{{.environment}}` stands for each element's. */
function applicationSet(options: BundleOptions, name: string, elements: Record<string, string>[], syncPolicy: Manifest | undefined): Manifest {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: 'argocd' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements } }],
      template: {
        metadata: { name: `${options.name}-{{.environment}}-{{.cluster}}` },
        spec: {
          project: options.name,
          source: appSource(options, '{{.environment}}'),
          destination: { server: '{{.url}}', namespace: '{{.namespace}}' },
          ...(syncPolicy ? { syncPolicy } : {}),
        },
      },
    },
  };
}

function chartApplication(options: BundleOptions, chart: PlatformChart): BundleEntry {
  return gitopsObject(
    `apps/${chart.name}.yaml`,
    argoApplication(options, chart.name, {
      sources: [
        { repoURL: chart.url, chart: chart.chart, targetRevision: chart.version, helm: { valueFiles: [`$values/${valuesPath(options, chart.name)}`] } },
        { repoURL: REPOSITORY(options), targetRevision: 'main', ref: 'values' },
      ],
      destination: { server: IN_CLUSTER, namespace: chart.namespace },
      syncPolicy: { ...AUTOMATED, syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] },
    }),
  );
}

export default definePart({
  id: 't3-argocd',
  tier: 3,
  entries: (options) => {
    if (options.gitops !== 'argocd') return [];
    const repoURL = REPOSITORY(options);
    const element = (cluster: { cluster: string; url: string }, environment: Environment) => ({ ...cluster, environment, namespace: environmentNamespace(options, environment) });
    const [primary] = clusters(options);
    const prodApps: BundleEntry[] =
      options.tier >= 4
        ? [gitopsObject('appsets.yaml', applicationSet(options, `${options.name}-prod`, clusters(options).map((cluster) => element(cluster, 'prod')), undefined))]
        : [gitopsObject('apps/app.yaml', argoApplication(options, options.name, { source: appSource(options, 'prod'), destination: { server: primary.url, namespace: environmentNamespace(options, 'prod') } }))];
    return [
      gitopsObject('project.yaml', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: options.name, namespace: 'argocd' },
        spec: {
          description: `${options.name} and its platform components`,
          sourceRepos: [repoURL, ...platformCharts(options).map((chart) => chart.url)],
          destinations: [{ server: '*', namespace: '*' }],
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
        },
      }),
      gitopsObject('root.yaml', argoApplication(options, `${options.name}-root`, {
        source: { repoURL, targetRevision: 'main', path: 'gitops/apps' },
        destination: { server: IN_CLUSTER, namespace: 'argocd' },
        syncPolicy: AUTOMATED,
      })),
      // Namespaces, guardrails, policies and backups (platform/kustomization.yaml). Custom resources whose
      // controllers the charts install wait for their definitions instead of failing the sync.
      gitopsObject('apps/platform.yaml', argoApplication(options, `${options.name}-platform`, {
        source: { repoURL, targetRevision: 'main', path: 'platform' },
        destination: { server: IN_CLUSTER },
        syncPolicy: { ...AUTOMATED, syncOptions: ['SkipDryRunOnMissingResource=true', 'ServerSideApply=true'] },
      })),
      ...platformCharts(options).map((chart) => chartApplication(options, chart)),
      gitopsObject('appsets.yaml', applicationSet(options, `${options.name}-environments`, (['dev', 'staging'] as const).map((environment) => element(primary, environment)), AUTOMATED)),
      ...prodApps,
    ];
  },
});
