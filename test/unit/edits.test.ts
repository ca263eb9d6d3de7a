// Edge cases of the edit engine that fuzzing found: each once broke the YAML a fix produced.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseText } from '../../server/src/engine/workspace/disk';
import { applyOperations } from '../../server/src/engine/edit/edits';
import { detectStyle } from '../../server/src/engine/edit/style';
import { applyToDocument, fixAllText } from '../../server/src/engine/edit/fix';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import { RULES } from '../../server/src/rules';

const parses = (text: string) => assert.deepEqual(parseText('/t.yaml', text).problems.map((problem) => problem.message), []);

describe('edits on unusual layouts', () => {
  it('a key added to a map that starts with an explicit key (`? key`) lines up with the implicit keys', () => {
    const text = 'metadata:\n  ? complex\n  name: web\n';
    const fixed = applyOperations(text, { documentIndex: 0, basePath: [] }, [{ op: 'set', path: ['metadata', 'labels'], value: { app: 'web' } }]);
    assert.match(fixed, /^metadata:\n {2}\? complex\n {2}name: web\n {2}labels:\n +app: web\n$/);
    parses(fixed);
  });

  it('an empty key (`: value`) does not decide the indentation of added keys', () => {
    const text = 'metadata:\n  name: web\n  : stray\nspec: {}\n';
    const fixed = applyOperations(text, { documentIndex: 0, basePath: [] }, [{ op: 'set', path: ['metadata', 'labels'], value: { app: 'web' } }]);
    assert.match(fixed, /\n {2}labels:\n {4}app: web\n/);
    parses(fixed);
  });

  it('a lone CR ending a truncated file stays on its line; the added lines follow it', () => {
    const text = 'spec:\r\n  containers:\r\n  - name: web\r';
    const fixed = applyOperations(text, { documentIndex: 0, basePath: [] }, [{ op: 'set', path: ['spec', 'containers', 0, 'image'], value: 'web:1' }]);
    assert.ok(fixed.startsWith('spec:\r\n  containers:\r\n  - name: web\r'), JSON.stringify(fixed));
    assert.match(fixed, /image: web:1/);
    parses(fixed);
  });

  it('a document added after one closed by `...` is separated from a following document without `---`', () => {
    const first = 'kind: RoleBinding\nsubjects:\n...\n';
    const text = `${first}- kind: User\n  name: someone\n`;
    const fixed = applyToDocument(text, [0, first.length], [], [{ op: 'addDocument', value: { kind: 'NetworkPolicy' } }], detectStyle(text));
    assert.equal(fixed, `${first}---\nkind: NetworkPolicy\n---\n- kind: User\n  name: someone\n`);
    parses(fixed);
  });

  it('no separator is added when the next document starts with its own marker', () => {
    const first = 'kind: A\n';
    const text = `${first}---\nkind: B\n`;
    const fixed = applyToDocument(text, [0, first.length], [], [{ op: 'addDocument', value: { kind: 'C' } }], detectStyle(text));
    assert.equal(fixed, 'kind: A\n---\nkind: C\n---\nkind: B\n');
  });

  it('a fix the edit engine would get wrong (an explicit key followed by a sequence) is not applied rather than breaking the YAML', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: zk\nspec:\n  template:\n    spec:\n      containers:\n        ? complex\n        - name: zk\n          image: zk\n';
    parses(text);
    const settings = resolveSettings(text, undefined, {}, 5);
    const result = fixAllText('/t.yaml', text, { rules: RULES, settings, index: WorkspaceIndex.of([]), accept: (rule) => rule.id === 'replicas-minimum' });
    parses(result.text);
    assert.equal(result.text, text);
  });
});
