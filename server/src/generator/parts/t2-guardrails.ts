// What every namespace gets from tier 2 (quota, default limits, default deny and DNS; platform namespaces
// also talk within themselves and out over TLS), and the cluster's retained, zone-aware StorageClass.
import { computeQuota, defaultDenyPolicy, defaultLimitRange, dnsEgressPolicy, httpsEgressPolicy, sameNamespaceIngressPolicy, type Manifest } from '../../builders';
import { appNamespaces } from '../application';
import { platformNamespaces } from '../layout';
import type { BundleOptions, Provider } from '../options';
import { definePart, platformObject } from '../part';

function namespaceGuardrails(namespace: string): Manifest[] {
  return [computeQuota(namespace), defaultLimitRange(namespace), defaultDenyPolicy(namespace), dnsEgressPolicy(namespace)];
}

/** Platform namespaces run controllers that talk to each other and to the API server and Git over TLS. */
function platformAllows(namespace: string): Manifest[] {
  return [sameNamespaceIngressPolicy(namespace), httpsEgressPolicy(namespace)];
}

const STORAGE: Record<Provider, { provisioner: string; parameters: Record<string, string> }> = {
  eks: { provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3', encrypted: 'true' } },
  gke: { provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced' } },
  aks: { provisioner: 'disk.csi.azure.com', parameters: { skuName: 'Premium_LRS' } },
  onprem: { provisioner: 'rancher.io/local-path', parameters: {} },
  // The primary site is on premises; the EKS secondary keeps its own default class.
  hybrid: { provisioner: 'rancher.io/local-path', parameters: {} },
};

function storageClass(options: BundleOptions): Manifest {
  const storage = STORAGE[options.provider];
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: `${options.name}-standard` },
    provisioner: storage.provisioner,
    ...(Object.keys(storage.parameters).length > 0 ? { parameters: storage.parameters } : {}),
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
}

export default definePart({
  id: 't2-guardrails',
  tier: 2,
  entries: (options) => [
    ...appNamespaces(options).flatMap(namespaceGuardrails).map((manifest) => platformObject('guardrails.yaml', manifest)),
    ...platformNamespaces(options).flatMap((namespace) => [...namespaceGuardrails(namespace), ...platformAllows(namespace)].map((manifest) => platformObject('guardrails.yaml', manifest))),
    platformObject('storageclass.yaml', storageClass(options)),
  ],
});
