// Helm values of the platform charts (layout.ts): monitoring, logging and Kubecost from tier 3, Vault HA
// from tier 4, Cilium Cluster Mesh and vcluster at tier 5. Written where Argo CD or Flux reads them.
import type { Manifest } from '../../builders';
import { clusters, valuesPath } from '../layout';
import { definePart, type BundleEntry } from '../part';
import { toYaml } from '../yamlText';

export default definePart({
  id: 't3-platform-values',
  tier: 3,
  entries: (options): BundleEntry[] => {
    const files: { path: string; values: Manifest }[] = [
      {
        path: valuesPath(options, 'kube-prometheus-stack'),
        values: {
          grafana: {
            sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', searchNamespace: 'ALL' } },
            dashboardProviders: {
              'dashboardproviders.yaml': { apiVersion: 1, providers: [{ name: 'default', folder: options.name, type: 'file', options: { path: '/var/lib/grafana/dashboards/default' } }] },
            },
            dashboards: { default: { 'kubernetes-cluster': { gnetId: 7249, revision: 1, datasource: 'Prometheus' } } },
          },
          prometheus: {
            prometheusSpec: {
              retention: '15d',
              serviceMonitorSelectorNilUsesHelmValues: false,
              ruleSelectorNilUsesHelmValues: false,
              ...(options.tier >= 4 ? { thanos: { objectStorageConfig: { existingSecret: { name: 'thanos-objstore', key: 'objstore.yml' } } } } : {}),
            },
          },
        },
      },
      {
        path: valuesPath(options, 'loki-stack'),
        values: { loki: { enabled: true, persistence: { enabled: true, size: '50Gi' } }, promtail: { enabled: true } },
      },
      { path: valuesPath(options, 'kubecost'), values: { kubecostProductConfigs: { clusterName: `${options.name}-${clusters(options)[0].cluster}`, currencyCode: 'USD' }, networkCosts: { enabled: true } } },
    ];
    if (options.tier >= 4) {
      files.push({
        path: valuesPath(options, 'vault'),
        values: {
          server: {
            ha: {
              enabled: true,
              replicas: 3,
              raft: { enabled: true },
              ...(options.tier >= 5
                ? {
                    config: [
                      'ui = true',
                      'listener "tcp" { address = "[::]:8200" }',
                      'storage "raft" { path = "/vault/data" }',
                      'seal "pkcs11" {',
                      '  lib = "/vault/hsm/libCryptoki2_64.so"',
                      '  slot = "0"',
                      '  key_label = "vault-hsm-key"',
                      '}',
                      'service_registration "kubernetes" {}',
                      '',
                    ].join('\n'),
                  }
                : {}),
            },
            // Vault Enterprise performance replication between the primary and secondary clusters.
            extraEnvironmentVars: { VAULT_REPLICATION_MODE: 'performance-primary' },
            replication: { mode: 'performance', primaryClusterAddr: 'https://vault-primary.example.com:8201' },
          },
        },
      });
    }
    if (options.tier >= 5) {
      files.push(
        { path: valuesPath(options, 'cilium'), values: { cluster: { name: `${options.name}-primary`, id: 1 }, clustermesh: { useAPIServer: true, apiserver: { replicas: 2 } } } },
        { path: valuesPath(options, 'vcluster'), values: { controlPlane: { distro: { k8s: { enabled: true } } }, sync: { toHost: { ingresses: { enabled: true } } } } },
      );
    }
    return files.map((file) => ({ area: 'file', file: file.path, content: toYaml(file.values) }));
  },
});
