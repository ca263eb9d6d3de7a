import { asArray, asMap, containers, getPath, podSpec, podSpecPath } from '../kube/objects';
import type { KubeObject, PlainMap } from '../yaml/model';
import type { NodePath } from '../types';

export type ReferencedKind = 'Secret' | 'ConfigMap' | 'ServiceAccount';

/** A name a pod template points at; `path` is the name's scalar inside the object. */
export interface ObjectReference {
  kind: ReferencedKind;
  name: string;
  path: NodePath;
  /** `optional: true`: the pod starts without it, so its absence is no finding. */
  optional: boolean;
  /** Keys of it the pod reads (`configMapKeyRef.key`, a volume's `items[].key`), with the key's scalar path. */
  keys: { key: string; path: NodePath }[];
}

/** `key` of a key selector, or the `items[].key` of a volume source. */
function referencedKeys(map: PlainMap | undefined, path: NodePath): ObjectReference['keys'] {
  if (typeof map?.key === 'string') return [{ key: map.key, path: [...path, 'key'] }];
  return asArray(map?.items).flatMap((item, i) => {
    const key = asMap(item)?.key;
    return typeof key === 'string' ? [{ key, path: [...path, 'items', i, 'key'] }] : [];
  });
}

function reference(kind: ReferencedKind, holder: unknown, key: string, path: NodePath): ObjectReference | undefined {
  const map = asMap(holder);
  const name = map?.[key];
  if (typeof name !== 'string' || name === '') return undefined;
  return { kind, name, path: [...path, key], optional: map?.optional === true, keys: referencedKeys(map, path) };
}

/** Secrets, ConfigMaps and the ServiceAccount a workload's pod template references. */
export function podReferences(object: KubeObject): ObjectReference[] {
  const specPath = podSpecPath(object);
  const spec = podSpec(object);
  if (!specPath || !spec) return [];
  const found: (ObjectReference | undefined)[] = [];
  for (const container of containers(object)) {
    asArray(container.value.env).forEach((env, i) => {
      const path = [...container.path, 'env', i, 'valueFrom'];
      const valueFrom = asMap(asMap(env)?.valueFrom);
      found.push(reference('Secret', valueFrom?.secretKeyRef, 'name', [...path, 'secretKeyRef']));
      found.push(reference('ConfigMap', valueFrom?.configMapKeyRef, 'name', [...path, 'configMapKeyRef']));
    });
    asArray(container.value.envFrom).forEach((envFrom, i) => {
      const path = [...container.path, 'envFrom', i];
      found.push(reference('Secret', asMap(envFrom)?.secretRef, 'name', [...path, 'secretRef']));
      found.push(reference('ConfigMap', asMap(envFrom)?.configMapRef, 'name', [...path, 'configMapRef']));
    });
  }
  asArray(spec.volumes).forEach((volume, i) => {
    const path = [...specPath, 'volumes', i];
    const map = asMap(volume);
    found.push(reference('Secret', map?.secret, 'secretName', [...path, 'secret']));
    found.push(reference('ConfigMap', map?.configMap, 'name', [...path, 'configMap']));
    asArray(getPath(map, ['projected', 'sources'])).forEach((source, j) => {
      const sourcePath = [...path, 'projected', 'sources', j];
      found.push(reference('Secret', asMap(source)?.secret, 'name', [...sourcePath, 'secret']));
      found.push(reference('ConfigMap', asMap(source)?.configMap, 'name', [...sourcePath, 'configMap']));
    });
  });
  found.push(reference('ServiceAccount', spec, 'serviceAccountName', specPath));
  return found.filter((entry): entry is ObjectReference => entry !== undefined);
}

/** The Secret name an object produces, if it is a Secret or something that writes one. */
export function producedSecretName(object: KubeObject): string | undefined {
  const name = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  if (object.kind === 'Secret' && object.group === '') return object.name;
  if (object.kind === 'SealedSecret' && object.group === 'bitnami.com') {
    return name(getPath(object.value, ['spec', 'template', 'metadata', 'name'])) ?? object.name;
  }
  if (object.kind === 'ExternalSecret' && object.group === 'external-secrets.io') {
    return name(getPath(object.value, ['spec', 'target', 'name'])) ?? object.name;
  }
  if (object.kind === 'Certificate' && object.group === 'cert-manager.io') return name(getPath(object.value, ['spec', 'secretName']));
  // Crossplane managed resources and claims write their connection details to a Secret.
  return name(getPath(object.value, ['spec', 'writeConnectionSecretToRef', 'name']));
}

export function producedConfigMapName(object: KubeObject): string | undefined {
  return object.kind === 'ConfigMap' && object.group === '' ? object.name : undefined;
}

/** ConfigMaps Kubernetes (and Istio) create in every namespace. */
export const AUTOMATIC_CONFIGMAPS: ReadonlySet<string> = new Set(['kube-root-ca.crt', 'istio-ca-root-cert']);
