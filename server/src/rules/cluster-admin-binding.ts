import { asArray, asMap, getPath } from '../engine/kube';
import { defineRule } from '../engine/rule';

export default defineRule({
  id: 'cluster-admin-binding',
  title: 'Nothing is bound to cluster-admin',
  category: 'rbac',
  tiers: { 1: 'info', 2: 'warning' },
  severityNote: 'from tier 2 an error when a ServiceAccount is bound: a workload then owns the cluster',
  rationale:
    'cluster-admin grants every verb on every resource in every namespace. Bound to a workload, one compromised pod controls the whole cluster; bound to people, it defeats least privilege.',
  remediation: 'Bind a Role or ClusterRole that lists only the resources and verbs the subject needs.',
  appliesTo: (object) => (object.kind === 'ClusterRoleBinding' || object.kind === 'RoleBinding') && object.group === 'rbac.authorization.k8s.io',
  check({ object, tier, report }) {
    if (getPath(object.value, ['roleRef', 'kind']) !== 'ClusterRole' || getPath(object.value, ['roleRef', 'name']) !== 'cluster-admin') return;
    const serviceAccounts = asArray(object.value.subjects)
      .map(asMap)
      .filter((subject) => subject?.kind === 'ServiceAccount')
      .map((subject) => String(subject?.name ?? '?'));
    const workload = serviceAccounts.length > 0;
    report({
      path: ['roleRef', 'name'],
      severity: tier >= 2 && workload ? 'error' : undefined,
      message: workload
        ? `${object.kind}${object.name ? ` "${object.name}"` : ''} gives ServiceAccount ${serviceAccounts.join(', ')} cluster-admin: a compromised pod would own the cluster. Bind a narrow Role instead.`
        : `${object.kind}${object.name ? ` "${object.name}"` : ''} binds cluster-admin; acceptable for learning clusters (tier 1), not from tier 2 (Production). Bind a narrower role.`,
    });
  },
});
