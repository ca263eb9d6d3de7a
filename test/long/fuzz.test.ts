// CI-sized mutation fuzzing of the engine (FUZZ_RUNS, default 2,000 cases); `npm run fuzz` runs the long one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMutation, checkFindings, fuzzEngine, seedDocuments } from '../support/fuzz';

describe('fuzzing', { timeout: 120_000 }, () => {
  it('the seeds cover the Polaris and real corpora', () => {
    const names = seedDocuments().map((seed) => seed.name);
    assert.ok(names.some((name) => name.startsWith('corpus/polaris/')));
    assert.ok(names.some((name) => name.startsWith('corpus/real/')));
    assert.ok(names.length >= 60, `${names.length} seeds`);
  });

  it('mutations change text the way they say', () => {
    const text = 'a: 1\nb:\n  c: 2\n';
    assert.equal(applyMutation(text, { kind: 'delete', line: 1, count: 2 }), 'a: 1\n');
    assert.equal(applyMutation(text, { kind: 'reindent', line: 2, delta: -2 }), 'a: 1\nb:\nc: 2\n');
    assert.equal(applyMutation(text, { kind: 'retype', line: 0, value: '[]' }), 'a: []\nb:\n  c: 2\n');
    assert.equal(applyMutation(text, { kind: 'truncate', at: 3 }), 'a: ');
  });

  it('the range check catches ranges outside the text', () => {
    const finding = { ruleId: 'x', severity: 'info' as const, message: '', related: [], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } } };
    assert.match(checkFindings('short', [finding]) ?? '', /outside/);
    assert.equal(checkFindings('long enough', [finding]), undefined);
  });

  it('mutated manifests never make the engine throw, fail a rule or report outside the text', () => {
    fuzzEngine(Number(process.env.FUZZ_RUNS ?? 2000), process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined);
  });
});
