// Quantities and image references, the parsers under the resource and image rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concreteImage, isDigestPinned, parseImage } from '../../server/src/engine/kube/image';
import { parseQuantity } from '../../server/src/engine/kube/quantity';

describe('parseQuantity', () => {
  it('reads decimal, binary and exponent suffixes and plain numbers', () => {
    assert.equal(parseQuantity('100m'), 0.1);
    assert.equal(parseQuantity('1.5'), 1.5);
    assert.equal(parseQuantity(2), 2);
    assert.equal(parseQuantity('128Mi'), 128 * 2 ** 20);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.equal(parseQuantity('.5Gi'), 2 ** 29);
    // "E" alone is exa; followed by digits it is an exponent.
    assert.equal(parseQuantity('1E'), 1e18);
    assert.equal(parseQuantity('1E3'), 1000);
    assert.equal(parseQuantity('2e-3'), 0.002);
  });

  it('compares across notations', () => {
    assert.ok(parseQuantity('1Gi')! > parseQuantity('256Mi')!);
    assert.ok(parseQuantity('0.05')! < parseQuantity('100m')!);
  });

  it('gives undefined for what Kubernetes rejects or a template', () => {
    for (const value of ['lots', '', '1mi', '-1', '1 Gi', '{{ .Values.mem }}', null, undefined, true, {}, [], -1, Number.NaN]) {
      assert.equal(parseQuantity(value), undefined, JSON.stringify(value));
    }
  });
});

describe('parseImage', () => {
  it('splits name, tag and digest; a registry port is not a tag', () => {
    assert.deepEqual(parseImage('nginx'), { name: 'nginx', tag: undefined, digest: undefined });
    assert.deepEqual(parseImage('nginx:1.27'), { name: 'nginx', tag: '1.27', digest: undefined });
    assert.deepEqual(parseImage('registry.example.com:5000/team/app'), { name: 'registry.example.com:5000/team/app', tag: undefined, digest: undefined });
    assert.deepEqual(parseImage('localhost:5000/app:v2@sha256:abc'), { name: 'localhost:5000/app', tag: 'v2', digest: 'sha256:abc' });
  });

  it('is pinned only by a sha256 digest', () => {
    assert.equal(isDigestPinned(parseImage('nginx@sha256:abc')), true);
    assert.equal(isDigestPinned(parseImage('nginx@sha512:abc')), false);
    assert.equal(isDigestPinned(parseImage('nginx:sha256')), false);
  });

  it('judges only concrete string references', () => {
    assert.equal(concreteImage(' nginx:1.27 '), 'nginx:1.27');
    for (const value of [42, null, '', '${IMAGE}', '$(IMAGE)', '{{ .Values.image }}', '<image>', { repository: 'nginx' }]) {
      assert.equal(concreteImage(value), undefined, JSON.stringify(value));
    }
  });
});
