import type { Rule } from '../engine/rule';
import * as registry from './all';

/** Every rule, in catalog order (the order of `all.ts`). */
export const RULES: readonly Rule[] = Object.values(registry);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
