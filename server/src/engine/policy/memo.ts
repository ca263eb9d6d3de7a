// Values computed once per key: parsed objects and policies never change, so what is derived from
// them is kept as long as they live.

export function cachedIn<K extends object, V>(cache: WeakMap<K, V>, key: K, compute: () => V): V;
export function cachedIn<K, V>(cache: Map<K, V>, key: K, compute: () => V): V;
export function cachedIn<K extends object, V>(cache: WeakMap<K, V> | Map<K, V>, key: K, compute: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}
