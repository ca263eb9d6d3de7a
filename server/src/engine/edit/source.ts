import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { NodePath } from '../types';
import { columnOf } from './style';

// Where an operation applies: the chain of parsed nodes along its path, and offsets in the text
// around them (line ends, the content end of a node, comment runs).

export interface Step {
  node: Node | null;
  /** The pair whose value this node is (map entries). */
  pair?: Pair;
  /** The collection holding this node. */
  parent?: YAMLMap | YAMLSeq;
  index?: number;
  /** Inside a flow collection: new content must be flow style too. */
  inFlow: boolean;
}

export interface Resolved {
  /** chain[0] is the document root; chain[i] the node at path[0..i). */
  chain: Step[];
  /** An alias or a non-collection blocks the path: nothing is edited. */
  blocked: boolean;
}

export function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

export function resolvePath(document: Document.Parsed, path: NodePath): Resolved {
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
export function isEmptyNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null && (!node.range || node.range[0] === node.range[1]));
}

export function isNullNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

export function toPlain(document: Document.Parsed, node: Node | null): unknown {
  if (node === null) return null;
  try {
    return node.toJS(document, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

export class Source {
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
