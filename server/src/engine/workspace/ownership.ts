import type { KubeObject, ParsedFile } from '../yaml/model';
import { pushTo } from './multimap';
import { producedConfigMapName, producedSecretName } from './references';
import { isClusterObject } from './scope';

export type ProducedKind = 'Secret' | 'ConfigMap';

/** How many cluster objects produce Secrets and ConfigMaps. */
export type ProducerCounts = Readonly<Record<ProducedKind, number>>;

/** Whether some kind went from no producer to some, or back: an answer about it may differ anywhere. */
export function producersFlipped(before: ProducerCounts, after: ProducerCounts): boolean {
  return (['Secret', 'ConfigMap'] as const).some((kind) => (before[kind] === 0) !== (after[kind] === 0));
}

/**
 * Which file owns which objects: files by path, each file's cluster objects by kind, and the count
 * of Secret and ConfigMap producers. Setting a file replaces everything it owned.
 */
export class FileOwnership {
  /** In the order files were first added: replacing a file keeps its place, so answers keep their order. */
  private readonly files = new Map<string, ParsedFile>();
  private readonly kindsByFile = new WeakMap<ParsedFile, Map<string, KubeObject[]>>();
  private readonly counts = { Secret: 0, ConfigMap: 0 };

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

  /** Adds or replaces a file; returns the one it replaced. */
  set(file: ParsedFile): ParsedFile | undefined {
    const before = this.files.get(file.path);
    if (before) this.countProducers(before, -1);
    this.files.set(file.path, file);
    this.countProducers(file, 1);
    return before;
  }

  /** Drops a file; returns it, or undefined when none was there. */
  delete(filePath: string): ParsedFile | undefined {
    const before = this.files.get(filePath);
    if (!before) return undefined;
    this.countProducers(before, -1);
    this.files.delete(filePath);
    return before;
  }

  producerCounts(): ProducerCounts {
    return { ...this.counts };
  }

  /** Cluster objects (isClusterObject) of a kind, in file order. */
  clusterObjectsOfKind(kind: string): KubeObject[] {
    const result: KubeObject[] = [];
    for (const file of this.files.values()) {
      const objects = this.kindsOf(file).get(kind);
      if (objects) result.push(...objects);
    }
    return result;
  }

  /** Objects that may produce a kind, in file order (Secrets also come from SealedSecrets, ExternalSecrets, Certificates ...). */
  producerCandidates(kind: ProducedKind): KubeObject[] {
    if (kind === 'ConfigMap') return this.clusterObjectsOfKind('ConfigMap');
    const result: KubeObject[] = [];
    for (const object of this.objects()) if (producedSecretName(object) !== undefined) result.push(object);
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

  private countProducers(file: ParsedFile, delta: 1 | -1): void {
    for (const object of file.objects) {
      if (!isClusterObject(object)) continue;
      if (producedSecretName(object) !== undefined) this.counts.Secret += delta;
      if (producedConfigMapName(object) !== undefined) this.counts.ConfigMap += delta;
    }
  }
}
