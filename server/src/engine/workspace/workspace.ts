import type { ParsedFile } from '../yaml/model';
import { PendingChange, type ImpactView, type IndexChange } from './impact';
import { ChangeJournal, type ObjectChanges } from './journal';
import { WorkspaceLayout } from './layout';
import { IndexLookups } from './lookups';
import { FileOwnership } from './ownership';
import { ReadTracker, type ChangeTracking, type IndexRead } from './tracking';

export type { IndexChange } from './impact';
export type { IndexQueries } from './queries';
export { nameMatcher } from './names';
export { namespacesIntersect } from './namespaces';

/**
 * Every parsed file of a workspace (or of the paths given to the CLI), made of separate pieces:
 * ownership (which file owns which objects), the Kustomize layout (and the namespaces it
 * decides), the queries rules ask (IndexLookups, seen by rules as IndexQueries) and change
 * tracking for incremental lint (the reads a check made, the journal of changed objects).
 *
 * `set`/`delete` update the pieces for that file only; the Kustomize layout is rebuilt only when a
 * kustomization file changes. Both return which files a change may affect, so a server can lint
 * those again.
 */
export class WorkspaceIndex extends IndexLookups implements ChangeTracking {
  private readonly journal = new ChangeJournal();
  private readonly impactView: ImpactView = {
    allFiles: () => this.ownership.allFiles(),
    namespacesOf: (object) => this.namespacesOf(object),
    producerCounts: () => this.ownership.producerCounts(),
  };

  constructor() {
    super(new FileOwnership(), new WorkspaceLayout(), new ReadTracker());
  }

  static of(files: Iterable<ParsedFile>): WorkspaceIndex {
    const index = new WorkspaceIndex();
    for (const file of files) index.put(file);
    return index;
  }

  /** Adds or replaces a file. */
  set(file: ParsedFile): IndexChange {
    const before = this.ownership.get(file.path);
    const pending = new PendingChange(this.impactView, before, file);
    this.put(file);
    return this.settle(pending, file.path, before, file);
  }

  delete(filePath: string): IndexChange {
    const before = this.ownership.get(filePath);
    if (!before) return { affected: new Set() };
    const pending = new PendingChange(this.impactView, before, undefined);
    this.tracker.forgetDerived();
    this.ownership.delete(filePath);
    this.builds.delete(filePath);
    return this.settle(pending, filePath, before, undefined);
  }

  get generation(): number {
    return this.journal.generation;
  }

  changesSince(generation: number): ObjectChanges | undefined {
    return this.journal.changesSince(generation);
  }

  track<T>(check: () => T): { result: T; reads: IndexRead[] } {
    return this.tracker.track(check);
  }

  private put(file: ParsedFile): void {
    this.tracker.forgetDerived();
    this.ownership.set(file);
    this.builds.set(file);
  }

  private settle(pending: PendingChange, changedPath: string, before: ParsedFile | undefined, after: ParsedFile | undefined): IndexChange {
    const { change, wholesale } = pending.settle(changedPath, after);
    this.journal.record(before?.objects ?? [], after?.objects ?? [], wholesale);
    return change;
  }
}
