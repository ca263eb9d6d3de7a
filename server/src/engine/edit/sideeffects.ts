// The last check of every fix: with aliases and merge keys resolved, the fixed document must hold
// the same value as before everywhere except where the fix's operations write. Whatever slipped past
// the edit engine (an alias, a merge, a layout it misread) is caught here and the fix is refused.
import type { FixOperation } from '../lint/rule';
import type { NodePath } from '../types';
import { deepEqual } from './plain';
import { describePath, immutableField } from './sharing';

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The paths a `merge` writes: each leaf of its value (a merge keeps the keys it does not name). */
function mergedLeaves(path: NodePath, value: unknown): NodePath[] {
  if (!isPlainMap(value) || Object.keys(value).length === 0) return [path];
  return Object.entries(value).flatMap(([key, item]) => mergedLeaves([...path, key], item));
}

/** Where an operation may change the document's value, from the document root. */
export function writtenPaths(basePath: NodePath, operations: readonly FixOperation[]): NodePath[] {
  return operations.flatMap((operation): NodePath[] => {
    switch (operation.op) {
      case 'addDocument':
        return [];
      case 'merge':
        return mergedLeaves([...basePath, ...operation.path], operation.value);
      case 'renameKey':
        return [[...basePath, ...operation.path], [...basePath, ...operation.path.slice(0, -1), operation.newKey]];
      default:
        return [[...basePath, ...operation.path]];
    }
  });
}

function isPrefix(prefix: NodePath, path: NodePath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

/** The innermost place where two different values differ, to name it precisely. */
function innermostChange(before: unknown, after: unknown, at: NodePath): NodePath {
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    const i = before.findIndex((item, index) => !deepEqual(item, after[index]));
    return innermostChange(before[i], after[i], [...at, i]);
  }
  if (isPlainMap(before) && isPlainMap(after)) {
    const key = [...new Set([...Object.keys(before), ...Object.keys(after)])].find((name) => !deepEqual(before[name], after[name]));
    if (key !== undefined) return innermostChange(before[key], after[key], [...at, key]);
  }
  return at;
}

/** The first place outside `written` whose value differs between `before` and `after`. */
function firstChange(before: unknown, after: unknown, written: readonly NodePath[], at: NodePath): NodePath | undefined {
  if (written.some((path) => isPrefix(path, at))) return undefined;
  // Only the ancestors of a written path may change, and only along that path.
  if (!written.some((path) => isPrefix(at, path))) return deepEqual(before, after) ? undefined : innermostChange(before, after, at);
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const change = firstChange(before[i], after[i], written, [...at, i]);
      if (change) return change;
    }
    return undefined;
  }
  if (isPlainMap(before) && isPlainMap(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const change = firstChange(before[key], after[key], written, [...at, key]);
      if (change) return change;
    }
    return undefined;
  }
  // A missing or empty value on the way becomes the map or list the written path needs.
  return before === null || before === undefined ? undefined : deepEqual(before, after) ? undefined : at;
}

/** Why a fix is refused because it changes a value it does not write (undefined when it does not). */
export function sideEffectReason(before: unknown, after: unknown, basePath: NodePath, operations: readonly FixOperation[]): string | undefined {
  const change = firstChange(before, after, writtenPaths(basePath, operations), []);
  if (!change) return undefined;
  const frozen = immutableField(before, change);
  return `it would also change ${describePath(change)}${frozen ? ` (${frozen})` : ''}, which it was not asked to change`;
}
