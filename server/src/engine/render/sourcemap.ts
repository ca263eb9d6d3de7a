import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedDocument } from '../yaml/model';
import type { NodePath } from '../types';

/**
 * The path of the deepest node of a document that holds `offset`: how a finding's range in
 * rendered text is turned back into the field it is about, whatever rule made it.
 */
export function pathAtOffset(document: ParsedDocument, offset: number): NodePath {
  const path: (string | number)[] = [];
  let node = document.ast.contents as Node | null;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && within(item.key as Node, offset, item.value as Node | null));
      if (!pair || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      const value = pair.value as Node | null;
      if (!value || !value.range || offset < value.range[0]) return path;
      node = value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => (item as Node).range && offset >= (item as Node).range![0] && offset < (item as Node).range![2]);
      if (index === -1) return path;
      path.push(index);
      node = node.items[index] as Node;
    } else {
      return path;
    }
  }
}

/** Whether the offset is on a pair: from its key's start to its value's end. */
function within(key: Node | null, offset: number, value: Node | null): boolean {
  const start = key?.range?.[0];
  const end = value?.range?.[2] ?? key?.range?.[2];
  return start !== undefined && end !== undefined && offset >= start && offset < Math.max(end, start + 1);
}
