import { getPath } from '../../engine/kube/objects';
import { defineChecklistItem, done, missing, someString, valuesWhere } from '../item';

export default defineChecklistItem({
  id: 't4-vault-ha',
  tier: 4,
  title: 'Vault HA with cross-cluster replication',
  criteria: 'Vault Helm values with server.ha.enabled: true and replication configured.',
  detect(workspace) {
    const evidence = valuesWhere(
      workspace,
      'Vault HA values',
      (values) => getPath(values, ['server', 'ha', 'enabled']) === true && (someString(values.server, /replication/) || getPath(values, ['server', 'replication']) !== undefined || getPath(values, ['server', 'ha', 'replication']) !== undefined),
    );
    return evidence.length > 0 ? done(evidence) : missing('No Vault values with server.ha.enabled and replication found.');
  },
});
