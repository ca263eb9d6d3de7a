import type { ErrorObject } from 'ajv';
import type { NodePath } from '../engine/types';

/** One schema problem, at a path inside the object; `at: 'key'` flags the key itself (unknown fields). */
export interface SchemaProblem {
  path: NodePath;
  at: 'key' | 'value';
  message: string;
  /** For a value of the wrong type: the JSON types the schema allows there. */
  expects?: string[];
  /** What to do about it, as a sentence ("Did you mean "replicas"?"), when the problem suggests something. */
  hint?: string;
  /** Set for missing required fields (patches leave those to their target). */
  missing?: true;
  /** For an unknown field: the allowed field it is probably a typo of, when that one is not set too. */
  rename?: string;
}

/** JSON pointer -> path segments; sequence indices become numbers (the data tells which parents are sequences). */
export function pointerToPath(pointer: string, data: unknown): NodePath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(current) ? Number(segment) : segment;
    path.push(key);
    current = typeof current === 'object' && current !== null ? (current as Record<string | number, unknown>)[key] : undefined;
  }
  return path;
}

/** `spec.template.spec.containers[0].image`, for messages. */
export function describePath(path: NodePath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += /^[A-Za-z_$][\w$-]*$/.test(segment) ? (text ? `.${segment}` : segment) : `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function valueAt(data: unknown, path: NodePath): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)})`;
  if (typeof value === 'number') return Number.isInteger(value) ? `an integer (${value})` : `a number (${value})`;
  return `${typeof value === 'boolean' ? 'a boolean' : typeof value} (${String(value)})`;
}

/** The value itself when it is short text or a number (what the user typed), else its type. */
function shownValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeName(value);
}

/**
 * `imagePullPolicy must be one of "IfNotPresent", "Always" or "Never", not "always", which differs only in case`:
 * the allowed values as written in YAML, the value given, and the usual mistake named.
 */
function enumMessage(where: string, allowed: readonly unknown[], value: unknown): string {
  const values = allowed.map((entry) => JSON.stringify(entry));
  const expected = values.length === 1 ? values[0] : `one of ${joinAlternatives(values)}`;
  const caseOnly = typeof value === 'string' && allowed.some((entry) => typeof entry === 'string' && entry.toLowerCase() === value.toLowerCase());
  return `${where} must be ${expected}, not ${shownValue(value)}${caseOnly ? ', which differs only in case' : ''}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'a map',
  array: 'a list',
  null: 'null',
};

function joinAlternatives(words: string[]): string {
  const unique = [...new Set(words)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

function expectedTypes(errors: ErrorObject[]): string[] {
  return errors.flatMap((error) => [(error.params as { type?: string | string[] }).type ?? []].flat().map((name) => TYPE_WORDS[name] ?? name));
}

/** Edit distance, for "did you mean" on unknown fields; small inputs only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

export function closestName(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function where(path: NodePath): string {
  return path.length === 0 ? 'the object' : describePath(path);
}

function unknownField(error: ErrorObject, path: NodePath, map: unknown): SchemaProblem {
  const field = String((error.params as { additionalProperty: string }).additionalProperty);
  const properties = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const suggestion = closestName(field, properties);
  const hint = suggestion ? `Did you mean "${suggestion}"?` : 'Remove it or check its indentation.';
  const parent = path.length === 0 ? 'at the top level' : `in ${describePath(path)}`;
  const problem: SchemaProblem = { path: [...path, field], at: 'key', message: `Unknown field "${field}" ${parent}`, hint };
  const taken = typeof map === 'object' && map !== null && suggestion !== undefined && suggestion in map;
  if (suggestion && !taken) problem.rename = suggestion;
  return problem;
}

/**
 * Turns ajv's errors (allErrors on) into one problem per thing to fix: the branch errors of a
 * failed oneOf/anyOf fold into one "must be a string or an integer", missing required fields of
 * one map into one problem, and a null value counts as unset (the API server drops it).
 */
export function schemaProblems(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const byPointer = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPointer.get(error.instancePath);
    if (list) list.push(error);
    else byPointer.set(error.instancePath, [error]);
  }
  const problems: SchemaProblem[] = [];
  for (const [pointer, list] of byPointer) {
    const path = pointerToPath(pointer, data);
    const value = valueAt(data, path);
    const compound = list.some((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf');
    const typeErrors = list.filter((error) => error.keyword === 'type');
    // A null field is unset to the API server: only a type error on a real value counts.
    if (value !== null && typeErrors.length > 0) {
      const expects = typeErrors.flatMap((error) => [(error.params as { type?: string | string[] }).type ?? []].flat());
      problems.push({ path, at: 'value', message: `${where(path)} must be ${joinAlternatives(expectedTypes(typeErrors))}, not ${typeName(value)}`, expects });
    }
    const missing = list
      .filter((error) => error.keyword === 'required')
      .map((error) => (error.params as { missingProperty: string }).missingProperty);
    if (missing.length > 0 && typeErrors.length === 0) {
      const fields = [...new Set(missing)].map((field) => `"${field}"`);
      // Under a failed oneOf/anyOf the branches ask for alternatives, not for all of them.
      const message = compound
        ? `${where(path)} needs ${joinAlternatives(fields)} (one of the allowed forms)`
        : `${where(path)} is missing required field${fields.length > 1 ? 's' : ''} ${joinAlternatives(fields).replace(/ or (?=[^ ]+$)/, ' and ')}`;
      problems.push({ path, at: 'value', message, missing: true });
    }
    for (const error of list) {
      if (error.keyword === 'additionalProperties') problems.push(unknownField(error, path, value));
      else if (value !== null && typeErrors.length === 0 && (error.keyword === 'enum' || error.keyword === 'const')) {
        const allowed = error.keyword === 'enum' ? (error.params as { allowedValues: unknown[] }).allowedValues : [(error.params as { allowedValue: unknown }).allowedValue];
        problems.push({ path, at: 'value', message: enumMessage(where(path), allowed, value) });
      } else if (value !== null && typeErrors.length === 0 && !GROUPED.has(error.keyword)) {
        problems.push({ path, at: 'value', message: `${where(path)} ${error.message ?? 'is not valid'}` });
      }
    }
  }
  return dedupe(problems);
}

/** Keywords handled above, or that only restate their sub-errors. */
const GROUPED = new Set(['type', 'required', 'additionalProperties', 'oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not', 'enum', 'const', '$ref']);

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${JSON.stringify(problem.path)}|${problem.at}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
