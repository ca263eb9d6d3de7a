import * as path from 'path';
import { getPath } from '../../engine/kube/objects';
import type { KubeObject } from '../../engine/yaml/model';
import { defineChecklistItem, done, missing, objectEvidence, objectsOfKind } from '../item';

/** Folder suffix match: a source path is relative to its repository root, which may be any ancestor. */
function folderEndsWith(folder: string, sourcePath: string): boolean {
  const wanted = sourcePath.replace(/^\.?\/+|\/+$/g, '').split('/').filter(Boolean);
  const parts = folder.split(path.sep).filter(Boolean);
  return wanted.length > 0 && wanted.every((segment, i) => parts[parts.length - wanted.length + i] === segment);
}

/** Roots whose source path (at `pathAt`) is a folder holding more objects of the same kind, with those children. */
function rootsOverChildren(objects: KubeObject[], pathAt: string[]): KubeObject[] {
  return objects.flatMap((root) => {
    const sourcePath = getPath(root.value, pathAt);
    if (typeof sourcePath !== 'string') return [];
    const children = objects.filter((child) => child !== root && folderEndsWith(path.dirname(child.file.path), sourcePath));
    return children.length > 0 ? [root, ...children] : [];
  });
}

export default defineChecklistItem({
  id: 't3-app-of-apps',
  tier: 3,
  title: 'GitOps repo structure (app-of-apps)',
  criteria:
    'An Argo CD Application whose source path is a folder of this workspace that holds Applications (with Flux: a Kustomization whose path holds Kustomizations).',
  snippet: 'k8s-t3-argocd-app',
  detect(workspace) {
    const found = [
      ...rootsOverChildren(objectsOfKind(workspace, 'Application', 'argoproj.io'), ['spec', 'source', 'path']),
      ...rootsOverChildren(objectsOfKind(workspace, 'Kustomization', 'kustomize.toolkit.fluxcd.io'), ['spec', 'path']),
    ];
    return found.length > 0 ? done(found.map(objectEvidence)) : missing('No Application (or Flux Kustomization) points at a folder of Applications.');
  },
});
