import { isEmptySelector, nearMissRelated, selectionUnknowable, workloadsSelectedBy } from './support/crossref';
import { getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'netpol-selects-nothing',
  title: 'NetworkPolicies select some pods',
  category: 'namespaces',
  tiers: { 2: 'info' },
  rationale: 'A policy whose podSelector matches no pod isolates nothing; usually a label changed on the workload and not on the policy.',
  remediation: 'Make spec.podSelector match the pod template labels of the workloads it should govern.',
  workspace: {
    silencedBy:
      'an empty podSelector; Helm templates whose pod labels are templated; a Kustomize build with a remote base, Helm chart or unused Component; custom resources named in the selector (operator-managed pods)',
  },
  appliesTo: (object) => object.kind === 'NetworkPolicy' && object.group === 'networking.k8s.io',
  skipPatches: true,
  check({ object, index, report }) {
    const selector = getPath(object.value, ['spec', 'podSelector']);
    if (selector === undefined || isEmptySelector(selector)) return;
    if (workloadsSelectedBy(index, selector, object).length > 0) return;
    if (selectionUnknowable(index, object) || index.operatorOwner(object, (name) => JSON.stringify(selector).includes(`"${name}"`))) return;
    report({
      path: ['spec', 'podSelector'],
      message: 'The podSelector matches no pod template in its namespace, so the policy governs nothing',
      advice: "Make it match the workload's pod labels.",
      related: nearMissRelated(index, selector, object),
    });
  },
});
