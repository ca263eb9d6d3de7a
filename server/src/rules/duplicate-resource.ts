import * as path from 'path';
import { describeObject } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import { defineRule } from '../engine/lint/rule';
import { isClusterObject, isNamespaced } from '../engine/workspace/scope';
import type { IndexQueries } from '../engine/workspace/queries';

/**
 * What gets applied together: each Kustomize build root that includes the file,
 * or else its folder (`kubectl apply -f dir`). Copies in different units are
 * alternatives (environment folders, separate install bundles), not duplicates.
 */
function deploymentUnits(index: IndexQueries, object: KubeObject): string[] {
  const chains = index.layout.chainsOf(object.file.path);
  if (chains.length === 0) return [`dir:${path.dirname(path.resolve(object.file.path))}`];
  return chains.map((chain) => `build:${chain[chain.length - 1].path}`);
}

export default defineRule({
  id: 'duplicate-resource',
  title: 'Each object is declared once',
  category: 'validity',
  tiers: { 1: 'warning' },
  rationale:
    'Two declarations of the same group/kind/namespace/name overwrite each other: whichever is applied last wins, and edits to the other never reach the cluster.',
  remediation: 'Keep one declaration and move per-environment differences into Kustomize overlays or separate namespaces.',
  workspace: {
    silencedBy:
      'copies in different deployment units (different Kustomize builds, or plain files in different folders such as per-environment folders or alternative install bundles), Kustomize patches and Helm templates',
  },
  appliesTo: (object) => isClusterObject(object) && object.name !== undefined,
  check({ object, index, report }) {
    if (object.name === undefined || object.file.isHelmTemplate || index.isPatch(object)) return;
    const units = deploymentUnits(index, object);
    const others = index.named(object.kind, object.name, object.group).filter(
      (other) =>
        other !== object &&
        other.name === object.name &&
        !other.file.isHelmTemplate &&
        (!isNamespaced(object) || index.sameNamespace(object, other)) &&
        deploymentUnits(index, other).some((unit) => units.includes(unit)),
    );
    if (others.length === 0) return;
    const namespace = isNamespaced(object) ? ` in namespace "${index.namespacesOf(object).join('", "')}"` : '';
    report({
      path: ['metadata', 'name'],
      message: `${describeObject(object)}${namespace} is declared ${others.length + 1} times in the same Kustomize build or folder; the one applied last wins. Keep one declaration.`,
      related: others.map((other) => ({ object: other, path: ['metadata', 'name'], message: `Other declaration of ${describeObject(other)}` })),
    });
  },
});
