import { asMap, getPath } from '../../engine/kube/objects';
import { chartsNamed, defineChecklistItem, done, missing, valuesWhere } from '../item';

export default defineChecklistItem({
  id: 't3-kube-prometheus-stack',
  tier: 3,
  title: 'kube-prometheus-stack values with dashboards',
  criteria: 'kube-prometheus-stack installed (Argo CD, Flux or chart dependency) and Helm values configuring Grafana dashboards.',
  detect(workspace) {
    const charts = chartsNamed(workspace, /^kube-prometheus-stack$/);
    const dashboards = valuesWhere(workspace, 'Grafana dashboards', (values) => {
      const grafana = asMap(values.grafana);
      return Boolean(grafana && (grafana.dashboards !== undefined || grafana.dashboardProviders !== undefined || getPath(grafana, ['sidecar', 'dashboards', 'enabled']) === true));
    });
    if (charts.length > 0 && dashboards.length > 0) return done([...charts, ...dashboards]);
    return missing(charts.length === 0 ? 'kube-prometheus-stack is not installed by any Application, HelmRelease or chart.' : 'No values configure Grafana dashboards.', [...charts, ...dashboards]);
  },
});
