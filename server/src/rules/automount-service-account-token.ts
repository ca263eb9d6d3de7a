import { asArray, asMap, isSet } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import type { KubeObject } from '../engine/yaml/model';
import type { NodePath } from '../engine/types';
import { namespacesIntersect, type NamespaceSet } from '../engine/workspace/namespaces';
import type { IndexQueries } from '../engine/workspace/queries';
import { isPlaceholder } from './support/syntax';

const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'];

/** Whether a binding subject is the ServiceAccount `name` of one of `namespaces` (directly, or through its groups). */
function subjectIsAccount(subject: unknown, binding: KubeObject, bindingNamespaces: NamespaceSet, name: string, namespaces: NamespaceSet): boolean {
  const entry = asMap(subject);
  if (!entry || typeof entry.name !== 'string') return false;
  // A templated Helm subject may render to the account.
  if (isPlaceholder(binding, entry.name)) return true;
  if (entry.kind === 'ServiceAccount') {
    // A RoleBinding's subject without a namespace is in the binding's namespace.
    const subjectNamespaces = typeof entry.namespace === 'string' ? [entry.namespace] : binding.kind === 'RoleBinding' ? bindingNamespaces : [];
    return entry.name === name && namespacesIntersect(subjectNamespaces, namespaces);
  }
  // system:serviceaccounts (every account of the cluster) is how PodSecurityPolicy use was granted: no sign that these pods call the API.
  if (entry.kind === 'Group') return namespaces.some((namespace) => entry.name === `system:serviceaccounts:${namespace}`);
  if (entry.kind === 'User') return namespaces.some((namespace) => entry.name === `system:serviceaccount:${namespace}:${name}`);
  return false;
}

/** The first binding in the workspace that grants the account a role: then its pods are expected to call the API. */
function bindingOf(index: IndexQueries, name: string, namespaces: NamespaceSet): KubeObject | undefined {
  return BINDING_KINDS.flatMap((kind) => index.ofKind(kind, 'rbac.authorization.k8s.io')).find((binding) => {
    const bindingNamespaces = index.namespacesOf(binding);
    return asArray(binding.value.subjects).some((subject) => subjectIsAccount(subject, binding, bindingNamespaces, name, namespaces));
  });
}

export default defineRule({
  id: 'automount-service-account-token',
  title: 'Pods that do not call the API do not mount a token',
  category: 'pod-security',
  tiers: { 2: 'info' },
  rationale:
    'Every pod mounts a token of its ServiceAccount unless told not to. A pod whose account no RoleBinding or ClusterRoleBinding grants anything has no use for it, but an attacker who gets into the pod can use it to reach the API server (and whatever a later binding grants).',
  remediation:
    'Set automountServiceAccountToken: false in the pod spec (or on the ServiceAccount); pods that do call the API keep the token and get a Role bound to their own ServiceAccount.',
  workspace: {
    silencedBy:
      'a RoleBinding or ClusterRoleBinding in the workspace naming the ServiceAccount (directly, as system:serviceaccount:<ns>:<name>, or through the system:serviceaccounts:<ns> group); a Helm template binding; a Kustomize build with a remote base, Helm chart or unused Component',
  },
  skipPatches: true,
  tierNote: true,
  checkPod({ object, pod: { spec, path: specPath }, index, report }) {
    const own = spec.automountServiceAccountToken;
    if (own === false) return;
    const field = ['serviceAccountName', 'serviceAccount'].find((key) => isSet(spec[key]));
    const account = field === undefined ? 'default' : spec[field];
    if (typeof account !== 'string' || isPlaceholder(object, account)) return;
    // The pod's own setting wins; without one, the ServiceAccount's applies.
    if (own !== true && index.find('ServiceAccount', account, object, '').some((sa) => sa.value.automountServiceAccountToken === false)) return;
    if (bindingOf(index, account, index.namespacesOf(object)) || index.openReason(object)) return;
    const path: NodePath = own === true ? [...specPath, 'automountServiceAccountToken'] : specPath;
    report({
      path,
      at: own === true ? undefined : 'key',
      message: `The pods mount a token of ServiceAccount "${account}", which no RoleBinding in the workspace grants anything: they do not seem to call the API, and the token only helps an attacker`,
      advice: 'Set automountServiceAccountToken: false (or bind a Role to the account if the pods do call the API).',
      data: { path: [...specPath, 'automountServiceAccountToken'] },
    });
  },
  fix: {
    title: 'Set automountServiceAccountToken: false',
    // Pods that call the API with a binding kept elsewhere would lose their access: offered one by one.
    safe: false,
    operations: (_object, data) => (Array.isArray(data.path) ? [{ op: 'set', path: data.path as NodePath, value: false }] : []),
  },
});
