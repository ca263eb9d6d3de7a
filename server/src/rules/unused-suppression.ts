import { defineRule } from '../engine/lint/rule';

/** Reported by the engine's suppression pass (engine/lint/lint.ts), which knows what each suppression silenced. */
export default defineRule({
  id: 'unused-suppression',
  title: 'Suppressions suppress something',
  category: 'engine',
  tiers: { 1: 'hint' },
  rationale:
    'A disable comment or kubetier.io/ignore entry that silences nothing is stale: the problem was fixed or the rule id is misspelt, and it would hide a future finding.',
  remediation: 'Remove the unused rule id from the comment or annotation, or correct its spelling.',
});
