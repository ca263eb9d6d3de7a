// Tier 2 platform objects (seed section 19: policy engine, backups and dashboards from tier 2): a Kyverno
// policy enforcing what the linter checks, hourly Velero backups of the app's namespaces to their storage
// location, and a Grafana dashboard of the app's traffic for the monitoring stack's sidecar.
import { objectMeta, type Manifest } from '../../builders';
import { appNamespaces } from '../application';
import type { BundleOptions } from '../options';
import { backupLocation, regions } from '../layout';
import { definePart, platformObject } from '../part';

/** A dashboard of the app's request rate and errors, as the Grafana sidecar loads it (label grafana_dashboard). */
function dashboard(options: BundleOptions): Manifest {
  const panel = (id: number, title: string, expr: string) => ({ id, title, type: 'timeseries', datasource: 'Prometheus', gridPos: { x: (id - 1) * 12, y: 0, w: 12, h: 8 }, targets: [{ expr }] });
  const json = {
    title: options.name,
    uid: options.name,
    schemaVersion: 39,
    templating: { list: [{ name: 'namespace', type: 'custom', query: appNamespaces(options).join(',') }] },
    panels: [
      panel(1, 'Requests per second', `sum(rate(http_requests_total{namespace="$namespace",service="${options.name}"}[5m]))`),
      panel(2, 'Error ratio', `sum(rate(http_requests_total{namespace="$namespace",service="${options.name}",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="$namespace",service="${options.name}"}[5m]))`),
    ],
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(`${options.name}-dashboard`, options.name, { labels: { grafana_dashboard: '1' } }),
    data: { [`${options.name}.json`]: JSON.stringify(json, null, 2) },
  };
}

export default definePart({
  id: 't2-policy-and-backup',
  tier: 2,
  entries: (options) => {
    const policies: Manifest = {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'require-resources-and-nonroot' },
      spec: {
        validationFailureAction: 'Enforce',
        background: true,
        rules: [
          {
            name: 'require-memory-limits',
            match: { any: [{ resources: { kinds: ['Pod'], namespaces: appNamespaces(options) } }] },
            validate: { message: 'Containers need a memory limit.', pattern: { spec: { containers: [{ resources: { limits: { memory: '?*' } } }] } } },
          },
          {
            name: 'require-non-root',
            match: { any: [{ resources: { kinds: ['Pod'], namespaces: appNamespaces(options) } }] },
            validate: { message: 'Pods must run as non-root.', pattern: { spec: { securityContext: { runAsNonRoot: true } } } },
          },
        ],
      },
    };
    return [
      platformObject('policies.yaml', policies),
      platformObject('backup.yaml', backupLocation(options, 'primary', regions(options)[0])),
      platformObject('backup.yaml', {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: objectMeta(`${options.name}-hourly`, 'velero'),
        spec: { schedule: '0 * * * *', template: { includedNamespaces: appNamespaces(options), ttl: '168h0m0s', storageLocation: 'primary', snapshotMoveData: true } },
      }),
      platformObject('dashboards.yaml', dashboard(options)),
    ];
  },
});
