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
}

export class ServerCounters {
  private readonly parses = new Map<string, number>();
  private readonly lints = new Map<string, number>();

  parsed(uri: string): void {
    this.parses.set(uri, (this.parses.get(uri) ?? 0) + 1);
  }

  linted(uri: string): void {
    this.lints.set(uri, (this.lints.get(uri) ?? 0) + 1);
  }

  snapshot(): ServerStats {
    return { parses: Object.fromEntries(this.parses), lints: Object.fromEntries(this.lints) };
  }
}
