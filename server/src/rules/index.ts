import type { Rule, RuleCategory } from '../engine/lint/rule';
import * as registry from './all';

/** Catalog order of the groups in spec/rules.md (A validity ... M platform), engine rules last. */
const CATEGORY_ORDER: readonly RuleCategory[] = [
  'validity',
  'pod-security',
  'resources',
  'images',
  'health',
  'availability',
  'namespaces',
  'secrets',
  'networking',
  'rbac',
  'metadata',
  'observability',
  'platform',
  'engine',
];

/**
 * Every rule, grouped by catalog category. A module namespace lists its
 * exports alphabetically, so registry lines may go anywhere in all.ts.
 */
export const RULES: readonly Rule[] = Object.values(registry).sort(
  (a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.id.localeCompare(b.id),
);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
