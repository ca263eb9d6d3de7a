import { getPath } from '../../engine/kube/objects';
import { defineChecklistItem, done, missing, namespaceOf, objectEvidence, objectsOfKind } from '../item';

export default defineChecklistItem({
  id: 't2-rbac',
  tier: 2,
  title: 'RBAC Role + RoleBinding in the namespace',
  criteria: 'A Role and a RoleBinding in the same namespace that binds it.',
  snippet: 'k8s-t2-rbac',
  detect(workspace) {
    const roles = objectsOfKind(workspace, 'Role', 'rbac.authorization.k8s.io');
    const evidence = objectsOfKind(workspace, 'RoleBinding', 'rbac.authorization.k8s.io').flatMap((binding) => {
      const kind = getPath(binding.value, ['roleRef', 'kind']);
      const name = getPath(binding.value, ['roleRef', 'name']);
      const role = roles.find((candidate) => kind === 'Role' && candidate.name === name && namespaceOf(candidate) === namespaceOf(binding));
      return role ? [objectEvidence(role), objectEvidence(binding)] : [];
    });
    return evidence.length > 0 ? done(evidence) : missing('No RoleBinding binds a Role of its namespace.');
  },
});
