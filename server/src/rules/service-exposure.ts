import { getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'service-exposure',
  title: 'Services are not exposed one by one',
  category: 'networking',
  tiers: { 2: 'warning' },
  rationale:
    'A NodePort or LoadBalancer per Service opens a port on every node or buys a cloud load balancer per app, outside the TLS, auth and policy of the shared Ingress or Gateway.',
  remediation: 'Use type ClusterIP behind an Ingress or Gateway; keep LoadBalancer for the ingress controller itself.',
  appliesTo: (object) => object.kind === 'Service' && object.group === '',
  tierNote: true,
  check({ object, report }) {
    const type = getPath(object.value, ['spec', 'type']);
    if (type !== 'NodePort' && type !== 'LoadBalancer') return;
    report({
      path: ['spec', 'type'],
      message: `Exposed as ${type}`,
      advice: 'Make it ClusterIP and route to it through an Ingress or Gateway.',
    });
  },
});
