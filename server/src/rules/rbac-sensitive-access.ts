import { asArray, asMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';
import type { KubeObject } from '../engine/yaml/model';

/** What a rule entry must grant, in the core API group, to be reported. */
interface SensitiveGrant {
  resources: readonly string[];
  verbs: readonly string[];
  what: string;
  why: string;
}

const GRANTS: readonly SensitiveGrant[] = [
  { resources: ['secrets'], verbs: ['get', 'list', 'watch'], what: 'read access to Secrets', why: 'every credential of the namespace (service account tokens included), one step from its other permissions' },
  // exec and attach open a websocket (get) or SPDY (create) stream: either verb is enough.
  { resources: ['pods/exec'], verbs: ['create', 'get'], what: 'pods/exec', why: 'a shell in any pod, with that pod\'s service account and Secrets' },
  { resources: ['pods/attach'], verbs: ['create', 'get'], what: 'pods/attach', why: 'the console of any running pod' },
  { resources: ['pods'], verbs: ['create'], what: 'create on pods', why: 'a pod that mounts any Secret or service account of the namespace, or (without Pod Security) the node' },
];

/**
 * Roles Kubernetes itself ships and manages (`system:` roles, the user-facing admin/edit/cluster-admin,
 * restated in some manifests) and aggregated ClusterRoles, whose rules the controller fills in.
 */
function isClusterManaged(object: KubeObject): boolean {
  const name = object.name ?? '';
  return name.startsWith('system:') || ['cluster-admin', 'admin', 'edit'].includes(name) || asMap(object.value.aggregationRule) !== undefined;
}

function list(value: unknown): string[] {
  return asArray(value).filter((entry): entry is string => typeof entry === 'string');
}

export default defineRule({
  id: 'rbac-sensitive-access',
  title: 'Roles do not read Secrets, exec into or create pods',
  category: 'rbac',
  tiers: { 2: 'warning' },
  rationale:
    'Reading Secrets, pods/exec, pods/attach and creating pods each reach more than they name: a Secret holds other identities\' credentials, and exec or a new pod runs code as any service account of the namespace. CIS Kubernetes Benchmark 5.1.2-5.1.4 asks to keep them to the few subjects that need them.',
  remediation:
    'Remove the grant, or narrow it: resourceNames for the Secrets a controller needs, a separate Role bound only to the operators who exec into pods. Roles Kubernetes manages (system:*, admin, edit, cluster-admin) and aggregated ClusterRoles are not reported; full wildcards (`*` verbs on `*` resources) are rbac-wildcard\'s finding.',
  appliesTo: (object) => (object.kind === 'Role' || object.kind === 'ClusterRole') && object.group === 'rbac.authorization.k8s.io',
  skipPatches: true,
  tierNote: true,
  check({ object, report }) {
    if (isClusterManaged(object)) return;
    asArray(object.value.rules).forEach((entry, i) => {
      const rule = asMap(entry);
      if (!rule) return;
      const apiGroups = list(rule.apiGroups);
      const resources = list(rule.resources);
      const verbs = list(rule.verbs);
      if (!apiGroups.some((group) => group === '' || group === '*')) return;
      // Everything on everything: rbac-wildcard (and cluster-admin-binding for its bindings) says it better.
      if (resources.includes('*') && verbs.includes('*')) return;
      // Named Secrets are the narrow grant the remediation asks for.
      const named = list(rule.resourceNames).length > 0;
      for (const grant of GRANTS) {
        const resourceIndex = resources.findIndex((resource) => grant.resources.includes(resource) || resource === '*' || (resource === 'pods/*' && grant.resources[0].startsWith('pods/')));
        const verb = verbs.find((candidate) => grant.verbs.includes(candidate) || candidate === '*');
        if (resourceIndex === -1 || verb === undefined || (named && grant.resources[0] === 'secrets')) continue;
        report({
          path: ['rules', i, 'resources', resourceIndex],
          message: `Grants ${grant.what} (${verb} on ${resources[resourceIndex]}): ${grant.why}`,
          advice: 'Remove it, or narrow it to the subjects and resourceNames that need it.',
        });
      }
    });
  },
});
