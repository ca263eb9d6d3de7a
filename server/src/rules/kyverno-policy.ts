import { defineRule, type RuleContext } from '../engine/lint/rule';
import { evaluateMatched } from '../engine/policy/admission';
import { checkPatterns, KYVERNO_GROUP, KYVERNO_KINDS, policyMentions, readKyvernoPolicy, ruleSubject, type KyvernoPolicy, type KyvernoRule, type RuleSubject } from '../engine/policy/kyverno';
import type { NodePath, Severity } from '../engine/types';
import { admissionEnvironment, admissionTarget } from './support/policies';
import type { AdmissionTarget } from '../engine/policy/matching';

const VERBS: Record<Severity, string> = { error: 'blocks', warning: 'reports', info: 'reports', hint: 'reports' };

function kyvernoPolicies(context: RuleContext): KyvernoPolicy[] {
  const { index } = context;
  return index.untracked(() => index.derive('policy:kyverno', () => KYVERNO_KINDS.flatMap((kind) => index.ofKind(kind, KYVERNO_GROUP)).map(readKyvernoPolicy)));
}

function reportFinding(context: RuleContext, policy: KyvernoPolicy, rule: KyvernoRule, finding: { path: NodePath; detail: string; at: NodePath; severity?: Severity }): void {
  const severity = finding.severity ?? rule.severity;
  const summary = rule.message ? `${rule.message.replace(/\.$/, '')}: ` : '';
  context.report({
    path: finding.path,
    severity,
    message: `Kyverno ${policy.object.kind} "${policy.name}" rule "${rule.name}" (${rule.action}) ${VERBS[severity]} this object: ${summary}${finding.detail}`,
    related: [{ object: policy.object, path: finding.at, message: `Rule "${rule.name}" of Kyverno ${policy.object.kind} "${policy.name}"` }],
  });
}

function checkRule(context: RuleContext, policy: KyvernoPolicy, rule: KyvernoRule, subject: RuleSubject, target: ReturnType<typeof admissionTarget>): void {
  if (rule.patterns) {
    const result = checkPatterns(rule, subject);
    if (result.status === 'fail') reportFinding(context, policy, rule, { path: [...subject.base, ...result.path], detail: result.message, at: rule.patterns.path });
    if (result.status === 'unsupported') reportFinding(context, policy, rule, { path: subject.base, detail: `not evaluated: ${result.reason}`, at: rule.patterns.path, severity: 'info' });
    return;
  }
  if (!rule.cel) return;
  const { policy: celPolicy, binding } = rule.cel;
  for (const violation of evaluateMatched({ object: context.object, target, policy: celPolicy, binding, objectValue: subject.value }, admissionEnvironment(context.index))) {
    reportFinding(context, policy, rule, { path: [...subject.base, ...violation.path], detail: violation.message, at: violation.expressionPath, severity: violation.severity });
  }
}

/**
 * Declares the Kyverno policies that can concern `target`. A function of its own: a closure made in the
 * check would share the check's scope, and with it the object and its whole file version, for as long
 * as the dependency is kept.
 */
function dependOnKyverno(index: RuleContext['index'], target: AdmissionTarget): void {
  index.dependsOn(KYVERNO_KINDS, (changed) => changed.group === KYVERNO_GROUP && policyMentions(readKyvernoPolicy(changed), target));
}

export default defineRule({
  id: 'kyverno-policy',
  title: "The workspace's Kyverno policies admit the object",
  category: 'platform',
  tiers: { 1: 'error' },
  severityNote: 'The rule decides: failureAction Enforce is an error, Audit a warning; parts kubetier does not evaluate are information on the policy.',
  rationale:
    'Kyverno validate rules only bite in the cluster. Evaluating the workspace\'s ClusterPolicies and Policies (pattern, anyPattern and CEL rules; pod rules also on pod controllers, as Kyverno auto-generates them) shows in the editor what Kyverno would block or report.',
  remediation: 'Change the object so the rule\'s pattern or expression holds (the related location shows the rule), or exclude the object in the rule\'s exclude block.',
  workspace: { silencedBy: 'no Kyverno ClusterPolicy or Policy in the workspace' },
  check(context) {
    const { index, object } = context;
    const policies = kyvernoPolicies(context);
    const own = object.group === KYVERNO_GROUP && KYVERNO_KINDS.includes(object.kind) ? policies.find((policy) => policy.object === object) : undefined;
    if (own && own.notEvaluated.length > 0) {
      context.report({ path: ['spec', 'rules'], severity: 'info', message: `Not evaluated by kubetier, so the cluster may still reject what passes here: ${own.notEvaluated.join('; ')}` });
    }
    const target = admissionTarget(index, object);
    dependOnKyverno(index, target);
    for (const policy of policies) {
      if (!policyMentions(policy, target)) continue;
      for (const rule of policy.rules) {
        const subject = ruleSubject(policy, rule, object, target);
        if (subject) checkRule(context, policy, rule, subject, target);
      }
    }
  },
});
