// What a document costs once its aliases are expanded, measured on the syntax tree before any value is
// built. Counting aliases is not enough: 44 KB holding one Deployment of 1,000 containers, aliased 999
// times in a List, uses 999 aliases but is a million containers to lint. So every node counts once
// per place it appears through aliases, in one pass over the tree (each alias adds the size of what it
// points at, computed once).
import { isAlias, isCollection, isPair, type Document, type Node } from 'yaml';

export interface AliasCost {
  /** Alias nodes (`*name`) in the document. */
  aliases: number;
  /** Nodes of the document with every alias expanded; past the limit it stops counting, so it is only a lower bound. */
  expandedNodes: number;
  /** An alias inside the node its anchor names: the value would contain itself. */
  cyclic: boolean;
  /** Nodes carrying an anchor that no alias uses. */
  unreferencedAnchors: Node[];
}

interface Frame {
  node: unknown;
  /** Expanded size of the children finished so far, plus the node itself. */
  size: number;
  children?: unknown[];
}

/** Children in document order, as the library resolves anchors: a pair's key, then its value. */
function childrenOf(node: unknown): unknown[] {
  if (isPair(node)) return [node.key, node.value];
  if (isCollection(node)) return [...node.items];
  return [];
}

/**
 * Measures `document`, giving up once `maxExpandedNodes` is passed (the cost is then known to be over it).
 * Iterative: documents nest up to kubetier.maxNestingDepth levels.
 */
export function aliasCost(document: Document.Parsed, maxExpandedNodes: number): AliasCost {
  const anchors = new Map<string, Node>();
  const sizes = new Map<unknown, number>();
  const referenced = new Set<Node>();
  const anchored: Node[] = [];
  let aliases = 0;
  let cyclic = false;
  const stack: Frame[] = document.contents ? [{ node: document.contents, size: 1 }] : [];
  let total = 0;
  while (stack.length > 0 && !cyclic && total <= maxExpandedNodes) {
    const frame = stack[stack.length - 1];
    if (!frame.children) {
      const node = frame.node as Node;
      if (!isPair(node) && node.anchor) {
        anchors.set(node.anchor, node);
        anchored.push(node);
      }
      if (isAlias(node)) {
        aliases++;
        const target = anchors.get(node.source);
        if (target) {
          referenced.add(target);
          const size = sizes.get(target);
          // The anchored node is still open: the alias sits inside it.
          if (size === undefined) cyclic = true;
          else frame.size = size;
        }
      }
      frame.children = childrenOf(node).filter((child) => child !== null && child !== undefined).reverse();
      // A pair is not a node of its own: its key and value are.
      if (isPair(node)) frame.size = 0;
      continue;
    }
    const child = frame.children.pop();
    if (child !== undefined) {
      stack.push({ node: child, size: 1 });
      continue;
    }
    stack.pop();
    sizes.set(frame.node, frame.size);
    const parent = stack[stack.length - 1];
    if (parent) parent.size += frame.size;
    else total = frame.size;
    // A subtree over the limit makes the whole document over it.
    if (frame.size > maxExpandedNodes) total = frame.size;
  }
  return { aliases, expandedNodes: cyclic ? Infinity : total, cyclic, unreferencedAnchors: anchored.filter((node) => !referenced.has(node)) };
}
