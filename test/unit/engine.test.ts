// Engine guarantees that no single rule can break: a rule that throws is reported once as
// internal-error and every other rule still runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { parseText } from '../../server/src/engine/workspace/disk';
import { INTERNAL_ERROR_ID, lintFile } from '../../server/src/engine/lint/lint';
import { defineRule } from '../../server/src/engine/lint/rule';
import { failuresToLog } from '../../server/src/lsp/diagnostics';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES_BY_ID } from '../../server/src/rules';
import { PRIVILEGED_LINE, privilegedDeployment } from '../support/manifests';

const throwing = defineRule({
  id: 'always-throws',
  title: 'Throws',
  category: 'engine',
  tiers: { 1: 'warning' },
  rationale: 'Test rule.',
  remediation: 'None.',
  check: () => {
    throw new Error('boom');
  },
});

const throwingFileRule = defineRule({
  id: 'file-throws',
  title: 'Throws on files',
  category: 'engine',
  tiers: { 1: 'warning' },
  rationale: 'Test rule.',
  remediation: 'None.',
  checkFile: () => {
    throw new TypeError('file boom');
  },
});

function lint(text: string, rules = [throwing, RULES_BY_ID.get('privileged')!]) {
  const file = parseText('/virtual/engine.yaml', text);
  return lintFile(file, { settings: resolveSettings(text, undefined, {}), index: WorkspaceIndex.of([file]), rules });
}

describe('engine: failing rules', () => {
  it('reports a throwing rule once per file and still runs the others', () => {
    // Three objects: the rule throws on each, but the file gets one internal error.
    const text = [privilegedDeployment({ name: 'a' }), privilegedDeployment({ name: 'b' }), privilegedDeployment({ name: 'c' })].join('---\n');
    const findings = lint(text);
    const internal = findings.filter((finding) => finding.ruleId === INTERNAL_ERROR_ID);
    assert.equal(internal.length, 1);
    assert.equal(internal[0].severity, 'error');
    assert.match(internal[0].message, /rule "always-throws" failed .*\(boom\)/);
    assert.deepEqual(
      findings.filter((finding) => finding.ruleId === 'privileged').map((finding) => finding.object?.name),
      ['a', 'b', 'c'],
    );
  });

  it('catches a file rule that throws the same way', () => {
    const findings = lint(privilegedDeployment(), [throwingFileRule, RULES_BY_ID.get('privileged')!]);
    const internal = findings.filter((finding) => finding.ruleId === INTERNAL_ERROR_ID);
    assert.equal(internal.length, 1);
    assert.match(internal[0].message, /"file-throws".*file boom/);
    assert.equal(findings.filter((finding) => finding.ruleId === 'privileged').length, 1);
  });

  it('does not report internal errors when no rule fails', () => {
    assert.deepEqual(lint(privilegedDeployment(), [RULES_BY_ID.get('privileged')!]).filter((f) => f.ruleId === INTERNAL_ERROR_ID), []);
  });
});

describe('server log of rule failures', () => {
  it('logs each failing rule once per document, not on every lint', () => {
    const logged = new Set<string>();
    const failures = () => failuresToLog(lint(privilegedDeployment()), logged);
    const first = failures();
    assert.equal(first.length, 1);
    assert.match(first[0], /always-throws.*boom/);
    assert.deepEqual(failures(), [], 'the next lint of the same document logs nothing new');
  });
});

describe('engine: suppression', () => {
  const rules = [RULES_BY_ID.get('privileged')!, RULES_BY_ID.get('host-namespaces')!, RULES_BY_ID.get('unused-suppression')!];
  const codes = (text: string) => lint(text, rules).map((finding) => `${finding.ruleId}@${finding.range.start.line}`);
  const withAnnotation = (key: string, value: string) =>
    privilegedDeployment().replace('  name: web\n', `  name: web\n  annotations:\n    ${key}: "${value}"\n`);

  it('silences the rules named between kubetier-disable and kubetier-enable, and only there', () => {
    const text = `${privilegedDeployment().replace('            privileged: true', '            # kubetier-disable privileged -- debug image\n            privileged: true\n            # kubetier-enable privileged')}---\n${privilegedDeployment({ name: 'api' })}`;
    assert.deepEqual(codes(text), [`privileged@${text.split('\n').lastIndexOf('            privileged: true')}`]);
  });

  it("honours kube-linter's and Polaris's exemption annotations through the mapping table", () => {
    assert.deepEqual(codes(privilegedDeployment()), [`privileged@${PRIVILEGED_LINE}`]);
    assert.deepEqual(codes(withAnnotation('ignore-check.kube-linter.io/privileged-container', 'host debugging')), []);
    assert.deepEqual(codes(withAnnotation('polaris.fairwinds.com/runAsPrivileged-exempt', 'true')), []);
    // Polaris exempts only on "true"; an unrelated kube-linter check exempts nothing.
    assert.deepEqual(codes(withAnnotation('polaris.fairwinds.com/runAsPrivileged-exempt', 'false')), [`privileged@${PRIVILEGED_LINE + 2}`]);
    assert.deepEqual(codes(withAnnotation('ignore-check.kube-linter.io/host-network', 'x')), [`privileged@${PRIVILEGED_LINE + 2}`]);
  });
});
