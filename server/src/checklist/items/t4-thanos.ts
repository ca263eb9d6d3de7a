import { containers, getPath } from '../../engine/kube/objects';
import { chartsNamed, defineChecklistItem, done, missing, objectEvidence, valuesWhere } from '../item';

export default defineChecklistItem({
  id: 't4-thanos',
  tier: 4,
  title: 'Thanos for federated metrics',
  criteria: 'A Prometheus with spec.thanos, a Thanos chart or values, or a workload running a Thanos image.',
  detect(workspace) {
    const objects = [...workspace.index.objects()].filter(
      (object) =>
        (object.kind === 'Prometheus' && getPath(object.value, ['spec', 'thanos']) !== undefined) ||
        containers(object).some((container) => /thanos/.test(String(container.value.image ?? ''))),
    );
    const evidence = [
      ...objects.map(objectEvidence),
      ...chartsNamed(workspace, /thanos/),
      ...valuesWhere(workspace, 'Thanos values', (values) => values.thanos !== undefined || getPath(values, ['prometheus', 'prometheusSpec', 'thanos']) !== undefined),
    ];
    return evidence.length > 0 ? done(evidence) : missing('No Thanos configuration found.');
  },
});
