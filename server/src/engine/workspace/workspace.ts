import { asArray, asMap, getPath, isWorkload, podLabels } from '../kube/objects';
import { chainIsOpen, chainNamespace, KustomizeLayout, readKustomization, type Kustomization } from './kustomize';
import { LineIndex } from '../yaml/lines';
import type { KubeObject, ParsedDocument, ParsedFile } from '../yaml/model';
import { AUTOMATIC_CONFIGMAPS, podReferences, producedConfigMapName, producedSecretName } from './references';
import { isClusterObject, isCustomResource, isNamespaced } from './scope';

/** Namespaces an object ends up in; `*` stands for any (a Helm template's templated namespace). */
export type NamespaceSet = readonly string[];

export const ANY_NAMESPACE = '*';

/** What one set/delete may have changed: the files to lint again (the changed file included). */
export interface IndexChange {
  affected: Set<string>;
}

/**
 * One question a check asked the index, as the objects whose change could alter the answer:
 * a change to an object it `matches` (before or after the change) may change the check's result.
 */
export interface IndexRead {
  /** The kinds of the objects it can match; undefined for any kind. */
  readonly kinds?: readonly string[];
  /** When set, it matches only an object with this value (the version of one object). */
  readonly value?: unknown;
  matches(object: KubeObject): boolean;
}

/**
 * Objects that changes replaced: the versions removed and those added. An object whose value
 * is the same (an untouched document of an incrementally re-parsed file) is in neither.
 */
export interface ObjectChanges {
  removed: KubeObject[];
  added: KubeObject[];
}

interface JournalEntry extends ObjectChanges {
  generation: number;
  /** A kustomization changed, or the first/last Secret or ConfigMap producer came or went: any answer may differ. */
  wholesale: boolean;
}

/** How many changes the index remembers for changesSince (older callers start over). */
const JOURNAL_LENGTH = 32;

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

const EMPTY_LINES = new LineIndex('');

/**
 * Objects as the journal keeps them: identity, value and file path, without the file's text and
 * trees (a journal of whole files would keep the text of every keystroke alive).
 */
function detached(objects: KubeObject[]): KubeObject[] {
  const files = new Map<ParsedFile, ParsedFile>();
  return objects.map((object) => {
    let file = files.get(object.file);
    if (!file) {
      file = { path: object.file.path, text: '', lines: EMPTY_LINES, documents: [], objects: [], problems: [], isHelmTemplate: object.file.isHelmTemplate };
      files.set(object.file, file);
    }
    return { ...object, file, document: detachedDocument(object.document.index, object.document.value) };
  });
}

/** Made here, not in detached(): a getter made there would share its scope and keep the real files alive. */
function detachedDocument(index: number, value: unknown): ParsedDocument {
  return {
    index,
    get ast(): never {
      throw new Error('a journalled object has no syntax tree');
    },
    span: [0, 0],
    value,
    objects: [],
    problems: [],
  };
}

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
function producedNameMatches(object: KubeObject, produced: string, name: string): boolean {
  return produced === name || (object.file.isHelmTemplate && (templatedNamePattern(produced)?.test(name) ?? false));
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
  /** In the order files were first added: replacing a file keeps its place, so answers keep their order. */
  private readonly files = new Map<string, ParsedFile>();
  private readonly kindsByFile = new WeakMap<ParsedFile, Map<string, KubeObject[]>>();
  private readonly kustomizations = new Map<string, Kustomization>();
  private layoutCache: KustomizeLayout | undefined;
  /**
   * By value, with the file it was computed for: an incremental re-parse makes new objects for
   * untouched documents but keeps their values. Dropped when the layout changes.
   */
  private namespaceCache = new WeakMap<object, { file: string; helm: boolean; namespaces: NamespaceSet }>();
  private readonly producerCounts = { Secret: 0, ConfigMap: 0 };
  private readonly derived = new Map<string, { value: unknown; reads: IndexRead[] }>();
  /** Where the reads of the running `track` go; undefined when nothing is tracked. */
  private recorder: IndexRead[] | undefined;
  /** Above 0 inside a query: the reads it makes itself are covered by its own. */
  private untrackedDepth = 0;
  private generationCount = 0;
  private journal: JournalEntry[] = [];

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
    if (before) this.remove(before, true);
    this.add(file);
    for (const namespace of this.reachOfFile(file)) touched.add(namespace);
    this.record(before?.objects ?? [], file.objects, producersBefore, layoutBefore !== undefined);
    return this.changeOf(file.path, touched, producersBefore, layoutBefore);
  }

  delete(filePath: string): IndexChange {
    const before = this.files.get(filePath);
    if (!before) return { affected: new Set() };
    const touched = new Set<string>(this.reachOfFile(before));
    const producersBefore = { ...this.producerCounts };
    const layoutBefore = this.kustomizationChanges(before, undefined) ? this.snapshotNamespaces() : undefined;
    this.remove(before);
    this.record(before.objects, [], producersBefore, layoutBefore !== undefined);
    return this.changeOf(filePath, touched, producersBefore, layoutBefore);
  }

  /** Counts set/delete calls: `changesSince` tells what changed after a generation. */
  get generation(): number {
    return this.generationCount;
  }

  /**
   * The objects removed and added since `generation`; undefined when the index no longer
   * remembers that far back, or when a change may alter any answer (a kustomization changed,
   * the first or last Secret/ConfigMap producer came or went).
   */
  changesSince(generation: number): ObjectChanges | undefined {
    const entries = this.journal.filter((entry) => entry.generation > generation);
    if (generation > this.generationCount || entries.length !== this.generationCount - generation || entries.some((entry) => entry.wholesale)) return undefined;
    return { removed: entries.flatMap((entry) => entry.removed), added: entries.flatMap((entry) => entry.added) };
  }

  /**
   * Runs `check` and returns, with its result, the questions it asked the index (as reads):
   * a later change to an object no read matches cannot change what `check` would compute.
   */
  track<T>(check: () => T): { result: T; reads: IndexRead[] } {
    const outer = { recorder: this.recorder, depth: this.untrackedDepth };
    const reads: IndexRead[] = [];
    this.recorder = reads;
    this.untrackedDepth = 0;
    try {
      return { result: check(), reads };
    } finally {
      this.recorder = outer.recorder;
      this.untrackedDepth = outer.depth;
    }
  }

  /** Runs `query` without tracking what it reads: the caller declares it with `dependsOn`. */
  untracked<T>(query: () => T): T {
    this.untrackedDepth++;
    try {
      return query();
    } finally {
      this.untrackedDepth--;
    }
  }

  /**
   * Declares a read for the running `track`: objects of `kinds` (any when undefined) that `matches`;
   * `value` when only the object with that value can match (a lookup for changed objects, not a scan).
   */
  dependsOn(kinds: readonly string[] | undefined, matches: (object: KubeObject) => boolean, value?: unknown): void {
    if (this.recorder !== undefined && this.untrackedDepth === 0) this.recorder.push({ kinds, matches, value });
  }

  private get tracking(): boolean {
    return this.recorder !== undefined && this.untrackedDepth === 0;
  }

  get(filePath: string): ParsedFile | undefined {
    this.dependsOn(undefined, (object) => object.file.path === filePath);
    return this.files.get(filePath);
  }

  has(filePath: string): boolean {
    this.dependsOn(undefined, (object) => object.file.path === filePath);
    return this.files.has(filePath);
  }

  get size(): number {
    this.dependsOn(undefined, () => true);
    return this.files.size;
  }

  allFiles(): IterableIterator<ParsedFile> {
    this.dependsOn(undefined, () => true);
    return this.files.values();
  }

  objects(): IterableIterator<KubeObject> {
    this.dependsOn(undefined, () => true);
    return this.everyObject();
  }

  private *everyObject(): IterableIterator<KubeObject> {
    for (const file of this.files.values()) yield* file.objects;
  }

  /**
   * A value computed from the whole index (rules share it across objects), kept until the next
   * change. What `compute` read is remembered with it and counts as read by every later caller.
   */
  derive<T>(key: string, compute: () => T): T {
    let entry = this.derived.get(key);
    if (!entry) {
      const { result, reads } = this.track(compute);
      entry = { value: result, reads };
      this.derived.set(key, entry);
    }
    if (this.tracking) this.recorder!.push(...entry.reads);
    return entry.value as T;
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
    if (this.tracking) this.dependsOn([kind], (object) => object.kind === kind && (group === undefined || object.group === group));
    // Memoised until the next change: cross-resource rules ask this for every object they check.
    return this.untracked(() =>
      this.derive(`ofKind\0${kind}\0${group ?? ''}`, () =>
        this.clusterObjectsOfKind(kind).filter((object) => (group === undefined || object.group === group) && !this.isPatch(object)),
      ),
    );
  }

  /** Cluster objects (isClusterObject) of a kind, in file order. */
  private clusterObjectsOfKind(kind: string): KubeObject[] {
    const result: KubeObject[] = [];
    for (const file of this.files.values()) {
      const objects = this.kindsOf(file).get(kind);
      if (objects) result.push(...objects);
    }
    return result;
  }

  private kindsOf(file: ParsedFile): Map<string, KubeObject[]> {
    let kinds = this.kindsByFile.get(file);
    if (!kinds) {
      kinds = new Map();
      for (const object of file.objects) if (isClusterObject(object)) pushTo(kinds, object.kind, object);
      this.kindsByFile.set(file, kinds);
    }
    return kinds;
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

  sameNamespace(a: KubeObject, b: KubeObject): boolean {
    return namespacesIntersect(this.namespacesOf(a), this.namespacesOf(b));
  }

  /** Objects of the given kinds that share a namespace with `near`. */
  inNamespaceOf(near: KubeObject, kinds: readonly string[]): KubeObject[] {
    const namespaces = this.namespacesOf(near);
    if (this.tracking) this.dependsOn(kinds, (object) => kinds.includes(object.kind) && namespacesIntersect(namespaces, this.namespacesOf(object)));
    return this.untracked(() =>
      this.derive(`inNamespace\0${JSON.stringify(namespaces)}\0${JSON.stringify(kinds)}`, () =>
        kinds.flatMap((kind) => this.ofKind(kind)).filter((object) => namespacesIntersect(namespaces, this.namespacesOf(object))),
      ),
    );
  }

  /** Objects of a kind named `name` in the namespace of `near` (a templated Helm name matches what it could render to). */
  find(kind: string, name: string, near: KubeObject, group?: string): KubeObject[] {
    const namespaces = this.namespacesOf(near);
    if (this.tracking) {
      this.dependsOn(
        [kind],
        (object) => object.kind === kind && (group === undefined || object.group === group) && this.nameMatches(object, name) && namespacesIntersect(namespaces, this.namespacesOf(object)),
      );
    }
    return this.untracked(() => this.named(kind, name, group)).filter((object) => namespacesIntersect(namespaces, this.namespacesOf(object)));
  }

  /** `ofKind(kind, group)` objects that `nameMatches(object, name)`, in the same order; a map lookup, not a scan. */
  named(kind: string, name: string, group?: string): KubeObject[] {
    if (this.tracking) this.dependsOn([kind], (object) => object.kind === kind && (group === undefined || object.group === group) && this.nameMatches(object, name));
    const table = this.untracked(() => this.derive(`named\0${kind}\0${group ?? ''}`, (): NameTable => {
      const exact = new Map<string, Ordered[]>();
      const templated: NameTable['templated'] = [];
      this.ofKind(kind, group).forEach((object, order) => {
        if (object.name !== undefined) pushTo(exact, object.name, { object, order });
        const pattern = object.file.isHelmTemplate && object.name ? templatedNamePattern(object.name) : undefined;
        if (pattern) templated.push({ object, order, pattern });
      });
      return { exact, templated };
    }));
    return inOrder(
      table.exact.get(name) ?? [],
      table.templated.filter((entry) => entry.object.name !== name && entry.pattern.test(name)),
    );
  }

  /** A Helm template object's `____` name matches any rendering. */
  nameMatches(object: KubeObject, name: string): boolean {
    return nameMatcher(object)(name);
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
    this.dependsOn(undefined, (object) => object.file.isHelmTemplate && isWorkload(object) && namespacesIntersect(namespaces, this.namespacesOf(object)));
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
    this.dependsOn(undefined, (object) => isCustomResource(object) && namespacesIntersect(namespaces, this.namespacesOf(object)));
    for (const object of this.everyObject()) {
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
    // Its other questions (operators, roles) are asked through tracked queries; the producer table is not one.
    const produce = kind === 'Secret' ? producedSecretName : producedConfigMapName;
    this.dependsOn(kind === 'Secret' ? undefined : ['ConfigMap'], (object) => {
      const produced = produce(object);
      return produced !== undefined && producedNameMatches(object, produced, name) && namespacesIntersect(namespaces, this.namespacesOf(object));
    });
    const producers = this.untracked(() => this.producers(kind));
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
    if (kind === 'ConfigMap') return this.clusterObjectsOfKind('ConfigMap');
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
    for (const object of file.objects) if (isClusterObject(object)) this.countProducer(object, 1);
    const kustomization = readKustomization(file);
    if (kustomization) {
      this.kustomizations.set(file.path, kustomization);
      this.layoutChanged();
    }
  }

  /** `replacing`: the file is set again at once, in the same place of `files`. */
  private remove(file: ParsedFile, replacing = false): void {
    this.derived.clear();
    if (!replacing) this.files.delete(file.path);
    for (const object of file.objects) if (isClusterObject(object)) this.countProducer(object, -1);
    if (this.kustomizations.delete(file.path)) this.layoutChanged();
  }

  /** Journals a change: objects whose value left or came (an untouched document keeps its value object). */
  private record(before: readonly KubeObject[], after: readonly KubeObject[], producersBefore: { Secret: number; ConfigMap: number }, layoutChanged: boolean): void {
    const beforeValues = new Set(before.map((object) => object.value));
    const afterValues = new Set(after.map((object) => object.value));
    const producersFlipped = (['Secret', 'ConfigMap'] as const).some((kind) => (producersBefore[kind] === 0) !== (this.producerCounts[kind] === 0));
    this.journal.push({
      generation: ++this.generationCount,
      removed: detached(before.filter((object) => !afterValues.has(object.value))),
      added: detached(after.filter((object) => !beforeValues.has(object.value))),
      wholesale: layoutChanged || producersFlipped,
    });
    if (this.journal.length > JOURNAL_LENGTH) this.journal.shift();
  }

  private countProducer(object: KubeObject, delta: 1 | -1): void {
    if (producedSecretName(object) !== undefined) this.producerCounts.Secret += delta;
    if (producedConfigMapName(object) !== undefined) this.producerCounts.ConfigMap += delta;
  }

  private layoutChanged(): void {
    this.layoutCache = undefined;
    this.namespaceCache = new WeakMap();
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
