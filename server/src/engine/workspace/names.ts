import type { KubeObject } from '../yaml/model';

/**
 * `nameMatches(object, name)` for a fixed object, keeping only its name: index reads that outlive a
 * keystroke must not keep the object (and through it the whole text of its file) alive.
 */
export function nameMatcher(object: KubeObject): (name: string) => boolean {
  const own = object.name;
  const pattern = object.file.isHelmTemplate && own ? templatedNamePattern(own) : undefined;
  return (name) => own === name || (pattern?.test(name) ?? false);
}

/** Whether a producer making `produced` makes `name` (a Helm template's `____` name matches any rendering). */
export function producedNameMatches(object: KubeObject, produced: string, name: string): boolean {
  return produced === name || (object.file.isHelmTemplate && (templatedNamePattern(produced)?.test(name) ?? false));
}

/** Kubernetes names cannot hold `_`: in a Helm skeleton it marks where a template action was. */
export function templatedNamePattern(name: string): RegExp | undefined {
  if (!name.includes('_')) return undefined;
  const source = name
    .split(/_+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}
