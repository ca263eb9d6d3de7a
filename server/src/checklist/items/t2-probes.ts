import { containers, isLongRunning, isSidecar } from '../../engine/kube/objects';
import { defineChecklistItem, done, missing, notApplicable, objectEvidence } from '../item';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export default defineChecklistItem({
  id: 't2-probes',
  tier: 2,
  title: 'Liveness, readiness and startup probes on long-running workloads',
  criteria: 'Every app container of every long-running workload has liveness, readiness and startup probes.',
  snippet: 'k8s-t2-deployment',
  detect(workspace) {
    const workloads = [...workspace.index.objects()].filter((object) => isLongRunning(object) && !object.file.isHelmTemplate);
    const templated = [...workspace.index.objects()].filter((object) => isLongRunning(object) && object.file.isHelmTemplate);
    const all = [...workloads, ...templated];
    if (all.length === 0) return notApplicable('No long-running workload in the workspace.');
    const lacking = all.filter((object) =>
      containers(object, ['containers', 'initContainers'])
        .filter((container) => container.kind === 'containers' || isSidecar(container))
        .some((container) => PROBES.some((probe) => container.value[probe] === undefined || container.value[probe] === null)),
    );
    return lacking.length === 0
      ? done(all.map(objectEvidence))
      : missing('Some long-running workloads lack a liveness, readiness or startup probe.', lacking.map(objectEvidence));
  },
});
