// Tier 4 platform objects: backups to a second region, DNS failover between clusters and the API server's
// OIDC groups.
import { objectMeta, type Manifest } from '../../builders';
import { definePart, platformObject } from '../part';
import { VELERO_PROVIDER } from './t2-policy-and-backup';

export default definePart({
  id: 't4-multi-cluster-platform',
  tier: 4,
  entries: (options) => {
    // Hybrid: the on-premises data centre first, an AWS region second (S3-compatible storage on both sides).
    const region = { eks: ['us-east-1', 'eu-west-1'], gke: ['us-east1', 'europe-west1'], aks: ['eastus', 'westeurope'], onprem: ['dc-a', 'dc-b'], hybrid: ['dc-a', 'us-east-1'] }[options.provider];
    // Route 53 failover records: EKS, and hybrid whose DNS lives in its AWS account.
    const route53 = options.provider === 'eks' || options.provider === 'hybrid';
    const location = (name: string, regionName: string): Manifest => ({
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: objectMeta(name, 'velero'),
      spec: { provider: VELERO_PROVIDER[options.provider], objectStorage: { bucket: `${options.name}-backups-${regionName}` }, config: { region: regionName } },
    });
    return [
      // The tier-2 location ("primary") stays the default; the second region's is where copies go.
      platformObject('backup.yaml', location('secondary', region[1])),
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
