import { foundElsewhere } from './support/crossref';
import { asArray, asMap, describeObject, getPath } from '../engine/kube/objects';
import type { KubeObject } from '../engine/yaml/model';
import { defineRule } from '../engine/lint/rule';
import type { NodePath } from '../engine/types';

interface Backend {
  service: string;
  port: number | string | undefined;
  /** Path of the backend map (networking.k8s.io/v1 `service`, or the v1beta1 backend itself). */
  path: NodePath;
  nameKey: NodePath;
  portKey: NodePath;
}

function readBackend(value: unknown, path: NodePath): Backend | undefined {
  const backend = asMap(value);
  if (!backend) return undefined;
  const service = asMap(backend.service);
  if (service && typeof service.name === 'string') {
    const port = asMap(service.port);
    const number = port?.number;
    const name = port?.name;
    return {
      service: service.name,
      port: typeof number === 'number' ? number : typeof name === 'string' ? name : undefined,
      path: [...path, 'service'],
      nameKey: [...path, 'service', 'name'],
      portKey: [...path, 'service', 'port', typeof number === 'number' ? 'number' : 'name'],
    };
  }
  if (typeof backend.serviceName === 'string') {
    const port = backend.servicePort;
    return {
      service: backend.serviceName,
      port: typeof port === 'number' || typeof port === 'string' ? port : undefined,
      path,
      nameKey: [...path, 'serviceName'],
      portKey: [...path, 'servicePort'],
    };
  }
  return undefined;
}

function backendsOf(ingress: KubeObject): Backend[] {
  const found: (Backend | undefined)[] = [
    readBackend(getPath(ingress.value, ['spec', 'defaultBackend']), ['spec', 'defaultBackend']),
    readBackend(getPath(ingress.value, ['spec', 'backend']), ['spec', 'backend']),
  ];
  asArray(getPath(ingress.value, ['spec', 'rules'])).forEach((rule, i) => {
    asArray(getPath(rule, ['http', 'paths'])).forEach((entry, j) => {
      found.push(readBackend(asMap(entry)?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']));
    });
  });
  return found.filter((backend): backend is Backend => backend !== undefined);
}

/** Whether a Service exposes a port by number (`port`) or by name. */
function exposes(service: KubeObject, port: number | string): boolean {
  return asArray(getPath(service.value, ['spec', 'ports'])).some((entry) => {
    const map = asMap(entry);
    return map !== undefined && (map.port === port || map.name === port || (typeof port === 'string' && String(map.port) === port));
  });
}

export default defineRule({
  id: 'ingress-backend-missing',
  title: 'Ingress backends exist and expose the port',
  category: 'networking',
  tiers: { 1: 'warning' },
  rationale: 'An Ingress path whose Service or port does not exist answers 503 for every request on that path; nothing fails at apply time.',
  remediation: 'Point the backend at an existing Service in the Ingress namespace and at one of the ports it declares.',
  workspace: { silencedBy: 'a Helm template that may render the Service; a Kustomize build with a remote base, Helm chart or unused Component; a custom resource with that name (operator-created Services)' },
  appliesTo: (object) => object.kind === 'Ingress' && (object.group === 'networking.k8s.io' || object.group === 'extensions'),
  skipPatches: true,
  check({ object, index, report }) {
    for (const backend of backendsOf(object)) {
      const services = index.find('Service', backend.service, object, '');
      if (services.length === 0) {
        if (index.openReason(object) || index.operatorOwner(object, (name) => backend.service.includes(name))) continue;
        const elsewhere = foundElsewhere(index, 'Service', backend.service, object, '');
        report({
          path: backend.nameKey,
          message: `Routes to Service "${backend.service}", which is not in the workspace in this namespace: requests get 503`,
          advice: `Fix the name or add the Service.${elsewhere.note}`,
          related: elsewhere.related,
        });
        continue;
      }
      const port = backend.port;
      if (port === undefined || services.some((service) => service.file.isHelmTemplate || exposes(service, port))) continue;
      report({
        path: backend.portKey,
        message: `Routes to port ${typeof port === 'number' ? port : `"${port}"`} of Service "${backend.service}", which does not expose it: requests get 503`,
        advice: "Use one of the Service's ports.",
        related: services.map((service) => ({ object: service, path: ['spec', 'ports'], message: `Ports of ${describeObject(service)}` })),
      });
    }
  },
});
