import { foundElsewhere } from './support/crossref';
import { isPlaceholder } from './support/syntax';
import { isSet } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

export default defineRule({
  id: 'service-account-missing',
  title: 'Referenced ServiceAccounts exist in the workspace',
  category: 'pod-security',
  tiers: { 1: 'warning' },
  severityNote: 'Information instead of a warning when the workspace declares ServiceAccounts, but none in the pod\'s namespace (it may hold only part of what is deployed there).',
  rationale:
    'A pod whose serviceAccountName names a ServiceAccount that does not exist is never created: the controller reports `error looking up service account` and the workload stays at zero pods. A typo in the name is found only at deploy time.',
  remediation: 'Fix serviceAccountName, or add the ServiceAccount to the same namespace (in the chart or kustomization that deploys the workload).',
  workspace: {
    silencedBy:
      'no ServiceAccount in the whole index (as secret-ref-missing); the `default` ServiceAccount (every namespace has one); a templated name; a Helm template whose templated name could render to it; a Kustomize build with a remote base, Helm chart or unused Component; a custom resource in the namespace whose name is part of the ServiceAccount name (operators create their workloads\' accounts)',
  },
  skipPatches: true,
  checkPod({ object, pod: { spec, path: specPath }, index, report }) {
    // serviceAccount is the deprecated alias the API still reads when serviceAccountName is unset.
    const field = ['serviceAccountName', 'serviceAccount'].find((key) => isSet(spec[key]));
    const name = field === undefined ? undefined : spec[field];
    if (field === undefined || typeof name !== 'string' || name === 'default' || isPlaceholder(object, name)) return;
    if (index.find('ServiceAccount', name, object, '').length > 0 || index.openReason(object)) return;
    if (index.operatorOwner(object, (crName) => name.includes(crName))) return;
    const declared = index.ofKind('ServiceAccount', '');
    // Like the Secret and ConfigMap reference rules: a workspace without any account leaves them to something else.
    if (declared.length === 0) return;
    // Accounts elsewhere but none in this namespace: the workspace may hold only part of what is deployed there.
    const partial = !declared.some((sa) => index.sameNamespace(sa, object));
    const elsewhere = foundElsewhere(index, 'ServiceAccount', name, object, '');
    report({
      path: [...specPath, field],
      severity: partial ? 'info' : undefined,
      message: `ServiceAccount "${name}" is not in the workspace in this namespace${partial ? ' (the workspace declares no ServiceAccount in this namespace: is it deployed separately?)' : ''}: the pods are never created (error looking up service account)`,
      advice: `Add the ServiceAccount or fix ${field}.${elsewhere.note}`,
      related: elsewhere.related,
    });
  },
});
