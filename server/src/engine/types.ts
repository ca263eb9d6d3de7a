/** Maturity tier: 1 Foundation, 2 Production, 3 Enterprise, 4 Multi-Cluster, 5 Hyperscale. */
export type Tier = 1 | 2 | 3 | 4 | 5;

export const TIERS: readonly Tier[] = [1, 2, 3, 4, 5];

export const TIER_NAMES: Record<Tier, string> = {
  1: 'Foundation',
  2: 'Production',
  3: 'Enterprise',
  4: 'Multi-Cluster',
  5: 'Hyperscale',
};

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Zero-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type PathSegment = string | number;
/** A path into a YAML value: map keys and sequence indices. */
export type NodePath = readonly PathSegment[];

export function isTier(value: unknown): value is Tier {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

export function isSeverityOrOff(value: unknown): value is SeverityOrOff {
  return value === 'off' || (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value));
}

/** Ordering used for --fail-on and summaries: lower is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
