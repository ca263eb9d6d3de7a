import { asArray, getPath, isReplicated, podSpec, replicas } from '../../engine/kube';
import type { KubeObject } from '../../engine/model';
import { defineChecklistItem, done, missing, notApplicable, objectEvidence } from '../item';

function spreadsOverZones(object: KubeObject): boolean {
  return asArray(podSpec(object)?.topologySpreadConstraints).some((constraint) => getPath(constraint, ['topologyKey']) === 'topology.kubernetes.io/zone');
}

export default defineChecklistItem({
  id: 't3-topology-spread',
  tier: 3,
  title: 'Topology spread constraints (zone) on multi-replica workloads',
  criteria: 'Every workload with more than one replica spreads over topology.kubernetes.io/zone.',
  snippet: 'k8s-t2-deployment',
  detect(workspace) {
    const multi = [...workspace.index.objects()].filter((object) => {
      if (!isReplicated(object)) return false;
      const count = replicas(object);
      // Templated replica counts (Helm) cannot be read: treat them as multi-replica.
      return count === undefined || count > 1 || object.file.isHelmTemplate;
    });
    if (multi.length === 0) return notApplicable('No workload runs more than one replica.');
    const lacking = multi.filter((object) => !spreadsOverZones(object));
    return lacking.length === 0
      ? done(multi.map(objectEvidence))
      : missing('Some multi-replica workloads do not spread over zones.', lacking.map(objectEvidence));
  },
});
