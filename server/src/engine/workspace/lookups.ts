import { asArray, asMap, isWorkload, podLabels } from '../kube/objects';
import type { KubeObject, ParsedFile } from '../yaml/model';
import type { KustomizeLayout } from './kustomize';
import type { WorkspaceLayout } from './layout';
import { pushTo } from './multimap';
import { nameMatcher, producedNameMatches, templatedNamePattern } from './names';
import { namespacesIntersect, type NamespaceSet } from './namespaces';
import type { FileOwnership, ProducedKind } from './ownership';
import type { IndexQueries, Resolution } from './queries';
import { AUTOMATIC_CONFIGMAPS, producedConfigMapName, producedSecretName } from './references';
import { isCustomResource } from './scope';
import type { ReadTracker } from './tracking';

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

interface Ordered {
  object: KubeObject;
  order: number;
}

/** Objects by name, in index order (templated Helm names apart: they match by pattern). */
interface NameTable {
  exact: Map<string, Ordered[]>;
  templated: (Ordered & { pattern: RegExp })[];
}

/** What produces Secrets or ConfigMaps of a name, in index order: exact names, and Helm templates' templated ones. */
interface ProducerTable {
  exact: Map<string, Ordered[]>;
  templated: (Ordered & { produced: string; pattern: RegExp })[];
}

/** The objects of exact and pattern matches, back in index order. */
function inOrder(exact: readonly Ordered[], patterned: readonly Ordered[]): KubeObject[] {
  if (patterned.length === 0) return exact.map((entry) => entry.object);
  return [...exact, ...patterned].sort((a, b) => a.order - b.order).map((entry) => entry.object);
}

/**
 * A Role in the namespace (or a ClusterRole naming the resource) granting
 * `create` on Secrets/ConfigMaps: something creates them at run time, as
 * Argo CD's redis-secret-init Job does.
 */
function runtimeCreator(index: IndexQueries, kind: ProducedKind, near: KubeObject): KubeObject | undefined {
  const resource = kind === 'Secret' ? 'secrets' : 'configmaps';
  const roles = [...index.inNamespaceOf(near, ['Role']), ...index.ofKind('ClusterRole')];
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

/**
 * The index's queries over its pieces: files and objects from the ownership table, namespaces from
 * the Kustomize layout, each answer's reads declared to the tracker. Lookups rules ask for every
 * object they check are memoised with `derive` until the next change.
 */
export class IndexLookups implements IndexQueries {
  constructor(
    protected readonly ownership: FileOwnership,
    protected readonly builds: WorkspaceLayout,
    protected readonly tracker: ReadTracker,
  ) {}

  untracked<T>(query: () => T): T {
    return this.tracker.untracked(query);
  }

  dependsOn(kinds: readonly string[] | undefined, matches: (object: KubeObject) => boolean, value?: unknown): void {
    this.tracker.dependsOn(kinds, matches, value);
  }

  derive<T>(key: string, compute: () => T): T {
    return this.tracker.derive(key, compute);
  }

  get(filePath: string): ParsedFile | undefined {
    this.dependsOn(undefined, (object) => object.file.path === filePath);
    return this.ownership.get(filePath);
  }

  has(filePath: string): boolean {
    this.dependsOn(undefined, (object) => object.file.path === filePath);
    return this.ownership.has(filePath);
  }

  get size(): number {
    this.dependsOn(undefined, () => true);
    return this.ownership.size;
  }

  allFiles(): IterableIterator<ParsedFile> {
    this.dependsOn(undefined, () => true);
    return this.ownership.allFiles();
  }

  objects(): IterableIterator<KubeObject> {
    this.dependsOn(undefined, () => true);
    return this.ownership.objects();
  }

  get layout(): KustomizeLayout {
    return this.builds.kustomize;
  }

  isPatch(object: KubeObject): boolean {
    return hasPatchDirective(object) || this.layout.isPatchFile(object.file.path);
  }

  namespacesOf(object: KubeObject): NamespaceSet {
    return this.builds.namespacesOf(object);
  }

  sameNamespace(a: KubeObject, b: KubeObject): boolean {
    return namespacesIntersect(this.namespacesOf(a), this.namespacesOf(b));
  }

  ofKind(kind: string, group?: string): KubeObject[] {
    if (this.tracker.tracking) this.dependsOn([kind], (object) => object.kind === kind && (group === undefined || object.group === group));
    // Memoised until the next change: cross-resource rules ask this for every object they check.
    return this.untracked(() =>
      this.derive(`ofKind\0${kind}\0${group ?? ''}`, () =>
        this.ownership.clusterObjectsOfKind(kind).filter((object) => (group === undefined || object.group === group) && !this.isPatch(object)),
      ),
    );
  }

  inNamespaceOf(near: KubeObject, kinds: readonly string[]): KubeObject[] {
    const namespaces = this.namespacesOf(near);
    if (this.tracker.tracking) this.dependsOn(kinds, (object) => kinds.includes(object.kind) && namespacesIntersect(namespaces, this.namespacesOf(object)));
    return this.untracked(() =>
      this.derive(`inNamespace\0${JSON.stringify(namespaces)}\0${JSON.stringify(kinds)}`, () =>
        kinds.flatMap((kind) => this.ofKind(kind)).filter((object) => namespacesIntersect(namespaces, this.namespacesOf(object))),
      ),
    );
  }

  find(kind: string, name: string, near: KubeObject, group?: string): KubeObject[] {
    const namespaces = this.namespacesOf(near);
    if (this.tracker.tracking) {
      this.dependsOn(
        [kind],
        (object) => object.kind === kind && (group === undefined || object.group === group) && this.nameMatches(object, name) && namespacesIntersect(namespaces, this.namespacesOf(object)),
      );
    }
    return this.untracked(() => this.named(kind, name, group)).filter((object) => namespacesIntersect(namespaces, this.namespacesOf(object)));
  }

  named(kind: string, name: string, group?: string): KubeObject[] {
    if (this.tracker.tracking) this.dependsOn([kind], (object) => object.kind === kind && (group === undefined || object.group === group) && this.nameMatches(object, name));
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

  nameMatches(object: KubeObject, name: string): boolean {
    return nameMatcher(object)(name);
  }

  openReason(near: KubeObject): string | undefined {
    return this.builds.openReason(near);
  }

  hasTemplatedWorkloads(near: KubeObject): boolean {
    const namespaces = this.namespacesOf(near);
    this.dependsOn(undefined, (object) => object.file.isHelmTemplate && isWorkload(object) && namespacesIntersect(namespaces, this.namespacesOf(object)));
    for (const file of this.ownership.allFiles()) {
      if (!file.isHelmTemplate) continue;
      for (const object of file.objects) {
        if (!isWorkload(object) || !namespacesIntersect(namespaces, this.namespacesOf(object))) continue;
        const labels = Object.values(podLabels(object));
        if (labels.length === 0 || labels.some((value) => value.includes('_'))) return true;
      }
    }
    return false;
  }

  operatorOwner(near: KubeObject, matches: (crName: string) => boolean): KubeObject | undefined {
    const namespaces = this.namespacesOf(near);
    this.dependsOn(undefined, (object) => isCustomResource(object) && namespacesIntersect(namespaces, this.namespacesOf(object)));
    for (const object of this.ownership.objects()) {
      if (!object.name || !isCustomResource(object) || this.isPatch(object)) continue;
      if (namespacesIntersect(namespaces, this.namespacesOf(object)) && matches(object.name)) return object;
    }
    return undefined;
  }

  resolveProduced(kind: ProducedKind, name: string, near: KubeObject): Resolution {
    if (kind === 'ConfigMap' && AUTOMATIC_CONFIGMAPS.has(name)) return { status: 'unknown', reason: 'created by the cluster in every namespace' };
    const namespaces = this.namespacesOf(near);
    const generated = this.derive(`generated\0${kind}\0${JSON.stringify(namespaces)}`, () => this.builds.generatedNames(kind, namespaces));
    if (generated.has(name)) return { status: 'unknown', reason: `a Kustomize ${kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator'} makes it` };
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
    if (this.ownership.producerCounts()[kind] === 0 && generated.size === 0) return { status: 'unknown', reason: `the workspace declares no ${kind} at all` };
    const open = this.openReason(near);
    if (open) return { status: 'unknown', reason: open };
    const owner = this.operatorOwner(near, (crName) => name.includes(crName));
    if (owner) return { status: 'unknown', reason: `${owner.kind} "${owner.name}" may create it` };
    const creator = runtimeCreator(this, kind, near);
    if (creator) return { status: 'unknown', reason: `${creator.kind} "${creator.name}" lets a workload create ${kind}s at run time` };
    return { status: 'missing' };
  }

  /** Producers of a kind by the name they produce (patches left out), built once per index change. */
  private producers(kind: ProducedKind): ProducerTable {
    return this.derive(`producers\0${kind}`, () => {
      const produce = kind === 'Secret' ? producedSecretName : producedConfigMapName;
      const table: ProducerTable = { exact: new Map(), templated: [] };
      this.ownership.producerCandidates(kind).forEach((object, order) => {
        const produced = produce(object);
        if (produced === undefined || this.isPatch(object)) return;
        pushTo(table.exact, produced, { object, order });
        const pattern = object.file.isHelmTemplate ? templatedNamePattern(produced) : undefined;
        if (pattern) table.templated.push({ object, order, produced, pattern });
      });
      return table;
    });
  }
}
