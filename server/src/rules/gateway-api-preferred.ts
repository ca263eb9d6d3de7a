import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'gateway-api-preferred',
  title: 'Gateway API over Ingress at tier 3',
  category: 'networking',
  tiers: { 3: 'hint' },
  rationale:
    'The Enterprise tier standardises on Gateway API: role-oriented Gateways and HTTPRoutes, header and weight routing, and cross-namespace delegation that Ingress annotations cannot express portably.',
  remediation: 'Replace the Ingress with a Gateway listener and an HTTPRoute per application.',
  appliesTo: (object) => object.kind === 'Ingress' && (object.group === 'networking.k8s.io' || object.group === 'extensions'),
  check({ report }) {
    report({
      path: ['kind'],
      message: 'Tier 3 (Enterprise) prefers Gateway API over Ingress',
      advice: 'Consider a Gateway listener and an HTTPRoute instead.',
    });
  },
});
