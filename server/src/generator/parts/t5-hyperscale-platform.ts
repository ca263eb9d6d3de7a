// Tier 5 platform objects: a Fleet GitRepo, Karpenter node pools, a Crossplane API, Tetragon runtime
// detection, SLSA provenance admission and a Backstage template.
import { objectMeta, type Manifest } from '../../builders';
import { releaseRegistry } from '../application';
import { definePart, platformObject } from '../part';

export default definePart({
  id: 't5-hyperscale-platform',
  tier: 5,
  entries: (options) => {
    const nodeClass: Manifest =
      options.provider === 'aks'
        ? { apiVersion: 'karpenter.azure.com/v1beta1', kind: 'AKSNodeClass', metadata: { name: 'default' }, spec: { imageFamily: 'AzureLinux', osDiskSizeGB: 128 } }
        : {
            apiVersion: 'karpenter.k8s.aws/v1',
            kind: 'EC2NodeClass',
            metadata: { name: 'default' },
            spec: {
              role: `KarpenterNodeRole-${options.name}`,
              amiSelectorTerms: [{ alias: 'bottlerocket@latest' }],
              subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': options.name } }],
              securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': options.name } }],
              blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeType: 'gp3', volumeSize: '100Gi', encrypted: true } }],
            },
          };
    return [
      platformObject('fleet.yaml', {
        apiVersion: 'fleet.cattle.io/v1alpha1',
        kind: 'GitRepo',
        metadata: objectMeta(options.name, 'fleet-default'),
        spec: { repo: `https://git.example.com/platform/${options.name}.git`, branch: 'main', paths: ['gitops'], targets: [{ clusterSelector: { matchLabels: { env: 'prod' } } }] },
      }),
      platformObject('karpenter.yaml', {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'default' },
        spec: {
          template: {
            spec: {
              nodeClassRef: options.provider === 'aks' ? { group: 'karpenter.azure.com', kind: 'AKSNodeClass', name: 'default' } : { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
              requirements: [
                { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
                { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
              ],
            },
          },
          limits: { cpu: '1000', memory: '2000Gi' },
          disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s', budgets: [{ nodes: '10%' }] },
        },
      }),
      platformObject('karpenter.yaml', nodeClass),
      platformObject('crossplane.yaml', {
        apiVersion: 'apiextensions.crossplane.io/v1',
        kind: 'CompositeResourceDefinition',
        metadata: { name: `xdatabases.${options.name}.example.com` },
        spec: {
          group: `${options.name}.example.com`,
          names: { kind: 'XDatabase', plural: 'xdatabases' },
          versions: [
            {
              name: 'v1alpha1',
              served: true,
              referenceable: true,
              schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string', enum: ['small', 'medium', 'large'] } } } } } },
            },
          ],
        },
      }),
      platformObject('crossplane.yaml', {
        apiVersion: 'apiextensions.crossplane.io/v1',
        kind: 'Composition',
        metadata: { name: `xdatabases-${options.provider}` },
        spec: {
          compositeTypeRef: { apiVersion: `${options.name}.example.com/v1alpha1`, kind: 'XDatabase' },
          mode: 'Pipeline',
          pipeline: [{ step: 'patch-and-transform', functionRef: { name: 'function-patch-and-transform' }, input: { apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources', resources: [] } }],
        },
      }),
      platformObject('tetragon.yaml', {
        apiVersion: 'cilium.io/v1alpha1',
        kind: 'TracingPolicy',
        metadata: { name: 'detect-privilege-escalation' },
        spec: { kprobes: [{ call: 'commit_creds', syscall: false, args: [{ index: 0, type: 'nop' }] }] },
      }),
      platformObject('policies.yaml', {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: 'verify-slsa-provenance' },
        spec: {
          validationFailureAction: 'Enforce',
          webhookTimeoutSeconds: 30,
          rules: [
            {
              name: 'slsa-provenance',
              match: { any: [{ resources: { kinds: ['Pod'], namespaces: [options.name] } }] },
              verifyImages: [
                {
                  imageReferences: [`${releaseRegistry(options)}/*`],
                  attestations: [
                    {
                      type: 'https://slsa.dev/provenance/v1',
                      attestors: [{ entries: [{ keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: `https://github.com/example/${options.name}/*` } }] }],
                      conditions: [{ all: [{ key: '{{ buildDefinition.buildType }}', operator: 'Equals', value: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1' }] }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      }),
      platformObject('backstage-template.yaml', {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: `${options.name}-service`, title: `New ${options.name} service` },
        spec: {
          owner: 'platform-team',
          type: 'service',
          parameters: [{ title: 'Service', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9-]+$' } } }],
          steps: [{ id: 'fetch', name: 'Fetch skeleton', action: 'fetch:template', input: { url: './skeleton', values: { name: '${{ parameters.name }}' } } }],
        },
      }),
    ];
  },
});
