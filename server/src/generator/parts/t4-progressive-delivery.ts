// What tier 4 adds to the application: canary releases with Argo Rollouts gated on the SLO, and the
// ServiceExport that makes it reachable from the other clusters.
import { objectMeta } from '../../builders';
import { appLabels, TOKEN } from '../application';
import { appObject, definePart } from '../part';

export default definePart({
  id: 't4-progressive-delivery',
  tier: 4,
  entries: (options) => [
    appObject('rollout.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: objectMeta(TOKEN.name, TOKEN.namespace, { labels: appLabels('server') }),
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
    appObject('rollout.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: objectMeta(`${TOKEN.name}-success-rate`, TOKEN.namespace),
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
    appObject('multicluster.yaml', { apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceExport', metadata: objectMeta(TOKEN.name, TOKEN.namespace) }),
  ],
});
