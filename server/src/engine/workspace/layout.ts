import type { KubeObject, ParsedFile } from '../yaml/model';
import { chainIsOpen, chainNamespace, KustomizeLayout, readKustomization, type Kustomization } from './kustomize';
import { ANY_NAMESPACE, namespacesIntersect, type NamespaceSet } from './namespaces';
import { isNamespaced } from './scope';

/** Whether replacing `before` by `after` (either may be absent) changes a kustomization. */
export function kustomizationChanges(before: ParsedFile | undefined, after: ParsedFile | undefined): boolean {
  const read = (file: ParsedFile | undefined) => (file ? JSON.stringify(readKustomization(file) ?? null) : 'null');
  return read(before) !== read(after);
}

/**
 * The Kustomize side of a workspace: its kustomizations, the builds they make and the namespaces
 * objects end up in through them. Rebuilt lazily when a kustomization comes, changes or goes.
 */
export class WorkspaceLayout {
  private readonly kustomizations = new Map<string, Kustomization>();
  private layoutCache: KustomizeLayout | undefined;
  /**
   * By value, with the file it was computed for: an incremental re-parse makes new objects for
   * untouched documents but keeps their values. Dropped when the layout changes.
   */
  private namespaceCache = new WeakMap<object, { file: string; helm: boolean; namespaces: NamespaceSet }>();

  /** The workspace's kustomizations and what they include. */
  get kustomize(): KustomizeLayout {
    this.layoutCache ??= new KustomizeLayout(this.kustomizations.values());
    return this.layoutCache;
  }

  /** Takes the kustomization a file holds, if any, in place of what its path held. */
  set(file: ParsedFile): void {
    const had = this.kustomizations.delete(file.path);
    const kustomization = readKustomization(file);
    if (kustomization) this.kustomizations.set(file.path, kustomization);
    if (had || kustomization) this.changed();
  }

  delete(filePath: string): void {
    if (this.kustomizations.delete(filePath)) this.changed();
  }

  /**
   * Effective namespaces: for a namespaced object, the namespaces of its
   * Kustomize builds (outermost `namespace:` wins), else its own or `default`;
   * for a Namespace, its name; for other cluster-scoped objects, none.
   */
  namespacesOf(object: KubeObject): NamespaceSet {
    const cached = this.namespaceCache.get(object.value);
    if (cached && cached.file === object.file.path && cached.helm === object.file.isHelmTemplate) return cached.namespaces;
    const namespaces = this.computeNamespaces(object);
    this.namespaceCache.set(object.value, { file: object.file.path, helm: object.file.isHelmTemplate, namespaces });
    return namespaces;
  }

  /**
   * Why objects near `near` may exist that the index cannot see, or undefined:
   * its Kustomize build has a remote base, a Helm chart or is an unused
   * Component.
   */
  openReason(near: KubeObject): string | undefined {
    const chains = this.kustomize.chainsOf(near.file.path);
    if (chains.length > 0 && chains.every(chainIsOpen)) {
      return 'its Kustomize build pulls in objects from outside the workspace (remote base, Helm chart or Component)';
    }
    return undefined;
  }

  /** Names the Secret or ConfigMap generators of builds that end in one of `namespaces` make. */
  generatedNames(kind: 'Secret' | 'ConfigMap', namespaces: NamespaceSet): Set<string> {
    const names = new Set<string>();
    for (const kustomization of this.kustomizations.values()) {
      const generators = kind === 'Secret' ? kustomization.secretGenerators : kustomization.configMapGenerators;
      if (generators.length === 0) continue;
      const chains = this.kustomize.chainsFrom(kustomization);
      if (chains.some((chain) => namespacesIntersect(namespaces, [chainNamespace(chain, undefined)]))) for (const name of generators) names.add(name);
    }
    return names;
  }

  private computeNamespaces(object: KubeObject): NamespaceSet {
    if (object.kind === 'Namespace' && object.group === '') return object.name ? [object.name] : [];
    if (!isNamespaced(object)) return [];
    if (object.file.isHelmTemplate) {
      const own = object.namespace;
      return own && !own.includes('_') ? [own] : [ANY_NAMESPACE];
    }
    const chains = this.kustomize.chainsOf(object.file.path);
    if (chains.length === 0) return [object.namespace ?? 'default'];
    return [...new Set(chains.map((chain) => chainNamespace(chain, object.namespace)))];
  }

  private changed(): void {
    this.layoutCache = undefined;
    this.namespaceCache = new WeakMap();
  }
}
