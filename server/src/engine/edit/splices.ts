import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { FixOperation } from '../lint/rule';
import type { NodePath } from '../types';
import { isEmptyCollection, isPlainMap, type Plain } from './plain';
import { pad, renderAfterKey, renderFlow, renderMapLines, renderScalar, renderSequenceItem } from './render';
import { isEmptyNode, type Resolved, type Source, type Step } from './source';
import type { LayoutStyle } from './style';

// The splices an operation makes once its place is found: replace a value, add map entries or a
// sequence item at the end, remove an entry. Each keeps the surrounding style and comments.

export interface Splice {
  start: number;
  end: number;
  text: string;
}

export interface Outcome {
  splice?: Splice;
  /** Operations to run next on the re-parsed text (a deep set or merge, one level at a time). */
  followUps?: FixOperation[];
}

export interface Context {
  source: Source;
  document: Document.Parsed;
  style: LayoutStyle;
  basePath: NodePath;
}

/** Replaces the value a step holds with a new value, in the surrounding style. */
export function replaceValue(context: Context, step: Step, value: unknown): Outcome {
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
    if (isScalarValue) {
      if (node && isScalar(node) && node.range && !isEmptyNode(node)) {
        return { splice: { start: node.range[0], end: source.contentEnd(node, node.range[1]), text: scalarText() } };
      }
      const end = isEmptyNode(node) ? colon : source.contentEnd(node, colon);
      return { splice: { start: colon, end, text: ` ${scalarText()}` } };
    }
    // A block value replaces everything after the colon; a comment on the key's line stays there.
    const end = isEmptyNode(node) ? colon : source.contentEnd(node, colon);
    const lineEnd = source.lineEnd(end);
    const keyLineEnd = source.lineEnd(colon);
    const trailing = end <= keyLineEnd ? source.text.slice(end, lineEnd) : '';
    return { splice: { start: colon, end: lineEnd, text: trailing + renderAfterKey(value, keyColumn, style) } };
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
export function insertEntries(context: Context, step: Step, map: YAMLMap, entries: Plain): Outcome {
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
export function appendItem(context: Context, step: Step, sequence: YAMLSeq, item: unknown): Outcome {
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
export function removeStep(context: Context, resolved: Resolved): Outcome {
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

