// admission-policy beyond the fixtures: what its messages say, the severity each validationAction
// gives, failurePolicy, and that editing a policy re-runs only the checks of objects it can match.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { IncrementalLinter } from '../../server/src/engine/lint/incremental';
import { lintProject } from '../../server/src/engine/workspace/project';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { parseFile } from '../../server/src/engine/yaml/model';
import { RULES } from '../../server/src/rules';
import { runCaptured, tempWorkspace } from '../support/cli';

function policy(options: { expression?: string; actions?: string; failurePolicy?: string; resources?: string; extra?: string } = {}): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: max-replicas
spec:
  failurePolicy: ${options.failurePolicy ?? 'Fail'}
  matchConstraints:
    resourceRules:
    - apiGroups: ["apps"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: [${options.resources ?? '"deployments"'}]
  validations:
  - expression: "${options.expression ?? 'object.spec.replicas <= 5'}"
    messageExpression: "'replicas must be at most 5, not ' + string(object.spec.replicas)"
    reason: Invalid
${options.extra ?? ''}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: max-replicas-binding
spec:
  policyName: max-replicas
  validationActions: [${options.actions ?? 'Deny'}]
`;
}

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 6
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "nginx:1.27" }]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data: { a: b }
`;

function admissionFindings(policyText: string, appText = APP) {
  const reports = lintProject(
    [
      { path: '/ws/policy.yaml', text: policyText },
      { path: '/ws/app.yaml', text: appText },
    ],
    { rules: RULES, host: {} },
  );
  return reports.flatMap((report) => report.findings.filter((finding) => finding.ruleId === 'admission-policy').map((finding) => ({ ...finding, path: report.path })));
}

describe('admission-policy', () => {
  it('names the policy and binding, gives the messageExpression and reason, points at the field and relates the expression', () => {
    const [finding, ...rest] = admissionFindings(policy());
    assert.equal(rest.length, 0);
    assert.equal(finding.path, '/ws/app.yaml');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /ValidatingAdmissionPolicy "max-replicas" \(binding "max-replicas-binding", validationActions Deny\) denies this object: replicas must be at most 5, not 6 \(reason: Invalid\)/);
    assert.match(finding.message, /Deployment "web"/);
    assert.equal(finding.range.start.line, 6, 'on spec.replicas');
    assert.deepEqual(
      finding.related.map((related) => [related.path, related.range.start.line]),
      [
        ['/ws/policy.yaml', 13],
        ['/ws/policy.yaml', 23],
      ],
    );
  });

  it('Warn is a warning, Audit information, Deny wins over both', () => {
    assert.deepEqual(admissionFindings(policy({ actions: 'Warn' })).map((finding) => finding.severity), ['warning']);
    assert.deepEqual(admissionFindings(policy({ actions: 'Audit' })).map((finding) => finding.severity), ['info']);
    assert.deepEqual(admissionFindings(policy({ actions: 'Audit, Deny' })).map((finding) => finding.severity), ['error']);
  });

  it('an evaluation error follows failurePolicy: Fail rejects, Ignore admits and says so', () => {
    const failing = admissionFindings(policy({ expression: 'object.spec.nothing > 1' }));
    assert.equal(failing.length, 1);
    assert.equal(failing[0].severity, 'error');
    assert.match(failing[0].message, /evaluation error \(failurePolicy: Fail\).*nothing/);
    const ignored = admissionFindings(policy({ expression: 'object.spec.nothing > 1', failurePolicy: 'Ignore' }));
    assert.equal(ignored.length, 1);
    assert.equal(ignored[0].severity, 'info');
    assert.match(ignored[0].message, /failurePolicy: Ignore/);
  });

  it('a policy that does not compile is reported at its expression, and rejects what it matches', () => {
    const findings = admissionFindings(policy({ expression: 'object.spec.replicas <=' }));
    const onPolicy = findings.find((finding) => finding.path === '/ws/policy.yaml');
    assert.ok(onPolicy);
    assert.equal(onPolicy.range.start.line, 13);
    assert.match(onPolicy.message, /CEL expression does not compile/);
    assert.ok(findings.some((finding) => finding.path === '/ws/app.yaml' && /does not compile/.test(finding.message)));
  });

  it('a runaway expression is stopped by the cost limit with a diagnostic', () => {
    const wide = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: wide, namespace: shop }\ndata:\n${Array.from({ length: 300 }, (_, i) => `  k${i}: v`).join('\n')}\n`;
    const text = policy({
      resources: '"configmaps"',
      expression: 'object.data.all(a, object.data.all(b, object.data.all(c, a != b || b == c)))',
    }).replace('apiGroups: ["apps"]', 'apiGroups: [""]');
    const findings = admissionFindings(text, wide);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /exceeds the per-expression limit/);
  });

  it('editing a policy re-runs the checks of the objects it can match, and no others', () => {
    const policyFile = parseFile('/ws/policy.yaml', policy());
    const app = parseFile('/ws/app.yaml', APP);
    const index = WorkspaceIndex.of([policyFile, app]);
    const options = { settings: resolveSettings(APP, undefined, {}), index, rules: RULES };
    const linter = new IncrementalLinter();
    assert.equal(linter.lint(app, options).filter((finding) => finding.ruleId === 'admission-policy').length, 1);

    index.set(parseFile('/ws/policy.yaml', policy({ expression: 'object.spec.replicas <= 10' })));
    const before = linter.counts.checks;
    assert.equal(linter.lint(app, options).filter((finding) => finding.ruleId === 'admission-policy').length, 0);
    assert.equal(linter.counts.checks - before, 1, 'only the Deployment admission check runs again');

    // A policy about StatefulSets concerns neither object: nothing runs again.
    index.set(parseFile('/ws/policy.yaml', policy({ resources: '"statefulsets"' })));
    const unchanged = linter.counts.checks;
    linter.lint(app, options);
    assert.equal(linter.counts.checks - unchanged, 1, 'the Deployment check runs once more: the old policy matched it');
    index.set(parseFile('/ws/policy.yaml', policy({ resources: '"statefulsets"', expression: 'object.spec.replicas <= 1' })));
    const last = linter.counts.checks;
    linter.lint(app, options);
    assert.equal(linter.counts.checks - last, 0);
    assert.equal(linter.lastFallback, undefined);
  });

  it('kubetier lint --policies DIR and .kubetier.yaml policies: evaluate policies kept outside the linted files', () => {
    const root = tempWorkspace({ 'cluster-policies/max-replicas.yaml': policy(), 'app/app.yaml': APP });
    const lint = (args: string[], cwd = root) => JSON.parse(runCaptured(['lint', ...args, '--format', 'json'], { cwd }).stdout) as { files: { path: string; findings: { rule: string }[] }[] };
    const admission = (result: ReturnType<typeof lint>) => result.files.flatMap((file) => file.findings.filter((finding) => finding.rule === 'admission-policy').map(() => file.path));
    assert.deepEqual(admission(lint(['app'])), []);
    const withFlag = lint(['app', '--policies', 'cluster-policies']);
    assert.deepEqual(admission(withFlag), ['app/app.yaml']);
    assert.ok(!withFlag.files.some((file) => file.path.includes('cluster-policies')), 'policy folders are evaluated, not linted');
    const configured = tempWorkspace({ 'cluster-policies/max-replicas.yaml': policy(), 'app/app.yaml': APP, 'app/.kubetier.yaml': 'policies: [../cluster-policies]\n' });
    assert.deepEqual(admission(lint(['app'], configured)), ['app/app.yaml']);
    const missing = runCaptured(['lint', 'app', '--policies', 'nowhere'], { cwd: root });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--policies: no such folder/);
  });
});
