// Tier 4 platform objects: backups to a second region, DNS failover between clusters and the API server's
// OIDC groups.
import { objectMeta } from '../../builders';
import { definePart, platformObject } from '../part';
import { backupLocation, regions } from '../layout';

export default definePart({
  id: 't4-multi-cluster-platform',
  tier: 4,
  entries: (options) => {
    const region = regions(options);
    // Route 53 failover records: EKS, and hybrid whose DNS lives in its AWS account.
    const route53 = options.provider === 'eks' || options.provider === 'hybrid';
    return [
      // The tier-2 location ("primary") stays the default; the second region's is where copies go.
      platformObject('backup.yaml', backupLocation(options, 'secondary', region[1])),
      platformObject('backup.yaml', {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: objectMeta(`${options.name}-daily-cross-region`, 'velero'),
        spec: { schedule: '0 2 * * *', template: { includedNamespaces: [options.name], ttl: '720h0m0s', storageLocation: 'secondary' } },
      }),
      platformObject('dns-failover.yaml', {
        apiVersion: 'externaldns.k8s.io/v1alpha1',
        kind: 'DNSEndpoint',
        metadata: objectMeta(`${options.name}-failover`, options.name),
        spec: {
          endpoints: [
            {
              dnsName: `${options.name}.example.com`,
              recordType: 'CNAME',
              targets: [`${options.name}-${region[0]}.example.com`],
              setIdentifier: region[0],
              providerSpecific: route53 ? [{ name: 'aws/failover', value: 'PRIMARY' }] : [],
            },
            {
              dnsName: `${options.name}.example.com`,
              recordType: 'CNAME',
              targets: [`${options.name}-${region[1]}.example.com`],
              setIdentifier: region[1],
              providerSpecific: route53 ? [{ name: 'aws/failover', value: 'SECONDARY' }] : [],
            },
          ],
        },
      }),
      platformObject('oidc-rbac.yaml', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `${options.name}-sre-view` },
        subjects: [{ kind: 'Group', name: `oidc:${options.name}-sre`, apiGroup: 'rbac.authorization.k8s.io' }],
        roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' },
      }),
      platformObject('oidc-rbac.yaml', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: objectMeta('oidc-config', 'kube-system'),
        data: {
          'config.yaml': 'issuer: https://dex.example.com\nclientID: kubernetes\nusernameClaim: email\ngroupsClaim: groups\ngroupsPrefix: "oidc:"\n',
        },
      }),
    ];
  },
});
