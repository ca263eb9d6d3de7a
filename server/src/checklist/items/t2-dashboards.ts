import { asMap, getPath } from '../../engine/kube/objects';
import { defineChecklistItem, done, missing, objectEvidence, objectsOfKind, valuesWhere } from '../item';

// Seed section 19: "Dashboards provisioned (Tier 2+)". A dashboard ConfigMap is what Grafana's sidecar
// (kube-prometheus-stack, the Grafana chart) loads; the Grafana operator has its own kind.
export default defineChecklistItem({
  id: 't2-dashboards',
  tier: 2,
  title: 'Grafana dashboards provisioned',
  criteria: 'A ConfigMap labelled grafana_dashboard, a grafana.integreatly.org GrafanaDashboard, or Helm values configuring Grafana dashboards.',
  detect(workspace) {
    const configMaps = objectsOfKind(workspace, 'ConfigMap').filter((object) => asMap(getPath(object.value, ['metadata', 'labels']))?.grafana_dashboard !== undefined);
    const operator = objectsOfKind(workspace, 'GrafanaDashboard', 'grafana.integreatly.org');
    const values = valuesWhere(workspace, 'Grafana dashboards', (entry) => {
      const grafana = asMap(entry.grafana);
      return Boolean(grafana && (grafana.dashboards !== undefined || grafana.dashboardProviders !== undefined));
    });
    const evidence = [...[...configMaps, ...operator].map(objectEvidence), ...values];
    return evidence.length > 0 ? done(evidence) : missing('No dashboard ConfigMap (label grafana_dashboard), GrafanaDashboard or Grafana dashboards values found.');
  },
});
