// The reverse of locate(): which object of a file and which path inside it a text offset falls on.
// Navigation requests (definition, references, rename, highlight) start from a cursor.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { NodePath, Range } from '../types';
import { findNode } from './locate';
import type { KubeObject, ParsedFile } from './model';

/** A cursor inside an object: the path of the deepest node under it, relative to the object. */
export interface PathAtOffset {
  object: KubeObject;
  path: NodePath;
  /** The cursor is on a map key (`name:`), not on its value. */
  onKey: boolean;
}

function contains(node: Node | null | undefined, offset: number): boolean {
  return Boolean(node?.range) && node!.range![0] <= offset && offset <= node!.range![1];
}

/** The full path (from the document root) of the deepest node holding `offset`. */
function documentPathAt(root: Node | null, offset: number): { path: NodePath; onKey: boolean } {
  const path: (string | number)[] = [];
  let node: Node | null = root;
  for (let depth = 0; node && depth < 200; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((item) => contains(item.key as Node, offset) || contains(item.value as Node, offset));
      if (!pair || !isScalar(pair.key)) break;
      path.push(String(pair.key.value));
      if (contains(pair.key as Node, offset)) return { path, onKey: true };
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as Node, offset));
      if (index === -1) break;
      path.push(index);
      node = node.items[index] as Node;
    } else {
      break;
    }
  }
  return { path, onKey: false };
}

/** The object holding `offset` and the path under it; undefined outside every object. */
export function pathAtOffset(file: ParsedFile, offset: number): PathAtOffset | undefined {
  const document = file.documents.find((candidate) => candidate.span[0] <= offset && offset <= candidate.span[1]);
  if (!document || document.objects.length === 0) return undefined;
  const { path, onKey } = documentPathAt((document.ast.contents as Node | null) ?? null, offset);
  // The innermost object whose base path is a prefix of the cursor's path (a List holds objects under items.N).
  const object = [...document.objects]
    .sort((a, b) => b.basePath.length - a.basePath.length)
    .find((candidate) => candidate.basePath.every((segment, i) => path[i] === segment));
  if (!object) return undefined;
  return { object, path: path.slice(object.basePath.length), onKey };
}

/** The whole extent of the node at `path` of an object (a map or sequence with all its lines); undefined when absent. */
export function spanOf(object: KubeObject, path: NodePath): Range | undefined {
  const full = [...object.basePath, ...path];
  const located = findNode(object.document, full);
  const range = located.depth === full.length ? located.node?.range : undefined;
  if (!range) return undefined;
  const start = located.key?.range && path.length > 0 && typeof path[path.length - 1] === 'string' ? located.key.range[0] : range[0];
  return object.file.lines.rangeOf(start, trimmedEnd(object.file.text, range[1]));
}

/** A collection's range ends after its trailing line break; folding and outlines end on its last character. */
export function trimmedEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  return at;
}
