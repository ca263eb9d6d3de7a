/**
 * Counters of the server's work per document, answered to `kubetier/serverStats`. Protocol tests use
 * them to check that only changed documents are reparsed and that edits are debounced; benchmarks read
 * them to relate time to work done.
 */
export const SERVER_STATS_REQUEST = 'kubetier/serverStats';

export interface ServerStats {
  /** Times each document (by URI) was parsed. */
  parses: Record<string, number>;
  /** Times each document was linted and its diagnostics published. */
  lints: Record<string, number>;
  /** Rule checks (one rule on one object) the incremental lint ran for each document: a keystroke runs only those it can affect. */
  checks: Record<string, number>;
  /** Lints of each document handed to a plain full lint (a rule threw): their checks are not counted above. */
  fallbacks: Record<string, number>;
}

export class ServerCounters {
  private readonly parses = new Map<string, number>();
  private readonly lints = new Map<string, number>();
  private readonly checks = new Map<string, number>();
  private readonly fallbacks = new Map<string, number>();

  parsed(uri: string): void {
    this.parses.set(uri, (this.parses.get(uri) ?? 0) + 1);
  }

  linted(uri: string): void {
    this.lints.set(uri, (this.lints.get(uri) ?? 0) + 1);
  }

  checked(uri: string, counts: { checks: number; fallbacks: number }): void {
    this.checks.set(uri, (this.checks.get(uri) ?? 0) + counts.checks);
    if (counts.fallbacks > 0) this.fallbacks.set(uri, (this.fallbacks.get(uri) ?? 0) + counts.fallbacks);
  }

  snapshot(): ServerStats {
    return {
      parses: Object.fromEntries(this.parses),
      lints: Object.fromEntries(this.lints),
      checks: Object.fromEntries(this.checks),
      fallbacks: Object.fromEntries(this.fallbacks),
    };
  }
}
