import * as path from 'path';
import { getPath } from '../../engine/kube';
import { defineChecklistItem, done, missing, objectEvidence, objectsOfKind } from '../item';

/** Folder suffix match: an Application's source path is relative to its repository root, which may be any ancestor. */
function folderEndsWith(folder: string, sourcePath: string): boolean {
  const wanted = sourcePath.replace(/^\.?\/+|\/+$/g, '').split('/').filter(Boolean);
  const parts = folder.split(path.sep).filter(Boolean);
  return wanted.length > 0 && wanted.every((segment, i) => parts[parts.length - wanted.length + i] === segment);
}

export default defineChecklistItem({
  id: 't3-app-of-apps',
  tier: 3,
  title: 'GitOps repo structure (app-of-apps)',
  criteria: 'An Argo CD Application whose source path is a folder of this workspace that holds Applications.',
  snippet: 'k8s-t3-argocd-app',
  detect(workspace) {
    const applications = objectsOfKind(workspace, 'Application', 'argoproj.io');
    const evidence = applications.flatMap((root) => {
      const sourcePath = getPath(root.value, ['spec', 'source', 'path']);
      if (typeof sourcePath !== 'string') return [];
      const children = applications.filter((child) => child !== root && folderEndsWith(path.dirname(child.file.path), sourcePath));
      return children.length > 0 ? [objectEvidence(root), ...children.map(objectEvidence)] : [];
    });
    return evidence.length > 0 ? done(evidence) : missing('No Application points at a folder of Applications.');
  },
});
