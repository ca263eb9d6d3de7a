import { allowsDns, deniesAll, namespaceSubjects, objectsInNamespace } from './support/crossref';
import { defaultDenyPolicy, dnsEgressPolicy } from '../builders';
import { describeObject } from '../engine/kube/objects';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';
import { SYSTEM_NAMESPACES } from '../engine/workspace/scope';

const rule = defineRule({
  id: 'namespace-default-deny',
  title: 'Namespaces deny traffic by default',
  category: 'namespaces',
  tiers: { 2: 'warning' },
  rationale:
    'Without a default-deny NetworkPolicy every pod can reach every other pod in the cluster and any address outside it; one compromised pod can then scan and reach everything.',
  remediation:
    'Add a NetworkPolicy with `podSelector: {}` and policyTypes [Ingress, Egress] to each namespace, plus explicit allows (DNS egress first).',
  workspace: {
    silencedBy:
      'system namespaces (default, kube-system, kube-public, kube-node-lease) unless declared; a Helm template declaring a NetworkPolicy with a templated namespace; a Kustomize build with a remote base, Helm chart or unused Component',
  },
  check({ object, index, report }) {
    for (const subject of namespaceSubjects(index, object, SYSTEM_NAMESPACES)) {
      const policies = objectsInNamespace(index, subject.namespace, ['NetworkPolicy']).filter((policy) => policy.group === 'networking.k8s.io');
      if (policies.some((policy) => policy.file.isHelmTemplate) || index.openReason(object)) continue;
      const denied = (['Ingress', 'Egress'] as const).filter((type) => policies.some((policy) => deniesAll(policy, type)));
      if (denied.length === 2) continue;
      const open = (['Ingress', 'Egress'] as const).filter((type) => !denied.includes(type)).join(' and ');
      report({
        path: subject.path,
        message: `Namespace "${subject.namespace}" has no default-deny NetworkPolicy for ${open}: any pod may talk to any other${requirementNote(rule.tiers)}. Add a policy with podSelector: {} denying Ingress and Egress, plus a DNS egress allow.`,
        data: { namespace: subject.namespace, needsDns: !policies.some(allowsDns) },
        related: policies.slice(0, 5).map((policy) => ({ object: policy, path: ['spec', 'podSelector'], message: `${describeObject(policy)} does not deny all ${open}` })),
      });
    }
  },
  fix: {
    title: 'Create a default-deny NetworkPolicy with DNS egress',
    safe: false,
    operations: (_object, data) => {
      const namespace = typeof data.namespace === 'string' ? data.namespace : undefined;
      if (!namespace) return [];
      return [
        { op: 'addDocument', value: defaultDenyPolicy(namespace) },
        ...(data.needsDns === false ? [] : [{ op: 'addDocument' as const, value: dnsEgressPolicy(namespace) }]),
      ];
    },
  },
});

export default rule;
