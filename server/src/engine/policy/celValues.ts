// YAML values as CEL values: CEL keeps int and double apart, so whole numbers become bigint. Parsed
// objects never change, so each converted tree is kept for as long as its source lives.

// Only whole trees are cached (an object's value, a param): caching every inner node costs more in
// garbage collection than it saves.
import { cachedIn } from './memo';

const converted = new WeakMap<object, unknown>();
const largest = new WeakMap<object, number>();

/** A plain YAML value as CEL sees it: whole numbers as int (bigint), the rest as is. */
export function toCel(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !isPlain(value)) return convert(value);
  return cachedIn(converted, value, () => convert(value));
}

function convert(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value !== 'object' || value === null || !isPlain(value)) return value;
  if (Array.isArray(value)) return value.map(convert);
  const result: Record<string, unknown> = {};
  for (const key in value) result[key] = convert((value as Record<string, unknown>)[key]);
  return result;
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/** The most entries of any list or map inside `value`: what a macro over it may iterate. */
export function largestCollection(value: unknown): number {
  if (typeof value !== 'object' || value === null || !isPlain(value)) return 0;
  return cachedIn(largest, value, () => measure(value));
}

function measure(value: unknown): number {
  if (typeof value !== 'object' || value === null || !isPlain(value)) return 0;
  const entries = Array.isArray(value) ? value : Object.values(value);
  let most = entries.length;
  for (const entry of entries) most = Math.max(most, measure(entry));
  return most;
}

/** A CEL result as plain JSON-ish data (messages, params echoed back): int as number. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, entry]) => [String(key), fromCel(entry)]));
  return value;
}
