// Walks over a parsed CEL expression (the library's AST: nodes with `op` and `args`): its size and macro
// nesting for the cost estimate, and the one rewrite kubetier makes before checking it.
import type { ASTNode } from '@marcbachmann/cel-js';

const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
/** Functions whose pattern is a regular expression; RE2 semantics as in Kubernetes. */
const REGEX_FUNCTIONS: Record<string, string> = { matches: 're2Matches' };

interface Node {
  op: string;
  args: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}

function children(node: Node): Node[] {
  if (!Array.isArray(node.args)) return isNode(node.args) ? [node.args] : [];
  return node.args.flatMap((arg: unknown) => (Array.isArray(arg) ? arg.filter(isNode) : isNode(arg) ? [arg] : []));
}

function isCall(node: Node): node is Node & { args: [string, ...unknown[]] } {
  return (node.op === 'call' || node.op === 'rcall') && Array.isArray(node.args) && typeof node.args[0] === 'string';
}

export function astSize(ast: ASTNode): number {
  let size = 0;
  const stack: Node[] = [ast as unknown as Node];
  while (stack.length > 0) {
    size++;
    stack.push(...children(stack.pop()!));
  }
  return size;
}

/** How deeply macros nest: `a.all(x, x.b.exists(y, ...))` is 2. */
export function comprehensionDepth(ast: ASTNode): number {
  const depth = (node: Node): number => {
    const inner = children(node).reduce((most, child) => Math.max(most, depth(child)), 0);
    return inner + (isCall(node) && node.op === 'rcall' && MACROS.has(node.args[0]) ? 1 : 0);
  };
  return depth(ast as unknown as Node);
}

/**
 * The library's `matches` uses JavaScript regular expressions, which can backtrack for exponential time;
 * Kubernetes uses RE2. Calls are renamed to kubetier's RE2 version before the expression is checked.
 */
export function useLinearRegex(ast: ASTNode): void {
  const stack: Node[] = [ast as unknown as Node];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isCall(node) && REGEX_FUNCTIONS[node.args[0]]) node.args[0] = REGEX_FUNCTIONS[node.args[0]];
    stack.push(...children(node));
  }
}
