import type { KubeObject } from '../yaml/model';
import type { ObjectChanges } from './journal';

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
 * How a query or a rule helper says what it read: every index query declares its own reads; a helper
 * that builds its own lookup runs it `untracked` and declares the read with `dependsOn`.
 */
export interface ReadDeclarations {
  /** Runs `query` without tracking what it reads: the caller declares it with `dependsOn`. */
  untracked<T>(query: () => T): T;
  /**
   * Declares a read for the running `track`: objects of `kinds` (any when undefined) that `matches`;
   * `value` when only the object with that value can match (a lookup for changed objects, not a scan).
   */
  dependsOn(kinds: readonly string[] | undefined, matches: (object: KubeObject) => boolean, value?: unknown): void;
  /**
   * A value computed from the whole index (rules share it across objects), kept until the next
   * change. What `compute` read is remembered with it and counts as read by every later caller.
   */
  derive<T>(key: string, compute: () => T): T;
}

/** Records the reads of the running check, and keeps derived values with the reads that made them. */
export class ReadTracker implements ReadDeclarations {
  private readonly derived = new Map<string, { value: unknown; reads: IndexRead[] }>();
  /** Where the reads of the running `track` go; undefined when nothing is tracked. */
  private recorder: IndexRead[] | undefined;
  /** Above 0 inside a query: the reads it makes itself are covered by its own. */
  private untrackedDepth = 0;

  /** ChangeTracking.track: `check`'s result and the reads it made, nested tracks kept apart. */
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

  untracked<T>(query: () => T): T {
    this.untrackedDepth++;
    try {
      return query();
    } finally {
      this.untrackedDepth--;
    }
  }

  dependsOn(kinds: readonly string[] | undefined, matches: (object: KubeObject) => boolean, value?: unknown): void {
    if (this.tracking) this.recorder!.push({ kinds, matches, value });
  }

  /** Whether a read declared now would be recorded: queries skip building a costly matcher otherwise. */
  get tracking(): boolean {
    return this.recorder !== undefined && this.untrackedDepth === 0;
  }

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

  /** The index changed: every derived value may be stale. */
  forgetDerived(): void {
    this.derived.clear();
  }
}

/** What incremental lint needs beyond the queries: the reads a check made, and the objects changed since. */
export interface ChangeTracking {
  /** Counts set/delete calls: `changesSince` tells what changed after a generation. */
  readonly generation: number;
  /**
   * The objects removed and added since `generation`; undefined when the index no longer
   * remembers that far back, or when a change may alter any answer (a kustomization changed,
   * the first or last Secret/ConfigMap producer came or went).
   */
  changesSince(generation: number): ObjectChanges | undefined;
  /**
   * Runs `check` and returns, with its result, the questions it asked the index (as reads):
   * a later change to an object no read matches cannot change what `check` would compute.
   */
  track<T>(check: () => T): { result: T; reads: IndexRead[] };
}
