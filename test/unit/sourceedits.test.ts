// Fixes of rendered findings are edits made ahead against what a render read: applied whole, only where
// the file still holds that text, one per place per round.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySourceFixes } from '../../server/src/engine/edit/sourceedits';
import type { SourceFix } from '../../server/src/engine/lint/lint';

const VALUES = 'replicaCount: 3\nsecurityContext:\n  privileged: true\n';

function setPrivileged(path = 'values-prod.yaml'): SourceFix {
  return { title: 'Set privileged: false', safe: true, edits: [{ path, range: { start: { line: 2, character: 14 }, end: { line: 2, character: 18 } }, oldText: 'true', newText: 'false' }] };
}

function insertAtEnd(newText: string): SourceFix {
  return { title: 'Add', safe: true, edits: [{ path: 'values-prod.yaml', range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, oldText: '', newText }] };
}

describe('applying fixes of rendered findings', () => {
  it('applies a fix whose range still holds the text it was made for; the same fix twice once', () => {
    const { texts, applied, notApplied } = applySourceFixes([setPrivileged(), setPrivileged()], () => VALUES);
    assert.equal(texts.get('values-prod.yaml'), VALUES.replace('privileged: true', 'privileged: false'));
    assert.equal(applied.length, 1);
    assert.deepEqual(notApplied, []);
  });

  it('leaves a file changed since the render as it is', () => {
    const { texts, notApplied } = applySourceFixes([setPrivileged()], () => VALUES.replace('true', 'yes'));
    assert.equal(texts.size, 0);
    assert.equal(notApplied.length, 1);
  });

  it('leaves an unreadable file alone, and a fix with one stale edit out whole', () => {
    const both: SourceFix = { ...setPrivileged(), edits: [...setPrivileged().edits, ...setPrivileged('gone.yaml').edits] };
    const { texts, notApplied } = applySourceFixes([both], (file) => (file === 'gone.yaml' ? undefined : VALUES));
    assert.equal(texts.size, 0);
    assert.equal(notApplied.length, 1);
  });

  it('two insertions at one place wait: the second applies in the next round', () => {
    const { texts, applied, notApplied } = applySourceFixes([insertAtEnd('a: 1\n'), insertAtEnd('b: 2\n')], () => VALUES);
    assert.equal(texts.get('values-prod.yaml'), `${VALUES}a: 1\n`);
    assert.equal(applied.length, 1);
    assert.equal(notApplied.length, 1);
  });
});
