// Inputs the long fuzz run (`npm run fuzz`) found, pinned so they stay fixed: each case fails the
// same property as the fuzz (test/support/fuzz.ts lintMutated) or a narrower one about the rule involved.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { parseText } from '../../server/src/engine/workspace/disk';
import { fixAllText } from '../../server/src/engine/edit/fix';
import { lintFile } from '../../server/src/engine/lint/lint';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES } from '../../server/src/rules';
import { SHARED } from '../support/fixtures';
import { applyMutation, lintMutated } from '../support/fuzz';

const LOKI = 'corpus/real/istio/samples/addons/loki.yaml';

/** Line (0-based) of the `apiVersion:` of the document declaring `kind: Service` named `name`. */
function serviceApiVersionLine(lines: string[], name: string): number {
  for (let i = 0; i + 3 < lines.length; i++) {
    if (lines[i].startsWith('apiVersion:') && lines[i + 1] === 'kind: Service' && lines.slice(i + 2, i + 5).includes(`  name: ${name}`)) return i;
  }
  throw new Error(`${LOKI} has no Service named ${name}`);
}

describe('fuzz regressions', () => {
  // seed 4242, case ~18,005: a Service whose apiVersion is retyped to a string that is not `v1` is no
  // API object for the index (no namespace), so no ServiceMonitor could ever watch it, and the
  // servicemonitor-missing fix added one more ServiceMonitor on every fix-all round.
  // The fuzz's counterexample was the retype to 300 x's at tier 4 (line 204 of loki.yaml).
  const retyped: [label: string, value: string][] = [['300 x', 'x'.repeat(300)], ['"x"', '"x"'], ['yes', 'yes']];
  for (const [label, garbage] of retyped) {
    it(`loki.yaml with the loki Service's apiVersion retyped to ${label}: fix-all settles at every tier`, () => {
      const text = fs.readFileSync(path.join(SHARED, LOKI), 'utf8');
      const line = serviceApiVersionLine(text.split('\n'), 'loki');
      const mutated = applyMutation(text, { kind: 'retype', line, value: garbage });
      assert.match(mutated.split('\n')[line], new RegExp(`^apiVersion: ${garbage}$`));
      for (const tier of [1, 2, 3, 4, 5] as const) assert.equal(lintMutated(LOKI, mutated, tier), undefined, `tier ${tier}`);
    });
  }

  it('servicemonitor-missing is silent on a Service whose apiVersion is not v1, and fixing twice changes nothing', () => {
    const text = [
      'apiVersion: "x"',
      'kind: Service',
      'metadata:',
      '  name: api',
      '  namespace: shop',
      '  labels: {app: api}',
      'spec:',
      '  selector: {app: api}',
      '  ports:',
      '    - name: metrics',
      '      port: 9090',
      '',
    ].join('\n');
    const filePath = '/regressions/odd-service.yaml';
    const settings = resolveSettings(text, undefined, {}, 2);
    const file = parseText(filePath, text);
    assert.deepEqual(file.problems, []);
    assert.equal(file.objects[0]?.kind, 'Service', 'the document is still read as an object');
    const findings = lintFile(file, { settings, index: WorkspaceIndex.of([file]), rules: RULES });
    assert.deepEqual(findings.filter((finding) => finding.ruleId === 'servicemonitor-missing').map((finding) => finding.message), []);
    // schema-validation would correct the apiVersion to v1 (did you mean v1?); every other fix must leave the odd Service alone.
    const options = { rules: RULES, settings, index: WorkspaceIndex.of([]), accept: (rule: { id: string }) => rule.id !== 'schema-validation' };
    const once = fixAllText(filePath, text, options);
    assert.equal(once.stable, true, 'fix-all settles');
    assert.equal(fixAllText(filePath, once.text, options).text, once.text, 'fixing again changes nothing');
    assert.doesNotMatch(once.text, /kind: ServiceMonitor/);
  });
});
