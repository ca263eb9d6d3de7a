import { isMap, isScalar, isSeq } from 'yaml';
import { parseYamlDocuments } from '../yaml/parse';

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

export function columnOf(text: string, offset: number): number {
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
