import { allowsDns, deniesAll } from './support/crossref';
import { dnsEgressPolicy } from '../builders';
import { describeObject } from '../engine/kube/objects';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';

const rule = defineRule({
  id: 'netpol-dns-egress',
  title: 'Default-deny egress keeps DNS open',
  category: 'namespaces',
  tiers: { 2: 'warning' },
  rationale: 'Denying all egress also blocks DNS: every name lookup then times out and pods fail in ways that look like application bugs.',
  remediation: 'Add a NetworkPolicy allowing egress to kube-dns on UDP and TCP port 53 next to the default-deny policy.',
  workspace: { silencedBy: 'a NetworkPolicy in the namespace (in the index) with an egress rule open on port 53 or on every port; a Helm template declaring a NetworkPolicy' },
  appliesTo: (object) => object.kind === 'NetworkPolicy' && object.group === 'networking.k8s.io',
  check({ object, index, report }) {
    if (!deniesAll(object, 'Egress') || index.isPatch(object)) return;
    const policies = index.inNamespaceOf(object, ['NetworkPolicy']);
    if (policies.some((policy) => allowsDns(policy) || policy.file.isHelmTemplate) || index.openReason(object)) return;
    report({
      path: ['spec', 'policyTypes'],
      message: `${describeObject(object)} denies all egress and no NetworkPolicy in the namespace allows port 53: DNS lookups will fail${requirementNote(rule.tiers)}. Add a DNS egress policy.`,
    });
  },
  fix: {
    title: 'Create a DNS egress NetworkPolicy',
    safe: false,
    operations: (object) => [{ op: 'addDocument', value: dnsEgressPolicy(object.namespace) }],
  },
});

export default rule;
