import { nearMissRelated, selectionUnknowable, workloadsSelectedBy } from './support/crossref';
import { getPath, stringMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'service-selector-orphan',
  title: 'Service selectors match some pods',
  category: 'networking',
  tiers: { 1: 'warning' },
  rationale: 'A Service whose selector matches no pod has no endpoints: every connection to it is refused, and nothing reports it at apply time.',
  remediation: 'Make spec.selector match the pod template labels of the workload behind the Service.',
  workspace: {
    silencedBy:
      'Services without a selector (ExternalName, manual Endpoints); Helm templates whose pod labels are templated; a Kustomize build with a remote base, Helm chart or unused Component; a custom resource named in the selector (operator-managed pods, such as a Prometheus or Alertmanager)',
  },
  appliesTo: (object) => object.kind === 'Service' && object.group === '',
  skipPatches: true,
  check({ object, index, report }) {
    const selector = stringMap(getPath(object.value, ['spec', 'selector']));
    if (Object.keys(selector).length === 0 || getPath(object.value, ['spec', 'type']) === 'ExternalName') return;
    if (workloadsSelectedBy(index, selector, object).length > 0) return;
    if (selectionUnknowable(index, object) || index.operatorOwner(object, (name) => Object.values(selector).includes(name))) return;
    const labels = Object.entries(selector).map(([key, value]) => `${key}=${value}`).join(', ');
    report({
      path: ['spec', 'selector'],
      message: `Selects ${labels}, which matches no pod template in its namespace: the Service has no endpoints`,
      advice: "Make the selector match the workload's pod labels.",
      related: nearMissRelated(index, selector, object),
    });
  },
});
