import { highestReplicas, workloadMatchLabels } from './support/crossref';
import { getPath, isLongRunning, podSpecPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

const SPREAD_KEYS = ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'];

export default defineRule({
  id: 'topology-spread',
  title: 'Replicas are spread across zones and nodes',
  category: 'availability',
  tiers: { 2: 'info', 3: 'warning' },
  rationale: 'Without spread constraints or anti-affinity the scheduler may put every replica on one node or in one zone, which then fails as a whole.',
  remediation: 'Add topologySpreadConstraints on topology.kubernetes.io/zone and kubernetes.io/hostname (maxSkew 1) selecting the pod labels, or a podAntiAffinity.',
  workspace: { silencedBy: 'a single replica (an autoscaler in the index whose maxReplicas is above 1 counts as several)' },
  appliesTo: (object) => isLongRunning(object) && object.kind !== 'DaemonSet',
  skipPatches: true,
  tierNote: true,
  checkPod({ object, pod: { spec }, index, report }) {
    const count = highestReplicas(index, object);
    if (count === undefined || count < 2) return;
    if (spec.topologySpreadConstraints !== undefined || getPath(spec, ['affinity', 'podAntiAffinity']) !== undefined) return;
    report({
      path: ['metadata', 'name'],
      message: `Up to ${count} pods with neither topologySpreadConstraints nor podAntiAffinity: they may all land on one node or zone`,
      advice: 'Add zone and hostname spread constraints.',
      data: { selector: workloadMatchLabels(object) },
    });
  },
  fix: {
    title: 'Add zone and hostname spread constraints',
    safe: true,
    operations: (object, data) => {
      const specPath = podSpecPath(object);
      if (!specPath) return [];
      const matchLabels = (data.selector as Record<string, string> | undefined) ?? workloadMatchLabels(object);
      return SPREAD_KEYS.map((topologyKey) => ({
        op: 'append' as const,
        path: [...specPath, 'topologySpreadConstraints'],
        value: { maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels } },
      }));
    },
  },
});
