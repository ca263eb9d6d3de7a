// The bounded YAML parse (server/src/engine/yaml/parse.ts) against the `yaml` library it replaces for
// duplicate keys: what kubetier reports (the first syntax error of each line) must be what the library's
// own quadratic check gave, on hand-made cases and on mutated real manifests. Nesting past the limit is
// one error where the limit is crossed, on every parse path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments, type Document } from 'yaml';
import { parseForIndex } from '../../server/src/engine/yaml/indexparse';
import { DEFAULT_PARSE_LIMITS, parseFile } from '../../server/src/engine/yaml/model';
import { parseYamlDocuments } from '../../server/src/engine/yaml/parse';
import { applyMutation, mutationArbitrary, seedDocuments } from '../support/fuzz';

/** Per document, the first error of each line (what syntaxProblems keeps), as code@offsets:message, sorted. */
function reported(text: string, documents: readonly Document.Parsed[]): string[][] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  return documents.map((document) => {
    const lines = new Set<number>();
    return document.errors
      .filter((error) => !lines.has(lineOf(error.pos[0])) && Boolean(lines.add(lineOf(error.pos[0]))))
      .map((error) => `${error.code}@${error.pos.join(',')}:${error.message}`)
      .sort();
  });
}

function assertSameAsLibrary(text: string): void {
  const library = Array.from(parseAllDocuments(text, { merge: true, logLevel: 'silent', prettyErrors: false })) as Document.Parsed[];
  assert.deepEqual(reported(text, parseYamlDocuments(text, { merge: true })), reported(text, library), JSON.stringify(text));
}

const HAND_MADE = {
  'block map': 'a: 1\nb: 2\na: 3\n',
  'nested maps': 'x:\n  k: 1\n  k: [1, {k: 1, k: 2}]\n',
  'flow map': '{a: 1, b: 2, a: 3}',
  'flow pairs in a sequence are separate maps': '[a: 1, a: 2]',
  'key at column 0 after an empty value': 'kind: x\nmetadata:\nmetadata:\n  name: a\n',
  'key after a key with no value': 'a: 1\n~\n~\n  b: 2\n',
  'empty keys': ': a\n: b\n',
  'explicit empty keys': '?\n: a\n?\n: b\n',
  'explicit empty keys with blanks': '? \n: a\n? \n: b\n',
  'empty keys after comments': 'a: 1\n# c\n: 2\n# d\n: 3\n',
  'numbers are compared by value': '1: a\n"1": b\n0x1: c\n',
  'null spellings': '~: 1\nnull: 2\n',
  'NaN is never equal': '.nan: 1\n.nan: 2\n',
  'merge keys are each their own': '<<: {a: 1}\n<<: {b: 2}\n',
  'anchored and tagged keys': '&x a: 1\n!!str a: 2\n*x : 3\n',
  'collection keys are never equal': '? [a]\n: 1\n? [a]\n: 2\n',
  'duplicate with a nested-mapping error on its line': 'a: 1\na: b: c\n',
  'duplicate with a bad escape in it': '"a\\q": 1\n"a\\q": 2\n',
  'duplicate with an unclosed flow map': '- a: 1\n  a: 2\n- {b: 1, b: 2\n',
  'several documents': 'a: 1\na: 2\n---\nb: 1\nb: 2\n...\n---\n{c: 1, c: 2}\n',
};

describe('duplicate keys (linear check)', () => {
  for (const [name, text] of Object.entries(HAND_MADE)) {
    it(`reports ${name} as the library does`, () => assertSameAsLibrary(text));
  }

  it('reports what the library does on mutated real manifests', () => {
    const seeds = seedDocuments(200);
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), mutationArbitrary, (which, mutations) => {
        assertSameAsLibrary(mutations.reduce(applyMutation, seeds[which].text));
      }),
      { numRuns: 3000, seed: 8 },
    );
  });

  it('finds a duplicate among 100,000 keys', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: v\n`).join('');
    const [document] = parseYamlDocuments(`${keys}k99998: again\n`);
    assert.deepEqual(
      document.errors.map((error) => [error.code, error.pos[0]]),
      [['DUPLICATE_KEY', keys.length]],
    );
  });
});

describe('nesting limit', () => {
  const flow = (depth: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  const limits = { ...DEFAULT_PARSE_LIMITS, maxNestingDepth: 20 };

  it('is one error at the first collection past the limit, the document read no further', () => {
    // The root map is level 1, data level 2, so the 19th bracket is level 21.
    const file = parseFile('deep.yaml', flow(30), { limits });
    assert.deepEqual(
      file.problems.map((problem) => [problem.message, problem.range.start]),
      [['Document not read: nesting deeper than 20 levels; raise kubetier.maxNestingDepth (CLI: --max-depth) to read it', { line: 5, character: 5 + 18 }]],
    );
    assert.deepEqual(file.objects, []);
  });

  it('keeps the document span and the next document', () => {
    const text = `${flow(30)}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n`;
    const file = parseFile('deep.yaml', text, { limits });
    assert.deepEqual(file.documents[0].span, [0, flow(30).length]);
    assert.deepEqual(file.objects.map((object) => object.name), ['after']);
  });

  it('reads nesting at the limit', () => {
    const file = parseFile('deep.yaml', flow(18), { limits });
    assert.deepEqual(file.problems, []);
    assert.equal(file.objects.length, 1);
  });

  it('applies to unopened files read for the index', () => {
    const text = flow(30);
    assert.deepEqual(
      parseForIndex('/ws/deep.yaml', text, limits).problems,
      parseFile('/ws/deep.yaml', text, { limits }).problems,
    );
    assert.equal(parseForIndex('/ws/deep.yaml', text, limits).objects.length, 0);
  });
});

describe('byte-order marks', () => {
  const joined = ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', '\ufeffapiVersion: v1\nkind: Secret\nmetadata: {name: b}\n'];
  const cases = {
    'after ---': joined.join('---\n'),
    'before ---': `\ufeff---\n${joined[0]}\ufeff---\n${joined[1].slice(1)}`,
    'after ... and CRLF': joined.join('...\n---\n').replaceAll('\n', '\r\n'),
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`start every document, not only the first (${name}), on both parse paths`, () => {
      for (const file of [parseFile('/ws/joined.yaml', text), parseForIndex('/ws/joined.yaml', text)]) {
        assert.deepEqual(file.problems, []);
        assert.deepEqual(file.objects.map((object) => `${object.kind}/${object.name}`), ['ConfigMap/a', 'Secret/b']);
      }
      // Offsets still point into the original text: the second document's map starts at its apiVersion.
      const contents = parseFile('/ws/joined.yaml', text).documents[1].ast.contents;
      assert.equal(contents?.range?.[0], text.lastIndexOf('apiVersion'));
    });
  }

  it('inside a value stays part of it, as the library reads it', () => {
    const text = 'data:\n  x: |\n    one\n\ufeff    two\n---\nkey: \ufeffvalue\n';
    assert.deepEqual(
      parseYamlDocuments(text).map((document) => document.toJS()),
      parseAllDocuments(text).map((document) => document.toJS()),
    );
  });
});
