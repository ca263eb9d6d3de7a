import { asArray, asMap } from '../../engine/kube/objects';
import { defineChecklistItem, someString, whenAll } from '../item';

export default defineChecklistItem({
  id: 't4-oidc-rbac',
  tier: 4,
  title: 'Multi-cluster RBAC via OIDC federation',
  criteria: 'A (Cluster)RoleBinding to an `oidc:` group and an OIDC configuration (a ConfigMap or Secret naming an issuer with OIDC connectors or client settings).',
  detect(workspace) {
    const objects = [...workspace.index.objects()];
    const bindings = objects.filter(
      (object) =>
        object.group === 'rbac.authorization.k8s.io' &&
        ['RoleBinding', 'ClusterRoleBinding'].includes(object.kind) &&
        asArray(object.value.subjects).some((subject) => asMap(subject)?.kind === 'Group' && String(asMap(subject)?.name).startsWith('oidc:')),
    );
    const configs = objects.filter(
      (object) => ['ConfigMap', 'Secret'].includes(object.kind) && someString(object.value.data ?? object.value.stringData, /issuer:[\s\S]*(oidc|clientID)/i),
    );
    return whenAll([
      { objects: bindings, what: 'binding to an oidc: group' },
      { objects: configs, what: 'OIDC configuration' },
    ]);
  },
});
