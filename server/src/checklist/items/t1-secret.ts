import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't1-secret',
  tier: 1,
  title: 'Secret for sensitive values',
  criteria: 'A Secret, SealedSecret or ExternalSecret.',
  snippet: 'k8s-t1-secret',
  detect: (workspace) =>
    whenAny(
      [
        ...objectsOfKind(workspace, 'Secret', ''),
        ...objectsOfKind(workspace, 'SealedSecret', 'bitnami.com'),
        ...objectsOfKind(workspace, 'ExternalSecret', 'external-secrets.io'),
      ],
      'No Secret, SealedSecret or ExternalSecret found.',
    ),
});
