import * as path from 'path';
import { describeObject } from '../engine/kube/objects';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';
import { isNamespaced } from '../engine/workspace/scope';

const rule = defineRule({
  id: 'default-namespace',
  title: 'Objects are not deployed into the default namespace',
  category: 'namespaces',
  tiers: { 2: 'warning' },
  rationale:
    'The default namespace has no quota, no network isolation and no team boundary; everything put there shares one blast radius and one set of RBAC grants.',
  remediation: 'Set metadata.namespace to the application namespace, or set `namespace:` in the kustomization that includes the file.',
  workspace: { silencedBy: 'a kustomization in the same folder, or one including the file, that sets `namespace:`' },
  appliesTo: isNamespaced,
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    const namespaces = index.namespacesOf(object);
    if (namespaces.length === 0 || namespaces.some((namespace) => namespace !== 'default')) return;
    if (index.layout.kustomizationIn(path.dirname(path.resolve(object.file.path)))?.namespace) return;
    const explicit = object.namespace === 'default';
    report({
      path: explicit ? ['metadata', 'namespace'] : ['metadata', 'name'],
      message: `${describeObject(object)} ${explicit ? 'is placed in' : 'has no namespace, so it lands in'} the default namespace${requirementNote(rule.tiers)}. Set metadata.namespace to the application namespace (or \`namespace:\` in its kustomization).`,
    });
  },
});

export default rule;
