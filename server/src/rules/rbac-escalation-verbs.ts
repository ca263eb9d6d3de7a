import { asArray, asMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

const ESCALATION = new Set(['bind', 'escalate', 'impersonate']);

export default defineRule({
  id: 'rbac-escalation-verbs',
  title: 'No privilege-escalation verbs',
  category: 'rbac',
  tiers: { 2: 'warning' },
  rationale:
    'bind and escalate let a subject grant permissions it does not hold; impersonate lets it act as any user or group. Each is a path to cluster-admin.',
  remediation: 'Remove bind, escalate and impersonate unless the subject is an RBAC-managing controller, and then scope it with resourceNames.',
  appliesTo: (object) => (object.kind === 'Role' || object.kind === 'ClusterRole') && object.group === 'rbac.authorization.k8s.io',
  check({ object, report }) {
    asArray(object.value.rules).forEach((entry, i) => {
      asArray(asMap(entry)?.verbs).forEach((verb, j) => {
        if (typeof verb !== 'string' || !ESCALATION.has(verb)) return;
        report({
          path: ['rules', i, 'verbs', j],
          message: `Grants "${verb}", which can escalate to any permission`,
          advice: 'Remove it or limit it with resourceNames.',
        });
      });
    });
  },
});
