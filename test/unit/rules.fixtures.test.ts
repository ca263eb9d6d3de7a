// One generic runner over test/fixtures/rules/<id>/: pass.* files must give no finding of the rule,
// fail.* files must give findings exactly on the lines their `# expect: <id>` comments mark.
// RULE=<id> narrows the run to one rule.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { INTERNAL_ERROR_ID } from '../../server/src/engine/lint';
import { expectedLines, findingsOf, fixtureFiles, lintFixture, listRuleFixtures } from '../support/fixtures';

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
      for (const file of fixtureFiles(fixture)) {
        const expected = expectedLines(fs.readFileSync(file, 'utf8'), fixture.ruleId).map((line) => line + 1);
        const actual = found
          .filter(({ path }) => path === file)
          .map(({ finding }) => finding.range.start.line + 1)
          .sort((a, b) => a - b);
        assert.deepEqual([...new Set(actual)], expected, `${file}: finding lines must match "# expect:" markers`);
      }
    });
  }
});
