// Turns fix operations (data) into text changes that touch only what they must.
// Every operation is a splice located with the parser's source positions and
// re-parsed before the next one: the document is never re-encoded, so comments,
// key order, quoting and untouched lines stay byte-identical.
import { isAlias, isMap, isScalar, isSeq, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FixOperation } from '../lint/rule';
import { diffEdits, type TextEdit } from './textdiff';
import type { NodePath, PathSegment } from '../types';
import { yaml11Reading } from '../yaml/yaml11';
import { parseYamlDocuments } from '../yaml/parse';
import { describePath, mergesKey, sharedNodes, sharingConflict, type Sharing } from './sharing';

export type { TextEdit } from './textdiff';

/** Where a fix's object lives: its document and its path inside it (List items). */
export interface FixTarget {
  documentIndex: number;
  basePath: NodePath;
}

/** The file's layout habits, followed by inserted text. */
export interface LayoutStyle {
  eol: '\n' | '\r\n';
  /** Indentation step of nested maps. */
  indent: number;
  /** Column of a block sequence's dashes relative to its key (0 = flush `- item` under the key). */
  sequenceIndent: number;
  /** Column of an item map's keys relative to its dash (2 for `- name: x`). */
  itemOffset: number;
  quote: 'double' | 'single';
}

type Plain = Record<string, unknown>;

function isPlainMap(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyCollection(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isPlainMap(value) && Object.keys(value).length === 0);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainMap(a) && isPlainMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

function mostCommon(counts: Map<number, number>, fallback: number): number {
  let best = fallback;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) [best, bestCount] = [value, count];
  }
  return best;
}

function bump(counts: Map<number, number>, value: number): void {
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Reads indentation, sequence style, quoting and line endings from the file itself. */
export function detectStyle(text: string): LayoutStyle {
  const indents = new Map<number, number>();
  const sequenceIndents = new Map<number, number>();
  const itemOffsets = new Map<number, number>();
  let double = 0;
  let single = 0;
  const visit = (node: unknown, keyColumn: number | undefined): void => {
    if (isMap(node)) {
      const first = node.items[0];
      if (!node.flow && first && isScalar(first.key) && first.key.range) {
        const column = columnOf(text, first.key.range[0]);
        if (keyColumn !== undefined && column > keyColumn) bump(indents, column - keyColumn);
      }
      for (const pair of node.items) {
        const column = isScalar(pair.key) && pair.key.range ? columnOf(text, pair.key.range[0]) : undefined;
        visit(pair.value, node.flow ? undefined : column);
      }
    } else if (isSeq(node)) {
      if (!node.flow && node.range) {
        const dash = columnOf(text, node.range[0]);
        if (keyColumn !== undefined && dash >= keyColumn) bump(sequenceIndents, dash - keyColumn);
        for (const item of node.items) {
          if (isMap(item) && !item.flow && item.range) bump(itemOffsets, columnOf(text, item.range[0]) - dash);
          visit(item, undefined);
        }
      } else {
        for (const item of node.items) visit(item, undefined);
      }
    } else if (isScalar(node)) {
      if (node.type === 'QUOTE_DOUBLE') double++;
      else if (node.type === 'QUOTE_SINGLE') single++;
    }
  };
  try {
    for (const document of parseYamlDocuments(text)) visit(document.contents, undefined);
  } catch {
    // Unparseable text keeps the defaults.
  }
  const indent = mostCommon(indents, 2);
  return {
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    indent,
    sequenceIndent: mostCommon(sequenceIndents, indent),
    itemOffset: Math.max(2, mostCommon(itemOffsets, 2)),
    quote: single > double ? 'single' : 'double',
  };
}

// ---------------------------------------------------------------- rendering

function renderScalar(value: unknown, style: LayoutStyle, flow: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  const text = String(value);
  if (/[\r\n]/.test(text)) return JSON.stringify(text);
  const plain = stringify(text, { lineWidth: 0 }).replace(/\n$/, '');
  // Text YAML 1.1 (kubectl) reads as a boolean or an octal number stays a string only when quoted.
  if (plain === text && !(flow && /[,[\]{}]/.test(text)) && !yaml11Reading(text)) return text;
  return style.quote === 'single' ? `'${text.replace(/'/g, "''")}'` : JSON.stringify(text);
}

/** Flow style (`{a: 1, b: [x]}`), for values inside flow collections. */
function renderFlow(value: unknown, style: LayoutStyle): string {
  if (Array.isArray(value)) return `[${value.map((item) => renderFlow(item, style)).join(', ')}]`;
  if (isPlainMap(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${renderScalar(key, style, true)}: ${renderFlow(item, style)}`)
      .join(', ')}}`;
  }
  return renderScalar(value, style, true);
}

function pad(column: number): string {
  return ' '.repeat(column);
}

/** What follows `key:` for a value whose key sits at keyColumn: ` scalar` or a newline and a block. */
function renderAfterKey(value: unknown, keyColumn: number, style: LayoutStyle): string {
  if (isPlainMap(value) && !isEmptyCollection(value)) return style.eol + renderMapLines(value, keyColumn + style.indent, style);
  if (Array.isArray(value) && value.length > 0) return style.eol + renderSequenceLines(value, keyColumn + style.sequenceIndent, style);
  return ` ${isEmptyCollection(value) ? renderFlow(value, style) : renderScalar(value, style, false)}`;
}

/** Block map lines at a column, joined by the file's line ending, without a trailing one. */
function renderMapLines(map: Plain, column: number, style: LayoutStyle): string {
  return Object.entries(map)
    .map(([key, value]) => `${pad(column)}${renderScalar(key, style, false)}:${renderAfterKey(value, column, style)}`)
    .join(style.eol);
}

/** One `- item` at a dash column; an item map starts on the dash line. */
function renderSequenceItem(item: unknown, dashColumn: number, style: LayoutStyle): string {
  const dash = `-${pad(style.itemOffset - 1)}`;
  if (isPlainMap(item) && !isEmptyCollection(item)) {
    const lines = renderMapLines(item, dashColumn + style.itemOffset, style);
    return pad(dashColumn) + dash + lines.slice(dashColumn + style.itemOffset);
  }
  const scalar = Array.isArray(item) || isEmptyCollection(item) ? renderFlow(item, style) : renderScalar(item, style, false);
  return `${pad(dashColumn)}- ${scalar}`;
}

function renderSequenceLines(items: unknown[], dashColumn: number, style: LayoutStyle): string {
  return items.map((item) => renderSequenceItem(item, dashColumn, style)).join(style.eol);
}

/** A whole new document (`addDocument`), ending with a line break. */
function renderDocument(value: Plain, style: LayoutStyle): string {
  return renderMapLines(value, 0, style) + style.eol;
}

// ---------------------------------------------------------------- locating

interface Step {
  node: Node | null;
  /** The pair whose value this node is (map entries). */
  pair?: Pair;
  /** The collection holding this node. */
  parent?: YAMLMap | YAMLSeq;
  index?: number;
  /** Inside a flow collection: new content must be flow style too. */
  inFlow: boolean;
}

interface Resolved {
  /** chain[0] is the document root; chain[i] the node at path[0..i). */
  chain: Step[];
  /** An alias or a non-collection blocks the path: nothing is edited. */
  blocked: boolean;
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function resolvePath(document: Document.Parsed, path: NodePath): Resolved {
  const chain: Step[] = [{ node: (document.contents as Node | null) ?? null, inFlow: false }];
  for (const segment of path) {
    const current = chain[chain.length - 1];
    const node = current.node;
    if (isAlias(node)) return { chain, blocked: true };
    const inFlow = current.inFlow || ((isMap(node) || isSeq(node)) && Boolean(node.flow));
    if (isMap(node)) {
      const index = node.items.findIndex((pair) => keyOf(pair) === String(segment));
      if (index === -1) break;
      const pair = node.items[index];
      chain.push({ node: (pair.value as Node | null) ?? null, pair, parent: node, index, inFlow });
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) break;
      chain.push({ node: item, parent: node, index: segment, inFlow });
    } else {
      break;
    }
  }
  return { chain, blocked: false };
}

/** A null value with no source text (`key:` and nothing after it). */
function isEmptyNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null && (!node.range || node.range[0] === node.range[1]));
}

function isNullNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function toPlain(document: Document.Parsed, node: Node | null): unknown {
  if (node === null) return null;
  try {
    return node.toJS(document, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- text positions

class Source {
  constructor(readonly text: string) {}

  column(offset: number): number {
    return columnOf(this.text, offset);
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset of the line break (or end of text) of the line holding offset. */
  lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    // A CR is part of the break only before LF: a lone CR ending a truncated file stays on its line.
    if (newline === -1) return this.text.length;
    return newline > 0 && this.text[newline - 1] === '\r' ? newline - 1 : newline;
  }

  /** Offset just after the line break of the line holding offset. */
  nextLineStart(offset: number): number {
    const end = this.text.indexOf('\n', offset);
    return end === -1 ? this.text.length : end + 1;
  }

  /** Offset after the `:` that follows a key. */
  colonEnd(pair: Pair): number {
    const keyEnd = (pair.key as Node).range![1];
    const colon = this.text.indexOf(':', keyEnd);
    return colon === -1 ? keyEnd : colon + 1;
  }

  /** End of the last character of a node's own content (trailing blank lines and comments excluded). */
  contentEnd(node: Node | null, fallback: number): number {
    if (node === null || !node.range) return fallback;
    if ((isMap(node) || isSeq(node)) && !node.flow) {
      const last = node.items[node.items.length - 1] as Pair | Node | undefined;
      if (last === undefined) return node.range[1];
      if (isMap(node)) {
        const pair = last as Pair;
        const keyEnd = (pair.key as Node | null)?.range?.[1] ?? node.range[0];
        const value = pair.value as Node | null;
        return isEmptyNode(value) ? this.colonEnd(pair) : this.contentEnd(value, keyEnd);
      }
      return this.contentEnd(last as Node, node.range[0] + 1);
    }
    let end = node.range[1];
    while (end > node.range[0] && /\s/.test(this.text[end - 1])) end--;
    return end;
  }

  /**
   * Past the comment lines right after a line end that sit at a map's key column or deeper: they close
   * the map (a note, a commented-out key, the comment kept from an entry a fix removed), so keys added
   * at its end go after them. A blank line or a less indented line ends the run.
   */
  afterTrailingComments(lineEnd: number, column: number): number {
    let end = lineEnd;
    for (let start = this.nextLineStart(lineEnd); start > end && start < this.text.length; start = this.nextLineStart(end)) {
      const line = this.text.slice(start, this.lineEnd(start));
      const content = line.trimStart();
      if (!content.startsWith('#') || line.length - content.length < column) break;
      end = this.lineEnd(start);
    }
    return end;
  }

  /** Comments on the lines between two offsets, so a removal can keep them. */
  commentsBetween(start: number, end: number): string[] {
    const comments: string[] = [];
    for (const line of this.text.slice(start, end).split('\n')) {
      const comment = commentOf(line.replace(/\r$/, ''));
      if (comment) comments.push(comment);
    }
    return comments;
  }
}

/** The `# ...` comment of a line, outside quotes. */
export function commentOf(line: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      if (i === 0 || /[\s:[{,-]/.test(line[i - 1])) quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(i);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- operations

interface Splice {
  start: number;
  end: number;
  text: string;
}

interface Outcome {
  splice?: Splice;
  /** Operations to run next on the re-parsed text (a deep set or merge, one level at a time). */
  followUps?: FixOperation[];
  /** Why the whole fix is not applied (it would change what other places share). */
  refusal?: string;
}

interface Context {
  source: Source;
  document: Document.Parsed;
  style: LayoutStyle;
  basePath: NodePath;
  /** Anchored nodes that aliases use. */
  shared: Map<Node, Sharing>;
}

/** `{a: {b: value}}` for path [a, b]; a numeric segment makes a one-item sequence. */
function nest(path: readonly PathSegment[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, segment) => (typeof segment === 'number' ? [inner] : { [segment]: inner }), value);
}

/** Replaces the value a step holds with a new value, in the surrounding style. */
function replaceValue(context: Context, step: Step, value: unknown): Outcome {
  const { source, style } = context;
  const node = step.node;
  const isScalarValue = !(isPlainMap(value) || Array.isArray(value)) || isEmptyCollection(value);
  const keepQuote = node && isScalar(node) && typeof value === 'string' && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  // A quoted string stays quoted the same way: the author chose it.
  const scalarText = () => {
    if (keepQuote) return (node as { type?: string }).type === 'QUOTE_SINGLE' ? `'${String(value).replace(/'/g, "''")}'` : JSON.stringify(value);
    return isEmptyCollection(value) ? renderFlow(value, style) : renderScalar(value, style, step.inFlow);
  };

  if (step.inFlow || (node && (isMap(node) || isSeq(node)) && node.flow && isScalarValue)) {
    const text = step.inFlow ? renderFlow(value, style) : scalarText();
    if (node && node.range && !isEmptyNode(node)) return { splice: { start: node.range[0], end: source.contentEnd(node, node.range[1]), text } };
    if (step.pair) {
      const at = source.colonEnd(step.pair);
      return { splice: { start: at, end: at, text: ` ${text}` } };
    }
    return {};
  }

  if (step.pair) {
    const keyColumn = source.column((step.pair.key as Node).range![0]);
    const colon = source.colonEnd(step.pair);
    // What follows the colon is rewritten: an anchor on the old value stays on the new one.
    const anchor = node && !isAlias(node) && node.anchor ? ` &${node.anchor}` : '';
    if (isScalarValue) {
      if (node && isScalar(node) && node.range && !isEmptyNode(node)) {
        return { splice: { start: node.range[0], end: source.contentEnd(node, node.range[1]), text: scalarText() } };
      }
      const end = isEmptyNode(node) ? colon : source.contentEnd(node, colon);
      return { splice: { start: colon, end, text: `${anchor} ${scalarText()}` } };
    }
    // A block value replaces everything after the colon; a comment on the key's line stays there.
    const end = isEmptyNode(node) ? colon : source.contentEnd(node, colon);
    const lineEnd = source.lineEnd(end);
    const keyLineEnd = source.lineEnd(colon);
    const trailing = end <= keyLineEnd ? source.text.slice(end, lineEnd) : '';
    return { splice: { start: colon, end: lineEnd, text: anchor + trailing + renderAfterKey(value, keyColumn, style) } };
  }

  if (step.parent && isSeq(step.parent) && node && node.range) {
    const dashColumn = source.column(step.parent.range![0]);
    const rendered = renderSequenceItem(value, dashColumn, style);
    const itemText = rendered.slice(dashColumn + (isPlainMap(value) && !isEmptyCollection(value) ? style.itemOffset : 2));
    return { splice: { start: node.range[0], end: source.contentEnd(node, node.range[1]), text: itemText } };
  }
  return {};
}

/** Adds entries at the end of an existing map, block or flow. */
function insertEntries(context: Context, step: Step, map: YAMLMap, entries: Plain): Outcome {
  const { source, style } = context;
  if (Object.keys(entries).length === 0) return {};
  if (map.items.length === 0) return replaceValue(context, step, entries);
  const last = map.items[map.items.length - 1];
  const lastEnd = source.contentEnd((last.value as Node | null) ?? null, (last.key as Node).range![1]);
  if (map.flow || step.inFlow) {
    const end = isEmptyNode(last.value as Node | null) ? (last.key as Node).range![1] : lastEnd;
    const text = Object.entries(entries)
      .map(([key, value]) => `, ${renderScalar(key, style, true)}: ${renderFlow(value, style)}`)
      .join('');
    return { splice: { start: end, end, text } };
  }
  // The leftmost key: an explicit key (`? key`) starts two columns right of the map's indentation.
  // Keys written in the text (an empty key `: v` has a zero-width range somewhere else).
  const keyColumns = map.items.flatMap((pair) => {
    const range = (pair.key as Node | null)?.range;
    return range && range[1] > range[0] ? [source.column(range[0])] : [];
  });
  if (keyColumns.length === 0) return {};
  const column = Math.min(...keyColumns);
  const at = source.afterTrailingComments(source.lineEnd(isEmptyNode(last.value as Node | null) ? source.colonEnd(last) : lastEnd), column);
  return { splice: { start: at, end: at, text: style.eol + renderMapLines(entries, column, style) } };
}

/** Adds an item at the end of an existing sequence, block or flow. */
function appendItem(context: Context, step: Step, sequence: YAMLSeq, item: unknown): Outcome {
  const { source, style } = context;
  if (sequence.items.length === 0) return replaceValue(context, step, [item]);
  const last = sequence.items[sequence.items.length - 1] as Node;
  if (sequence.flow || step.inFlow) {
    const end = source.contentEnd(last, sequence.range![0] + 1);
    return { splice: { start: end, end, text: `, ${renderFlow(item, style)}` } };
  }
  const dashColumn = source.column(sequence.range![0]);
  const first = sequence.items[0];
  const itemOffset = isMap(first) && !first.flow && first.range ? source.column(first.range[0]) - dashColumn : style.itemOffset;
  const at = source.lineEnd(source.contentEnd(last, sequence.range![0] + 1));
  return { splice: { start: at, end: at, text: style.eol + renderSequenceItem(item, dashColumn, { ...style, itemOffset: Math.max(2, itemOffset) }) } };
}

/** Removes a map entry or a sequence item; comments on the removed lines are kept on their own lines. */
function removeStep(context: Context, resolved: Resolved): Outcome {
  const { source, style } = context;
  const step = resolved.chain[resolved.chain.length - 1];
  const owner = resolved.chain[resolved.chain.length - 2];
  const parent = step.parent;
  if (!parent || step.index === undefined) return {};
  if (parent.items.length === 1) return replaceValue(context, owner, isMap(parent) ? {} : []);
  const startOf = (entry: unknown): number =>
    isMap(parent) ? ((entry as Pair).key as Node).range![0] : (entry as Node).range![0];
  const endOf = (entry: unknown): number =>
    isMap(parent)
      ? isEmptyNode((entry as Pair).value as Node | null)
        ? source.colonEnd(entry as Pair)
        : source.contentEnd((entry as Pair).value as Node, ((entry as Pair).key as Node).range![1])
      : source.contentEnd(entry as Node, startOf(entry));
  const entry = parent.items[step.index];
  const start = startOf(entry);
  const end = endOf(entry);
  if (parent.flow || step.inFlow) {
    const isLast = step.index === parent.items.length - 1;
    return isLast
      ? { splice: { start: endOf(parent.items[step.index - 1]), end, text: '' } }
      : { splice: { start, end: startOf(parent.items[step.index + 1]), text: '' } };
  }
  const lineStart = source.lineStart(start);
  const sharesLineWithDash = source.text.slice(lineStart, start).trim() !== '';
  if (sharesLineWithDash) {
    // `- name: x` with name removed: the next key moves up onto the dash line.
    if (step.index + 1 >= parent.items.length) return {};
    const comments = source.commentsBetween(start, source.lineEnd(end));
    if (comments.length > 0) return {};
    return { splice: { start, end: startOf(parent.items[step.index + 1]), text: '' } };
  }
  const removeEnd = source.nextLineStart(source.lineEnd(end));
  const comments = source.commentsBetween(lineStart, removeEnd);
  const column = source.column(start);
  const kept = comments.map((comment) => pad(column) + comment + style.eol).join('');
  return { splice: { start: lineStart, end: removeEnd, text: kept } };
}

function applySet(context: Context, path: NodePath, value: unknown): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked) return {};
  const depth = resolved.chain.length - 1;
  const step = resolved.chain[depth];
  const node = step.node;
  if (depth === full.length) {
    const current = toPlain(context.document, node);
    // An unquoted yes/no/0644 equals the string to YAML 1.2 but not to kubectl: setting the string quotes it.
    const unquotedAmbiguous = isScalar(node) && node.type === 'PLAIN' && typeof value === 'string' && yaml11Reading(value) !== undefined;
    if (deepEqual(current, value) && !unquotedAmbiguous) return {};
    if (isPlainMap(value) && !isEmptyCollection(value) && isMap(node) && node.items.length > 0) {
      // Set key by key so the map's comments and the keys already right stay untouched.
      const keep = new Set(Object.keys(value));
      const followUps: FixOperation[] = Object.entries(value).map(([key, item]) => ({ op: 'set', path: [...path, key], value: item }));
      for (const pair of node.items) {
        const key = keyOf(pair);
        if (key !== undefined && !keep.has(key)) followUps.push({ op: 'remove', path: [...path, key] });
      }
      return { followUps };
    }
    return replaceValue(context, step, value);
  }
  if (depth < context.basePath.length) return {};
  const remaining = full.slice(depth);
  if (isMap(node)) {
    const [key, ...rest] = remaining;
    return insertEntries(context, step, node, { [String(key)]: nest(rest, value) });
  }
  if (isSeq(node)) {
    const [index, ...rest] = remaining;
    return index === node.items.length ? appendItem(context, step, node, nest(rest, value)) : {};
  }
  if (isNullNode(node) || isScalar(node)) return replaceValue(context, step, nest(remaining, value));
  return {};
}

function applyMerge(context: Context, path: NodePath, value: Plain): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked) return {};
  if (resolved.chain.length - 1 !== full.length) return applySet(context, path, value);
  const step = resolved.chain[resolved.chain.length - 1];
  const node = step.node;
  if (isNullNode(node)) return isEmptyCollection(value) ? {} : replaceValue(context, step, value);
  if (!isMap(node)) return {};
  const missing: Plain = {};
  const followUps: FixOperation[] = [];
  for (const [key, item] of Object.entries(value)) {
    const pair = node.items.find((candidate) => keyOf(candidate) === key);
    if (!pair) missing[key] = item;
    else if (isPlainMap(item) && (isMap(pair.value) || isNullNode((pair.value as Node | null) ?? null))) {
      followUps.push({ op: 'merge', path: [...path, key], value: item });
    }
  }
  return { ...insertEntries(context, step, node, missing), followUps };
}

function applyAppend(context: Context, path: NodePath, item: unknown): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked) return {};
  if (resolved.chain.length - 1 !== full.length) return applySet(context, path, [item]);
  const step = resolved.chain[resolved.chain.length - 1];
  const node = step.node;
  if (isNullNode(node)) return replaceValue(context, step, [item]);
  if (!isSeq(node)) return {};
  const items = toPlain(context.document, node);
  if (Array.isArray(items) && items.some((existing) => deepEqual(existing, item))) return {};
  return appendItem(context, step, node, item);
}

function applyRemove(context: Context, path: NodePath): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked || resolved.chain.length - 1 !== full.length || full.length === 0) return {};
  return removeStep(context, resolved);
}

function applyRename(context: Context, path: NodePath, newKey: string): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked || resolved.chain.length - 1 !== full.length || full.length === 0) return {};
  const step = resolved.chain[resolved.chain.length - 1];
  const parent = step.parent;
  if (!step.pair || !isMap(parent) || !step.pair.key || !(step.pair.key as Node).range) return {};
  if (parent.items.some((pair) => keyOf(pair) === newKey)) return {};
  const key = step.pair.key as Node;
  return { splice: { start: key.range![0], end: key.range![1], text: renderScalar(newKey, context.style, step.inFlow) } };
}

function sameIdentity(a: unknown, b: Plain): boolean {
  if (!isPlainMap(a)) return false;
  const metaA = isPlainMap(a.metadata) ? a.metadata : {};
  const metaB = isPlainMap(b.metadata) ? b.metadata : {};
  return a.kind === b.kind && a.apiVersion === b.apiVersion && metaA.name === metaB.name && (metaA.namespace ?? '') === (metaB.namespace ?? '');
}

function applyAddDocument(text: string, documents: Document.Parsed[], after: number, value: Plain, style: LayoutStyle): Splice | undefined {
  if (documents.some((document) => sameIdentity(toPlain(document, (document.contents as Node | null) ?? null), value))) return undefined;
  const document = documents[Math.min(after, documents.length - 1)];
  if (!document) return { start: text.length, end: text.length, text: renderDocument(value, style) };
  const at = document.range[2];
  const needsBreak = at > 0 && text[at - 1] !== '\n';
  return { start: at, end: at, text: `${needsBreak ? style.eol : ''}---${style.eol}${renderDocument(value, style)}` };
}

/** Upper bound on operations run for one fix (deep sets expand into several). */
const MAX_STEPS = 1000;

/** A fix's text, or the unchanged text and why the fix was refused. */
export interface EditResult {
  text: string;
  refusal?: string;
}

/**
 * Applies a fix's operations to the text and returns the new text. Operations
 * that would change nothing (the value is already there) change nothing, so
 * applying the result again is a no-op; an operation that cannot apply (a
 * scalar where a map is needed) is skipped.
 */
export function applyOperations(text: string, target: FixTarget, operations: readonly FixOperation[], style = detectStyle(text)): string {
  return editText(text, target, operations, style).text;
}

/** applyOperations, saying why when the fix is refused as a whole (it would edit what aliases share). */
export function editText(text: string, target: FixTarget, operations: readonly FixOperation[], style = detectStyle(text)): EditResult {
  let current = text;
  const queue = [...operations];
  let addedDocuments = 0;
  for (let steps = 0; queue.length > 0 && steps < MAX_STEPS; steps++) {
    const operation = queue.shift()!;
    // Merge keys resolved as Kubernetes tooling resolves them: a value a `<<` brings in is that map's value.
    const list = parseYamlDocuments(current, { merge: true });
    const document = list[target.documentIndex];
    if (!document || document.errors.length > 0) continue;
    let splice: Splice | undefined;
    if (operation.op === 'addDocument') {
      splice = applyAddDocument(current, list, target.documentIndex + addedDocuments, operation.value, style);
      if (splice) addedDocuments++;
    } else {
      const context: Context = { source: new Source(current), document, style, basePath: target.basePath, shared: sharedNodes(document) };
      const outcome = runOperation(context, operation);
      if (outcome.refusal) return { text, refusal: outcome.refusal };
      splice = outcome.splice;
      if (outcome.followUps) queue.unshift(...outcome.followUps);
    }
    if (splice) current = current.slice(0, splice.start) + splice.text + current.slice(splice.end);
  }
  return { text: current };
}

type PathOperation = Exclude<FixOperation, { op: 'addDocument' }>;

/**
 * Before an operation edits anything: a path through an alias or a `<<` merge first gives that place
 * its own copy of the value (then the operation runs again on the new text), and an edit of a node
 * aliases share is refused.
 */
function unshareOrRefuse(context: Context, operation: PathOperation): Outcome | undefined {
  const full = [...context.basePath, ...operation.path];
  const resolved = resolvePath(context.document, full);
  const depth = resolved.chain.length - 1;
  const last = resolved.chain[depth];
  const notCopied: Outcome = { refusal: `${describePath(full.slice(0, depth))} is an alias kubetier cannot replace with a copy of its value here` };
  const copy = (outcome: Outcome): Outcome => (outcome.splice ? { splice: outcome.splice, followUps: [operation] } : notCopied);
  // Through an alias, or into one (merge and append edit the value in place; set and remove replace the alias itself).
  const editsInside = resolved.blocked || (depth === full.length && isAlias(last.node) && (operation.op === 'merge' || operation.op === 'append'));
  if (editsInside) {
    const value = toPlain(context.document, last.node);
    return value === undefined ? notCopied : copy(replaceValue(context, last, value));
  }
  if (depth < full.length && isMap(last.node)) {
    const resolvedMap = toPlain(context.document, last.node) as Plain | undefined;
    const key = full[depth];
    if (mergesKey(last.node, key, resolvedMap)) return copy(insertEntries(context, last, last.node, { [String(key)]: resolvedMap![String(key)] }));
  }
  const replaces = operation.op === 'remove' || (operation.op === 'set' && depth === full.length);
  const chain = resolved.chain.map((step, i) => ({ node: step.node, path: full.slice(0, i) }));
  const refusal = sharingConflict(context.shared, chain, replaces, () => toPlain(context.document, (context.document.contents as Node | null) ?? null));
  return refusal ? { refusal } : undefined;
}

function runOperation(context: Context, operation: PathOperation): Outcome {
  const sharing = unshareOrRefuse(context, operation);
  if (sharing) return sharing;
  switch (operation.op) {
    case 'set':
      return applySet(context, operation.path, operation.value);
    case 'merge':
      return isPlainMap(operation.value) ? applyMerge(context, operation.path, operation.value) : {};
    case 'append':
      return applyAppend(context, operation.path, operation.value);
    case 'remove':
      return applyRemove(context, operation.path);
    case 'renameKey':
      return applyRename(context, operation.path, operation.newKey);
  }
}

/** The minimal text edits (offsets into `text`) that a fix's operations make. */
export function operationEdits(text: string, target: FixTarget, operations: readonly FixOperation[]): TextEdit[] {
  return diffEdits(text, applyOperations(text, target, operations));
}
