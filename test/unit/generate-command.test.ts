// The decisions of the "Generate tier bundle" command that do not need VS Code (client/src/generate/plan.ts):
// which answers each step offers, how a preset argument is completed, and what the overwrite confirmation lists.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { choicesFor, confirmationMessage, isEmptyTarget, optionsFromPreset, presetProblem, targetState } from '../../client/src/generate/plan';
import { generateBundle, optionProblems } from '../../server/src/generator';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubetier-generate-command-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

describe('Generate tier bundle: choices and presets', () => {
  it('offers every value at every tier (what a combination cannot meet is said in the bundle), the tier default first', () => {
    assert.deepEqual(choicesFor('gitops', 1), ['none', 'argocd', 'flux']);
    assert.deepEqual(choicesFor('gitops', 3), ['argocd', 'flux', 'none']);
    assert.deepEqual(choicesFor('gitops', 4), ['argocd', 'flux', 'none']);
    assert.deepEqual(choicesFor('mesh', 4), ['istio', 'none', 'linkerd', 'cilium']);
    assert.deepEqual(choicesFor('provider', 1), ['eks', 'gke', 'aks', 'onprem', 'hybrid']);
    assert.deepEqual(choicesFor('secrets', 2), ['sealed', 'k8s', 'vault']);
    assert.deepEqual(choicesFor('packaging', 5), ['helm', 'kustomize', 'raw']);
    for (const tier of [1, 2, 3, 4, 5] as const) {
      for (const gitops of choicesFor('gitops', tier)) {
        for (const mesh of choicesFor('mesh', tier)) {
          assert.deepEqual(optionProblems(optionsFromPreset({ name: 'app', tier, gitops: gitops as never, mesh: mesh as never })), [], `tier ${tier} ${gitops} ${mesh}`);
        }
      }
    }
  });

  it('fills what a preset leaves out with the tier defaults of tiers.md', () => {
    assert.deepEqual(optionsFromPreset({ name: 'shop', tier: 3 }), { name: 'shop', tier: 3, provider: 'eks', packaging: 'helm', gitops: 'argocd', mesh: 'istio', secrets: 'vault', compliance: 'none' });
    assert.equal(optionsFromPreset({ name: 'shop', tier: 2, compliance: 'hipaa' }).compliance, 'hipaa');
    assert.equal(optionsFromPreset({ name: 'shop' }).tier, 1);
    assert.equal(optionsFromPreset({ name: 'shop', tier: 2, packaging: 'raw' }).packaging, 'raw');
  });

  it('rejects presets the generator would refuse, saying why', () => {
    assert.equal(presetProblem({ name: 'shop', tier: 2 }), undefined);
    assert.match(presetProblem({ name: 'Shop_1' })!, /DNS-1123/);
    assert.match(presetProblem({ tier: 7 as never })!, /tier must be 1-5/);
    assert.equal(presetProblem({ tier: 4, gitops: 'flux', mesh: 'none' }), undefined);
    assert.match(presetProblem({ tier: 4, gitops: 'jenkins' as never })!, /gitops "jenkins" is not offered at tier 4 \(choose argocd, flux, none\)/);
    assert.match(presetProblem({ tier: 1, mesh: 'consul' as never })!, /mesh "consul"/);
    assert.match(presetProblem({ tier: 1, compliance: 'iso27001' as never })!, /compliance "iso27001" is not known \(choose none, soc2, hipaa, pci, fedramp\)/);
  });
});

describe('Generate tier bundle: target folder', () => {
  const files = generateBundle(optionsFromPreset({ name: 'shop', tier: 1, packaging: 'raw' }));

  it('a missing or empty folder needs no confirmation', () => {
    assert.ok(isEmptyTarget(targetState(path.join(temp, 'missing'), files)));
    fs.mkdirSync(path.join(temp, 'empty'));
    assert.ok(isEmptyTarget(targetState(path.join(temp, 'empty'), files)));
  });

  it('lists every bundle file that would be overwritten and counts what is kept', () => {
    const target = path.join(temp, 'used');
    fs.mkdirSync(path.join(target, 'manifests'), { recursive: true });
    fs.writeFileSync(path.join(target, 'README.md'), 'mine');
    fs.writeFileSync(path.join(target, 'manifests', 'deployment.yaml'), 'mine');
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine');
    const state = targetState(target, files);
    assert.deepEqual(state, { overwritten: ['manifests/deployment.yaml', 'README.md'], otherEntries: 1 });
    const message = confirmationMessage(target, state);
    assert.match(message, /already has 2 of the bundle's files\. Overwrite them\?/);
    assert.match(message, /• manifests\/deployment\.yaml\n• README\.md/);
    assert.match(message, /1 other entry is left untouched\.$/);
  });

  it('asks before adding files next to unrelated ones', () => {
    const target = path.join(temp, 'unrelated');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine');
    const state = targetState(target, files);
    assert.equal(isEmptyTarget(state), false);
    assert.match(confirmationMessage(target, state), /is not empty\. Add the bundle's files next to what is there\? 1 other entry is left untouched\./);
  });

  it('shows the first 15 conflicts and counts the rest', () => {
    const many = Array.from({ length: 20 }, (_, i) => `file-${i}.yaml`);
    const message = confirmationMessage('/x', { overwritten: many, otherEntries: 0 });
    assert.equal((message.match(/^• /gm) ?? []).length, 15);
    assert.match(message, /… and 5 more$/);
  });
});
