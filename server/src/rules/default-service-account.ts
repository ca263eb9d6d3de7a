import { describeObject, isSet, isWorkload, podSpec, podSpecPath } from '../engine/kube/objects';
import { requirementNote } from '../engine/lint/messages';
import { defineRule } from '../engine/lint/rule';

const rule = defineRule({
  id: 'default-service-account',
  title: 'Pods run under their own service account',
  category: 'pod-security',
  tiers: { 2: 'info', 3: 'warning' },
  rationale:
    "Pods without serviceAccountName run as their namespace's `default` service account: every such workload shares one identity, so a RoleBinding granted to one of them is granted to all, and audit logs cannot tell them apart.",
  remediation: 'Create a ServiceAccount per workload (automountServiceAccountToken: false unless it calls the API) and set spec.serviceAccountName to it in the pod template.',
  appliesTo: isWorkload,
  check({ object, index, report }) {
    if (index.isPatch(object)) return;
    const spec = podSpec(object);
    const specPath = podSpecPath(object);
    if (!spec || !specPath) return;
    // serviceAccount is the deprecated alias the API still honours when serviceAccountName is unset.
    const field = ['serviceAccountName', 'serviceAccount'].find((key) => isSet(spec[key]));
    const account = field === undefined ? undefined : spec[field];
    // A non-string name is a schema error, reported by schema-validation.
    if (field !== undefined && account !== 'default') return;
    // Flag the name that says `default`, else the pod spec's key (`spec:`).
    const path = field === undefined ? specPath : [...specPath, field];
    report({
      path,
      at: field === undefined ? 'key' : undefined,
      message: `${describeObject(object)}: its pods run as the namespace's "default" service account${requirementNote(rule.tiers)}, shared with every other workload there. Create a ServiceAccount for it and set serviceAccountName.`,
    });
  },
});

export default rule;
