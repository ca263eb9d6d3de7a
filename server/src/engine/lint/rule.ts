import type { ResolvedSettings } from './config';
import type { IndexQueries } from '../workspace/queries';
import type { KubeObject, ParsedFile } from '../yaml/model';
import type { NodePath, Range, Severity, SeverityOrOff, Tier } from '../types';

/**
 * Severity per target tier, cumulative: `{ 1: 'info', 2: 'warning' }` means
 * information at tier 1 and warning at tiers 2 to 5. Tiers below the first
 * entry are off.
 */
export type TierTable = Partial<Record<Tier, SeverityOrOff>>;

export type RuleCategory =
  | 'validity'
  | 'pod-security'
  | 'resources'
  | 'images'
  | 'health'
  | 'availability'
  | 'namespaces'
  | 'secrets'
  | 'networking'
  | 'rbac'
  | 'metadata'
  | 'observability'
  | 'platform'
  | 'engine';

/** Another object involved in a finding (the Deployment a PDB blocks, the Service with no pods). */
export interface RelatedObject {
  object: KubeObject;
  path?: NodePath;
  message: string;
}

/** Inputs a fix needs, kept on the finding (LSP `Diagnostic.data`). Must be JSON. */
export type FixData = Record<string, unknown>;

export interface ReportInput {
  /** Path inside the object; the engine turns it into a range. */
  path: NodePath;
  message: string;
  /** A severity other than the tier table's, for rules whose findings differ in weight. */
  severity?: Severity;
  /** 'key' flags the key of the path's last segment instead of its value (an unknown field is its name). */
  at?: 'key' | 'value';
  data?: FixData;
  related?: RelatedObject[];
}

export interface RuleContext {
  readonly object: KubeObject;
  readonly tier: Tier;
  readonly settings: ResolvedSettings;
  readonly index: IndexQueries;
  report(input: ReportInput): void;
}

/** A file-level rule sees the file, not its objects (yaml-syntax). */
export interface FileRuleContext {
  readonly file: ParsedFile;
  readonly tier: Tier;
  readonly settings: ResolvedSettings;
  reportRange(input: { range: Range; message: string; severity?: Severity }): void;
}

/** One edit of a fix, as data; `engine/edit/edits` turns these into minimal text edits. */
export type FixOperation =
  /** Sets a value, creating missing parent maps; an existing scalar is replaced. */
  | { op: 'set'; path: NodePath; value: unknown }
  /** Adds keys that are missing from the map at path; existing keys are kept. */
  | { op: 'merge'; path: NodePath; value: Record<string, unknown> }
  /** Appends to the sequence at path (created if missing) when no equal item is there. */
  | { op: 'append'; path: NodePath; value: unknown }
  | { op: 'remove'; path: NodePath }
  /** Renames the key at path, keeping its value and comments. */
  | { op: 'renameKey'; path: NodePath; newKey: string }
  /** Inserts a new YAML document after the object's document. */
  | { op: 'addDocument'; value: Record<string, unknown> };

export interface RuleFix {
  title: string | ((data: FixData) => string);
  /**
   * Safe fixes only change the flagged object and are applied by "fix all";
   * fixes that create objects or need a decision are offered one by one.
   */
  safe: boolean;
  operations(object: KubeObject, data: FixData, context: { index: IndexQueries; tier: Tier }): FixOperation[];
}

export interface Rule {
  /** Stable kebab-case id: diagnostic code, suppression key, SARIF rule id, fixture folder. */
  id: string;
  title: string;
  category: RuleCategory;
  tiers: TierTable;
  /** Shown in docs when findings of the rule do not all carry the table's severity. */
  severityNote?: string;
  /** Why the rule exists, for hover and docs. */
  rationale: string;
  /** How to fix a finding by hand; ends with a period. */
  remediation: string;
  /** Needs the workspace index; `silencedBy` says when it stays quiet because the index cannot know. */
  workspace?: { silencedBy: string };
  appliesTo?(object: KubeObject): boolean;
  check?(context: RuleContext): void;
  checkFile?(context: FileRuleContext): void;
  fix?: RuleFix;
}

/** Identity helper that gives rule modules their type. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/** The table's severity at a tier ('off' below the first entry). */
export function tierSeverity(table: TierTable, tier: Tier): SeverityOrOff {
  let severity: SeverityOrOff = 'off';
  for (let t = 1 as Tier; t <= tier; t = (t + 1) as Tier) {
    const entry = table[t];
    if (entry !== undefined) severity = entry;
  }
  return severity;
}

/** `T1 info, T2+ warning` style summary of a tier table, for docs and hover. */
export function describeTierTable(table: TierTable): string {
  const entries = (Object.keys(table) as unknown as string[]).map(Number).sort() as Tier[];
  if (entries.length === 1 && entries[0] === 1) return `all tiers: ${table[1]}`;
  return entries
    .map((tier, i) => {
      const next = entries[i + 1];
      const span = next === undefined ? `T${tier}+` : next === tier + 1 ? `T${tier}` : `T${tier}-T${next - 1}`;
      return `${span} ${table[tier]}`;
    })
    .join(', ');
}
