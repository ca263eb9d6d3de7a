import { describeObject } from '../kube/objects';
import type { KubeObject } from '../yaml/model';
import type { ReportInput, Rule, TierTable } from './rule';
import { TIER_NAMES, type Tier } from '../types';

/** "tier 2 (Production)" */
export function tierLabel(tier: Tier): string {
  return `tier ${tier} (${TIER_NAMES[tier]})`;
}

/** The lowest tier at which a rule warns or errors, for "required from tier N" in messages. */
export function requiredFrom(table: TierTable): Tier | undefined {
  const tiers = (Object.keys(table).map(Number) as Tier[]).sort();
  return tiers.find((tier) => table[tier] === 'warning' || table[tier] === 'error');
}

/** The lowest tier at which a rule errors, when it warns below it. */
function errorFrom(table: TierTable, required: Tier): Tier | undefined {
  const tiers = (Object.keys(table).map(Number) as Tier[]).sort();
  return tiers.find((tier) => tier > required && table[tier] === 'error');
}

/** "; required from tier 2 (Production)" (", an error from tier N" when it escalates) or "" when the rule never warns. */
export function requirementNote(table: TierTable): string {
  const tier = requiredFrom(table);
  if (tier === undefined) return '';
  const error = table[tier] === 'error' ? undefined : errorFrom(table, tier);
  return `; required from ${tierLabel(tier)}${error === undefined ? '' : `, an error from ${tierLabel(error)}`}`;
}

/**
 * requirementNote(), or for rules that only ever inform ("; recommended from tier 2 (Production)")
 * so every message still says which tier asks for it.
 */
export function tierNote(table: TierTable): string {
  const required = requirementNote(table);
  if (required) return required;
  const first = (Object.keys(table).map(Number) as Tier[]).sort().find((tier) => table[tier] !== 'off');
  return first === undefined ? '' : `; recommended from ${tierLabel(first)}`;
}

/** `container "web" in Deployment "cart"`, or the object alone. */
export function findingSubject(object: KubeObject, container?: string): string {
  return container === undefined ? describeObject(object) : `container "${container}" in ${describeObject(object)}`;
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * A finding's message: the problem first (Problems rows cut long lines), then the tier note, how to
 * fix it, and last what it is about.
 */
export function findingMessage(rule: Pick<Rule, 'tiers' | 'tierNote'>, object: KubeObject, input: ReportInput): string {
  // A finding with a severity of its own is not what the tier table describes.
  const note = rule.tierNote && input.severity === undefined ? tierNote(rule.tiers) : '';
  const problem = asSentence(`${input.message}${note}`);
  return `${problem}${input.advice ? ` ${input.advice}` : ''} (${findingSubject(object, input.container)})`;
}
