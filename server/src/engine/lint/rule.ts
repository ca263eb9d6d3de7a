import type { ResolvedSettings } from './config';
import type { IndexQueries } from '../workspace/queries';
import { isLongRunning, isWorkload, podSpec, podSpecPath } from '../kube/objects';
import type { KubeObject, ParsedFile, PlainMap } from '../yaml/model';
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
  | 'engine'
  /** Rules of `customRules:` in `.kubetier.yaml`. */
  | 'custom';

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
  /**
   * The problem, first and without naming the object ("Container runs privileged"): the engine adds the
   * rule's tier note (with `tierNote`), then `advice`, then the object and container last.
   */
  message: string;
  /** How to fix it, one or more sentences ending with a period. */
  advice?: string;
  /** The container the finding is about, named after the object at the end of the message. */
  container?: string;
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

/** Where a pod-bearing object keeps its pod spec. */
export interface PodSpecRef {
  readonly path: NodePath;
  readonly spec: PlainMap;
}

export interface PodRuleContext extends RuleContext {
  readonly pod: PodSpecRef;
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
  /** Where its documentation lives, when not in kubetier's rule catalog (custom rules). */
  helpUri?: string;
  /** How to fix a finding by hand; ends with a period. */
  remediation: string;
  /** Needs the workspace index; `silencedBy` says when it stays quiet because the index cannot know. */
  workspace?: { silencedBy: string };
  /** The engine adds "; required from tier N" (or "recommended from") after the problem of each finding at the table's severity. */
  tierNote?: boolean;
  appliesTo?(object: KubeObject): boolean;
  check?(context: RuleContext): void;
  checkFile?(context: FileRuleContext): void;
  fix?: RuleFix;
}

/** Kinds a rule can name instead of writing an appliesTo function. */
export type ObjectScope = 'pod-bearing' | 'long-running';

const SCOPES: Record<ObjectScope, (object: KubeObject) => boolean> = {
  'pod-bearing': isWorkload,
  'long-running': isLongRunning,
};

/** A rule as written in its module: the repeated preambles are options that defineRule() turns into code. */
export interface RuleDefinition extends Omit<Rule, 'appliesTo' | 'check'> {
  /** 'pod-bearing': every kind with a pod template (and Pod); 'long-running': those that keep pods running. */
  appliesTo?: ObjectScope | ((object: KubeObject) => boolean);
  /** Kustomize patches are partial objects: what they leave out is not missing. */
  skipPatches?: boolean;
  check?(context: RuleContext): void;
  /** A check of the pod spec; runs only when the object has one (implies appliesTo 'pod-bearing'). */
  checkPod?(context: PodRuleContext): void;
}

/** Builds a rule from its definition: scope, patch guard and pod spec lookup become the rule's code. */
export function defineRule(definition: RuleDefinition): Rule {
  const { appliesTo, skipPatches, check, checkPod, ...rule } = definition;
  const scope = typeof appliesTo === 'string' ? SCOPES[appliesTo] : appliesTo;
  const inScope = checkPod && !scope ? isWorkload : scope;
  const run = checkPod ? (context: RuleContext) => runOnPod(context, checkPod) : check;
  const guarded = run && skipPatches ? (context: RuleContext) => skipPatch(context, run) : run;
  return { ...rule, ...(inScope ? { appliesTo: inScope } : {}), ...(guarded ? { check: guarded } : {}) };
}

function skipPatch(context: RuleContext, run: (context: RuleContext) => void): void {
  if (!context.index.isPatch(context.object)) run(context);
}

function runOnPod(context: RuleContext, checkPod: (context: PodRuleContext) => void): void {
  const path = podSpecPath(context.object);
  const spec = podSpec(context.object);
  if (path && spec) checkPod({ ...context, pod: { path, spec } });
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
