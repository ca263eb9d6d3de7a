// Fixes through YAML sharing (issue 15): each attack is a fixture in test/fixtures/fix-safety with its
// expected outcome. A place that reaches a value through an alias or a merge gets its own copy first;
// an edit of a node aliases share is refused with the reason; anchors stay; values nobody asked to
// change (an immutable selector, a memory request) keep their resolved value.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { resolveSettings } from '../../server/src/engine/lint/config';
import { editText } from '../../server/src/engine/edit/edits';
import { fixAllText } from '../../server/src/engine/edit/fix';
import { sideEffectReason } from '../../server/src/engine/edit/sideeffects';
import { parseText } from '../../server/src/engine/workspace/disk';
import { WorkspaceIndex } from '../../server/src/engine/workspace/workspace';
import type { Tier } from '../../server/src/engine/types';
import { RULES } from '../../server/src/rules';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/fix-safety');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

interface Attack {
  file: string;
  rules: string[];
  tier: Tier;
  /** Fixed text in <file>.expected.yaml; without it the text must stay as it is. */
  changes: boolean;
  notApplied: string[];
}

const ATTACKS: Attack[] = [
  { file: 'shared-resources', rules: ['resource-requests', 'resource-limits'], tier: 1, changes: true, notApplied: [] },
  {
    file: 'labels-selector',
    rules: ['recommended-labels'],
    tier: 3,
    changes: false,
    notApplied: [
      'recommended-labels on Deployment "web" is not applied: metadata.labels is shared through the anchor &lab with spec.selector.matchLabels: the fix would change it too (spec.selector of a Deployment, which Kubernetes does not let an update change). Write the value out in full at the place to fix instead of sharing it, then fix it',
    ],
  },
  {
    file: 'replicas-memory',
    rules: ['replicas-minimum'],
    tier: 2,
    changes: false,
    notApplied: [
      'replicas-minimum on Deployment "web" is not applied: spec.replicas is shared through the anchor &one with spec.template.spec.containers[0].resources.requests.memory: the fix would change it too. Write the value out in full at the place to fix instead of sharing it, then fix it',
    ],
  },
  { file: 'shared-security-context', rules: ['privileged'], tier: 2, changes: true, notApplied: [] },
];

const anchorsOf = (text: string) => [...text.matchAll(/&([\w-]+)/g)].map((match) => match[1]).sort();

describe('fixes through anchors and aliases', () => {
  for (const attack of ATTACKS) {
    it(`${attack.file}: ${attack.changes ? 'fixed with its own copies' : 'refused with the reason'}, anchors kept, the file still reads`, () => {
      const text = read(`${attack.file}.yaml`);
      const file = parseText(`/virtual/${attack.file}.yaml`, text);
      const result = fixAllText(file.path, text, {
        rules: RULES,
        settings: resolveSettings(text, undefined, {}, attack.tier),
        index: WorkspaceIndex.of([file]),
        accept: (rule) => attack.rules.includes(rule.id),
      });
      assert.equal(result.text, attack.changes ? read(`${attack.file}.expected.yaml`) : text);
      assert.deepEqual(result.notApplied, attack.notApplied);
      assert.deepEqual(parseText(file.path, result.text).problems, []);
      assert.deepEqual(anchorsOf(result.text), anchorsOf(text));
    });
  }

  it('kubetier fix - prints the reason of a refused fix and changes nothing', () => {
    let stdout = '';
    let stderr = '';
    const text = read('replicas-memory.yaml');
    const io = { stdout: (line: string) => (stdout += `${line}\n`), stdoutRaw: (raw: string) => (stdout += raw), stderr: (line: string) => (stderr += `${line}\n`), readStdin: () => text, cwd: FIXTURES, isTTY: false };
    assert.equal(runCli(['fix', '--tier', '2', '--rule', 'replicas-minimum', '-'], io), 0);
    assert.equal(stdout, text);
    assert.match(stderr, /kubetier fix: -: replicas-minimum on Deployment "web" is not applied: spec\.replicas is shared through the anchor &one/);
    assert.match(stderr, /0 files changed/);
  });

  it('a value that comes from a << merge is copied into the map before a merge edits it', () => {
    const text = 'base: &b\n  sc:\n    fsGroup: 1\nspec:\n  <<: *b\n  other: 1\n';
    const result = editText(text, { documentIndex: 0, basePath: [] }, [{ op: 'merge', path: ['spec', 'sc'], value: { runAsNonRoot: true } }]);
    assert.equal(result.text, 'base: &b\n  sc:\n    fsGroup: 1\nspec:\n  <<: *b\n  other: 1\n  sc:\n    fsGroup: 1\n    runAsNonRoot: true\n');
  });

  it('a fix that would drop an anchor other places use is refused', () => {
    const result = editText('a:\n  b: &y 1\nc: *y\n', { documentIndex: 0, basePath: [] }, [{ op: 'set', path: ['a'], value: { z: 1 } }]);
    assert.deepEqual(result, { text: 'a:\n  b: &y 1\nc: *y\n', refusal: 'a holds the anchor &y that c uses: replacing it would leave that alias without a value' });
  });

  it('the last check refuses any change outside the written paths, naming immutable fields', () => {
    const before = { kind: 'Service', spec: { clusterIP: '10.0.0.1', ports: [{ port: 80 }] }, metadata: { labels: { app: 'a' } } };
    const writes = [{ op: 'merge' as const, path: ['metadata', 'labels'], value: { team: 'x' } }];
    const fine = { ...before, metadata: { labels: { app: 'a', team: 'x' } } };
    assert.equal(sideEffectReason(before, fine, [], writes), undefined);
    const dropped = { ...before, metadata: { labels: { team: 'x' } } };
    assert.equal(sideEffectReason(before, dropped, [], writes), 'it would also change metadata.labels.app, which it was not asked to change');
    const moved = { ...fine, spec: { ...before.spec, clusterIP: '10.0.0.2' } };
    assert.equal(
      sideEffectReason(before, moved, [], writes),
      'it would also change spec.clusterIP (spec.clusterIP of a Service, which Kubernetes does not let an update change), which it was not asked to change',
    );
  });
});
