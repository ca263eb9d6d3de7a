// Where "Select target tier" writes, and the edits it makes to a modeline and a .kubetier.yaml.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newConfigText, tierDestinations, tierSourceKind, withConfigTier, withModelineTier } from '../../client/src/tierEdits';
import { parseConfigFile, parseModeline } from '../../server/src/engine/lint/config';

describe('tier destinations', () => {
  it('offers the source that decides the tier first, the setting it would override second', () => {
    assert.deepEqual(tierDestinations(tierSourceKind('modeline (line 1)'), true), ['modeline', 'setting']);
    assert.deepEqual(tierDestinations(tierSourceKind('/repo/.kubetier.yaml'), true), ['config', 'setting']);
  });

  it('offers the setting, then a new .kubetier.yaml only where one can be created', () => {
    assert.deepEqual(tierDestinations(tierSourceKind('kubetier.tier setting'), true), ['setting', 'newConfig']);
    assert.deepEqual(tierDestinations(tierSourceKind('default'), false), ['setting']);
  });
});

describe('tier edits', () => {
  it('sets tier= in a modeline and keeps its other keys and the rest of the file', () => {
    const text = 'apiVersion: v1\n# kubetier: tier=2 k8s=1.30\nkind: ConfigMap\n';
    const edited = withModelineTier(text, 4)!;
    assert.equal(edited, 'apiVersion: v1\n# kubetier: tier=4 k8s=1.30\nkind: ConfigMap\n');
    assert.deepEqual(parseModeline(edited), { line: 1, tier: 4, kubernetesVersion: '1.30' });
  });

  it('adds tier= to a modeline that has none, and gives up without a modeline', () => {
    assert.equal(withModelineTier('# kubetier: k8s=1.29\r\nkind: Pod\r\n', 3), '# kubetier: tier=3 k8s=1.29\r\nkind: Pod\r\n');
    assert.equal(withModelineTier('kind: Pod\n', 3), undefined);
  });

  it('sets tier: in a .kubetier.yaml and keeps its comments and other keys', () => {
    const text = '# team settings\ntier: 1 # start small\nrules:\n  privileged: off\n';
    const edited = withConfigTier(text, 3)!;
    assert.match(edited, /^# team settings$/m);
    assert.match(edited, /^rules:\n {2}privileged: off$/m);
    const config = parseConfigFile('/repo/.kubetier.yaml', edited);
    assert.equal(config.config.tier, 3);
    assert.deepEqual(config.problems, []);
  });

  it('adds tier: to a config without it, writes a fresh one into an empty file, and refuses a list', () => {
    assert.equal(parseConfigFile('/r/.kubetier.yaml', withConfigTier('kubernetesVersion: "1.30"\n', 2)!).config.tier, 2);
    assert.equal(withConfigTier('', 5), newConfigText(5));
    assert.equal(parseConfigFile('/r/.kubetier.yaml', newConfigText(5)).config.tier, 5);
    assert.equal(withConfigTier('- tier: 2\n', 2), undefined);
    assert.equal(withConfigTier('tier: [\n', 2), undefined, 'a file that does not parse is not rewritten');
  });
});
