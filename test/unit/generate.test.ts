// Generated files (docs/rules.md, the .kubetier.yaml schema, the kubetier.rules setting) must match the
// registry: a rule added without `npm run generate` fails here with the command to run.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parseConfigFile } from '../../server/src/engine/lint/config';
import { RULES } from '../../server/src/rules';
import { configSchema, generatedFiles, packageJsonWithRules } from '../../scripts/generate/outputs';
import { REPO_ROOT } from '../support/fixtures';

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

describe('generated files', () => {
  const expected = generatedFiles((file) => (fs.existsSync(path.join(REPO_ROOT, file)) ? read(file) : undefined));
  for (const [file, text] of Object.entries(expected)) {
    it(`${file} is up to date with the rule registry`, () => {
      const actual = fs.existsSync(path.join(REPO_ROOT, file)) ? read(file) : '(missing)';
      assert.ok(actual === text, `${file} is out of date with the rule registry: run \`npm run generate\` and commit the result.`);
    });
  }

  it('documents every rule in docs/rules.md', () => {
    const docs = expected['docs/rules.md'];
    for (const rule of RULES) {
      assert.ok(docs.includes(`## ${rule.id}\n`), `section for ${rule.id}`);
      assert.ok(docs.includes(rule.rationale), `rationale of ${rule.id}`);
      assert.ok(docs.includes(rule.remediation), `fix of ${rule.id}`);
    }
  });

  it('keeps the kubetier.rules setting in step with the registry and leaves the rest of package.json alone', () => {
    const original = JSON.parse(read('package.json'));
    const regenerated = JSON.parse(packageJsonWithRules(read('package.json')));
    const setting = regenerated.contributes.configuration[0].properties['kubetier.rules'];
    assert.deepEqual(setting.propertyNames.enum, RULES.map((rule) => rule.id));
    delete original.contributes.configuration[0].properties['kubetier.rules'];
    delete regenerated.contributes.configuration[0].properties['kubetier.rules'];
    assert.deepEqual(regenerated, original);
  });

  it('lists every rule and setting in the README tables', () => {
    const readme = expected['README.md'];
    for (const rule of RULES) assert.ok(readme.includes(`[\`${rule.id}\`](docs/rules.md#${rule.id})`), rule.id);
    for (const key of Object.keys(JSON.parse(read('package.json')).contributes.configuration[0].properties)) {
      assert.ok(readme.includes(`| \`${key}\` |`), key);
    }
    assert.ok(readme.includes('## Suppressing a finding'), 'hand-written text outside the markers is kept');
  });
});

describe('.kubetier.yaml schema', () => {
  const validate = new Ajv({ strict: false }).compile(configSchema());

  it('accepts what the engine accepts', () => {
    const config = { tier: 2, kubernetesVersion: '1.30', rules: { privileged: 'off', 'yaml-syntax': 'warning' }, ignore: ['generated/**'] };
    assert.ok(validate(config), JSON.stringify(validate.errors));
    assert.deepEqual(parseConfigFile('/x/.kubetier.yaml', JSON.stringify(config)).problems, []);
  });

  it('rejects what the engine rejects', () => {
    const bad: [unknown, string][] = [
      [{ tier: 6 }, 'tier 6'],
      [{ tier: '2' }, 'tier as a string'],
      [{ kubernetesVersion: 1.31 }, 'version as a number'],
      [{ rules: { privileged: 'loud' } }, 'unknown severity'],
      [{ ignore: 'generated/**' }, 'ignore as a string'],
      [{ tiers: 2 }, 'unknown key'],
    ];
    for (const [config, label] of bad) {
      assert.equal(validate(config), false, `schema rejects ${label}`);
      assert.notDeepEqual(parseConfigFile('/x/.kubetier.yaml', JSON.stringify(config)).problems, [], `engine rejects ${label}`);
    }
  });

  it('takes a customRules id under rules:, and the engine reports an id that is neither built in nor custom, at its line', () => {
    const custom = { id: 'team-owner-label', expression: "'team' in object.metadata.labels", message: 'Add a team label' };
    const config = { customRules: [custom], rules: { 'team-owner-label': 'error', privileged: 'off' } };
    assert.ok(validate(config), JSON.stringify(validate.errors));
    const builtIn = new Set(RULES.map((rule) => rule.id));
    assert.deepEqual(parseConfigFile('/x/.kubetier.yaml', JSON.stringify(config), builtIn).problems, []);
    const text = 'rules:\n  privileged: off\n  privilegd: error\n';
    const loaded = parseConfigFile('/x/.kubetier.yaml', text, builtIn);
    assert.deepEqual(loaded.located, [{ line: 2, message: 'rules.privilegd: no such rule (built in or under customRules); kubetier rules lists them' }]);
    assert.equal(loaded.problems.length, 1);
  });
});
