// What schema-validation says about a kind no schema describes: errors with a did-you-mean for typos
// in built-in kinds and versions, info for a group nothing knows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseUnknownKind } from '../../server/src/schema/kinds';
import type { BundledKind } from '../../server/src/schema/store';

const KNOWN: BundledKind[] = [
  { apiVersion: 'v1', kind: 'Service', origin: 'kubernetes' },
  { apiVersion: 'apps/v1', kind: 'Deployment', origin: 'kubernetes' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', origin: 'kubernetes' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', origin: 'crd' },
  { apiVersion: 'example.com/v1', kind: 'Backup', origin: 'workspace-crd' },
];

const diagnose = (apiVersion: string, kind: string) => diagnoseUnknownKind(apiVersion, kind, KNOWN);

describe('unknown kinds and apiVersions', () => {
  it('a known kind needs no word', () => {
    assert.equal(diagnose('apps/v1', 'Deployment'), undefined);
  });

  it('a misspelt or prefixed kind is an error naming the kind meant', () => {
    for (const kind of ['Deploymnt', 'xDeployment', 'deployment']) {
      const found = diagnose('apps/v1', kind);
      assert.equal(found?.severity, 'error');
      assert.equal(found?.message, `apps/v1 has no kind ${kind}; did you mean Deployment?`);
      assert.equal(found?.apiVersion, undefined, 'the kind changes, not only the apiVersion');
    }
  });

  it('a version the group does not serve is an error naming the served one, fixable by apiVersion', () => {
    assert.deepEqual(diagnose('apps/v2', 'Deployment'), {
      severity: 'error',
      message: 'apps/v2 does not serve Deployment (apps/v1 does); did you mean apps/v1?',
      advice: 'Use apiVersion: apps/v1.',
      apiVersion: 'apps/v1',
    });
  });

  it('a built-in kind under a misspelt dotless group, and a kind misspelt under the wrong group', () => {
    assert.equal(diagnose('app/v1', 'Deployment')?.message, 'app/v1 is not an API version Kubernetes serves; did you mean apps/v1?');
    assert.equal(diagnose('v1', 'Deploymnt')?.message, 'v1 has no kind Deploymnt; did you mean apps/v1 Deployment?');
  });

  it('a kind of a group nothing knows is info asking for its CRD, never an error', () => {
    const found = diagnose('example.org/v1', 'Widget');
    assert.equal(found?.severity, 'info');
    assert.match(found?.message ?? '', /^No schema known for example.org\/v1 Widget/);
    assert.match(found?.advice ?? '', /CustomResourceDefinition/);
  });

  it('a workspace CRD names the kind meant; a bundled CRD group only warns, or informs when nothing is close', () => {
    assert.equal(diagnose('example.com/v1', 'Bakup')?.severity, 'error');
    assert.equal(diagnose('example.com/v1', 'Bakup')?.message, 'example.com/v1 has no kind Bakup; did you mean Backup?');
    assert.equal(diagnose('argoproj.io/v1alpha1', 'Rolout')?.severity, 'warning');
    assert.equal(diagnose('argoproj.io/v1alpha1', 'WorkflowTemplate')?.severity, 'info');
  });

  it('a built-in group with no kind of that name or like it is an error', () => {
    assert.equal(diagnose('apps/v1', 'Frobnicator')?.message, 'apps/v1 has no kind Frobnicator, so the API server rejects it');
  });
});
