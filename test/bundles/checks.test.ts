// The bundle matrix's own checks can fail: an anchor, a value file or path that is not in the bundle, and
// a namespace the bundle does not create are each reported.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateBundle, type BundleFile, type BundleOptions } from '../../server/src/generator';
import { anchorsIn, gitopsReferences } from './matrix';

const REPOSITORY = 'https://git.example.com/platform/shop.git';
const options: BundleOptions = { name: 'shop', tier: 4, packaging: 'helm', provider: 'eks', gitops: 'argocd', mesh: 'istio', secrets: 'vault' };

function edit(files: BundleFile[], file: string, change: (text: string) => string): BundleFile[] {
  assert.ok(files.some((entry) => entry.path === file), file);
  return files.map((entry) => (entry.path === file ? { ...entry, content: change(entry.content) } : entry));
}

describe('the bundle matrix checks', () => {
  it('pass on a generated bundle, having checked its references', () => {
    const files = generateBundle(options);
    assert.deepEqual(anchorsIn(files), []);
    const result = gitopsReferences(files, REPOSITORY);
    assert.deepEqual(result.problems, []);
    assert.ok(result.checked >= 10, String(result.checked));
  });

  it('report an anchor and its alias', () => {
    const files = edit(generateBundle(options), 'platform/namespaces.yaml', (text) => `${text}---\nlabels: &shared {a: b}\nother: *shared\n`);
    assert.deepEqual(anchorsIn(files), ['platform/namespaces.yaml: anchor &shared', 'platform/namespaces.yaml: alias *shared']);
  });

  it('report a value file, a source path and a destination namespace that are not in the bundle', () => {
    let files = edit(generateBundle(options), 'gitops/appsets.yaml', (text) => text.replace('values-{{.environment}}.yaml', 'values-{{.environment}}-eu.yaml'));
    files = edit(files, 'gitops/apps/platform.yaml', (text) => text.replace('path: platform', 'path: platforms'));
    files = files.filter((file) => file.path !== 'platform/values/vault.yaml');
    files = edit(files, 'platform/namespaces.yaml', (text) => text.replace(/name: shop-staging\n/g, 'name: shop-stage\n'));
    const problems = gitopsReferences(files, REPOSITORY).problems;
    assert.ok(problems.some((problem) => /valueFiles values-dev-eu\.yaml -> chart\/shop\/values-dev-eu\.yaml is not in the bundle/.test(problem)), problems.join('\n'));
    assert.ok(problems.some((problem) => /source path platforms is not a folder/.test(problem)), problems.join('\n'));
    assert.ok(problems.some((problem) => /platform\/values\/vault\.yaml is not in the bundle/.test(problem)), problems.join('\n'));
    assert.ok(problems.some((problem) => /destination namespace shop-staging is not created/.test(problem)), problems.join('\n'));
  });

  it('report a Flux HelmRelease whose values file is missing', () => {
    const flux = { ...options, gitops: 'flux' as const };
    const files = generateBundle(flux).filter((file) => file.path !== 'chart/shop/values-prod.yaml');
    assert.ok(gitopsReferences(files, REPOSITORY).problems.some((problem) => /valuesFiles \.\/chart\/shop\/values-prod\.yaml is not in the bundle/.test(problem)));
  });
});
