import type { TierTable } from './rule';
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

/** " (required from tier 2 (Production))" or "" when the rule never warns. */
export function requirementNote(table: TierTable): string {
  const tier = requiredFrom(table);
  return tier === undefined ? '' : `; required from ${tierLabel(tier)}`;
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
