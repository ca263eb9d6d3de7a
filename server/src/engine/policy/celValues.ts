// YAML values as CEL values: CEL keeps int and double apart, so whole numbers become bigint. Parsed
// objects never change, so each converted tree is kept for as long as its source lives.

const converted = new WeakMap<object, unknown>();
const largest = new WeakMap<object, number>();

/** A plain YAML value as CEL sees it: whole numbers as int (bigint), the rest as is. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value !== 'object' || value === null || !isPlain(value)) return value;
  let result = converted.get(value);
  if (result === undefined) {
    result = Array.isArray(value) ? value.map(toCel) : Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toCel(entry)]));
    converted.set(value, result);
  }
  return result;
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/** The most entries of any list or map inside `value`: what a macro over it may iterate. */
export function largestCollection(value: unknown): number {
  if (typeof value !== 'object' || value === null || !isPlain(value)) return 0;
  let size = largest.get(value);
  if (size === undefined) {
    const entries = Array.isArray(value) ? value : Object.values(value);
    size = entries.reduce<number>((most, entry) => Math.max(most, largestCollection(entry)), entries.length);
    largest.set(value, size);
  }
  return size;
}

/** A CEL result as plain JSON-ish data (messages, params echoed back): int as number. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, entry]) => [String(key), fromCel(entry)]));
  return value;
}
