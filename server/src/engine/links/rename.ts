// Renaming an object: its `metadata.name` and every reference in the workspace that names it. Label
// selectors are left alone (they name labels, not objects).
import { isWorkload } from '../kube/objects';
import type { NodePath } from '../types';
import type { WorkspaceIndex } from '../workspace/workspace';
import type { KubeObject } from '../yaml/model';
import type { NodeRef } from './lens';
import { linksAt, linksTo, NAME_PATH } from './resolve';
import { uniqueBy } from '../unique';

const RENAMEABLE_KINDS = new Set(['ConfigMap', 'Secret', 'ServiceAccount', 'Service']);

function renameable(object: KubeObject): boolean {
  return (RENAMEABLE_KINDS.has(object.kind) && object.group === '') || isWorkload(object);
}

function samePath(a: NodePath, b: NodePath): boolean {
  return a.length === b.length && a.every((segment, i) => b[i] === segment);
}

/**
 * The objects a rename at `path` of `object` renames: the object itself on its own name, the objects a
 * name reference points at; undefined anywhere else (and for Helm templates, whose names are templated).
 */
export function renameTargets(index: WorkspaceIndex, object: KubeObject, path: NodePath): KubeObject[] | undefined {
  const targets = samePath(path, NAME_PATH)
    ? [object]
    : linksAt(index, object, path)
        .filter((link) => link.namesTarget && samePath(link.fromPath, path))
        .map((link) => link.to);
  const usable = [...new Set(targets)].filter((target) => renameable(target) && target.name !== undefined && !target.file.isHelmTemplate);
  return usable.length > 0 ? usable : undefined;
}

/** Every name to rewrite: the targets' names and the references naming them, each once. */
export function renameNodes(index: WorkspaceIndex, targets: readonly KubeObject[]): NodeRef[] {
  const nodes: NodeRef[] = targets.map((object) => ({ object, path: NAME_PATH }));
  for (const target of targets) {
    for (const link of linksTo(index, target)) if (link.namesTarget) nodes.push({ object: link.from, path: link.fromPath });
  }
  return uniqueBy(nodes, (node) => `${node.object.file.path}\0${node.object.document.index}\0${node.object.basePath.join('/')}\0${node.path.join('/')}`);
}

/** Why `name` cannot name the targets (a DNS-1123 subdomain; a DNS-1035 label of 63 for a Service), or undefined. */
export function invalidName(targets: readonly KubeObject[], name: string): string | undefined {
  if (targets.some((target) => target.kind === 'Service')) {
    return /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name) ? undefined : `"${name}" is not a valid Service name: lowercase letters, digits and '-', starting with a letter, at most 63 characters`;
  }
  const valid = name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
  return valid ? undefined : `"${name}" is not a valid Kubernetes name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters`;
}
