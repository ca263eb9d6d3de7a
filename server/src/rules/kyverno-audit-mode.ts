import { asArray, asMap, getPath } from '../engine/kube/objects';
import { defineRule } from '../engine/lint/rule';

function isAudit(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'audit';
}

export default defineRule({
  id: 'kyverno-audit-mode',
  title: 'Kyverno policies enforce',
  category: 'platform',
  tiers: { 3: 'info' },
  rationale: 'A validating policy in Audit mode only reports; non-compliant resources are still admitted. Audit is for rollout, not for the steady state.',
  remediation: 'Set validationFailureAction (or the rule\'s validate.failureAction) to Enforce once the policy reports no violations.',
  appliesTo: (object) => (object.kind === 'ClusterPolicy' || object.kind === 'Policy') && object.group === 'kyverno.io',
  check({ object, report }) {
    const rules = asArray(getPath(object.value, ['spec', 'rules']));
    const policyAction = getPath(object.value, ['spec', 'validationFailureAction']);
    rules.forEach((entry, i) => {
      const validate = asMap(asMap(entry)?.validate);
      if (!validate) return;
      const ruleAction = validate.failureAction;
      if (ruleAction !== undefined) {
        if (isAudit(ruleAction)) report({ path: ['spec', 'rules', i, 'validate', 'failureAction'], message: `Rule ${i + 1} only audits; violations are admitted`, advice: 'Set failureAction: Enforce.' });
      } else if (policyAction === undefined) {
        report({ path: ['spec', 'rules', i, 'validate'], message: `Rule ${i + 1} audits by default (Kyverno's default is Audit); violations are admitted`, advice: 'Set validationFailureAction: Enforce.' });
      } else if (isAudit(policyAction)) {
        report({ path: ['spec', 'validationFailureAction'], message: 'Policy is in Audit mode; violations are admitted', advice: 'Set validationFailureAction: Enforce.' });
      }
    });
  },
});
