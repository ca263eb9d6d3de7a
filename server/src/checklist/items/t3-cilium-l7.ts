import { asArray, asMap, getPath } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import { defineChecklistItem, objectsOfKind, whenAny } from '../item';

/** L7 rules sit in ingress/egress[].toPorts[].rules.http, in spec or in each of specs. */
function hasHttpRules(policy: KubeObject): boolean {
  const specs = [getPath(policy.value, ['spec']), ...asArray(getPath(policy.value, ['specs']))];
  return specs.some((spec) =>
    ['ingress', 'egress'].some((direction) =>
      asArray(asMap(spec)?.[direction]).some((rule) =>
        asArray(asMap(rule)?.toPorts).some((port) => asArray(getPath(port, ['rules', 'http'])).length > 0),
      ),
    ),
  );
}

export default defineChecklistItem({
  id: 't3-cilium-l7',
  tier: 3,
  title: 'Cilium NetworkPolicy with L7 rules',
  criteria: 'A CiliumNetworkPolicy (or clusterwide) with toPorts rules.http.',
  detect: (workspace) =>
    whenAny(
      [...objectsOfKind(workspace, 'CiliumNetworkPolicy', 'cilium.io'), ...objectsOfKind(workspace, 'CiliumClusterwideNetworkPolicy', 'cilium.io')].filter(hasHttpRules),
      'No CiliumNetworkPolicy with HTTP (L7) rules found.',
    ),
});
