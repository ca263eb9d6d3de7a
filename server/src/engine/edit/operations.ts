import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FixOperation } from '../lint/rule';
import type { NodePath, PathSegment } from '../types';
import { yaml11Reading } from '../yaml/yaml11';
import { deepEqual, isEmptyCollection, isPlainMap, type Plain } from './plain';
import { renderDocument, renderScalar } from './render';
import { isNullNode, keyOf, resolvePath, toPlain } from './source';
import { appendItem, insertEntries, removeStep, replaceValue, type Context, type Outcome, type Splice } from './splices';
import type { LayoutStyle } from './style';

// One function per operation kind: finds where the operation applies and which splice it makes, or
// the follow-up operations (one level deeper) a deep set or merge expands into.

/** `{a: {b: value}}` for path [a, b]; a numeric segment makes a one-item sequence. */
function nest(path: readonly PathSegment[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, segment) => (typeof segment === 'number' ? [inner] : { [segment]: inner }), value);
}

function applySet(context: Context, path: NodePath, value: unknown): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked) return {};
  const depth = resolved.chain.length - 1;
  const step = resolved.chain[depth];
  const node = step.node;
  if (depth === full.length) {
    const current = toPlain(context.document, node);
    // An unquoted yes/no/0644 equals the string to YAML 1.2 but not to kubectl: setting the string quotes it.
    const unquotedAmbiguous = isScalar(node) && node.type === 'PLAIN' && typeof value === 'string' && yaml11Reading(value) !== undefined;
    if (deepEqual(current, value) && !unquotedAmbiguous) return {};
    if (isPlainMap(value) && !isEmptyCollection(value) && isMap(node) && node.items.length > 0) {
      // Set key by key so the map's comments and the keys already right stay untouched.
      const keep = new Set(Object.keys(value));
      const followUps: FixOperation[] = Object.entries(value).map(([key, item]) => ({ op: 'set', path: [...path, key], value: item }));
      for (const pair of node.items) {
        const key = keyOf(pair);
        if (key !== undefined && !keep.has(key)) followUps.push({ op: 'remove', path: [...path, key] });
      }
      return { followUps };
    }
    return replaceValue(context, step, value);
  }
  if (depth < context.basePath.length) return {};
  const remaining = full.slice(depth);
  if (isMap(node)) {
    const [key, ...rest] = remaining;
    return insertEntries(context, step, node, { [String(key)]: nest(rest, value) });
  }
  if (isSeq(node)) {
    const [index, ...rest] = remaining;
    return index === node.items.length ? appendItem(context, step, node, nest(rest, value)) : {};
  }
  if (isNullNode(node) || isScalar(node)) return replaceValue(context, step, nest(remaining, value));
  return {};
}

function applyMerge(context: Context, path: NodePath, value: Plain): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked) return {};
  if (resolved.chain.length - 1 !== full.length) return applySet(context, path, value);
  const step = resolved.chain[resolved.chain.length - 1];
  const node = step.node;
  if (isNullNode(node)) return isEmptyCollection(value) ? {} : replaceValue(context, step, value);
  if (!isMap(node)) return {};
  const missing: Plain = {};
  const followUps: FixOperation[] = [];
  for (const [key, item] of Object.entries(value)) {
    const pair = node.items.find((candidate) => keyOf(candidate) === key);
    if (!pair) missing[key] = item;
    else if (isPlainMap(item) && (isMap(pair.value) || isNullNode((pair.value as Node | null) ?? null))) {
      followUps.push({ op: 'merge', path: [...path, key], value: item });
    }
  }
  return { ...insertEntries(context, step, node, missing), followUps };
}

function applyAppend(context: Context, path: NodePath, item: unknown): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked) return {};
  if (resolved.chain.length - 1 !== full.length) return applySet(context, path, [item]);
  const step = resolved.chain[resolved.chain.length - 1];
  const node = step.node;
  if (isNullNode(node)) return replaceValue(context, step, [item]);
  if (!isSeq(node)) return {};
  const items = toPlain(context.document, node);
  if (Array.isArray(items) && items.some((existing) => deepEqual(existing, item))) return {};
  return appendItem(context, step, node, item);
}

function applyRemove(context: Context, path: NodePath): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked || resolved.chain.length - 1 !== full.length || full.length === 0) return {};
  return removeStep(context, resolved);
}

function applyRename(context: Context, path: NodePath, newKey: string): Outcome {
  const full = [...context.basePath, ...path];
  const resolved = resolvePath(context.document, full);
  if (resolved.blocked || resolved.chain.length - 1 !== full.length || full.length === 0) return {};
  const step = resolved.chain[resolved.chain.length - 1];
  const parent = step.parent;
  if (!step.pair || !isMap(parent) || !step.pair.key || !(step.pair.key as Node).range) return {};
  if (parent.items.some((pair) => keyOf(pair) === newKey)) return {};
  const key = step.pair.key as Node;
  return { splice: { start: key.range![0], end: key.range![1], text: renderScalar(newKey, context.style, step.inFlow) } };
}

function sameIdentity(a: unknown, b: Plain): boolean {
  if (!isPlainMap(a)) return false;
  const metaA = isPlainMap(a.metadata) ? a.metadata : {};
  const metaB = isPlainMap(b.metadata) ? b.metadata : {};
  return a.kind === b.kind && a.apiVersion === b.apiVersion && metaA.name === metaB.name && (metaA.namespace ?? '') === (metaB.namespace ?? '');
}

export function applyAddDocument(text: string, documents: Document.Parsed[], after: number, value: Plain, style: LayoutStyle): Splice | undefined {
  if (documents.some((document) => sameIdentity(toPlain(document, (document.contents as Node | null) ?? null), value))) return undefined;
  const document = documents[Math.min(after, documents.length - 1)];
  if (!document) return { start: text.length, end: text.length, text: renderDocument(value, style) };
  const at = document.range[2];
  const needsBreak = at > 0 && text[at - 1] !== '\n';
  return { start: at, end: at, text: `${needsBreak ? style.eol : ''}---${style.eol}${renderDocument(value, style)}` };
}

/** Runs one operation on the current text's document: a splice, follow-ups, or nothing. */
export function runOperation(context: Context, operation: Exclude<FixOperation, { op: 'addDocument' }>): Outcome {
  switch (operation.op) {
    case 'set':
      return applySet(context, operation.path, operation.value);
    case 'merge':
      return isPlainMap(operation.value) ? applyMerge(context, operation.path, operation.value) : {};
    case 'append':
      return applyAppend(context, operation.path, operation.value);
    case 'remove':
      return applyRemove(context, operation.path);
    case 'renameKey':
      return applyRename(context, operation.path, operation.newKey);
  }
}
