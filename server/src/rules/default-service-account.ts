import { isSet } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'default-service-account',
  title: 'Pods run under their own service account',
  category: 'pod-security',
  tiers: { 2: 'info', 3: 'warning' },
  rationale:
    "Pods without serviceAccountName run as their namespace's `default` service account: every such workload shares one identity, so a RoleBinding granted to one of them is granted to all, and audit logs cannot tell them apart.",
  remediation: 'Create a ServiceAccount per workload (automountServiceAccountToken: false unless it calls the API) and set spec.serviceAccountName to it in the pod template.',
  skipPatches: true,
  tierNote: true,
  checkPod({ pod: { spec, path: specPath }, report }) {
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
      message: 'Pods run as the namespace\'s "default" service account, shared with every other workload there',
      advice: 'Create a ServiceAccount for it and set serviceAccountName.',
    });
  },
});
