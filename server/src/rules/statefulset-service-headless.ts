import { foundElsewhere } from './support/crossref';
import { isPlaceholder } from './support/syntax';
import { getPath, isWorkload } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'statefulset-service-headless',
  title: 'StatefulSets name a headless Service',
  category: 'networking',
  tiers: { 1: 'warning' },
  rationale:
    'A StatefulSet gives each pod a stable DNS name (web-0.web.shop.svc) through the headless Service its spec.serviceName names. When that Service is missing, or has a cluster IP, the per-pod names never resolve: peers that find each other by name (databases, Kafka, ZooKeeper) cannot form a cluster.',
  remediation: 'Add a Service with clusterIP: None, the name spec.serviceName gives and a selector matching the pods (a normal Service for clients can sit next to it).',
  workspace: {
    silencedBy:
      'no spec.serviceName; a templated name; a Helm template that may render the Service; a Kustomize build with a remote base, Helm chart or unused Component',
  },
  appliesTo: (object) => isWorkload(object) && object.kind === 'StatefulSet',
  skipPatches: true,
  tierNote: true,
  check({ object, index, report }) {
    const name = getPath(object.value, ['spec', 'serviceName']);
    if (typeof name !== 'string' || name === '' || isPlaceholder(object, name)) return;
    const services = index.find('Service', name, object, '');
    if (services.length === 0) {
      if (index.openReason(object)) return;
      const elsewhere = foundElsewhere(index, 'Service', name, object, '');
      report({
        path: ['spec', 'serviceName'],
        message: `No Service "${name}" in the workspace in this namespace: the pods get no stable DNS names`,
        advice: `Add a headless Service "${name}" (clusterIP: None) selecting the pods.${elsewhere.note}`,
        related: elsewhere.related,
      });
      return;
    }
    // A Helm template's cluster IP may be templated; only a literal one is known.
    const headless = services.some((service) => service.file.isHelmTemplate || getPath(service.value, ['spec', 'clusterIP']) === 'None');
    if (headless) return;
    report({
      path: ['spec', 'serviceName'],
      message: `Service "${name}" has a cluster IP (it is not headless): the pods get no stable DNS names`,
      advice: `Set clusterIP: None on Service "${name}", and keep a separate Service for clients if they need a virtual IP.`,
      related: services.map((service) => ({ object: service, path: ['metadata', 'name'], message: 'Not headless (spec.clusterIP is not None)' })),
    });
  },
});
