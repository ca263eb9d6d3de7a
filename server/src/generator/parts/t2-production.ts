// What tier 2 adds to the application: autoscaling, a disruption budget, its ingress allow, metrics
// scraping and developer access, all from the shared object builders.
import { developerAccess, horizontalPodAutoscaler, ingressAllowPolicy, podDisruptionBudget, serviceMonitor } from '../../builders';
import { APP_PORT, appLabels, SELECTOR, TOKEN } from '../application';
import { appObject, definePart } from '../part';

export default definePart({
  id: 't2-production',
  tier: 2,
  entries: () => {
    const workload = { name: TOKEN.name, namespace: TOKEN.namespace, labels: appLabels('server') };
    return [
      appObject('hpa.yaml', horizontalPodAutoscaler({ ...workload, target: { apiVersion: 'apps/v1', kind: 'Deployment', name: TOKEN.name }, minReplicas: TOKEN.minReplicas, maxReplicas: TOKEN.maxReplicas })),
      appObject('pdb.yaml', podDisruptionBudget({ ...workload, budget: { maxUnavailable: 1 }, podLabels: SELECTOR })),
      appObject(
        'networkpolicy.yaml',
        ingressAllowPolicy({ name: `${TOKEN.name}-allow-http`, namespace: TOKEN.namespace, labels: appLabels('network'), podLabels: SELECTOR, fromNamespaces: ['ingress-nginx', 'monitoring'], port: APP_PORT }),
      ),
      appObject(
        'servicemonitor.yaml',
        serviceMonitor({
          name: TOKEN.name,
          namespace: TOKEN.namespace,
          labels: { ...appLabels('monitoring'), release: 'kube-prometheus-stack' },
          serviceLabels: SELECTOR,
          endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
        }),
      ),
      ...developerAccess(TOKEN.name, TOKEN.namespace).map((manifest) => appObject('rbac.yaml', manifest)),
    ];
  },
});
