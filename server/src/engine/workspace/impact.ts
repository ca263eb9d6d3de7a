import { getPath } from '../kube/objects';
import type { KubeObject, ParsedFile } from '../yaml/model';
import { kustomizationChanges } from './layout';
import { ANY_NAMESPACE, namespacesIntersect, type NamespaceSet } from './namespaces';
import { producersFlipped, type ProducerCounts } from './ownership';
import { podReferences } from './references';
import { isNamespaced } from './scope';

/** What one set/delete may have changed: the files to lint again (the changed file included). */
export interface IndexChange {
  affected: Set<string>;
}

/** What working out a change's reach reads of the index. */
export interface ImpactView {
  allFiles(): Iterable<ParsedFile>;
  namespacesOf(object: KubeObject): NamespaceSet;
  producerCounts(): ProducerCounts;
}

/**
 * The namespaces whose findings a change to `object` can alter. A cluster-scoped object (a
 * ClusterRole a binding resolves, a duplicate of another) and a monitor selecting other
 * namespaces reach them all.
 */
function reachOf(view: ImpactView, object: KubeObject): NamespaceSet {
  const clusterScoped = !isNamespaced(object) && !(object.kind === 'Namespace' && object.group === '');
  if (clusterScoped || getPath(object.value, ['spec', 'namespaceSelector']) !== undefined) return [ANY_NAMESPACE];
  return view.namespacesOf(object);
}

function reachOfFile(view: ImpactView, file: ParsedFile): string[] {
  return file.objects.flatMap((object) => [...reachOf(view, object)]);
}

function namespacesOfFile(view: ImpactView, file: ParsedFile): string[] {
  return file.objects.flatMap((object) => [...view.namespacesOf(object)]);
}

/** Every file's namespaces, to see which ones a kustomization change moved. */
function snapshotNamespaces(view: ImpactView): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const file of view.allFiles()) snapshot.set(file.path, namespacesOfFile(view, file).join('\n'));
  return snapshot;
}

/**
 * What the index looked like before a file changed, taken just before the change: once it is made,
 * `settle` tells which files it affects and whether it may alter any answer at all.
 */
export class PendingChange {
  private readonly touched: Set<string>;
  private readonly producersBefore: ProducerCounts;
  private readonly layoutBefore: Map<string, string> | undefined;

  constructor(
    private readonly view: ImpactView,
    before: ParsedFile | undefined,
    after: ParsedFile | undefined,
  ) {
    this.touched = new Set(before ? reachOfFile(view, before) : []);
    this.producersBefore = view.producerCounts();
    this.layoutBefore = kustomizationChanges(before, after) ? snapshotNamespaces(view) : undefined;
  }

  /**
   * After the change: the files to lint again, and `wholesale` when a kustomization changed or the
   * first/last Secret or ConfigMap producer came or went (any answer may differ).
   */
  settle(changedPath: string, after: ParsedFile | undefined): { change: IndexChange; wholesale: boolean } {
    const { view, touched, layoutBefore } = this;
    if (after) for (const namespace of reachOfFile(view, after)) touched.add(namespace);
    const affected = new Set<string>([changedPath]);
    if (layoutBefore) {
      for (const file of view.allFiles()) {
        const now = namespacesOfFile(view, file);
        if (layoutBefore.get(file.path) !== now.join('\n')) {
          affected.add(file.path);
          for (const namespace of [...now, ...(layoutBefore.get(file.path) ?? '').split('\n')]) if (namespace) touched.add(namespace);
        }
      }
    }
    const flipped = producersFlipped(this.producersBefore, view.producerCounts());
    const touchedList = [...touched];
    for (const file of view.allFiles()) {
      if (affected.has(file.path)) continue;
      const hit = file.objects.some((object) => namespacesIntersect(touchedList, reachOf(view, object)) || (flipped && podReferences(object).length > 0));
      if (hit) affected.add(file.path);
    }
    return { change: { affected }, wholesale: layoutBefore !== undefined || flipped };
  }
}
