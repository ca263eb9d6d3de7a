import { getPath, stringMap } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const RESTRICTED_LABELS = {
  [ENFORCE]: 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

export default defineRule({
  id: 'namespace-pod-security',
  title: 'Namespaces enforce the restricted Pod Security Standard',
  category: 'namespaces',
  tiers: { 2: 'warning' },
  severityNote: 'a namespace that enforces baseline is a warning too, with its own message',
  rationale:
    'Pod Security Admission only rejects privileged, root or host-namespace pods in namespaces labelled to enforce a standard; without the label every pod spec is admitted.',
  remediation: 'Label the Namespace with pod-security.kubernetes.io/enforce, audit and warn set to restricted.',
  appliesTo: (object) => object.kind === 'Namespace' && object.group === '',
  tierNote: true,
  check({ object, report }) {
    const labels = stringMap(getPath(object.value, ['metadata', 'labels']));
    const enforce = labels[ENFORCE];
    if (enforce === 'restricted') return;
    report({
      path: enforce === undefined ? ['metadata', 'name'] : ['metadata', 'labels', ENFORCE],
      message: enforce === undefined ? 'Enforces no Pod Security Standard' : `Enforces "${enforce}", not "restricted"`,
      advice:
        enforce === undefined
          ? `Label it ${ENFORCE}: restricted (plus audit and warn).`
          : `Set ${ENFORCE}: restricted once its pods comply.`,
    });
  },
  fix: {
    title: 'Enforce the restricted Pod Security Standard',
    safe: true,
    operations: () => Object.entries(RESTRICTED_LABELS).map(([key, value]) => ({ op: 'set' as const, path: ['metadata', 'labels', key], value })),
  },
});
