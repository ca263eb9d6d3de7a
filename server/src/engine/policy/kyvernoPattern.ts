// Kyverno's validate.pattern / anyPattern for the common subset: wildcards (* ?), operators
// (> < >= <= ! |, ranges a-b), and the anchors (key) conditional, =(key) equality, X(key) negation,
// ^(key) global and <(key) existence. What it cannot decide (JMESPath `{{ }}`) is reported, never passed.
import { parseQuantity } from '../kube/quantity';
import type { NodePath } from '../types';

export type PatternResult =
  | { status: 'pass' }
  /** A conditional anchor did not hold: the enclosing map (or, for a global anchor, the rule) does not apply. */
  | { status: 'skip'; global: boolean }
  | { status: 'fail'; path: NodePath; message: string }
  | { status: 'unsupported'; reason: string };

const PASS: PatternResult = { status: 'pass' };

type Anchor = 'condition' | 'equality' | 'negation' | 'global' | 'existence' | 'add' | undefined;

function parseKey(key: string): { anchor: Anchor; name: string } {
  const match = /^(\^|=|X|<|\+)?\((.*)\)$/.exec(key);
  if (!match) return { anchor: undefined, name: key };
  const anchors: Record<string, Anchor> = { '': 'condition', '^': 'global', '=': 'equality', X: 'negation', '<': 'existence', '+': 'add' };
  return { anchor: anchors[match[1] ?? ''], name: match[2] };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Kyverno wildcards: `*` any run of characters, `?` one. */
export function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** A number from a number, a numeric string or a quantity ("500m", "1Gi"). */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return parseQuantity(value.trim());
}

function compare(operator: string, actual: number, expected: number): boolean {
  switch (operator) {
    case '>':
      return actual > expected;
    case '<':
      return actual < expected;
    case '>=':
      return actual >= expected;
    case '<=':
      return actual <= expected;
    default:
      return actual === expected;
  }
}

/** One alternative of a scalar pattern: an operator, a range, or a (wildcard) value. */
function scalarAlternative(pattern: string, value: unknown): boolean {
  const trimmed = pattern.trim();
  const operator = /^(>=|<=|>|<|!)\s*(.*)$/.exec(trimmed);
  if (operator) {
    const [, op, rest] = operator;
    if (op === '!') return !scalarAlternative(rest, value);
    const actual = numeric(value);
    const expected = numeric(rest);
    return actual !== undefined && expected !== undefined && compare(op, actual, expected);
  }
  const range = /^(!)?(-?[\d.]+[a-zA-Z]*)-(-?[\d.]+[a-zA-Z]*)$/.exec(trimmed);
  if (range && numeric(range[2]) !== undefined && numeric(range[3]) !== undefined) {
    const actual = numeric(value);
    const inside = actual !== undefined && actual >= numeric(range[2])! && actual <= numeric(range[3])!;
    return range[1] ? !inside : inside;
  }
  if (value === null || value === undefined) return trimmed === '' || trimmed === '*' ? value !== undefined : false;
  if (typeof value === 'object') return trimmed === '*';
  if (typeof value === 'number' && numeric(trimmed) !== undefined && !/[*?]/.test(trimmed)) return value === numeric(trimmed);
  return wildcardMatches(trimmed, String(value));
}

/** A scalar pattern against a value: `a | b` any alternative, `a & b` all. */
export function scalarMatches(pattern: unknown, value: unknown): boolean {
  if (typeof pattern === 'string') {
    if (pattern.includes('|')) return pattern.split('|').some((part) => scalarMatches(part, value));
    if (pattern.includes('&')) return pattern.split('&').every((part) => scalarMatches(part, value));
    return scalarAlternative(pattern, value);
  }
  if (pattern === null) return value === null || value === undefined;
  if (typeof pattern === 'number' && typeof value === 'string') return numeric(value) === pattern;
  return pattern === value;
}

function describe(pattern: unknown): string {
  return typeof pattern === 'string' ? `"${pattern}"` : JSON.stringify(pattern);
}

/** Validates `value` (at `path`) against a pattern. */
export function matchPattern(pattern: unknown, value: unknown, path: NodePath = []): PatternResult {
  if (typeof pattern === 'string' && pattern.includes('{{')) return { status: 'unsupported', reason: `pattern ${describe(pattern)} uses a JMESPath variable` };
  if (isMap(pattern)) return matchMap(pattern, value, path);
  if (Array.isArray(pattern)) return matchList(pattern, value, path);
  if (value === undefined) return { status: 'fail', path, message: `${path.join('.') || 'value'} is required (pattern ${describe(pattern)})` };
  return scalarMatches(pattern, value) ? PASS : { status: 'fail', path, message: `${path.join('.')} is ${describe(value)}, the pattern asks for ${describe(pattern)}` };
}

function matchList(pattern: unknown[], value: unknown, path: NodePath): PatternResult {
  if (!Array.isArray(value)) return { status: 'fail', path, message: `${path.join('.')} must be a list` };
  if (pattern.length === 0) return PASS;
  const [elementPattern] = pattern;
  if (!isMap(elementPattern) && !Array.isArray(elementPattern)) {
    return value.every((item) => scalarMatches(elementPattern, item))
      ? PASS
      : { status: 'fail', path, message: `${path.join('.')} has an item that is not ${describe(elementPattern)}` };
  }
  for (const [i, item] of value.entries()) {
    const result = matchPattern(elementPattern, item, [...path, i]);
    if (result.status === 'skip' && !result.global) continue;
    if (result.status !== 'pass') return result;
  }
  return PASS;
}

function matchMap(pattern: Record<string, unknown>, value: unknown, path: NodePath): PatternResult {
  if (!isMap(value)) return value === undefined ? { status: 'fail', path, message: `${path.join('.')} is required` } : { status: 'fail', path, message: `${path.join('.')} must be a map` };
  const keys = Object.keys(pattern).map((key) => ({ key, ...parseKey(key) }));
  // Conditions first: when one does not hold, the rest of the map does not apply.
  for (const { key, anchor, name } of keys) {
    if (anchor !== 'condition' && anchor !== 'global') continue;
    const result = value[name] === undefined ? ({ status: 'fail', path, message: '' } as const) : matchPattern(pattern[key], value[name], [...path, name]);
    if (result.status === 'unsupported') return result;
    if (result.status !== 'pass') return { status: 'skip', global: anchor === 'global' || (result.status === 'skip' && result.global) };
  }
  for (const { key, anchor, name } of keys) {
    const child = value[name];
    const childPath = [...path, name];
    switch (anchor) {
      case 'condition':
      case 'global':
      case 'add':
        continue;
      case 'negation':
        if (child !== undefined) return { status: 'fail', path: childPath, message: `${childPath.join('.')} must not be set` };
        continue;
      case 'existence': {
        if (!Array.isArray(child)) continue;
        const results = child.map((item, i) => matchPattern(pattern[key], item, [...childPath, i]));
        const unsupported = results.find((result) => result.status === 'unsupported');
        if (unsupported) return unsupported;
        if (!results.some((result) => result.status === 'pass')) return { status: 'fail', path: childPath, message: `no item of ${childPath.join('.')} matches ${describe(pattern[key])}` };
        continue;
      }
      case 'equality':
        if (child === undefined) continue;
        break;
      default:
        break;
    }
    const result = matchPattern(pattern[key], child, childPath);
    if (result.status !== 'pass') return result;
  }
  return PASS;
}
