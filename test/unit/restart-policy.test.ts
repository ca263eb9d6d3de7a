import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../client/src/restartPolicy';

describe('language server restart policy', () => {
  it('restarts after a crash and tells the user once', () => {
    const policy = new RestartPolicy(5, 180_000);
    const first = policy.onClosed(0);
    assert.equal(first.restart, true);
    assert.match(first.notify ?? '', /restarted/);
    assert.deepEqual(policy.onClosed(70_000), { restart: true });
  });

  it('gives up after five crashes within three minutes, saying how to restart by hand', () => {
    const policy = new RestartPolicy(5, 180_000);
    for (let i = 0; i < 4; i++) assert.equal(policy.onClosed(i * 1000).restart, true);
    const fifth = policy.onClosed(5000);
    assert.equal(fifth.restart, false);
    assert.match(fifth.notify ?? '', /Restart language server/);
  });

  it('crashes spread over time never add up to a crash loop', () => {
    const policy = new RestartPolicy(5, 180_000);
    for (let i = 0; i < 20; i++) assert.equal(policy.onClosed(i * 60_000).restart, true);
  });

  it('a manual restart starts the count afresh', () => {
    const policy = new RestartPolicy(2, 180_000);
    policy.onClosed(0);
    policy.reset();
    assert.equal(policy.onClosed(1).restart, true);
  });
});
