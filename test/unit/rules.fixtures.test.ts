// One generic runner over test/fixtures/rules/<id>/: pass.* files must give no finding of the rule,
// fail.* files must give findings exactly on the lines their `# expect: <id>` comments mark.
// RULE=<id> narrows the run to one rule.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseText } from '../../server/src/engine/workspace/disk';
import { fixAllText, type FixAllResult } from '../../server/src/engine/edit/fix';
import { INTERNAL_ERROR_ID, lintFile } from '../../server/src/engine/lint/lint';
import type { FileReport } from '../../server/src/engine/workspace/project';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES, RULES_BY_ID } from '../../server/src/rules';
import { findingsOf, fixtureFiles, lintFixture, listRuleFixtures, markedLines, RULE_FIXTURES } from '../support/fixtures';

const only = process.env.RULE;
const fixtures = listRuleFixtures().filter((fixture) => !only || fixture.ruleId === only);

describe('rule fixtures', () => {
  for (const fixture of fixtures) {
    it(`${fixture.ruleId}/${fixture.name}`, () => {
      const reports = lintFixture(fixture);
      const internal = findingsOf(reports, INTERNAL_ERROR_ID);
      assert.deepEqual(internal.map(({ finding }) => finding.message), [], 'no rule may fail');
      const found = findingsOf(reports, fixture.ruleId);
      if (fixture.expectation === 'pass') {
        assert.deepEqual(
          found.map(({ path, finding }) => `${path}:${finding.range.start.line + 1} ${finding.message}`),
          [],
          'a pass fixture gives no finding',
        );
        return;
      }
      assert.ok(found.length > 0, 'a fail fixture gives at least one finding');
      const texts = new Map(fixtureFiles(fixture).map((file) => [file, fs.readFileSync(file, 'utf8')]));
      const marked = (file: string, marker: 'expect' | 'related') => markedLines(texts.get(file)!, marker, fixture.ruleId).map((line) => line + 1);
      const lines = (numbers: number[]) => [...new Set(numbers)].sort((a, b) => a - b);
      // Related information is checked in the fixtures that mark it.
      const checksRelated = [...texts.keys()].some((file) => marked(file, 'related').length > 0);
      for (const file of texts.keys()) {
        const actual = found.filter(({ path }) => path === file).map(({ finding }) => finding.range.start.line + 1);
        assert.deepEqual(lines(actual), marked(file, 'expect'), `${file}: finding lines must match "# expect:" markers`);
        if (!checksRelated) continue;
        const related = found.flatMap(({ finding }) => finding.related.filter((location) => location.path === file).map((location) => location.range.start.line + 1));
        assert.deepEqual(lines(related), marked(file, 'related'), `${file}: related information lines must match "# related:" markers`);
      }
    });
  }
});

// Fix goldens: `fail.<case>.yaml` next to `fail.<case>.fixed.yaml`. Applying every fix of the rule
// (safe or not) must give exactly the golden text; then the rule is silent and fixing again changes
// nothing. UPDATE_GOLDEN=1 rewrites the goldens (start a new one as an empty file) and then fails so
// the diff is reviewed before committing.
const updateGolden = process.env.UPDATE_GOLDEN === '1';

function goldenPath(file: string): string {
  return file.replace(/\.(ya?ml)$/, '.fixed.$1');
}

function fixWithRule(ruleId: string, file: string, text: string, settings: FileReport['settings']): FixAllResult {
  const index = WorkspaceIndex.of([parseText(file, text)]);
  return fixAllText(file, text, { rules: RULES, settings, index, accept: (rule) => rule.id === ruleId });
}

describe('fix goldens', () => {
  for (const fixture of fixtures.filter((candidate) => candidate.expectation === 'fail' && !candidate.isFolder)) {
    const golden = goldenPath(fixture.path);
    if (!fs.existsSync(golden)) continue;
    it(`${fixture.ruleId}/${fixture.name} -> ${path.basename(golden)}`, () => {
      const text = fs.readFileSync(fixture.path, 'utf8');
      const [report] = lintFixture(fixture);
      const result = fixWithRule(fixture.ruleId, fixture.path, text, report.settings);
      if (updateGolden) {
        fs.writeFileSync(golden, result.text);
        assert.fail(`${golden} written: review the diff, then run again without UPDATE_GOLDEN`);
      }
      assert.equal(result.text, fs.readFileSync(golden, 'utf8'), 'fixed text must equal the golden exactly');
      const fixed = parseText(fixture.path, result.text);
      assert.deepEqual(fixed.problems.map((problem) => problem.message), [], 'the fixed text parses');
      const after = lintFile(fixed, { settings: report.settings, index: WorkspaceIndex.of([fixed]), rules: RULES });
      assert.deepEqual(
        after.filter((finding) => finding.ruleId === fixture.ruleId).map((finding) => `${finding.range.start.line + 1}: ${finding.message}`),
        [],
        'the rule no longer fires after its fixes',
      );
      assert.equal(fixWithRule(fixture.ruleId, fixture.path, result.text, report.settings).text, result.text, 'fixing again changes nothing');
    });
  }

  it('every rule with a fix has a golden, and goldens exist only for rules with a fix', () => {
    const problems: string[] = [];
    for (const rule of RULES) {
      const dir = path.join(RULE_FIXTURES, rule.id);
      const goldens = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => /^fail\..*\.fixed\.ya?ml$/.test(name)) : [];
      if (rule.fix && goldens.length === 0) problems.push(`${rule.id}: has a fix but no fail.*.fixed.yaml golden`);
      if (!rule.fix && goldens.length > 0) problems.push(`${rule.id}: goldens ${goldens.join(', ')} but the rule has no fix`);
      for (const name of goldens) {
        const source = path.join(dir, name.replace(/\.fixed\.(ya?ml)$/, '.$1'));
        if (!fs.existsSync(source)) problems.push(`${rule.id}/${name}: no ${path.basename(source)} next to it`);
      }
    }
    if (fs.existsSync(RULE_FIXTURES)) {
      for (const folder of fs.readdirSync(RULE_FIXTURES)) {
        if (!RULES_BY_ID.has(folder)) problems.push(`test/fixtures/rules/${folder}: no rule with this id`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
