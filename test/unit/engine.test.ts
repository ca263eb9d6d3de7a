// Engine guarantees that no single rule can break: a rule that throws is reported once as
// internal-error and every other rule still runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/config';
import { parseText } from '../../server/src/engine/disk';
import { INTERNAL_ERROR_ID, lintFile } from '../../server/src/engine/lint';
import { defineRule } from '../../server/src/engine/rule';
import { WorkspaceIndex } from '../../server/src/engine/workspace';
import { RULES_BY_ID } from '../../server/src/rules';
import { privilegedDeployment } from '../support/manifests';

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
