import { asArray, asMap, getPath } from '../engine/kube/objects';
import type { KubeObject, ParsedFile } from '../engine/yaml/model';
import type { IndexQueries } from '../engine/workspace/queries';
import { indexFact } from './indexFacts';
import type { JsonSchema } from './strict';

/** One served version of a CustomResourceDefinition found in the workspace. */
export interface WorkspaceCrd {
  /** `group/version/Kind` of the custom resources it defines. */
  gvk: string;
  /** The CRD's openAPIV3Schema, as written (never changed). */
  openApiSchema: JsonSchema;
  /** The CRD object, for messages. */
  crd: KubeObject;
}

function isCrd(object: KubeObject): boolean {
  return object.kind === 'CustomResourceDefinition' && object.group === 'apiextensions.k8s.io';
}

/**
 * The versions a CRD defines with a schema: apiextensions v1 puts one schema in each
 * `spec.versions[]`; v1beta1 also allows one shared `spec.validation` for all versions.
 */
export function crdVersions(object: KubeObject): WorkspaceCrd[] {
  if (!isCrd(object)) return [];
  const spec = asMap(object.value.spec);
  const group = spec?.group;
  const kind = getPath(spec, ['names', 'kind']);
  if (typeof group !== 'string' || typeof kind !== 'string') return [];
  const shared = asMap(getPath(spec, ['validation', 'openAPIV3Schema']));
  const versions = asArray(spec?.versions).map(asMap);
  if (versions.length === 0 && typeof spec?.version === 'string') versions.push({ name: spec.version });
  const result: WorkspaceCrd[] = [];
  for (const version of versions) {
    const schema = asMap(getPath(version, ['schema', 'openAPIV3Schema'])) ?? shared;
    if (version && typeof version.name === 'string' && schema) {
      result.push({ gvk: `${group}/${version.name}/${kind}`, openApiSchema: schema, crd: object });
    }
  }
  return result;
}

/** Every CRD version defined in the workspace, by `group/version/Kind` (the first definition wins). */
function workspaceCrds(files: ParsedFile[]): Map<string, WorkspaceCrd> {
  const crds = new Map<string, WorkspaceCrd>();
  for (const file of files) {
    for (const object of file.objects) for (const version of crdVersions(object)) if (!crds.has(version.gvk)) crds.set(version.gvk, version);
  }
  return crds;
}

/** The workspace CRD that defines a kind, if any. */
export function findWorkspaceCrd(index: IndexQueries, apiVersion: string, kind: string): WorkspaceCrd | undefined {
  const gvk = `${apiVersion}/${kind}`;
  // The answer can change only with a CRD defining this kind (not with every file, as indexFact reads).
  index.dependsOn(['CustomResourceDefinition'], (object) => crdVersions(object).some((version) => version.gvk === gvk));
  return index.untracked(() => indexFact(index, workspaceCrds)).get(gvk);
}
