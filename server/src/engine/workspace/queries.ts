import type { KubeObject, ParsedFile } from '../yaml/model';
import type { KustomizeLayout } from './kustomize';
import type { NamespaceSet } from './namespaces';
import type { ReadDeclarations } from './tracking';

/** How a reference resolves: to objects, to nothing, or to something the index cannot see. */
export type Resolution =
  | { status: 'found'; objects: KubeObject[] }
  | { status: 'missing' }
  | { status: 'unknown'; reason: string };

/**
 * What rules, fixes, schemas and the checklist ask the workspace index: objects by kind, name and
 * effective namespace (following Kustomize), producers of Secrets and ConfigMaps, and why an answer
 * cannot be known. Every query records what it read for incremental lint (ReadDeclarations); asked
 * outside a tracked check it records nothing, so the same queries serve navigation.
 */
export interface IndexQueries extends ReadDeclarations {
  get(filePath: string): ParsedFile | undefined;
  has(filePath: string): boolean;
  readonly size: number;
  allFiles(): IterableIterator<ParsedFile>;
  objects(): IterableIterator<KubeObject>;

  /** The workspace's kustomizations and what they include. */
  readonly layout: KustomizeLayout;
  /** A partial object: a Kustomize patch (named as one, or carrying `$patch`), not something that exists. */
  isPatch(object: KubeObject): boolean;
  /**
   * Effective namespaces: for a namespaced object, the namespaces of its
   * Kustomize builds (outermost `namespace:` wins), else its own or `default`;
   * for a Namespace, its name; for other cluster-scoped objects, none.
   */
  namespacesOf(object: KubeObject): NamespaceSet;
  sameNamespace(a: KubeObject, b: KubeObject): boolean;

  /** Objects of a kind that exist (patches and tool config left out), in a stable order. */
  ofKind(kind: string, group?: string): KubeObject[];
  /** Objects of the given kinds that share a namespace with `near`. */
  inNamespaceOf(near: KubeObject, kinds: readonly string[]): KubeObject[];
  /** Objects of a kind named `name` in the namespace of `near` (a templated Helm name matches what it could render to). */
  find(kind: string, name: string, near: KubeObject, group?: string): KubeObject[];
  /** `ofKind(kind, group)` objects that `nameMatches(object, name)`, in the same order; a map lookup, not a scan. */
  named(kind: string, name: string, group?: string): KubeObject[];
  /** A Helm template object's `____` name matches any rendering. */
  nameMatches(object: KubeObject, name: string): boolean;
  /**
   * Resolves a Secret or ConfigMap reference of `near`. Unknown (silent) when
   * the index holds no producer of that kind at all, a Kustomize generator
   * makes that name, its build is open, or a custom resource named like it
   * lives there (operators such as CloudNativePG or Strimzi name Secrets after
   * their resources).
   */
  resolveProduced(kind: 'Secret' | 'ConfigMap', name: string, near: KubeObject): Resolution;

  /**
   * Why objects near `near` may exist that the index cannot see, or undefined:
   * its Kustomize build has a remote base, a Helm chart or is an unused
   * Component.
   */
  openReason(near: KubeObject): string | undefined;
  /** Helm template workloads whose labels are templated could be selected by anything. */
  hasTemplatedWorkloads(near: KubeObject): boolean;
  /** A custom resource in the namespace of `near` whose name `matches`: an operator may create what is looked for. */
  operatorOwner(near: KubeObject, matches: (crName: string) => boolean): KubeObject | undefined;
}
