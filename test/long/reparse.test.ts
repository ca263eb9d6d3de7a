// Incremental re-parsing (what the server does on each keystroke) must give exactly what a full parse
// of the new text gives: same documents, spans, values, problems, objects and node positions.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isNode, visit } from 'yaml';
import { parseText, reparseText } from '../../server/src/engine/workspace/disk';
import type { ParsedFile } from '../../server/src/engine/yaml/model';
import { SHARED } from '../support/fixtures';
import { applyMutation, mutationArbitrary } from '../support/fuzz';

/** Everything rules and edits read from a parsed file, as plain data. */
function snapshot(file: ParsedFile): unknown {
  return {
    problems: file.problems,
    documents: file.documents.map((document) => {
      const ranges: number[][] = [];
      visit(document.ast, { Node: (_key, node) => void (isNode(node) && node.range && ranges.push([...node.range])) });
      return { index: document.index, span: document.span, value: document.value, problems: document.problems, ranges, astRange: [...document.ast.range] };
    }),
    objects: file.objects.map((object) => [object.kind, object.name, object.document.index, object.basePath.join('.'), object.file === file]),
  };
}

/** Multi-document manifests of the corpus, small enough to fuzz fast. */
function seeds(): { name: string; text: string }[] {
  const files = [
    'microservices-demo/release/kubernetes-manifests.yaml',
    'istio/samples/security/spire/spire-quickstart.yaml',
    'istio/samples/bookinfo/platform/kube/bookinfo.yaml',
  ].map((file) => path.join(SHARED, 'corpus/real', file));
  return files.filter((file) => fs.existsSync(file)).map((file) => ({ name: file, text: fs.readFileSync(file, 'utf8') }));
}

/** A single edit at an offset, as typing or pasting makes it. */
const editArbitrary = fc.record({
  at: fc.nat(2_000_000),
  remove: fc.nat(40),
  insert: fc.constantFrom('', 'x', ' ', '\n', ': ', '---\n', '\n---\n', '- ', '{', '"', '#', '...\n', 'key: value\n', '  nested: [1, 2]\n', '&a x', '*a'),
});

function check(previousText: string, nextText: string, name: string): void {
  const previous = parseText(name, previousText);
  const expected = parseText(name, nextText);
  const actual = reparseText(previous, nextText);
  assert.deepEqual(snapshot(actual), snapshot(expected));
}

describe('incremental re-parse', () => {
  const corpus = seeds();

  it('has multi-document seeds', () => {
    assert.ok(corpus.length >= 2 && corpus.every((seed) => parseText(seed.name, seed.text).documents.length >= 3));
  });

  it('equals a full parse after a random edit', () => {
    fc.assert(
      fc.property(fc.nat(corpus.length - 1), editArbitrary, (which, edit) => {
        const { name, text } = corpus[which];
        const at = edit.at % (text.length + 1);
        check(text, text.slice(0, at) + edit.insert + text.slice(at + edit.remove), name);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('equals a full parse after line mutations, and after a second edit of the re-parsed file', () => {
    fc.assert(
      fc.property(fc.nat(corpus.length - 1), mutationArbitrary, mutationArbitrary, (which, first, second) => {
        const { name, text } = corpus[which];
        const once = first.reduce(applyMutation, text);
        const twice = second.reduce(applyMutation, once);
        const previous = reparseText(parseText(name, text), once);
        assert.deepEqual(snapshot(reparseText(previous, twice)), snapshot(parseText(name, twice)));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
