// customRules in .kubetier.yaml: they lint at their tiers, are suppressed like built-in rules, carry
// their metadata into SARIF and hover, and a bad expression is an error on its line of the config.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configDiagnostics } from '../../server/src/lsp/diagnostics';
import { parseConfigFile } from '../../server/src/engine/lint/config';
import { RULES_BY_ID } from '../../server/src/rules';
import { runCaptured, tempWorkspace } from '../support/cli';

const CONFIG = `tier: 2
customRules:
  - id: team-owner-label
    title: Workloads name their owning team
    match: { kinds: [Deployment, StatefulSet], apiGroups: [apps] }
    expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
    messageExpression: "'Add a team label to ' + object.metadata.name"
    fieldPath: metadata
    tiers: { 2: warning, 3: error }
    docs: "Every workload names the team on call for it."
`;

const deployment = (name: string, labels: string, before = '') => `${before}apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: ${labels}
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: app, image: "nginx:1.27" }]
`;

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  line: number;
}

function lintJson(root: string, extra: string[] = []): JsonFinding[] {
  const run = runCaptured(['lint', '.', '--format', 'json', ...extra], { cwd: root });
  const parsed = JSON.parse(run.stdout) as { files: { findings: JsonFinding[] }[] };
  return parsed.files.flatMap((file) => file.findings).filter((finding) => finding.rule === 'team-owner-label');
}

describe('custom rules', () => {
  const root = tempWorkspace({
    '.kubetier.yaml': CONFIG,
    'apps.yaml': [
      deployment('unowned', '{ app: unowned }'),
      deployment('owned', '{ app: owned, team: shop }'),
      deployment('waived', '{ app: waived }', '# kubetier-disable team-owner-label\n') + '# kubetier-enable team-owner-label\n',
    ].join('---\n'),
    'other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: no-team }\ndata: { a: b }\n',
  });

  it('report at their tier severity, on fieldPath, with the messageExpression; suppression comments apply', () => {
    const findings = lintJson(root);
    assert.deepEqual(
      findings.map((finding) => [finding.severity, finding.line]),
      [['warning', 3]],
    );
    assert.match(findings[0].message, /^Add a team label to unowned/);
    assert.deepEqual(lintJson(root, ['--tier', '3']).map((finding) => finding.severity), ['error']);
    assert.deepEqual(lintJson(root, ['--tier', '1']), []);
  });

  it('carry their metadata into SARIF', () => {
    const run = runCaptured(['lint', '.', '--format', 'sarif'], { cwd: root });
    const sarif = JSON.parse(run.stdout);
    const driver = sarif.runs[0].tool.driver;
    const index = driver.rules.findIndex((rule: { id: string }) => rule.id === 'team-owner-label');
    assert.ok(index >= 0);
    assert.equal(driver.rules[index].shortDescription.text, 'Workloads name their owning team');
    assert.equal(driver.rules[index].fullDescription.text, 'Every workload names the team on call for it.');
    assert.match(driver.rules[index].helpUri, /^file:\/\/.*\.kubetier\.yaml#L3$/);
    const result = sarif.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === 'team-owner-label');
    assert.equal(result.ruleIndex, index);
  });

  it('a bad expression is an error on its line of .kubetier.yaml, and a CLI warning naming the line', () => {
    const bad = CONFIG.replace(`expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"`, 'expression: "object.metadata.labels ==="');
    const diagnostics = configDiagnostics('/ws/.kubetier.yaml', bad, new Set(RULES_BY_ID.keys()));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 5);
    assert.equal(diagnostics[0].severity, 1);
    assert.match(String(diagnostics[0].message), /customRules\[0\]: expression does not compile: /);
    const badRoot = tempWorkspace({ '.kubetier.yaml': bad, 'apps.yaml': deployment('unowned', '{ app: unowned }') });
    const run = runCaptured(['lint', '.'], { cwd: badRoot });
    assert.match(run.stderr, /\.kubetier\.yaml: line 6: customRules\[0\]: expression does not compile/);
  });

  it('refuses an id of a built-in rule, a repeated id and unknown keys, each on its line', () => {
    const text = `customRules:
  - id: privileged
    expression: "true"
  - id: mine
    expression: "true"
  - id: mine
    expression: "true"
    severity: error
`;
    const loaded = parseConfigFile('/ws/.kubetier.yaml', text, new Set(RULES_BY_ID.keys()));
    assert.deepEqual(
      loaded.located.map((problem) => [problem.line, problem.message]),
      [
        [1, 'customRules[0]: id "privileged" is a built-in rule; choose another'],
        [7, 'customRules[2]: unknown key "severity"'],
        [5, 'customRules[2]: id "mine" is used twice'],
      ],
    );
    assert.deepEqual(loaded.customRules.map((rule) => rule.id), ['mine']);
  });
});
