// Kyverno pattern semantics kubetier implements: scalars (wildcards, operators, ranges, alternatives,
// quantities) and the anchors, each with a value that passes and one that fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchPattern, scalarMatches } from '../../server/src/engine/policy/kyvernoPattern';

describe('Kyverno patterns', () => {
  const scalars: [unknown, unknown, boolean][] = [
    ['nginx:*', 'nginx:1.27', true],
    ['nginx:*', 'httpd:2', false],
    ['?*', '', false],
    ['?*', 'x', true],
    ['!*:latest', 'nginx:latest', false],
    ['!*:latest', 'nginx:1.27', true],
    ['>1', 2, true],
    ['>=2', 1, false],
    ['<=1Gi', '512Mi', true],
    ['<=1Gi', '2Gi', false],
    ['2-10', 5, true],
    ['2-10', 11, false],
    ['!2-10', 11, true],
    ['Always | IfNotPresent', 'IfNotPresent', true],
    ['Always | IfNotPresent', 'Never', false],
    ['>0 & <5', 3, true],
    [true, true, true],
    ['false', false, true],
    [3, '3', true],
  ];
  for (const [pattern, value, expected] of scalars) {
    it(`${JSON.stringify(pattern)} on ${JSON.stringify(value)} is ${expected}`, () => assert.equal(scalarMatches(pattern, value), expected));
  }

  it('a plain key is required; =(key) only checks what is there; X(key) forbids', () => {
    assert.equal(matchPattern({ spec: { replicas: '>1' } }, { spec: {} }).status, 'fail');
    assert.equal(matchPattern({ spec: { '=(replicas)': '>1' } }, { spec: {} }).status, 'pass');
    assert.equal(matchPattern({ spec: { '=(replicas)': '>1' } }, { spec: { replicas: 1 } }).status, 'fail');
    assert.equal(matchPattern({ spec: { 'X(hostNetwork)': 'null' } }, { spec: { hostNetwork: true } }).status, 'fail');
    assert.equal(matchPattern({ spec: { 'X(hostNetwork)': 'null' } }, { spec: {} }).status, 'pass');
  });

  it('(key) applies the rest of its map only when it holds, per list item', () => {
    const pattern = { containers: [{ '(name)': 'app-*', image: 'registry.example.com/*' }] };
    const value = { containers: [{ name: 'sidecar', image: 'envoy' }, { name: 'app-web', image: 'registry.example.com/web' }] };
    assert.equal(matchPattern(pattern, value).status, 'pass');
    const failing = matchPattern(pattern, { containers: [{ name: 'app-web', image: 'docker.io/web' }] });
    assert.equal(failing.status, 'fail');
    assert.deepEqual(failing.status === 'fail' && failing.path, ['containers', 0, 'image']);
  });

  it('^(key) skips the whole rule when it does not hold; <(key) needs one matching item', () => {
    const global = { spec: { '^(containers)': [{ name: 'db' }], replicas: 1 } };
    assert.deepEqual(matchPattern(global, { spec: { containers: [{ name: 'web' }], replicas: 3 } }), { status: 'skip', global: true });
    assert.equal(matchPattern(global, { spec: { containers: [{ name: 'db' }], replicas: 3 } }).status, 'fail');
    const existence = { spec: { '<(containers)': { name: 'istio-proxy' } } };
    assert.equal(matchPattern(existence, { spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }] } }).status, 'pass');
    assert.equal(matchPattern(existence, { spec: { containers: [{ name: 'app' }] } }).status, 'fail');
  });

  it('a JMESPath variable is reported as not evaluated, never passed', () => {
    assert.equal(matchPattern({ metadata: { name: '{{ request.object.metadata.name }}' } }, { metadata: { name: 'x' } }).status, 'unsupported');
  });
});
