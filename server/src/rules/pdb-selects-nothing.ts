import { isEmptySelector, nearMissRelated, selectionUnknowable, workloadsSelectedBy } from './support/crossref';
import { getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'pdb-selects-nothing',
  title: 'PodDisruptionBudgets select some pods',
  category: 'availability',
  tiers: { 2: 'info' },
  rationale: 'A budget whose selector matches no pod protects nothing; usually a label was renamed on the workload and not on the budget.',
  remediation: 'Make spec.selector match the pod template labels of the workload it protects.',
  workspace: {
    silencedBy:
      'an empty selector; Helm templates whose pod labels are templated; a Kustomize build with a remote base, Helm chart or unused Component; custom resources named in the selector (operator-managed pods)',
  },
  appliesTo: (object) => object.kind === 'PodDisruptionBudget' && object.group === 'policy',
  skipPatches: true,
  check({ object, index, report }) {
    const selector = getPath(object.value, ['spec', 'selector']);
    if (selector === undefined || isEmptySelector(selector)) return;
    if (workloadsSelectedBy(index, selector, object).length > 0) return;
    if (selectionUnknowable(index, object) || index.operatorOwner(object, (name) => JSON.stringify(selector).includes(`"${name}"`))) return;
    report({
      path: ['spec', 'selector'],
      message: 'The selector matches no pod template in its namespace, so the budget protects nothing',
      advice: "Make it match the workload's pod labels.",
      related: nearMissRelated(index, selector, object),
    });
  },
});
