import { defineRule, type RuleContext } from '../engine/lint/rule';
import { ADMISSION_GROUP, POLICY_KIND, policyExpressions } from '../engine/policy/admissionModel';
import { evaluateBinding, type AdmissionViolation } from '../engine/policy/admission';
import { admissionEnvironment, admissionPolicies, admissionTarget, dependOnPolicies } from './support/policies';

const ACTION_VERBS: Record<string, string> = { error: 'denies', warning: 'warns about', info: 'audits' };

function reportViolation({ report }: RuleContext, violation: AdmissionViolation): void {
  const { policy, binding } = violation;
  const verb = ACTION_VERBS[violation.severity];
  report({
    path: violation.path,
    severity: violation.severity,
    message: `ValidatingAdmissionPolicy "${policy.name}" (binding "${binding.name}", validationActions ${binding.actions.join(', ') || 'Deny'}) ${verb} this object: ${violation.message}`,
    related: [
      { object: policy.object, path: violation.expressionPath, message: `The expression of ValidatingAdmissionPolicy "${policy.name}"` },
      { object: binding.object, path: ['spec', 'validationActions'], message: `ValidatingAdmissionPolicyBinding "${binding.name}"` },
    ],
  });
}

/** A policy whose expression does not compile is rejected by the API server: say so where it is written. */
function reportCompileErrors(context: RuleContext): void {
  const policy = admissionPolicies(context.index).policies.get(context.object.name ?? '');
  if (policy?.object !== context.object) return;
  for (const expression of policyExpressions(policy)) {
    if (expression.error) context.report({ path: expression.path, severity: 'error', message: `CEL expression does not compile: ${expression.error}` });
  }
}

export default defineRule({
  id: 'admission-policy',
  title: "The workspace's ValidatingAdmissionPolicies admit the object",
  category: 'platform',
  tiers: { 1: 'error' },
  severityNote: 'The binding decides: validationActions Deny is an error, Warn a warning, Audit information.',
  rationale:
    'A ValidatingAdmissionPolicy only bites at apply time, in the cluster. Evaluating the policies and bindings of the workspace (and of `policies:` folders) against each object shows in the editor what the API server would reject.',
  remediation: "Change the object so the policy's expression holds (the related location shows the expression), or narrow the binding's matchResources.",
  workspace: { silencedBy: 'no ValidatingAdmissionPolicy with a binding in the workspace' },
  check(context) {
    const { index, object } = context;
    if (object.kind === POLICY_KIND && object.group === ADMISSION_GROUP) reportCompileErrors(context);
    const set = admissionPolicies(index);
    const target = admissionTarget(index, object);
    dependOnPolicies(index, set, target);
    const environment = admissionEnvironment(index);
    for (const { policy, binding } of set.bound) {
      for (const violation of evaluateBinding({ object, target, policy, binding }, environment)) reportViolation(context, violation);
    }
  },
});
