// Tier 4 platform objects: backups to a second region, DNS failover between clusters, the API server's
// audit policy and OIDC groups.
import { objectMeta, type Manifest } from '../../builders';
import { definePart, platformObject } from '../part';

export default definePart({
  id: 't4-multi-cluster-platform',
  tier: 4,
  entries: (options) => {
    const region = { eks: ['us-east-1', 'eu-west-1'], gke: ['us-east1', 'europe-west1'], aks: ['eastus', 'westeurope'], onprem: ['dc-a', 'dc-b'] }[options.provider];
    const veleroProvider = { eks: 'aws', gke: 'gcp', aks: 'azure', onprem: 'aws' }[options.provider];
    const location = (name: string, regionName: string): Manifest => ({
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: objectMeta(name, 'velero'),
      spec: { provider: veleroProvider, objectStorage: { bucket: `${options.name}-backups-${regionName}` }, config: { region: regionName } },
    });
    return [
      platformObject('backup.yaml', location('primary', region[0])),
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
              providerSpecific: options.provider === 'eks' ? [{ name: 'aws/failover', value: 'PRIMARY' }] : [],
            },
            {
              dnsName: `${options.name}.example.com`,
              recordType: 'CNAME',
              targets: [`${options.name}-${region[1]}.example.com`],
              setIdentifier: region[1],
              providerSpecific: options.provider === 'eks' ? [{ name: 'aws/failover', value: 'SECONDARY' }] : [],
            },
          ],
        },
      }),
      platformObject('audit-policy.yaml', {
        apiVersion: 'audit.k8s.io/v1',
        kind: 'Policy',
        omitStages: ['RequestReceived'],
        rules: [
          { level: 'RequestResponse', resources: [{ group: '', resources: ['secrets'] }] },
          { level: 'RequestResponse', resources: [{ group: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] }] },
          { level: 'RequestResponse', resources: [{ group: '', resources: ['pods/exec', 'pods/portforward'] }] },
          { level: 'Request', verbs: ['create', 'update', 'patch', 'delete'] },
          { level: 'Metadata' },
        ],
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
