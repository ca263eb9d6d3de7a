import * as path from 'path';
import { asArray, asMap } from '../engine/kube/objects';
import type { KubeObject, ParsedFile } from '../engine/yaml/model';
import type { IndexQueries } from '../engine/workspace/queries';
import { indexFact } from './indexFacts';

/**
 * Strategic-merge patches are partial objects: a Kustomize patch file lacks the fields its target
 * already has, and `$patch`/`$setElementOrder/...` keys are patch directives, not fields.
 */
export const PATCH_DIRECTIVE = /^\$(patch|retainKeys|setElementOrder\/|deleteFromPrimitiveList\/)/;

/** Files the workspace's kustomizations name as patches (patches[].path, patchesStrategicMerge[]), as absolute paths. */
function patchFiles(files: ParsedFile[]): Set<string> {
  const paths = new Set<string>();
  for (const file of files) {
    for (const object of file.objects) {
      if (!isKustomizationObject(object)) continue;
      const entries = [...asArray(object.value.patches).map((entry) => asMap(entry)?.path), ...asArray(object.value.patchesStrategicMerge)];
      for (const entry of entries) {
        if (typeof entry === 'string' && !entry.includes('\n')) paths.add(path.resolve(path.dirname(file.path), entry));
      }
    }
  }
  return paths;
}

/** Whether an object is a patch: it carries a top-level patch directive or a kustomization names its file. */
export function isPatch(object: KubeObject, index: IndexQueries): boolean {
  if (Object.keys(object.value).some((key) => PATCH_DIRECTIVE.test(key))) return true;
  // The answer can change only with a Kustomization or Component object (not with every file, as indexFact reads).
  index.dependsOn(KUSTOMIZATION_KINDS, isKustomizationObject);
  return index.untracked(() => indexFact(index, patchFiles)).has(path.resolve(object.file.path));
}

const KUSTOMIZATION_KINDS = ['Kustomization', 'Component'];

function isKustomizationObject(object: KubeObject): boolean {
  return KUSTOMIZATION_KINDS.includes(object.kind) && object.apiVersion.startsWith('kustomize.config.k8s.io/');
}
