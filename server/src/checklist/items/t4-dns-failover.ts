import { asArray, asMap } from '../../engine/kube/objects';
import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

export default defineChecklistItem({
  id: 't4-dns-failover',
  tier: 4,
  title: 'Multi-region DNS failover (ExternalDNS)',
  criteria: 'An externaldns.k8s.io DNSEndpoint with a failover routing policy (providerSpecific */failover, or a setIdentifier).',
  detect: (workspace) =>
    whenAny(
      objectsOfKind(workspace, 'DNSEndpoint', 'externaldns.k8s.io').filter((object) =>
        asArray(asMap(object.value.spec)?.endpoints).some((endpoint) => {
          const map = asMap(endpoint);
          return Boolean(map && (map.setIdentifier !== undefined || asArray(map.providerSpecific).some((entry) => /failover/.test(String(asMap(entry)?.name)))));
        }),
      ),
      'No DNSEndpoint with failover found.',
    ),
});
