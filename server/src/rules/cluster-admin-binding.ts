import { asArray, asMap, getPath } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import { defineRule } from '../engine/lint/rule';
import type { IndexQueries } from '../engine/workspace/queries';

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const WRITE_VERBS = new Set(['*', 'create', 'update', 'patch', 'delete', 'deletecollection']);

/** A rule granting write verbs on every resource of every API group: cluster-admin in all but name. */
function grantsEverything(role: KubeObject): boolean {
  return asArray(role.value.rules).some((entry) => {
    const rule = asMap(entry);
    const list = (key: string) => asArray(rule?.[key]).map(String);
    return list('apiGroups').includes('*') && list('resources').includes('*') && list('verbs').some((verb) => WRITE_VERBS.has(verb));
  });
}

/** The role a binding refers to when it is in the workspace and as powerful as cluster-admin. */
function adminEquivalentRole(binding: KubeObject, index: IndexQueries): KubeObject | undefined {
  const kind = getPath(binding.value, ['roleRef', 'kind']);
  const name = getPath(binding.value, ['roleRef', 'name']);
  if (typeof name !== 'string') return undefined;
  const candidates =
    kind === 'ClusterRole'
      ? index.ofKind('ClusterRole', RBAC_GROUP).filter((role) => role.name === name)
      : kind === 'Role'
        ? index.find('Role', name, binding, RBAC_GROUP)
        : [];
  return candidates.find(grantsEverything);
}

export default defineRule({
  id: 'cluster-admin-binding',
  title: 'Nothing is bound to cluster-admin',
  category: 'rbac',
  tiers: { 1: 'info', 2: 'warning' },
  severityNote: 'from tier 2 an error when a ServiceAccount is bound: a workload then owns the cluster',
  rationale:
    'cluster-admin grants every verb on every resource in every namespace. Bound to a workload, one compromised pod controls the whole cluster; bound to people, it defeats least privilege. A role of the workspace that grants write verbs on every resource of every API group is treated the same.',
  remediation: 'Bind a Role or ClusterRole that lists only the resources and verbs the subject needs.',
  appliesTo: (object) => (object.kind === 'ClusterRoleBinding' || object.kind === 'RoleBinding') && object.group === RBAC_GROUP,
  check({ object, tier, index, report }) {
    const isClusterAdmin = getPath(object.value, ['roleRef', 'kind']) === 'ClusterRole' && getPath(object.value, ['roleRef', 'name']) === 'cluster-admin';
    const equivalent = isClusterAdmin ? undefined : adminEquivalentRole(object, index);
    if (!isClusterAdmin && !equivalent) return;
    const granted = equivalent ? `${equivalent.kind} "${equivalent.name}" (every resource of every API group, with write verbs: cluster-admin in all but name)` : 'cluster-admin';
    const serviceAccounts = asArray(object.value.subjects)
      .map(asMap)
      .filter((subject) => subject?.kind === 'ServiceAccount')
      .map((subject) => String(subject?.name ?? '?'));
    const workload = serviceAccounts.length > 0;
    const binding = `${object.kind}${object.name ? ` "${object.name}"` : ''}`;
    report({
      path: ['roleRef', 'name'],
      severity: tier >= 2 && workload ? 'error' : undefined,
      message: workload
        ? `${binding} gives ServiceAccount ${serviceAccounts.join(', ')} ${granted}: a compromised pod would own the cluster. Bind a narrow Role instead.`
        : `${binding} binds ${granted}; acceptable for learning clusters (tier 1), not from tier 2 (Production). Bind a narrower role.`,
      related: equivalent ? [{ object: equivalent, path: ['rules'], message: `${equivalent.kind} "${equivalent.name}" grants every resource` }] : undefined,
    });
  },
});
