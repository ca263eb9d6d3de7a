import { getPath } from '../../engine/kube/objects';
import { defineChecklistItem, objectsOfKind, whenAll } from '../item';

export default defineChecklistItem({
  id: 't3-external-secrets',
  tier: 3,
  title: 'External Secrets with a Vault store',
  criteria: 'An ExternalSecret and a SecretStore or ClusterSecretStore with a vault provider.',
  snippet: 'k8s-t3-externalsecret',
  detect: (workspace) =>
    whenAll([
      { objects: objectsOfKind(workspace, 'ExternalSecret', 'external-secrets.io'), what: 'ExternalSecret' },
      {
        objects: [
          ...objectsOfKind(workspace, 'SecretStore', 'external-secrets.io'),
          ...objectsOfKind(workspace, 'ClusterSecretStore', 'external-secrets.io'),
        ].filter((object) => getPath(object.value, ['spec', 'provider', 'vault']) !== undefined),
        what: 'SecretStore with a vault provider',
      },
    ]),
});
