import { highestReplicas } from '../../rules/support/crossref';
import { asArray, getPath, isReplicated, podSpec } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import { defineChecklistItem, done, missing, notApplicable, objectEvidence } from '../item';

function spreadsOverZones(object: KubeObject): boolean {
  return asArray(podSpec(object)?.topologySpreadConstraints).some((constraint) => getPath(constraint, ['topologyKey']) === 'topology.kubernetes.io/zone');
}

export default defineChecklistItem({
  id: 't3-topology-spread',
  tier: 3,
  title: 'Topology spread constraints (zone) on multi-replica workloads',
  criteria: 'Every workload that can run more than one replica (spec.replicas or an autoscaler) spreads over topology.kubernetes.io/zone.',
  snippet: 'k8s-t2-deployment',
  detect(workspace) {
    const multi = [...workspace.index.objects()].filter((object) => {
      // A Rollout with workloadRef has no pod template of its own: its Deployment is checked instead.
      if (!isReplicated(object) || podSpec(object) === undefined) return false;
      const count = highestReplicas(workspace.index, object);
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
