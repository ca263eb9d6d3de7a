// The YAML writer of generated files (server/src/generator/yamlText.ts): every string reads back as the
// same string under YAML 1.2 (kubetier, editors) and YAML 1.1 (kubectl and Helm through sigs.k8s.io/yaml).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { toYaml } from '../../server/src/generator/yamlText';
import { yaml11Reading } from '../../server/src/engine/yaml/yaml11';

/** Strings one YAML version or the other reads as null, booleans, numbers or timestamps when left plain. */
const TYPED_LOOKING = ['null', 'Null', '~', '', 'true', 'false', 'on', 'off', 'yes', 'no', 'y', 'n', 'Y', 'NO', '123', '0644', '1e3', '12e3', '1.5', '0x1f', '0o17', '0b101', '1_000', '1:20', '2001-12-14', '.inf', '-.inf', '.nan', '<<'];

describe('toYaml', () => {
  it('writes strings that look typed so both YAML versions read them back as the same strings', () => {
    const value = { names: TYPED_LOOKING, map: Object.fromEntries(TYPED_LOOKING.map((text, i) => [`k${i}`, text])) };
    const text = toYaml(value);
    assert.deepEqual(parse(text), value, 'YAML 1.2');
    assert.deepEqual(parse(text, { version: '1.1' }), value, 'YAML 1.1');
    // The check kubetier's own yaml11-ambiguous rule makes: nothing is left plain that YAML 1.1 reads otherwise.
    const plain = text.split('\n').map((line) => /^\s*(?:- |\S+: )(.+)$/.exec(line)?.[1]).filter((scalar): scalar is string => scalar !== undefined && !scalar.startsWith('"'));
    assert.deepEqual(plain.filter((scalar) => yaml11Reading(scalar) !== undefined), []);
  });

  it('keys that look typed are quoted too', () => {
    const value = { on: 'x', yes: 'y', '123': 'z' };
    const text = toYaml(value);
    assert.deepEqual(parse(text, { version: '1.1' }), value);
    assert.match(text, /^"on": x$/m);
  });

  it('leaves ordinary strings, numbers and booleans as they were', () => {
    assert.equal(toYaml({ name: 'shop', replicas: 2, enabled: true, cpu: '100m', image: 'nginx:1.27.3' }), 'name: shop\nreplicas: 2\nenabled: true\ncpu: 100m\nimage: nginx:1.27.3\n');
    assert.equal(toYaml({ layout: ['a'] }, { indentSeq: false }), 'layout:\n- a\n');
    assert.equal(toYaml({ layout: ['a'] }), 'layout:\n  - a\n');
  });
});
