import { asMap, getPath } from '../../engine/kube/objects';
import { defineChecklistItem, done, missing, objectEvidence, valuesWhere } from '../item';

export default defineChecklistItem({
  id: 't5-cilium-cluster-mesh',
  tier: 5,
  title: 'Cilium Cluster Mesh',
  criteria: 'Cilium Helm values with a clustermesh section (and a cluster name/id), or a CiliumExternalWorkload/clustermesh config.',
  detect(workspace) {
    const values = valuesWhere(workspace, 'Cilium Cluster Mesh values', (map) => asMap(map.clustermesh) !== undefined && getPath(map, ['cluster', 'name']) !== undefined);
    const objects = [...workspace.index.objects()].filter((object) => object.group === 'cilium.io' && /ClusterMesh|ExternalWorkload/.test(object.kind));
    const evidence = [...values, ...objects.map(objectEvidence)];
    return evidence.length > 0 ? done(evidence) : missing('No Cilium Cluster Mesh configuration found.');
  },
});
