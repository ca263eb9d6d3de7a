import { foundElsewhere } from './support/crossref';
import { getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

/** Kinds the index can vouch for; a custom scalable resource may live anywhere. */
const KNOWN_TARGETS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig']);

export default defineRule({
  id: 'hpa-target-missing',
  title: 'HorizontalPodAutoscalers target an existing workload',
  category: 'availability',
  tiers: { 1: 'warning' },
  rationale: 'An autoscaler whose scaleTargetRef names nothing scales nothing; the workload it was meant for runs at a fixed size.',
  remediation: 'Make spec.scaleTargetRef kind and name match the Deployment, StatefulSet or Rollout to scale.',
  workspace: {
    silencedBy:
      'target kinds other than Deployment, StatefulSet, ReplicaSet, ReplicationController, Rollout and DeploymentConfig; a Helm template that may render the target; a Kustomize build with a remote base, Helm chart or unused Component',
  },
  appliesTo: (object) => object.kind === 'HorizontalPodAutoscaler' && object.group === 'autoscaling',
  skipPatches: true,
  check({ object, index, report }) {
    const kind = getPath(object.value, ['spec', 'scaleTargetRef', 'kind']);
    const name = getPath(object.value, ['spec', 'scaleTargetRef', 'name']);
    if (typeof kind !== 'string' || typeof name !== 'string' || !KNOWN_TARGETS.has(kind)) return;
    if (index.find(kind, name, object).length > 0 || index.openReason(object)) return;
    const elsewhere = foundElsewhere(index, kind, name, object);
    report({
      path: ['spec', 'scaleTargetRef', 'name'],
      message: `Target ${kind} "${name}" is not in the workspace in this namespace: the autoscaler scales nothing`,
      advice: `Fix spec.scaleTargetRef.${elsewhere.note}`,
      related: elsewhere.related,
    });
  },
});
