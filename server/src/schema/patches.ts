import * as path from 'path';
import { asArray, asMap } from '../engine/kube';
import type { KubeObject, ParsedFile } from '../engine/model';
import type { WorkspaceIndex } from '../engine/workspace';

/**
 * Strategic-merge patches are partial objects: a Kustomize patch file lacks the fields its target
 * already has, and `$patch`/`$setElementOrder/...` keys are patch directives, not fields.
 */
export const PATCH_DIRECTIVE = /^\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;

/** Files a kustomization names as patches (patches[].path, patchesStrategicMerge[]), resolved to paths. */
function patchPathsOf(file: ParsedFile): Set<string> {
  const paths = new Set<string>();
  for (const object of file.objects) {
    if (object.kind !== 'Kustomization' && object.kind !== 'Component') continue;
    if (!object.apiVersion.startsWith('kustomize.config.k8s.io/')) continue;
    const entries = [...asArray(object.value.patches).map((entry) => asMap(entry)?.path), ...asArray(object.value.patchesStrategicMerge)];
    for (const entry of entries) {
      if (typeof entry === 'string' && !entry.includes('\n')) paths.add(path.resolve(path.dirname(file.path), entry));
    }
  }
  return paths;
}

const byFile = new WeakMap<ParsedFile, Set<string>>();

function isNamedAsPatch(file: ParsedFile, index: WorkspaceIndex): boolean {
  const target = path.resolve(file.path);
  for (const candidate of index.allFiles()) {
    let paths = byFile.get(candidate);
    if (!paths) byFile.set(candidate, (paths = patchPathsOf(candidate)));
    if (paths.has(target)) return true;
  }
  return false;
}

/** Whether an object is a patch: it carries a top-level patch directive or a kustomization names its file. */
export function isPatch(object: KubeObject, index: WorkspaceIndex): boolean {
  return Object.keys(object.value).some((key) => PATCH_DIRECTIVE.test(key)) || isNamedAsPatch(object.file, index);
}
