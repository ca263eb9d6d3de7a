// What an object names by name, read from its value alone (no index): the ConfigMaps, Secrets and
// ServiceAccount of its pods, the workload an autoscaler scales, the Services an Ingress or HTTPRoute
// routes to, the Role and subjects of a binding, the container ports a probe or Service names.
// resolve.ts turns these into links to objects of the workspace.
import { asArray, asMap, containers, getPath, podSpecPath } from '../kube/objects';
import type { NodePath } from '../types';
import { podReferences } from '../workspace/references';
import type { KubeObject } from '../yaml/model';

/** How one object points at another; the word a code lens or a reference list shows. */
export type Relation = 'selects' | 'configMap' | 'secret' | 'serviceAccount' | 'scaleTarget' | 'backend' | 'roleRef' | 'subject' | 'port';

/** A part of the named object the reference also names: a ConfigMap key, a Service port, a container port. */
export interface TargetPart {
  /** A data key, or a port's number or name. */
  value: string | number;
  /** Where the part is named in the referring object. */
  path: NodePath;
}

/** A reference by name from one object to objects of a kind. */
export interface NameReference {
  relation: Relation;
  kind: string;
  name: string;
  /** The scalar holding the name in the referring object. */
  path: NodePath;
  /** A binding subject's explicit namespace (else the referring object's). */
  namespace?: string;
  /** The named object is cluster-scoped (ClusterRole): found by name alone. */
  clusterScoped?: boolean;
  part?: TargetPart;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function portValue(value: unknown): string | number | undefined {
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? value : undefined;
}

/** The key a configMapKeyRef/secretKeyRef or a volume's items name, next to the name a pod reference points at. */
function keysNextTo(object: KubeObject, namePath: NodePath): TargetPart[] {
  const holderPath = namePath.slice(0, -1);
  const holder = asMap(getPath(object.value, holderPath));
  const key = text(holder?.key);
  if (key) return [{ value: key, path: [...holderPath, 'key'] }];
  return asArray(holder?.items).flatMap((item, i) => {
    const itemKey = text(asMap(item)?.key);
    return itemKey ? [{ value: itemKey, path: [...holderPath, 'items', i, 'key'] }] : [];
  });
}

/** Secrets, ConfigMaps (with the keys they name) and the ServiceAccount of a pod template. */
function podTemplateReferences(object: KubeObject): NameReference[] {
  return podReferences(object).flatMap((reference) => {
    const relation: Relation = reference.kind === 'Secret' ? 'secret' : reference.kind === 'ConfigMap' ? 'configMap' : 'serviceAccount';
    const base = { relation, kind: reference.kind, name: reference.name, path: reference.path };
    const keys = keysNextTo(object, reference.path);
    return keys.length === 0 ? [base] : keys.map((part) => ({ ...base, part }));
  });
}

/** HPA / VPA / KEDA ScaledObject targets (KEDA defaults the kind to Deployment). */
function scaleTargetReferences(object: KubeObject): NameReference[] {
  const refPath = object.kind === 'VerticalPodAutoscaler' ? ['spec', 'targetRef'] : ['spec', 'scaleTargetRef'];
  const ref = asMap(getPath(object.value, refPath));
  const name = text(ref?.name);
  const kind = text(ref?.kind) ?? (object.kind === 'ScaledObject' ? 'Deployment' : undefined);
  if (!name || !kind || !['HorizontalPodAutoscaler', 'ScaledObject', 'VerticalPodAutoscaler'].includes(object.kind)) return [];
  return [{ relation: 'scaleTarget', kind, name, path: [...refPath, 'name'] }];
}

/** A Service backend: its name and the port it names (networking/v1 `service.port.number|name`, or the old `servicePort`). */
function backendReference(backend: unknown, path: NodePath): NameReference[] {
  const map = asMap(backend);
  const service = asMap(map?.service);
  if (service) {
    const name = text(service.name);
    if (!name) return [];
    const port = asMap(service.port);
    const portKey = port && portValue(port.number) !== undefined ? 'number' : 'name';
    const value = portValue(port?.[portKey]);
    const part = value === undefined ? undefined : { value, path: [...path, 'service', 'port', portKey] };
    return [{ relation: 'backend', kind: 'Service', name, path: [...path, 'service', 'name'], part }];
  }
  const name = text(map?.serviceName);
  if (!name) return [];
  const value = portValue(map?.servicePort);
  return [{ relation: 'backend', kind: 'Service', name, path: [...path, 'serviceName'], part: value === undefined ? undefined : { value, path: [...path, 'servicePort'] } }];
}

function ingressReferences(object: KubeObject): NameReference[] {
  const found = backendReference(getPath(object.value, ['spec', 'defaultBackend']), ['spec', 'defaultBackend']);
  found.push(...backendReference(getPath(object.value, ['spec', 'backend']), ['spec', 'backend']));
  asArray(getPath(object.value, ['spec', 'rules'])).forEach((rule, i) => {
    asArray(getPath(rule, ['http', 'paths'])).forEach((entry, j) => {
      found.push(...backendReference(asMap(entry)?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']));
    });
  });
  return found;
}

/** Gateway API routes: `backendRefs` of each rule (kind Service unless said otherwise, core group only). */
function routeReferences(object: KubeObject): NameReference[] {
  return asArray(getPath(object.value, ['spec', 'rules'])).flatMap((rule, i) =>
    asArray(asMap(rule)?.backendRefs).flatMap((ref, j): NameReference[] => {
      const map = asMap(ref);
      const name = text(map?.name);
      if (!name || (map?.kind !== undefined && map.kind !== 'Service') || (map?.group !== undefined && map.group !== '')) return [];
      const path = ['spec', 'rules', i, 'backendRefs', j];
      const port = portValue(map?.port);
      return [{ relation: 'backend', kind: 'Service', name, path: [...path, 'name'], part: port === undefined ? undefined : { value: port, path: [...path, 'port'] } }];
    }),
  );
}

function bindingReferences(object: KubeObject): NameReference[] {
  const found: NameReference[] = [];
  const roleRef = asMap(getPath(object.value, ['roleRef']));
  const roleName = text(roleRef?.name);
  if (roleName && (roleRef?.kind === 'Role' || roleRef?.kind === 'ClusterRole')) {
    found.push({ relation: 'roleRef', kind: roleRef.kind, name: roleName, path: ['roleRef', 'name'], clusterScoped: roleRef.kind === 'ClusterRole' });
  }
  asArray(getPath(object.value, ['subjects'])).forEach((subject, i) => {
    const map = asMap(subject);
    const name = text(map?.name);
    if (map?.kind === 'ServiceAccount' && name) found.push({ relation: 'subject', kind: 'ServiceAccount', name, path: ['subjects', i, 'name'], namespace: text(map.namespace) });
  });
  return found;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** Probes naming a port of their own container (`port: http`): the reference is to the container's own `ports[].name`. */
export function namedProbePorts(object: KubeObject): { containerPath: NodePath; name: string; path: NodePath }[] {
  return containers(object).flatMap((container) =>
    PROBES.flatMap((probe) =>
      ['httpGet', 'tcpSocket', 'grpc'].flatMap((action) => {
        const port = getPath(container.value, [probe, action, 'port']);
        return typeof port === 'string' && port !== '' ? [{ containerPath: container.path, name: port, path: [...container.path, probe, action, 'port'] }] : [];
      }),
    ),
  );
}

/** Everything `object` names by name (selectors are resolve.ts's: they name labels, not objects). */
export function nameReferences(object: KubeObject): NameReference[] {
  if (podSpecPath(object)) return podTemplateReferences(object);
  switch (object.kind) {
    case 'HorizontalPodAutoscaler':
    case 'ScaledObject':
    case 'VerticalPodAutoscaler':
      return scaleTargetReferences(object);
    case 'Ingress':
      return ingressReferences(object);
    case 'HTTPRoute':
    case 'GRPCRoute':
      return routeReferences(object);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return bindingReferences(object);
    default:
      return [];
  }
}
