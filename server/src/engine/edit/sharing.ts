// Fixes and YAML sharing. A node with an anchor (`&res`) is also the value of every alias of it
// (`*res`) and of every map that merges it (`<<: *res`): an edit there changes every place that
// shares it (a memory request that aliases `replicas`, a selector that aliases the labels). So a fix
// that reaches a value through an alias or a merge first gives that place its own copy of the value,
// and a fix that would edit (or remove) a node other places share is refused with the reason.
import { isAlias, isCollection, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { NodePath, PathSegment } from '../types';

/** An anchored node that aliases use, and the paths of those aliases from the document root. */
export interface Sharing {
  anchor: string;
  aliasPaths: NodePath[];
}

/**
 * The anchored nodes of a document that at least one alias resolves to. An alias means the last
 * node before it with that anchor, as the YAML library resolves it; document order is a pair's key,
 * then its value. Iterative: documents nest hundreds of levels.
 */
export function sharedNodes(document: Document.Parsed): Map<Node, Sharing> {
  const anchors = new Map<string, Node>();
  const shared = new Map<Node, Sharing>();
  const stack: { node: unknown; path: NodePath }[] = [{ node: document.contents, path: [] }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { node, path } = entry;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) continue;
      const sharing = shared.get(target) ?? { anchor: node.source, aliasPaths: [] };
      sharing.aliasPaths.push(path);
      shared.set(target, sharing);
      continue;
    }
    if (!isCollection(node) && !isScalar(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    if (!isCollection(node)) continue;
    const children: { node: unknown; path: NodePath }[] = [];
    node.items.forEach((item, i) => {
      if (isPair(item)) {
        const key = isScalar(item.key) ? String(item.key.value) : `?${i}`;
        children.push({ node: item.key, path: [...path, `?${i}`] }, { node: item.value, path: [...path, key] });
      } else children.push({ node: item, path: [...path, i] });
    });
    stack.push(...children.reverse());
  }
  return shared;
}

/** Every node inside `root` (itself included). */
function nodesWithin(root: Node): Set<unknown> {
  const within = new Set<unknown>();
  const stack: unknown[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === null) continue;
    within.add(node);
    if (isPair(node)) stack.push(node.key, node.value);
    else if (isCollection(node)) stack.push(...node.items);
  }
  return within;
}

function isPrefix(prefix: NodePath, path: NodePath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

/** Which value a path names, for messages: `spec.selector.matchLabels`, `items[1].spec`. */
export function describePath(path: NodePath): string {
  if (path.length === 0) return 'the document';
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i > 0 ? '.' : ''}${segment}`)).join('');
}

/** Fields Kubernetes does not let an update change, by kind, as paths from the object. */
const IMMUTABLE: Record<string, readonly NodePath[]> = {
  Deployment: [['spec', 'selector']],
  ReplicaSet: [['spec', 'selector']],
  StatefulSet: [['spec', 'selector']],
  DaemonSet: [['spec', 'selector']],
  Job: [['spec', 'selector'], ['spec', 'template']],
  Service: [['spec', 'clusterIP'], ['spec', 'clusterIPs']],
};

/** The immutable field a document path falls in, as "spec.selector of Deployment", if it does. */
export function immutableField(documentValue: unknown, path: NodePath): string | undefined {
  for (let start = 0; start <= path.length; start++) {
    const object = valueAt(documentValue, path.slice(0, start));
    const kind = isObjectLike(object) ? object.kind : undefined;
    if (typeof kind !== 'string' || !IMMUTABLE[kind]) continue;
    const relative = path.slice(start);
    const field = IMMUTABLE[kind].find((immutable) => isPrefix(immutable, relative));
    if (field) return `${field.join('.')} of a ${kind}, which Kubernetes does not let an update change`;
  }
  return undefined;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isObjectLike(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

/**
 * Why editing along `chain` (the nodes from the document root to the node a fix edits, with their
 * paths) would change other places: a node on the way that aliases share, or, when the last node is
 * replaced or removed, an anchor inside it that aliases elsewhere use. Undefined when it is safe.
 */
export function sharingConflict(
  shared: Map<Node, Sharing>,
  chain: readonly { node: Node | null; path: NodePath }[],
  replaces: boolean,
  documentValue: () => unknown,
): string | undefined {
  const because = (sharing: Sharing, at: NodePath) => {
    const others = sharing.aliasPaths.map(describePath).join(', ');
    const value = documentValue();
    const frozen = [...sharing.aliasPaths, at].map((path) => immutableField(value, path)).find(Boolean);
    return `${describePath(at)} is shared through the anchor &${sharing.anchor} with ${others}: the fix would change ${sharing.aliasPaths.length > 1 ? 'them' : 'it'} too${frozen ? ` (${frozen})` : ''}. Write the value out in full at the place to fix instead of sharing it, then fix it`;
  };
  for (const { node, path } of chain) {
    const sharing = node && shared.get(node);
    if (sharing) return because(sharing, path);
  }
  const last = chain[chain.length - 1];
  if (!replaces || !last?.node) return undefined;
  const within = nodesWithin(last.node);
  for (const [node, sharing] of shared) {
    if (!within.has(node)) continue;
    const outside = sharing.aliasPaths.filter((aliasPath) => !isPrefix(last.path, aliasPath));
    if (outside.length > 0) return `${describePath(last.path)} holds the anchor &${sharing.anchor} that ${outside.map(describePath).join(', ')} use${outside.length > 1 ? '' : 's'}: replacing it would leave ${outside.length > 1 ? 'those aliases' : 'that alias'} without a value`;
  }
  return undefined;
}

/** Whether `node` is a map that has no key `key` of its own but gets it through a `<<` merge. */
export function mergesKey(node: Node | null, key: PathSegment, resolved: unknown): boolean {
  if (!isMap(node) || !isObjectLike(resolved) || !(String(key) in resolved)) return false;
  const keys = node.items.map((pair) => (isScalar(pair.key) ? pair.key.value : undefined));
  // With merge keys on, the library reads `<<` as a symbol.
  const merges = keys.some((own) => typeof own === 'symbol' || own === '<<');
  return merges && !keys.some((own) => typeof own !== 'symbol' && String(own) === String(key));
}
