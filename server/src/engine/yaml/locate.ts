import { isAlias, isCollection, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { KubeObject, ParsedDocument, ParsedFile } from './model';
import type { NodePath, Range } from '../types';

/** The deepest AST node reached along a path, with the key that introduces it. */
export interface LocatedNode {
  node: Node | null;
  key: Node | null;
  /** How many segments of the path exist in the document. */
  depth: number;
}

function keyMatches(pair: Pair, segment: string | number): boolean {
  return isScalar(pair.key) && String(pair.key.value) === String(segment);
}

/** Walks the AST along a path; stops at the last segment that exists. */
export function findNode(document: ParsedDocument, path: NodePath): LocatedNode {
  let node: Node | null = (document.ast.contents as Node | null) ?? null;
  let key: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node)) break;
    let next: Node | null | undefined;
    let nextKey: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((item) => keyMatches(item, segment));
      if (!pair) break;
      next = (pair.value as Node | null) ?? null;
      nextKey = pair.key as Node;
      if (next === null) {
        key = nextKey;
        node = null;
        depth++;
        break;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as Node | undefined;
      if (!next) break;
    } else {
      break;
    }
    node = next;
    key = nextKey;
    depth++;
  }
  return { node, key, depth };
}

/** End offset of the first line of a node, so collections are flagged on one line. */
function firstLineEnd(file: ParsedFile, start: number, end: number): number {
  const lineEnd = file.lines.lineEnd(file.lines.positionAt(start).line);
  return Math.max(start + 1, Math.min(end, lineEnd));
}

function nodeRange(file: ParsedFile, located: LocatedNode): Range | undefined {
  const { node, key } = located;
  if (node && (isScalar(node) || isAlias(node)) && node.range) {
    return file.lines.rangeOf(node.range[0], node.range[1]);
  }
  if (key && key.range) return file.lines.rangeOf(key.range[0], key.range[1]);
  if (node && isCollection(node) && node.range) {
    return file.lines.rangeOf(node.range[0], firstLineEnd(file, node.range[0], node.range[1]));
  }
  return undefined;
}

/** The first line of content of a document (or the file start). */
export function documentStartRange(file: ParsedFile, document?: ParsedDocument): Range {
  const contents = document?.ast.contents as Node | null | undefined;
  const start = contents?.range ? contents.range[0] : (document?.span[0] ?? 0);
  return file.lines.rangeOf(start, firstLineEnd(file, start, file.text.length));
}

/**
 * Range of a path inside an object. A scalar value is flagged itself; a
 * collection is flagged by its key (or its first line in a sequence); a path
 * that does not exist is flagged at its deepest existing ancestor.
 */
export function locate(object: KubeObject, path: NodePath): Range {
  const located = findNode(object.document, [...object.basePath, ...path]);
  if (path.length === 0 || located.depth <= object.basePath.length) return kindRange(object);
  return nodeRange(object.file, located) ?? kindRange(object);
}

/** Range of the key that introduces a path's last segment (an unknown field); falls back to locate(). */
export function locateKey(object: KubeObject, path: NodePath): Range {
  const full = [...object.basePath, ...path];
  const located = findNode(object.document, full);
  if (located.depth === full.length && located.key?.range && typeof path[path.length - 1] === 'string') {
    return object.file.lines.rangeOf(located.key.range[0], located.key.range[1]);
  }
  return locate(object, path);
}

/** The `kind:` value of an object: where whole-object findings are shown. */
export function kindRange(object: KubeObject): Range {
  const located = findNode(object.document, [...object.basePath, 'kind']);
  if (located.node && located.depth === object.basePath.length + 1 && located.node.range) {
    return object.file.lines.rangeOf(located.node.range[0], located.node.range[1]);
  }
  // A List item written as an alias (`- *web`): its findings belong to the alias, not to the document's start.
  if (isAlias(located.node) && located.depth === object.basePath.length && located.node.range) {
    return object.file.lines.rangeOf(located.node.range[0], located.node.range[1]);
  }
  return documentStartRange(object.file, object.document);
}

/** Range of a path in any document (a values file): the deepest existing node along it, and how deep that is. */
export function locateInDocument(file: ParsedFile, document: ParsedDocument, path: NodePath): { range: Range; depth: number } {
  const located = findNode(document, path);
  return { range: (located.depth > 0 ? nodeRange(file, located) : undefined) ?? documentStartRange(file, document), depth: located.depth };
}

/** Whether a pair-like node is present at the path (used by fixes and completions). */
export function pathExists(object: KubeObject, path: NodePath): boolean {
  const full = [...object.basePath, ...path];
  return findNode(object.document, full).depth === full.length;
}
