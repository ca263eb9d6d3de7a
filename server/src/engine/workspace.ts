import { asArray, asMap, getPath, isWorkload, podLabels } from './kube';
import { chainIsOpen, chainNamespace, KustomizeLayout, readKustomization, type Kustomization } from './kustomize';
import type { KubeObject, ParsedFile } from './model';
import { AUTOMATIC_CONFIGMAPS, podReferences, producedConfigMapName, producedSecretName } from './references';
import { isClusterObject, isCustomResource, isNamespaced } from './scope';

/** Namespaces an object ends up in; `*` stands for any (a Helm template's templated namespace). */
export type NamespaceSet = readonly string[];

export const ANY_NAMESPACE = '*';

/** What one set/delete may have changed: the files to lint again (the changed file included). */
export interface IndexChange {
  affected: Set<string>;
}

/** How a reference resolves: to objects, to nothing, or to something the index cannot see. */
export type Resolution =
  | { status: 'found'; objects: KubeObject[] }
  | { status: 'missing' }
  | { status: 'unknown'; reason: string };

export function namespacesIntersect(a: NamespaceSet, b: NamespaceSet): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a.includes(ANY_NAMESPACE) || b.includes(ANY_NAMESPACE)) return true;
  return a.some((namespace) => b.includes(namespace));
}

/** Kubernetes names cannot hold `_`: in a Helm skeleton it marks where a template action was. */
function templatedNamePattern(name: string): RegExp | undefined {
  if (!name.includes('_')) return undefined;
  const source = name
    .split(/_+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** Per value: parsed values are never mutated, and an incremental re-parse keeps untouched documents' values. */
const patchDirectiveCache = new WeakMap<object, boolean>();

function hasPatchDirective(object: KubeObject): boolean {
  let cached = patchDirectiveCache.get(object.value);
  if (cached === undefined) {
    cached = Object.keys(object.value).some((key) => key.startsWith('$patch') || key.startsWith('$setElementOrder/'));
    patchDirectiveCache.set(object.value, cached);
  }
  return cached;
}

/** What produces Secrets or ConfigMaps of a name, in index order: exact names, and Helm templates' templated ones. */
interface ProducerTable {
  exact: Map<string, Ordered[]>;
  templated: (Ordered & { produced: string; pattern: RegExp })[];
}

/** Objects by name, in index order (templated Helm names apart: they match by pattern). */
interface NameTable {
  exact: Map<string, Ordered[]>;
  templated: (Ordered & { pattern: RegExp })[];
}

interface Ordered {
  object: KubeObject;
  order: number;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The objects of exact and pattern matches, back in index order. */
function inOrder(exact: readonly Ordered[], patterned: readonly Ordered[]): KubeObject[] {
  if (patterned.length === 0) return exact.map((entry) => entry.object);
  return [...exact, ...patterned].sort((a, b) => a.order - b.order).map((entry) => entry.object);
}

/**
 * Every parsed file of a workspace (or of the paths given to the CLI), with
 * the lookups cross-resource rules need: objects by kind and name, effective
 * namespaces following Kustomize, producers of Secrets and ConfigMaps.
 *
 * `set`/`delete` update the per-kind lookups for that file only; the Kustomize
 * layout (and the namespaces it decides) is rebuilt only when a kustomization
 * file changes. Both return which files a change may affect, so a server can
 * lint those again.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, ParsedFile>();
  private readonly byKind = new Map<string, Set<KubeObject>>();
  private readonly kustomizations = new Map<string, Kustomization>();
  private layoutCache: KustomizeLayout | undefined;
  private namespaceCache = new Map<KubeObject, NamespaceSet>();
  private readonly producerCounts = { Secret: 0, ConfigMap: 0 };
  private readonly derived = new Map<string, unknown>();

  static of(files: Iterable<ParsedFile>): WorkspaceIndex {
    const index = new WorkspaceIndex();
    for (const file of files) index.add(file);
    return index;
  }

  /** Adds or replaces a file. */
  set(file: ParsedFile): IndexChange {
    const before = this.files.get(file.path);
    const touched = new Set<string>(before ? this.reachOfFile(before) : []);
    const producersBefore = { ...this.producerCounts };
    const layoutBefore = this.kustomizationChanges(before, file) ? this.snapshotNamespaces() : undefined;
    if (before) this.remove(before);
    this.add(file);
    for (const namespace of this.reachOfFile(file)) touched.add(namespace);
    return this.changeOf(file.path, touched, producersBefore, layoutBefore);
  }

  delete(filePath: string): IndexChange {
    const before = this.files.get(filePath);
    if (!before) return { affected: new Set() };
    const touched = new Set<string>(this.reachOfFile(before));
    const producersBefore = { ...this.producerCounts };
    const layoutBefore = this.kustomizationChanges(before, undefined) ? this.snapshotNamespaces() : undefined;
    this.remove(before);
    return this.changeOf(filePath, touched, producersBefore, layoutBefore);
  }

  get(filePath: string): ParsedFile | undefined {
    return this.files.get(filePath);
  }

  has(filePath: string): boolean {
    return this.files.has(filePath);
  }

  get size(): number {
    return this.files.size;
  }

  allFiles(): IterableIterator<ParsedFile> {
    return this.files.values();
  }

  *objects(): IterableIterator<KubeObject> {
    for (const file of this.files.values()) yield* file.objects;
  }

  /** A value computed from the whole index (rules share it across objects), kept until the next change. */
  derive<T>(key: string, compute: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    this.derived.set(key, value);
    return value;
  }

  /** The workspace's kustomizations and what they include. */
  get layout(): KustomizeLayout {
    this.layoutCache ??= new KustomizeLayout(this.kustomizations.values());
    return this.layoutCache;
  }

  /** A partial object: a Kustomize patch (named as one, or carrying `$patch`), not something that exists. */
  isPatch(object: KubeObject): boolean {
    return hasPatchDirective(object) || this.layout.isPatchFile(object.file.path);
  }

  /** Objects of a kind that exist (patches and tool config left out), in a stable order. */
  ofKind(kind: string, group?: string): KubeObject[] {
    // Memoised until the next change: cross-resource rules ask this for every object they check.
    return this.derive(`ofKind\0${kind}\0${group ?? ''}`, () => {
      const result: KubeObject[] = [];
      for (const object of this.byKind.get(kind) ?? []) {
        if ((group === undefined || object.group === group) && !this.isPatch(object)) result.push(object);
      }
      return result;
    });
  }

  /**
   * Effective namespaces: for a namespaced object, the namespaces of its
   * Kustomize builds (outermost `namespace:` wins), else its own or `default`;
   * for a Namespace, its name; for other cluster-scoped objects, none.
   */
  namespacesOf(object: KubeObject): NamespaceSet {
    const cached = this.namespaceCache.get(object);
    if (cached) return cached;
    const computed = this.computeNamespaces(object);
    this.namespaceCache.set(object, computed);
    return computed;
  }

  sameNamespace(a: KubeObject, b: KubeObject): boolean {
    return namespacesIntersect(this.namespacesOf(a), this.namespacesOf(b));
  }

  /** Objects of the given kinds that share a namespace with `near`. */
  inNamespaceOf(near: KubeObject, kinds: readonly string[]): KubeObject[] {
    const namespaces = this.namespacesOf(near);
    return this.derive(`inNamespace\0${namespaces.join(',')}\0${kinds.join(',')}`, () =>
      kinds.flatMap((kind) => this.ofKind(kind)).filter((object) => namespacesIntersect(namespaces, this.namespacesOf(object))),
    );
  }

  /** Objects of a kind named `name` in the namespace of `near` (a templated Helm name matches what it could render to). */
  find(kind: string, name: string, near: KubeObject, group?: string): KubeObject[] {
    const namespaces = this.namespacesOf(near);
    return this.named(kind, name, group).filter((object) => namespacesIntersect(namespaces, this.namespacesOf(object)));
  }

  /** `ofKind(kind, group)` objects that `nameMatches(object, name)`, in the same order; a map lookup, not a scan. */
  named(kind: string, name: string, group?: string): KubeObject[] {
    const table = this.derive(`named\0${kind}\0${group ?? ''}`, (): NameTable => {
      const exact = new Map<string, Ordered[]>();
      const templated: NameTable['templated'] = [];
      this.ofKind(kind, group).forEach((object, order) => {
        if (object.name !== undefined) pushTo(exact, object.name, { object, order });
        const pattern = object.file.isHelmTemplate && object.name ? templatedNamePattern(object.name) : undefined;
        if (pattern) templated.push({ object, order, pattern });
      });
      return { exact, templated };
    });
    return inOrder(
      table.exact.get(name) ?? [],
      table.templated.filter((entry) => entry.object.name !== name && entry.pattern.test(name)),
    );
  }

  /** A Helm template object's `____` name matches any rendering. */
  nameMatches(object: KubeObject, name: string): boolean {
    if (object.name === name) return true;
    const pattern = object.file.isHelmTemplate && object.name ? templatedNamePattern(object.name) : undefined;
    return pattern?.test(name) ?? false;
  }

  /**
   * Why objects near `near` may exist that the index cannot see, or undefined:
   * its Kustomize build has a remote base, a Helm chart or is an unused
   * Component.
   */
  openReason(near: KubeObject): string | undefined {
    const chains = this.layout.chainsOf(near.file.path);
    if (chains.length > 0 && chains.every(chainIsOpen)) {
      return 'its Kustomize build pulls in objects from outside the workspace (remote base, Helm chart or Component)';
    }
    return undefined;
  }

  /** Helm template workloads whose labels are templated could be selected by anything. */
  hasTemplatedWorkloads(near: KubeObject): boolean {
    const namespaces = this.namespacesOf(near);
    for (const file of this.files.values()) {
      if (!file.isHelmTemplate) continue;
      for (const object of file.objects) {
        if (!isWorkload(object) || !namespacesIntersect(namespaces, this.namespacesOf(object))) continue;
        const labels = Object.values(podLabels(object));
        if (labels.length === 0 || labels.some((value) => value.includes('_'))) return true;
      }
    }
    return false;
  }

  /** A custom resource in the namespace named as a value of `values`: an operator may create what is looked for. */
  operatorOwner(near: KubeObject, matches: (crName: string) => boolean): KubeObject | undefined {
    const namespaces = this.namespacesOf(near);
    for (const object of this.objects()) {
      if (!object.name || !isCustomResource(object) || this.isPatch(object)) continue;
      if (namespacesIntersect(namespaces, this.namespacesOf(object)) && matches(object.name)) return object;
    }
    return undefined;
  }

  /**
   * Resolves a Secret or ConfigMap reference of `near`. Unknown (silent) when
   * the index holds no producer of that kind at all, a Kustomize generator
   * makes that name, its build is open, or a custom resource named like it
   * lives there (operators such as CloudNativePG or Strimzi name Secrets after
   * their resources).
   */
  resolveProduced(kind: 'Secret' | 'ConfigMap', name: string, near: KubeObject): Resolution {
    if (kind === 'ConfigMap' && AUTOMATIC_CONFIGMAPS.has(name)) return { status: 'unknown', reason: 'created by the cluster in every namespace' };
    const generated = this.generatedNames(kind, near);
    if (generated.has(name)) return { status: 'unknown', reason: `a Kustomize ${kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator'} makes it` };
    const namespaces = this.namespacesOf(near);
    const producers = this.producers(kind);
    const found = inOrder(
      producers.exact.get(name) ?? [],
      producers.templated.filter((entry) => entry.produced !== name && entry.pattern.test(name)),
    ).filter((object) => namespacesIntersect(namespaces, this.namespacesOf(object)));
    if (found.length > 0) return { status: 'found', objects: found };
    if (this.producerCounts[kind] === 0 && generated.size === 0) return { status: 'unknown', reason: `the workspace declares no ${kind} at all` };
    const open = this.openReason(near);
    if (open) return { status: 'unknown', reason: open };
    const owner = this.operatorOwner(near, (crName) => name.includes(crName));
    if (owner) return { status: 'unknown', reason: `${owner.kind} "${owner.name}" may create it` };
    const creator = this.runtimeCreator(kind, near);
    if (creator) return { status: 'unknown', reason: `${creator.kind} "${creator.name}" lets a workload create ${kind}s at run time` };
    return { status: 'missing' };
  }

  /**
   * A Role in the namespace (or a ClusterRole naming the resource) granting
   * `create` on Secrets/ConfigMaps: something creates them at run time, as
   * Argo CD's redis-secret-init Job does.
   */
  private runtimeCreator(kind: 'Secret' | 'ConfigMap', near: KubeObject): KubeObject | undefined {
    const resource = kind === 'Secret' ? 'secrets' : 'configmaps';
    const roles = [...this.inNamespaceOf(near, ['Role']), ...this.ofKind('ClusterRole')];
    return roles.find((role) =>
      asArray(role.value.rules).some((entry) => {
        const rule = asMap(entry);
        const list = (key: string) => asArray(rule?.[key]).map(String);
        const resources = list('resources');
        const namesResource = resources.includes(resource) || (role.kind === 'Role' && resources.includes('*'));
        return namesResource && list('apiGroups').some((group) => group === '' || group === '*') && list('verbs').some((verb) => verb === 'create' || verb === '*');
      }),
    );
  }

  /** Names Kustomize generators of the builds around `near` (or of any build in its namespace) make. */
  private generatedNames(kind: 'Secret' | 'ConfigMap', near: KubeObject): Set<string> {
    const namespaces = this.namespacesOf(near);
    return this.derive(`generated\0${kind}\0${JSON.stringify(namespaces)}`, () => {
      const names = new Set<string>();
      for (const kustomization of this.kustomizations.values()) {
        const generators = kind === 'Secret' ? kustomization.secretGenerators : kustomization.configMapGenerators;
        if (generators.length === 0) continue;
        const chains = this.layout.chainsFrom(kustomization);
        if (chains.some((chain) => namespacesIntersect(namespaces, [chainNamespace(chain, undefined)]))) for (const name of generators) names.add(name);
      }
      return names;
    });
  }

  /** Producers of a kind by the name they produce (patches left out), built once per index change. */
  private producers(kind: 'Secret' | 'ConfigMap'): ProducerTable {
    return this.derive(`producers\0${kind}`, () => {
      const produce = kind === 'Secret' ? producedSecretName : producedConfigMapName;
      const table: ProducerTable = { exact: new Map(), templated: [] };
      this.producerCandidates(kind).forEach((object, order) => {
        const produced = produce(object);
        if (produced === undefined || this.isPatch(object)) return;
        pushTo(table.exact, produced, { object, order });
        const pattern = object.file.isHelmTemplate ? templatedNamePattern(produced) : undefined;
        if (pattern) table.templated.push({ object, order, produced, pattern });
      });
      return table;
    });
  }

  private producerCandidates(kind: 'Secret' | 'ConfigMap'): KubeObject[] {
    if (kind === 'ConfigMap') return [...(this.byKind.get('ConfigMap') ?? [])];
    const result: KubeObject[] = [];
    for (const file of this.files.values()) for (const object of file.objects) if (producedSecretName(object) !== undefined) result.push(object);
    return result;
  }

  private computeNamespaces(object: KubeObject): NamespaceSet {
    if (object.kind === 'Namespace' && object.group === '') return object.name ? [object.name] : [];
    if (!isNamespaced(object)) return [];
    if (object.file.isHelmTemplate) {
      const own = object.namespace;
      return own && !own.includes('_') ? [own] : [ANY_NAMESPACE];
    }
    const chains = this.layout.chainsOf(object.file.path);
    if (chains.length === 0) return [object.namespace ?? 'default'];
    return [...new Set(chains.map((chain) => chainNamespace(chain, object.namespace)))];
  }

  private namespacesOfFile(file: ParsedFile): string[] {
    return file.objects.flatMap((object) => [...this.namespacesOf(object)]);
  }

  /**
   * The namespaces whose findings a change to `object` can alter. A cluster-scoped object (a
   * ClusterRole a binding resolves, a duplicate of another) and a monitor selecting other
   * namespaces reach them all.
   */
  private reachOf(object: KubeObject): NamespaceSet {
    const clusterScoped = !isNamespaced(object) && !(object.kind === 'Namespace' && object.group === '');
    if (clusterScoped || getPath(object.value, ['spec', 'namespaceSelector']) !== undefined) return [ANY_NAMESPACE];
    return this.namespacesOf(object);
  }

  private reachOfFile(file: ParsedFile): string[] {
    return file.objects.flatMap((object) => [...this.reachOf(object)]);
  }

  private add(file: ParsedFile): void {
    this.derived.clear();
    this.files.set(file.path, file);
    for (const object of file.objects) {
      if (!isClusterObject(object)) continue;
      let set = this.byKind.get(object.kind);
      if (!set) this.byKind.set(object.kind, (set = new Set()));
      set.add(object);
      this.countProducer(object, 1);
    }
    const kustomization = readKustomization(file);
    if (kustomization) {
      this.kustomizations.set(file.path, kustomization);
      this.layoutChanged();
    }
  }

  private remove(file: ParsedFile): void {
    this.derived.clear();
    this.files.delete(file.path);
    for (const object of file.objects) {
      if (this.byKind.get(object.kind)?.delete(object)) this.countProducer(object, -1);
      this.namespaceCache.delete(object);
    }
    if (this.kustomizations.delete(file.path)) this.layoutChanged();
  }

  private countProducer(object: KubeObject, delta: 1 | -1): void {
    if (producedSecretName(object) !== undefined) this.producerCounts.Secret += delta;
    if (producedConfigMapName(object) !== undefined) this.producerCounts.ConfigMap += delta;
  }

  private layoutChanged(): void {
    this.layoutCache = undefined;
    this.namespaceCache = new Map();
  }

  private kustomizationChanges(before: ParsedFile | undefined, after: ParsedFile | undefined): boolean {
    const read = (file: ParsedFile | undefined) => (file ? JSON.stringify(readKustomization(file) ?? null) : 'null');
    return read(before) !== read(after);
  }

  /** Every file's namespaces, to see which ones a kustomization change moved. */
  private snapshotNamespaces(): Map<string, string> {
    const snapshot = new Map<string, string>();
    for (const file of this.files.values()) snapshot.set(file.path, this.namespacesOfFile(file).join('\n'));
    return snapshot;
  }

  private changeOf(
    changedPath: string,
    touched: Set<string>,
    producersBefore: { Secret: number; ConfigMap: number },
    layoutBefore: Map<string, string> | undefined,
  ): IndexChange {
    const affected = new Set<string>([changedPath]);
    if (layoutBefore) {
      for (const file of this.files.values()) {
        const now = this.namespacesOfFile(file);
        if (layoutBefore.get(file.path) !== now.join('\n')) {
          affected.add(file.path);
          for (const namespace of [...now, ...(layoutBefore.get(file.path) ?? '').split('\n')]) if (namespace) touched.add(namespace);
        }
      }
    }
    const producersFlipped = (['Secret', 'ConfigMap'] as const).some((kind) => (producersBefore[kind] === 0) !== (this.producerCounts[kind] === 0));
    const touchedList = [...touched];
    for (const file of this.files.values()) {
      if (affected.has(file.path)) continue;
      const hit = file.objects.some(
        (object) =>
          namespacesIntersect(touchedList, this.reachOf(object)) || (producersFlipped && podReferences(object).length > 0),
      );
      if (hit) affected.add(file.path);
    }
    return { affected };
  }
}
