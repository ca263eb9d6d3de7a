import { asArray, asMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

/** Providers that encrypt what the API server writes; aesgcm is left out (it needs rotation every 200k writes). */
const ENCRYPTING_PROVIDERS = new Set(['kms', 'aescbc', 'secretbox']);

/** Resource patterns of an EncryptionConfiguration entry that cover Secrets. */
const COVERS_SECRETS = new Set(['secrets', '*.', '*.*']);

export default defineRule({
  id: 'encryption-at-rest',
  title: 'EncryptionConfiguration encrypts Secrets first',
  category: 'secrets',
  tiers: { 1: 'warning' },
  rationale:
    'The API server writes objects with the first provider of the entry that covers them. With identity (or aesgcm without automatic key rotation) first, or no entry for secrets, Secrets sit in etcd and its backups in plain text; the providers after the first are only used to read older data.',
  remediation: 'Put a kms (v2), aescbc or secretbox provider first in the entry that lists secrets, keep identity last so existing data stays readable, then rewrite the Secrets (kubectl get secrets -A -o json | kubectl replace -f -).',
  appliesTo: (object) => object.kind === 'EncryptionConfiguration' && object.group === 'apiserver.config.k8s.io',
  check({ object, report }) {
    const entries = asArray(object.value.resources);
    const index = entries.findIndex((entry) => asArray(asMap(entry)?.resources).some((resource) => typeof resource === 'string' && COVERS_SECRETS.has(resource)));
    if (index === -1) {
      report({
        path: entries.length > 0 ? ['resources'] : ['kind'],
        at: entries.length > 0 ? 'key' : undefined,
        message: 'No entry lists secrets: Secrets are written to etcd unencrypted',
        advice: 'Add an entry for secrets with a kms, aescbc or secretbox provider first.',
      });
      return;
    }
    const providers = asArray(asMap(entries[index])?.providers);
    const first = asMap(providers[0]);
    const type = first ? Object.keys(first)[0] : undefined;
    if (type !== undefined && ENCRYPTING_PROVIDERS.has(type)) return;
    report({
      path: first ? ['resources', index, 'providers', 0] : ['resources', index],
      message:
        type === undefined
          ? 'The entry for secrets has no provider: the API server does not start'
          : `The first provider for secrets is ${type}: ${type === 'identity' ? 'Secrets are written to etcd unencrypted' : 'it needs a key rotation every 200,000 writes, which nothing here does'}`,
      advice: 'Put a kms, aescbc or secretbox provider first (identity may stay last, to read older data).',
    });
  },
});
