// Tier 3 platform objects: a Kyverno policy enforcing what the linter checks, and hourly Velero backups.
import { objectMeta, type Manifest } from '../../builders';
import { definePart, platformObject } from '../part';

export default definePart({
  id: 't3-policy-and-backup',
  tier: 3,
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
            match: { any: [{ resources: { kinds: ['Pod'], namespaces: [options.name] } }] },
            validate: { message: 'Containers need a memory limit.', pattern: { spec: { containers: [{ resources: { limits: { memory: '?*' } } }] } } },
          },
          {
            name: 'require-non-root',
            match: { any: [{ resources: { kinds: ['Pod'], namespaces: [options.name] } }] },
            validate: { message: 'Pods must run as non-root.', pattern: { spec: { securityContext: { runAsNonRoot: true } } } },
          },
        ],
      },
    };
    return [
      platformObject('policies.yaml', policies),
      platformObject('backup.yaml', {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: objectMeta(`${options.name}-hourly`, 'velero'),
        spec: { schedule: '0 * * * *', template: { includedNamespaces: [options.name], ttl: '168h0m0s', storageLocation: 'primary', snapshotMoveData: true } },
      }),
    ];
  },
});
