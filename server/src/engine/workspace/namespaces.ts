/** Namespaces an object ends up in; `*` stands for any (a Helm template's templated namespace). */
export type NamespaceSet = readonly string[];

export const ANY_NAMESPACE = '*';

export function namespacesIntersect(a: NamespaceSet, b: NamespaceSet): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a.includes(ANY_NAMESPACE) || b.includes(ANY_NAMESPACE)) return true;
  return a.some((namespace) => b.includes(namespace));
}
