import * as path from 'path';
import { defineRule } from '../engine/lint/rule';
import { isNamespaced } from '../engine/workspace/scope';

export default defineRule({
  id: 'default-namespace',
  title: 'Objects are not deployed into the default namespace',
  category: 'namespaces',
  tiers: { 2: 'warning' },
  rationale:
    'The default namespace has no quota, no network isolation and no team boundary; everything put there shares one blast radius and one set of RBAC grants.',
  remediation: 'Set metadata.namespace to the application namespace, or set `namespace:` in the kustomization that includes the file.',
  workspace: { silencedBy: 'a kustomization in the same folder, or one including the file, that sets `namespace:`' },
  appliesTo: isNamespaced,
  skipPatches: true,
  tierNote: true,
  check({ object, index, report }) {
    const namespaces = index.namespacesOf(object);
    if (namespaces.length === 0 || namespaces.some((namespace) => namespace !== 'default')) return;
    if (index.layout.kustomizationIn(path.dirname(path.resolve(object.file.path)))?.namespace) return;
    const explicit = object.namespace === 'default';
    report({
      path: explicit ? ['metadata', 'namespace'] : ['metadata', 'name'],
      message: explicit ? 'Placed in the default namespace' : 'No namespace, so it lands in the default namespace',
      advice: 'Set metadata.namespace to the application namespace (or `namespace:` in its kustomization).',
    });
  },
});
