// Settings given in initializationOptions: under `kubetier` or directly; other keys are not settings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initializationSettings } from '../../server/src/lsp/initializationSettings';

describe('initializationSettings', () => {
  it('reads the kubetier section, or the settings given directly', () => {
    assert.deepEqual(initializationSettings({ kubetier: { tier: 2, rules: { privileged: 'off' } } }), { tier: 2, rules: { privileged: 'off' } });
    assert.deepEqual(initializationSettings({ tier: 3, maxFileSize: 2 }), { tier: 3, maxFileSize: 2 });
  });

  it('leaves out what is not a setting, and takes anything that is not an object as no settings', () => {
    assert.deepEqual(initializationSettings({ redhatYamlActive: true, tier: 2, other: 1, __proto__: { enable: false } }), { tier: 2 });
    for (const options of [undefined, null, 'tier=2', 2, [{ tier: 2 }]]) assert.deepEqual(initializationSettings(options), {});
    assert.deepEqual(initializationSettings({ kubetier: [1] }), {}, 'a kubetier key that is not an object is not a section');
  });
});
