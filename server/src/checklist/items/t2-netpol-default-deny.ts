import { asArray, asMap, getPath } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import { defineChecklistItem, done, missing, objectEvidence, objectsOfKind } from '../item';

function isDefaultDeny(policy: KubeObject): boolean {
  const selector = asMap(getPath(policy.value, ['spec', 'podSelector']));
  const empty = selector !== undefined && Object.keys(selector).every((key) => {
    const value = selector[key];
    return value === null || (typeof value === 'object' && Object.keys(value as object).length === 0);
  });
  const types = asArray(getPath(policy.value, ['spec', 'policyTypes']));
  return empty && types.includes('Ingress') && asArray(getPath(policy.value, ['spec', 'ingress'])).length === 0;
}

function allowsSomething(policy: KubeObject): boolean {
  return asArray(getPath(policy.value, ['spec', 'ingress'])).length > 0 || asArray(getPath(policy.value, ['spec', 'egress'])).length > 0;
}

export default defineChecklistItem({
  id: 't2-netpol-default-deny',
  tier: 2,
  title: 'NetworkPolicy default deny + at least one explicit allow',
  criteria: 'A NetworkPolicy with an empty podSelector denying Ingress, and another NetworkPolicy that allows traffic.',
  snippet: 'k8s-t2-netpol',
  detect(workspace) {
    const policies = objectsOfKind(workspace, 'NetworkPolicy', 'networking.k8s.io');
    const denies = policies.filter(isDefaultDeny);
    const allows = policies.filter(allowsSomething);
    if (denies.length > 0 && allows.length > 0) return done([...denies, ...allows].map(objectEvidence));
    return missing(denies.length === 0 ? 'No default-deny NetworkPolicy found.' : 'No NetworkPolicy allows any traffic.', policies.map(objectEvidence));
  },
});
