import { getPath, stringMap } from '../../engine/kube/objects';
import { defineChecklistItem, whenAny } from '../item';

export default defineChecklistItem({
  id: 't4-cross-cluster-discovery',
  tier: 4,
  title: 'Cross-cluster service discovery',
  criteria: 'A ServiceExport/ServiceImport (multicluster.x-k8s.io), an Istio ServiceEntry, or an Istio east-west Gateway.',
  detect: (workspace) =>
    whenAny(
      [...workspace.index.objects()].filter((object) => {
        if (object.group === 'multicluster.x-k8s.io' && ['ServiceExport', 'ServiceImport'].includes(object.kind)) return true;
        if (object.group !== 'networking.istio.io') return false;
        if (object.kind === 'ServiceEntry') return true;
        const labels = stringMap(getPath(object.value, ['metadata', 'labels']));
        return object.kind === 'Gateway' && (/eastwest/.test(object.name ?? '') || 'topology.istio.io/network' in labels);
      }),
      'No ServiceExport, ServiceImport, ServiceEntry or east-west Gateway found.',
    ),
});
