// Multi-document YAML parsing with work bounded on hostile input. The `yaml` library's own duplicate-key
// check compares each key with every earlier key of its map (a 100,000-key ConfigMap takes minutes), and
// its composer recurses once per nesting level (a few thousand levels overflow the stack). So keys are
// checked here, once each, and collections nested deeper than a limit are blanked in the token tree
// before the composer sees them, with one error where the limit is crossed.
import { Composer, CST, isCollection, isMap, isPair, isScalar, Parser, YAMLParseError, type Document, type ErrorCode, type Node, type Pair, type YAMLError } from 'yaml';

export const DEFAULT_MAX_NESTING_DEPTH = 500;

export interface YamlParseOptions {
  /** Merge `<<` keys (YAML 1.1 style, as Kubernetes tooling does). */
  merge?: boolean;
  /** Collections nested deeper than this are not read. */
  maxNestingDepth?: number;
}

/** Every document of `source`, with the errors the library would give plus duplicate-key and nesting errors. */
export function parseYamlDocuments(source: string, options: YamlParseOptions = {}): Document.Parsed[] {
  const maxDepth = options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH;
  const composer = new Composer({ merge: options.merge ?? false, logLevel: 'silent', prettyErrors: false, uniqueKeys: false });
  // The composer yields one Document per document token, in order: seen[i] belongs to the i-th.
  const seen: TokenFacts[] = [];
  const documents = Array.from(composer.compose(boundedTokens(new Parser().parse(withoutDocumentBoms(source)), maxDepth, seen))) as Document.Parsed[];
  documents.forEach((document, i) => {
    addDuplicateKeyErrors(document, seen[i]);
    const cut = seen[i].firstCut;
    if (cut !== undefined) document.errors.unshift(nestingError(cut, maxDepth));
  });
  return documents;
}

/**
 * YAML allows a byte-order mark at the start of every document (files joined with `cat`), but the
 * parser only skips one at the start of the stream: a later one becomes part of the first key
 * (`\ufeffapiVersion`) or of a `---` marker, and the document is lost. Each such mark becomes a line
 * break: the same length, so every offset still points into the original text.
 */
export function withoutDocumentBoms(source: string): string {
  if (!source.includes('\ufeff')) return source;
  return source.replace(/(?<=\n)\ufeff/g, (bom, offset: number) => (startsDocument(source, offset) ? '\n' : bom));
}

/** Whether a mark at a line start opens a document: a `---` or `...` follows it, or ends the line before. */
function startsDocument(source: string, offset: number): boolean {
  if (/^(---|\.\.\.)/.test(source.slice(offset + 1, offset + 4))) return true;
  const lineStart = source.lastIndexOf('\n', offset - 2) + 1;
  return /^(---|\.\.\.)[ \t]*\r?\n$/.test(source.slice(lineStart, offset));
}

function nestingError(offset: number, maxDepth: number): YAMLParseError {
  const message = `Document not read: nesting deeper than ${maxDepth} levels; raise kubetier.maxNestingDepth (CLI: --max-depth) to read it`;
  // Not one of the library's codes: kubetier's own limit, reported like a syntax error so callers skip the document.
  return new YAMLParseError([offset, offset + 1], 'NESTING_TOO_DEEP' as ErrorCode, message);
}

/** What the composed document does not keep but its checks need, read from its tokens. */
interface TokenFacts {
  /** Offset of the first collection nested deeper than the limit (blanked out). */
  firstCut?: number;
  /** Where each empty map key's node sits -> where the library places an error about that key. */
  emptyKeyStarts: Map<number, number>;
  /**
   * Keys with nothing before them in their item (no indent, comment or `?`), by offset -> where the
   * previous item's separator tokens end (what the library goes by when that pair has no value).
   */
  bareKeys: Map<number, number | undefined>;
}

/** The parser's tokens, each document's collections below `maxDepth` replaced by blank scalars. */
function* boundedTokens(tokens: Iterable<CST.Token>, maxDepth: number, seen: TokenFacts[]): Generator<CST.Token> {
  for (const token of tokens) {
    if (token.type === 'document') seen.push(inspectDocument(token, maxDepth));
    yield token;
  }
}

/**
 * Replaces every collection at depth `maxDepth + 1` (the document's root collection is depth 1) by a
 * plain scalar of spaces as long as the collection's text, so every range around it stays right,
 * and notes where empty keys start. Walks with an explicit stack: the point is to never recurse per level.
 */
function inspectDocument(document: CST.Document, maxDepth: number): TokenFacts {
  const facts: TokenFacts = { emptyKeyStarts: new Map(), bareKeys: new Map() };
  const stack: { token: CST.Token; depth: number }[] = document.value ? [{ token: document.value, depth: 1 }] : [];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { token, depth } = entry;
    if (!CST.isCollection(token)) continue;
    const items = token.items as CST.CollectionItem[];
    items.forEach((item, i) => {
      if (item.key && item.start.length === 0) facts.bareKeys.set(item.key.offset, sepEnd(items[i - 1]));
      if (!item.key && item.start.length > 0 && (item.sep || token.type === 'block-map')) noteEmptyKey(item.start, facts.emptyKeyStarts);
      for (const slot of ['key', 'value'] as const) {
        const child = item[slot];
        if (!CST.isCollection(child)) continue;
        if (depth < maxDepth) {
          stack.push({ token: child, depth: depth + 1 });
          continue;
        }
        facts.firstCut = Math.min(facts.firstCut ?? child.offset, child.offset);
        item[slot] = { type: 'scalar', offset: child.offset, indent: child.indent, source: ' '.repeat(tokenEnd(child) - child.offset) };
      }
    });
  }
  return facts;
}

/** Where an item's `:` and the blanks after it end. */
function sepEnd(item: CST.CollectionItem | undefined): number | undefined {
  const last = item?.sep?.[item.sep.length - 1];
  return last && last.offset + last.source.length;
}

/**
 * The library reports a duplicate key where the key's properties end (after `?`, comments, newlines),
 * but places an empty key's node back before trailing blanks and comments (its emptyScalarPosition):
 * remember the first for the second.
 */
function noteEmptyKey(start: readonly CST.SourceToken[], into: Map<number, number>): void {
  const last = start[start.length - 1];
  const propsEnd = last.offset + last.source.length;
  let position = propsEnd;
  for (let i = start.length - 1; i >= 0; i--) {
    if (start[i].type === 'space' || start[i].type === 'comment' || start[i].type === 'newline') {
      position -= start[i].source.length;
      continue;
    }
    for (let j = i + 1; start[j]?.type === 'space'; j++) position += start[j].source.length;
    break;
  }
  into.set(position, propsEnd);
}

/** The tokens directly inside a token. */
function childTokens(token: CST.Token): readonly (CST.Token | null | undefined)[] {
  switch (token.type) {
    case 'block-map':
    case 'block-seq':
      return token.items.flatMap((item) => [...item.start, item.key, ...(item.sep ?? []), item.value]);
    case 'flow-collection':
      return [token.start, ...token.items.flatMap((item) => [...item.start, item.key, ...(item.sep ?? []), item.value]), ...token.end];
    case 'block-scalar':
      return token.props;
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      return token.end ?? [];
    default:
      return [];
  }
}

/** Where a token's text ends: the furthest end of any token inside it (iteratively: it may be thousands of levels deep). */
function tokenEnd(root: CST.Token): number {
  let end = root.offset;
  const stack: CST.Token[] = [root];
  for (let token = stack.pop(); token; token = stack.pop()) {
    for (const child of childTokens(token)) if (child) stack.push(child);
    if (token.type === 'block-scalar') {
      // A block scalar's offset is its header's; its source (the body) follows its props.
      const propsEnd = token.props.reduce((max, prop) => Math.max(max, prop.offset + ('source' in prop ? prop.source.length : 0)), token.offset);
      end = Math.max(end, propsEnd + token.source.length);
    } else if ('source' in token) end = Math.max(end, token.offset + token.source.length);
  }
  return end;
}

type ParsedNode = Node & { range: [number, number, number] };

/**
 * Adds a DUPLICATE_KEY error for each map key equal to an earlier key of its map, as the library
 * reports them with `uniqueKeys: true`: scalars are equal when their values are (`===`, so NaN
 * never is and each `<<` merge key is its own symbol), other keys never. Each error takes the
 * position and the place in the error list the library would have given it.
 */
function addDuplicateKeyErrors(document: Document.Parsed, facts: TokenFacts): void {
  const duplicates = duplicateKeys(document.contents, facts).sort((a, b) => a.start - b.start);
  if (duplicates.length === 0) return;
  const errors = document.errors;
  const merged: YAMLError[] = [];
  let next = 0;
  for (const duplicate of duplicates) {
    while (next < errors.length && reportedBefore(errors[next], duplicate)) merged.push(errors[next++]);
    merged.push(new YAMLParseError([duplicate.start, duplicate.start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
  }
  document.errors = merged.concat(errors.slice(next));
}

interface Duplicate {
  /** Where the library reports it. */
  start: number;
  /** The key's own text. */
  key: readonly [number, number];
}

/** Checks of a whole key that the library makes after its duplicate check. */
const AFTER_DUPLICATE_CHECK = new Set<string>(['MISSING_CHAR', 'KEY_OVER_1024_CHARS']);

/** Whether the library reports `error` before the duplicate: the key's own errors and what precedes it are. */
function reportedBefore(error: YAMLError, duplicate: Duplicate): boolean {
  const [from, to] = error.pos;
  if (from === duplicate.key[0] && to === duplicate.key[1] && AFTER_DUPLICATE_CHECK.has(error.code)) return false;
  return from < duplicate.key[1];
}

/** The keys that repeat an earlier key of the same map, anywhere under `root`. */
function duplicateKeys(root: unknown, facts: TokenFacts): Duplicate[] {
  const found: Duplicate[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) stack.push(node.key, node.value);
    if (!isCollection(node)) continue;
    if (isMap(node)) collectDuplicates(node.items as Pair<ParsedNode, ParsedNode | null>[], facts, found);
    for (const item of node.items) stack.push(item);
  }
  return found;
}

function collectDuplicates(pairs: readonly Pair<ParsedNode, ParsedNode | null>[], facts: TokenFacts, into: Duplicate[]): void {
  const seen = new Set<unknown>();
  pairs.forEach(({ key }, i) => {
    if (!isScalar(key) || Number.isNaN(key.value)) return;
    if (!seen.has(key.value)) seen.add(key.value);
    else into.push(duplicateAt(pairs, i, facts));
  });
}

/**
 * The library reports a key where the tokens before it end: the key itself, unless nothing precedes
 * it in its item (a key at column 0), where that is where the previous pair ended (for an empty value,
 * the end of the previous line); an empty key's node is placed before trailing blanks and comments.
 */
function duplicateAt(pairs: readonly Pair<ParsedNode, ParsedNode | null>[], i: number, facts: TokenFacts): Duplicate {
  const [from, to] = pairs[i].key.range;
  if (from === to) {
    // Errors at an empty key's place come from the tokens before it, checked first.
    const start = facts.emptyKeyStarts.get(from) ?? from;
    return { start, key: [start, start + 1] };
  }
  const previous = pairs[i - 1];
  const start = facts.bareKeys.has(from) ? (previous.value?.range[2] ?? facts.bareKeys.get(from) ?? previous.key.range[2]) : from;
  return { start, key: [from, to] };
}
