// Namespaced access of an application: a developer Role bound to a group.
import { objectMeta, type Manifest } from './metadata';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `<app>-developer`: roll out and read the app, bound to the group `<app>-developers`. */
export function developerAccess(app: string, namespace: string): Manifest[] {
  const role = `${app}-developer`;
  return [
    {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'Role',
      metadata: objectMeta(role, namespace),
      rules: [
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [''], resources: ['pods', 'pods/log', 'services', 'configmaps'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'RoleBinding',
      metadata: objectMeta(`${app}-developers`, namespace),
      subjects: [{ kind: 'Group', name: `${app}-developers`, apiGroup: RBAC_GROUP }],
      roleRef: { kind: 'Role', name: role, apiGroup: RBAC_GROUP },
    },
  ];
}
