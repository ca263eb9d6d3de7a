import { getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'external-secret-refresh',
  title: 'ExternalSecrets refresh periodically',
  category: 'secrets',
  tiers: { 3: 'info' },
  rationale: 'Without refreshInterval an ExternalSecret is synced once: a rotated secret in Vault never reaches the cluster.',
  remediation: 'Set spec.refreshInterval (for example 1h) so rotations in the secret store propagate.',
  appliesTo: (object) => object.kind === 'ExternalSecret' && object.group === 'external-secrets.io',
  check({ object, report }) {
    if (getPath(object.value, ['spec', 'refreshInterval']) !== undefined) return;
    report({
      path: ['spec'],
      message: 'No refreshInterval, so rotated secrets never sync (tier 3, Enterprise, rotates secrets through Vault)',
      advice: 'Set spec.refreshInterval: 1h.',
    });
  },
  fix: {
    title: 'Set refreshInterval: 1h',
    safe: true,
    operations: () => [{ op: 'set', path: ['spec', 'refreshInterval'], value: '1h' }],
  },
});
